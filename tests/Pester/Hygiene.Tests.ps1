# The token never shows: the module's stories (retries, a broken answer, a redirect, a refused, an expired and a
# misplaced token) run with -Verbose -Debug, every stream (progress too) is redirected and formatted, every property of
# every object and error is written out, and the text is searched for the token and for its signature.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-VerifikModule
}

Describe 'Token hygiene' {
    BeforeAll {
        $secret = New-TestJwt -ClientId 'hygiene_client' -ExpiresOn ([DateTimeOffset]::UtcNow.AddDays(20))
        $sandbox = Start-VerifikSandbox -ArgumentList '--token', $secret, '--synthetic', '5',
            '--fault-kind', 'HtmlPage', '--fault-ids', 'html', '--fault-kind', 'RedirectToOtherHost', '--fault-ids', 'redirect',
            '--fault-kind', 'TooManyRequests', '--fault-ids', 'dl-0000000,dl-0000001,dl-0000002,dl-0000003,dl-0000004', '--fault-times', '1'
        $expired = New-TestJwt -ClientId 'old' -ExpiresOn ([DateTimeOffset]::UtcNow.AddDays(-1))

        $Error.Clear()
        $transcript = [System.Text.StringBuilder]::new()
        function Add-Seen { param($Items) foreach ($item in @($Items)) { $null = $transcript.AppendLine(($item | Format-List * -Force | Out-String -Width 400)); $null = $transcript.AppendLine("$item") } }

        Add-Seen (Connect-Verifik -Token $secret -BaseUri $sandbox.BaseUri -PassThru -Verbose -Debug *>&1)
        Add-Seen (Get-VerifikContext | Format-List * | Out-String)
        Add-Seen (Get-VerifikContext | Format-Table * | Out-String -Width 400)
        # Each of these IDs is answered 429 once, then its record: retries are certain, and each retried ID still arrives.
        $ids = @(0..4 | ForEach-Object { 'dl-{0:D7}' -f $_ })
        Add-Seen ($ids + 'missing' + '' + $ids | Get-VerifikDocumentLiveness -Verbose -Debug -MaxRetry 12 -ErrorAction Continue *>&1)
        Add-Seen (Get-VerifikDocumentLiveness -Verbose -Debug -MaxRetry 12 *>&1)
        Add-Seen ('dl-0000001', 'html' | Get-VerifikDocumentLiveness -Verbose -Debug -MaxRetry 1 -ErrorAction Continue *>&1)
        Add-Seen (Get-VerifikDocumentLiveness -Id redirect -Verbose -Debug -ErrorAction Continue *>&1)
        # Each property of the context, one by one, as Format-List * writes them.
        $properties = @((Get-VerifikContext).PSObject.Properties | ForEach-Object { '{0} : {1}' -f $_.Name, $_.Value })
        Add-Seen $properties
        # The progress stream, which *>&1 does not carry: a run in a runspace of this process (it shares the connection).
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$(Get-VerifikManifestPath)'; 'dl-0000001', 'dl-0000002' | Get-VerifikDocumentLiveness -MaxRetry 12 -Verbose -Debug").Invoke()
            Add-Seen @($ps.Streams.Progress | ForEach-Object { "$($_.Activity) $($_.StatusDescription) $($_.CurrentOperation)" })
            Add-Seen (@($ps.Streams.Verbose) + @($ps.Streams.Debug) + @($ps.Streams.Information))
        }
        finally {
            $ps.Dispose()
        }
        # Terminating errors are caught so BeforeAll goes on; each is searched like the rest.
        # Refused by the connect's own check, then (connected without it) by the first request.
        try { Add-Seen (Connect-Verifik -Token 'wrong-token-wrong-token' -BaseUri $sandbox.BaseUri -Verbose -Debug *>&1) } catch { Add-Seen $_ }
        Connect-Verifik -Token 'wrong-token-wrong-token' -BaseUri $sandbox.BaseUri -SkipValidation
        try { Add-Seen (Get-VerifikDocumentLiveness -Id 'dl-0000009' -Verbose -Debug *>&1) } catch { Add-Seen $_ }   # an ID no 429 meets
        try { Add-Seen (Connect-Verifik -Token $secret -BaseUri 'http://example.com' -Verbose *>&1) } catch { Add-Seen $_ }
        try { Add-Seen (Connect-Verifik -Token $expired -BaseUri $sandbox.BaseUri -Verbose *>&1) } catch { Add-Seen $_ }
        foreach ($e in $Error) { Add-Seen $e; Add-Seen $e.Exception; Add-Seen ($e | Format-List * -Force | Out-String -Width 400) }
        Add-Seen (Disconnect-Verifik -Verbose *>&1)
        $text = $transcript.ToString()
    }

    AfterAll {
        Disconnect-Verifik
        Stop-VerifikSandbox $sandbox
    }

    It 'captured the stories it searches (verbose retries, the refused token)' {
        $text | Should -Match 'Retrying'
        $text | Should -Match 'VerifikTokenRefused'
        $text | Should -Match 'VerifikTokenExpired'
        $text | Should -Match 'HTTP 502'             # the broken answer
        $text | Should -Match '(?m)^TokenHint : '   # the context's properties, one by one
        $text | Should -Not -Match 'CommandNotFoundException'
    }

    It 'shows neither the token nor its signature anywhere' {
        $text.Contains($secret) | Should -BeFalse
        $text.Contains('.' + $secret.Split('.')[2]) | Should -BeFalse
    }
}
