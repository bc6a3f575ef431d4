# Several connections side by side (Connect-Verifik -ReturnConnection, -Connection), each request carrying its
# own connection's token: two sandboxes stand for two accounts, each accepting only its own token, and each log
# (--expose-log) shows which token every request carried.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-VerifikModule
}

Describe 'Several connections' {
    BeforeAll {
        $mineSeed = New-SeedFile -Path (Join-Path $TestDrive 'mine.json') -Record @((New-FlatRecord -Id 'mine'))
        $theirsSeed = New-SeedFile -Path (Join-Path $TestDrive 'theirs.json') -Record @((New-FlatRecord -Id 'theirs'))
        $otherToken = New-TestJwt -ClientId 'other_client' -ExpiresOn ([DateTimeOffset]::UtcNow.AddDays(10))
        $sandbox = Start-VerifikSandbox -ArgumentList '--seed-file', $mineSeed, '--expose-log'
        $other = Start-VerifikSandbox -ArgumentList '--seed-file', $theirsSeed, '--token', $otherToken, '--expose-log'
        # The requests a sandbox got since the last Set-Mark (take it after connecting: a connect may check its token).
        $mark = @{}
        function Set-Mark { foreach ($s in $sandbox, $other) { $mark[$s.BaseUri] = @((Get-VerifikSandboxLog -Sandbox $s).Requests).Count } }
        function Get-NewRequest($Of) { @((Get-VerifikSandboxLog -Sandbox $Of).Requests | Select-Object -Skip $mark[$Of.BaseUri]) }
    }

    AfterAll {
        Disconnect-Verifik
        Stop-VerifikSandbox $sandbox
        Stop-VerifikSandbox $other
    }

    BeforeEach {
        Disconnect-Verifik
        Set-Mark
    }

    It 'writes a connection with -ReturnConnection and leaves the default as it was' {
        $connection = Connect-Verifik -Token $otherToken -BaseUri $other.BaseUri -ReturnConnection

        $connection | Should -BeOfType 'Verifik.PowerShell.VerifikConnection'
        $connection -is [Verifik.PowerShell.VerifikContext] | Should -BeTrue
        Get-VerifikContext | Should -BeNullOrEmpty

        Connect-Verifik -Token $sandbox.Token -BaseUri $sandbox.BaseUri
        (Get-VerifikContext).BaseUri | Should -Be ([uri]$sandbox.BaseUri)
        (Get-VerifikContext -Connection $connection).BaseUri | Should -Be ([uri]$other.BaseUri)
        $connection.ClientId | Should -Be 'other_client'
    }

    It 'sends each request with its own connection''s token' {
        Connect-Verifik -Token $sandbox.Token -BaseUri $sandbox.BaseUri
        $connection = Connect-Verifik -Token $otherToken -BaseUri $other.BaseUri -ReturnConnection
        Set-Mark

        (Get-VerifikDocumentLiveness -Id 'mine').Id | Should -Be 'mine'
        (Get-VerifikDocumentLiveness -Id 'theirs' -Connection $connection).Id | Should -Be 'theirs'
        @('theirs', 'theirs' | Get-VerifikDocumentLiveness -Connection $connection) | Should -HaveCount 2
        # Each sandbox accepts only its own token: a request with the other one would be a 401.
        { Get-VerifikDocumentLiveness -Id 'theirs' -ErrorAction Stop } | Should -Throw -ErrorId 'DocumentLivenessNotFound*'
        $mine = @(Get-NewRequest $sandbox)
        $theirs = @(Get-NewRequest $other)
        $mine | Should -HaveCount 2
        $mine | ForEach-Object { $_.tokenId | Should -Be (Get-VerifikTokenId -Token $sandbox.Token) }
        $theirs | Should -HaveCount 3
        $theirs | ForEach-Object { $_.tokenId | Should -Be (Get-VerifikTokenId -Token $otherToken) }
    }

    It 'closes only the connection given to Disconnect-Verifik -Connection' {
        Connect-Verifik -Token $sandbox.Token -BaseUri $sandbox.BaseUri
        $connection = Connect-Verifik -Token $otherToken -BaseUri $other.BaseUri -ReturnConnection
        Set-Mark
        Disconnect-Verifik -Connection $connection

        $caught = $null
        try { Get-VerifikDocumentLiveness -Id 'theirs' -Connection $connection -ErrorAction Stop } catch { $caught = $_ }
        $caught.FullyQualifiedErrorId | Should -BeLike 'VerifikConnectionClosed*'
        $caught.CategoryInfo.Category | Should -Be 'AuthenticationError'
        Get-VerifikContext -Connection $connection | Should -BeNullOrEmpty
        Get-NewRequest $other | Should -HaveCount 0
        (Get-VerifikDocumentLiveness -Id 'mine' -ErrorVariable failed).Id | Should -Be 'mine'
        $failed | Should -HaveCount 0
    }

    It 'keeps returned connections working after Disconnect-Verifik without -Connection' {
        Connect-Verifik -Token $sandbox.Token -BaseUri $sandbox.BaseUri
        $connection = Connect-Verifik -Token $otherToken -BaseUri $other.BaseUri -ReturnConnection
        Disconnect-Verifik

        Get-VerifikContext | Should -BeNullOrEmpty
        (Get-VerifikDocumentLiveness -Id 'theirs' -Connection $connection).Id | Should -Be 'theirs'
    }

    It 'passes a connection into ForEach-Object -Parallel with $using:' -Skip:($PSVersionTable.PSVersion.Major -lt 7) {
        $connection = Connect-Verifik -Token $otherToken -BaseUri $other.BaseUri -ReturnConnection
        $manifest = Get-VerifikManifestPath
        Set-Mark

        $ids = @(1..3 | ForEach-Object -Parallel {
                Import-Module $using:manifest
                (Get-VerifikDocumentLiveness -Id 'theirs' -Connection $using:connection).Id
            } -ThrottleLimit 3)

        $ids | Should -Be @('theirs', 'theirs', 'theirs')
        Get-NewRequest $other | Should -HaveCount 3
    }

    It 'shows a connection like Get-VerifikContext, never with the token' {
        $connection = Connect-Verifik -Token $otherToken -BaseUri $other.BaseUri -ReturnConnection
        $shown = Remove-Ansi ($connection | Format-List | Out-String -Width 120)
        Connect-Verifik -Token $otherToken -BaseUri $other.BaseUri
        $context = Remove-Ansi (Get-VerifikContext | Format-List | Out-String -Width 120)

        $shown | Should -Not -BeLike "*$otherToken*"
        $shown | Should -Not -BeLike "*$($otherToken.Split('.')[1])*"
        $shown | Should -Match '(?m)^TokenHint\s*:'
        $hint = '****' + $otherToken.Substring($otherToken.Length - 4)
        "$connection".Contains($hint) | Should -BeTrue
        "$connection".Contains($otherToken) | Should -BeFalse
        $context | Should -Match ([regex]::Escape($hint))
        $shown | Should -Match '(?m)^ClientId\s*: other_client'
        ($shown -split "`n" | Where-Object { $_ -notmatch '^ConnectedAt' }) -join "`n" |
            Should -Be (($context -split "`n" | Where-Object { $_ -notmatch '^ConnectedAt' }) -join "`n")
    }

    It 'gives each ID left in a run whose connection is closed meanwhile its own VerifikConnectionClosed error' {
        $slow = Start-VerifikSandbox -ArgumentList '--seed-file', $theirsSeed, '--token', $otherToken, '--latency-ms', '1000', '--expose-log'
        $runspace = [runspacefactory]::CreateRunspace()
        $runspace.Open()
        $ps = [powershell]::Create()
        $ps.Runspace = $runspace
        try {
            $connection = Connect-Verifik -Token $otherToken -BaseUri $slow.BaseUri -ReturnConnection
            # Counted from after the connect, whose token check is a request of its own.
            $checked = @((Get-VerifikSandboxLog -Sandbox $slow).Arrivals -like '* /v2/*').Count
            $null = $ps.AddScript({
                    param($Manifest, $Connection)
                    Import-Module $Manifest
                    'theirs', 'theirs', 'theirs' |
                        Get-VerifikDocumentLiveness -Connection $Connection -ThrottleLimit 1 -ErrorVariable failed -ErrorAction SilentlyContinue |
                        ForEach-Object Id
                    foreach ($e in $failed) { $e.FullyQualifiedErrorId; $e.CategoryInfo.Category.ToString(); $e.TargetObject }
                }).AddArgument((Get-VerifikManifestPath)).AddArgument($connection)
            $running = $ps.BeginInvoke()
            $deadline = [DateTime]::UtcNow.AddSeconds(20)
            # Arrivals, not Requests: a request is logged only as its answer starts, a second later, when the next one is on its way.
            while (@((Get-VerifikSandboxLog -Sandbox $slow).Arrivals -like '* /v2/*').Count -lt $checked + 1 -and [DateTime]::UtcNow -lt $deadline) {
                Start-Sleep -Milliseconds 50
            }
            Disconnect-Verifik -Connection $connection
            $output = @($ps.EndInvoke($running))

            # The request already sent finishes; each later ID finds the token wiped and gets its own error, without a request.
            $closed = @('VerifikConnectionClosed,Verifik.PowerShell.Commands.GetVerifikDocumentLivenessCommand', 'AuthenticationError', 'theirs')
            $output | Should -Be (@('theirs') + $closed + $closed)
            @((Get-VerifikSandboxLog -Sandbox $slow).Arrivals -like '* /v2/*') | Should -HaveCount ($checked + 1)
        }
        finally {
            $ps.Dispose()
            $runspace.Dispose()
            Stop-VerifikSandbox $slow
        }
    }
}
