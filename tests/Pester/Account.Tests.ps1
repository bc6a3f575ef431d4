# Get-VerifikAccount, New-VerifikDocumentLiveness -WhatIf's credits line, and the sweep for the account's secrets and
# the tokens, through real pwsh against the sandbox program. The sandbox's /v2/clients/me answers, like the documented
# sample, with the account's otp hash and JWTPhrase; /sandbox/log names them (and every token it issued) so the sweep
# can look for exactly those strings.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-VerifikModule

    function New-TestJpeg {
        param([Parameter(Mandatory = $true)][string]$Path, [int]$Seed = 1)
        $bytes = [byte[]]::new(1500)
        ([System.Random]::new($Seed)).NextBytes($bytes)
        ([byte[]](0xFF, 0xD8, 0xFF, 0xE0)).CopyTo($bytes, 0)
        [System.IO.File]::WriteAllBytes($Path, $bytes)
        return $Path
    }
}

Describe 'Get-VerifikAccount' {
    BeforeAll {
        $sandbox = Start-VerifikSandbox -ArgumentList '--expose-log', '--credits', '250.5'
        Connect-Verifik -Token $sandbox.Token -BaseUri $sandbox.BaseUri
    }

    AfterAll {
        Disconnect-Verifik
        Stop-VerifikSandbox $sandbox
    }

    It 'writes the account with its credits, requests, plan and status, from one GET of /v2/clients/me' {
        $before = @((Get-VerifikSandboxLog -Sandbox $sandbox).Requests).Count

        $account = Get-VerifikAccount

        $account | Should -BeOfType ([Verifik.VerifikAccount])
        $account.Credits | Should -Be ([decimal]'250.5')
        $account.Credits | Should -BeOfType ([decimal])
        $account.TotalRequests | Should -Be 0
        $account.Plan | Should -Be 'Sandbox'
        $account.Status | Should -Be 'joined'
        $account.Name | Should -Be 'Sandbox account sandbox_client'
        $account.CreatedAt | Should -Be ([datetime]::new(2021, 9, 9, 16, 46, 1, 334, [System.DateTimeKind]::Utc))
        $sent = @(@((Get-VerifikSandboxLog -Sandbox $sandbox).Requests) | Select-Object -Skip $before)
        $sent | Should -HaveCount 1
        $sent[0].method + ' ' + $sent[0].path | Should -Be 'GET /v2/clients/me'
        $sent[0].query | Should -Be '?populates[]=clientSubscriptionPlan.subscriptionPlan' # as the docs send it
    }

    It 'shows the account in a list view with the credits, and no secret property at all' {
        $view = Remove-Ansi (Get-VerifikAccount | Out-String -Width 120)
        $secrets = (Get-VerifikSandboxLog -Sandbox $sandbox).AccountSecrets

        $view | Should -Match '(?m)^Name\s+: Sandbox account sandbox_client'
        $view | Should -Match '(?m)^Credits\s+: 250\.5'
        $view | Should -Match '(?m)^Plan\s+: Sandbox'
        $names = @((Get-VerifikAccount).PSObject.Properties.Name)
        $names | Should -Not -Contain 'otp'
        $names | Should -Not -Contain 'JWTPhrase'
        $secrets | Should -HaveCount 2
        foreach ($secret in $secrets) { $view.Contains($secret) | Should -BeFalse }
    }

    It 'counts the credits a create spent' {
        $file = New-TestJpeg -Path (Join-Path $TestDrive 'one.jpg')
        $null = New-VerifikDocumentLiveness -Path $file

        $account = Get-VerifikAccount

        $account.Credits | Should -Be ([decimal]'249.5')
        $account.TotalRequests | Should -Be 1
    }

    It 'shows the credits left beside what New-VerifikDocumentLiveness -WhatIf would charge, and submits nothing' {
        $files = @((New-TestJpeg -Path (Join-Path $TestDrive 'a.jpg') -Seed 2), (New-TestJpeg -Path (Join-Path $TestDrive 'b.jpg') -Seed 3))
        $arrivals = @((Get-VerifikSandboxLog -Sandbox $sandbox).Arrivals).Count

        $out = @(New-VerifikDocumentLiveness -Path $files -WhatIf 6>&1)

        $lines = @($out | Where-Object { $_ -is [System.Management.Automation.InformationRecord] } | ForEach-Object { "$($_.MessageData)" })
        $lines | Should -Be @('What if: the account has 249.5 credits left; each file submitted is charged.')
        @($out | Where-Object { $_ -is [Verifik.DocumentLiveness] }) | Should -HaveCount 0
        @(@((Get-VerifikSandboxLog -Sandbox $sandbox).Arrivals) | Select-Object -Skip $arrivals) | Should -Be @('GET /v2/clients/me')
    }

    It 'writes a refused token as a non-terminating AuthenticationError with the account''s URI' {
        $gone = Connect-Verifik -Token $sandbox.Token -BaseUri $sandbox.BaseUri -ReturnConnection
        $null = New-VerifikAccessToken -Connection $gone -RevokeOthers -Confirm:$false -WarningAction SilentlyContinue
        # The default connection held the start-up token, which the revocation expired.

        $account = Get-VerifikAccount -ErrorVariable refused -ErrorAction SilentlyContinue

        $account | Should -BeNullOrEmpty
        $refused | Should -HaveCount 1
        $refused[0].FullyQualifiedErrorId | Should -Be 'VerifikTokenRefused,Verifik.PowerShell.Commands.GetVerifikAccountCommand'
        $refused[0].CategoryInfo.Category | Should -Be 'AuthenticationError'
        $refused[0].TargetObject | Should -Be ([uri]"$($sandbox.BaseUri)v2/clients/me")
        (Get-VerifikAccount -Connection $gone).Credits | Should -Be ([decimal]'249.5')
        Disconnect-Verifik -Connection $gone
    }
}

Describe 'Secrets of the account and its tokens' {
    BeforeAll {
        $sandbox = Start-VerifikSandbox -ArgumentList '--expose-log', '--synthetic', '3'
        # -Debug makes warnings ask (Inquire) in cmdlets built for Windows PowerShell 5.1: -WarningAction Continue keeps
        # them, and *>&1 captures every stream for the search.
        $Error.Clear()
        $transcript = [System.Text.StringBuilder]::new()
        function Add-Seen {
            param($Items)
            foreach ($item in @($Items)) {
                $null = $transcript.AppendLine(($item | Format-List * -Force | Out-String -Width 400))
                $null = $transcript.AppendLine(($item | Out-String -Width 400))
                $null = $transcript.AppendLine("$item")
            }
        }

        Add-Seen (Connect-Verifik -Token $sandbox.Token -BaseUri $sandbox.BaseUri -PassThru -Verbose -Debug -WarningAction Continue *>&1)
        # Made while the start-up token is still valid: the revocation below expires it, and its errors are searched too.
        $stale = Connect-Verifik -Token $sandbox.Token -BaseUri $sandbox.BaseUri -ReturnConnection
        Add-Seen (Get-VerifikAccount -Verbose -Debug -WarningAction Continue *>&1)
        Add-Seen (Get-VerifikAccount | Format-Table * | Out-String -Width 400)
        Add-Seen (Invoke-VerifikRequest /v2/clients/me -Verbose -Debug -WarningAction Continue *>&1)
        Add-Seen ((Invoke-VerifikRequest /v2/clients/me).data | ConvertTo-Json -Depth 10)
        Add-Seen (Invoke-VerifikRequest /v2/clients/me -Raw -Verbose -Debug -WarningAction Continue *>&1)
        Add-Seen (Invoke-VerifikRequest /v2/clients/me -All -Verbose -Debug -WarningAction Continue *>&1)
        Add-Seen (Invoke-VerifikRequest /v2/auth/session -Body @{ origin = 'refresh' } -Verbose -Debug -WarningAction Continue *>&1)
        Add-Seen (Invoke-VerifikRequest /v2/auth/session -Body @{ origin = 'refresh' } -Raw *>&1)
        $renewed = New-VerifikAccessToken -Verbose -Debug -WarningAction Continue *>&1
        Add-Seen $renewed
        Add-Seen (New-VerifikAccessToken -Connect -Verbose -Debug -WarningAction Continue *>&1)
        Add-Seen (Get-VerifikContext | Format-List * | Out-String -Width 400)
        Add-Seen (New-VerifikAccessToken -RevokeOthers -Confirm:$false -Verbose -Debug -WarningAction Continue *>&1)
        Add-Seen (New-VerifikDocumentLiveness -Path (New-TestJpeg -Path (Join-Path $TestDrive 's.jpg')) -WhatIf -Verbose -Debug -WarningAction Continue *>&1)
        # Errors with the token the revocation expired, and their records.
        Add-Seen (Get-VerifikAccount -Connection $stale -Verbose -Debug -WarningAction Continue *>&1)
        Add-Seen (Invoke-VerifikRequest /v2/clients/me -Connection $stale -Verbose -Debug -WarningAction Continue *>&1)
        Add-Seen (New-VerifikAccessToken -Connection $stale -Verbose -Debug -WarningAction Continue *>&1)
        foreach ($e in $Error) { Add-Seen $e; Add-Seen $e.Exception; Add-Seen ($e | Format-List * -Force | Out-String -Width 400) }
        $text = $transcript.ToString()
        $log = Get-VerifikSandboxLog -Sandbox $sandbox
    }

    AfterAll {
        if ($stale) { Disconnect-Verifik -Connection $stale }
        Disconnect-Verifik
        Stop-VerifikSandbox $sandbox
    }

    It 'captured the stories it searches (renewals, the revocation, a refused token, the account)' {
        $log.Tokens.Count | Should -BeGreaterOrEqual 5 # two renewals by hand, two by the cmdlet, one revocation
        $log.AccountSecrets | Should -HaveCount 2
        $text | Should -Match 'VerifikTokenRefused'
        $text | Should -Match 'Left out the secret members secretKey, otp, JWTPhrase'
        $text | Should -Match 'Sandbox account sandbox_client'
        $text | Should -Match 'every other token of the account'
        @($renewed | Where-Object { $_ -is [Verifik.PowerShell.VerifikAccessToken] }) | Should -HaveCount 1
    }

    It 'shows neither the account''s otp hash and JWTPhrase, nor any token, in any stream, view, object or error' {
        foreach ($secret in @($log.AccountSecrets) + @($log.Tokens) + $sandbox.Token) {
            $text.Contains($secret) | Should -BeFalse -Because 'a secret must never be shown'
        }
        foreach ($token in @($log.Tokens)) {
            $text.Contains('.' + $token.Split('.')[2]) | Should -BeFalse -Because "a token's signature must never be shown"
        }
    }
}
