# New-VerifikAccessToken through real pwsh against the sandbox program: renewal (GET, or POST when GET is refused) gives
# a token that works, written as Get-VerifikAccessToken writes one; -Connect switches the connection (the one connection
# type); -RevokeOthers asks first (ConfirmImpact High), sends nothing under -WhatIf, and expires every other token.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'HostedRunspace.psm1') -Force
    Import-VerifikModule
    $fullyQualified = ',Verifik.PowerShell.Commands.NewVerifikAccessTokenCommand'

    function Get-PlainToken {
        param([Parameter(Mandatory = $true)][System.Security.SecureString]$Secure)
        return [System.Net.NetworkCredential]::new('', $Secure).Password
    }

    function Get-LastTokenId {
        # The token the sandbox saw on the last request it logged.
        param([Parameter(Mandatory = $true)]$Sandbox)
        return @((Get-VerifikSandboxLog -Sandbox $Sandbox).Requests)[-1].tokenId
    }
}

Describe 'New-VerifikAccessToken' {
    BeforeAll {
        $sandbox = Start-VerifikSandbox -ArgumentList '--expose-log', '--synthetic', '3'
    }

    AfterAll {
        Disconnect-Verifik
        Stop-VerifikSandbox $sandbox
    }

    BeforeEach {
        Disconnect-Verifik
        Connect-Verifik -Email ana@example.com -Code 123456 -BaseUri $sandbox.BaseUri
        $signedIn = @((Get-VerifikSandboxLog -Sandbox $sandbox).Tokens)[-1]
        $before = @((Get-VerifikSandboxLog -Sandbox $sandbox).Requests).Count
    }

    It 'renews with one GET and writes the new token as Get-VerifikAccessToken does, the connection keeping its own' {
        $new = New-VerifikAccessToken -ExpiresInMonths 2 -Verbose 4>&1
        $verbose = @($new | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        $new = @($new | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] })[0]

        $new.GetType() | Should -Be (Get-VerifikAccessToken).GetType()
        $new.Token | Should -BeOfType ([System.Security.SecureString])
        $plain = Get-PlainToken $new.Token
        $plain | Should -Be @((Get-VerifikSandboxLog -Sandbox $sandbox).Tokens)[-1]
        $plain | Should -Not -Be $signedIn
        $new.ClientId | Should -Be 'sandbox_ana'
        $new.ExpiresOn | Should -BeGreaterThan ([DateTime]::UtcNow.AddDays(59))
        $new.TokenHint | Should -Be ('****' + $plain.Substring($plain.Length - 4))
        $sent = @(@((Get-VerifikSandboxLog -Sandbox $sandbox).Requests) | Select-Object -Skip $before)
        $sent | Should -HaveCount 1
        $sent[0].method + ' ' + $sent[0].path + $sent[0].query | Should -Be 'GET /v2/auth/session?origin=refresh&expiresIn=2'
        $verbose -join "`n" | Should -Match 'GET /v2/auth/session\?origin=refresh&expiresIn=2 gave the token'
        # Without -Connect the connection goes on with the signed-in token, which still works.
        (Get-VerifikContext).TokenHint | Should -Be ('****' + $signedIn.Substring($signedIn.Length - 4))
        $null = Get-VerifikAccount
        Get-LastTokenId -Sandbox $sandbox | Should -Be (Get-VerifikTokenId -Token $signedIn)
    }

    It 'gives a token a runbook connects with' {
        $new = New-VerifikAccessToken
        Disconnect-Verifik

        Connect-Verifik -Token $new.Token -BaseUri $sandbox.BaseUri
        (Get-VerifikAccount).Name | Should -Be 'Sandbox account sandbox_ana'

        Get-LastTokenId -Sandbox $sandbox | Should -Be (Get-VerifikTokenId -Token (Get-PlainToken $new.Token))
    }

    It 'switches the connection to the new token with -Connect' {
        $new = New-VerifikAccessToken -Connect

        (Get-VerifikContext).TokenHint | Should -Be $new.TokenHint
        (Get-VerifikContext).TokenExpiresOn | Should -Be $new.ExpiresOn
        $null = Invoke-VerifikRequest /v2/clients/me
        Get-LastTokenId -Sandbox $sandbox | Should -Be (Get-VerifikTokenId -Token (Get-PlainToken $new.Token))
        Get-PlainToken (Get-VerifikAccessToken).Token | Should -Be (Get-PlainToken $new.Token)
    }

    It 'switches only the -Connection given, not the default connection' {
        $other = Connect-Verifik -Token $sandbox.Token -BaseUri $sandbox.BaseUri -ReturnConnection

        $new = New-VerifikAccessToken -Connection $other -Connect

        $new.ClientId | Should -Be 'sandbox_client'
        $other.TokenHint | Should -Be $new.TokenHint
        (Get-VerifikContext).TokenHint | Should -Be ('****' + $signedIn.Substring($signedIn.Length - 4))
        $null = Get-VerifikAccount -Connection $other
        Get-LastTokenId -Sandbox $sandbox | Should -Be (Get-VerifikTokenId -Token (Get-PlainToken $new.Token))
        Disconnect-Verifik -Connection $other
        { Get-VerifikAccount -Connection $other } | Should -Throw -ErrorId 'VerifikConnectionClosed,Verifik.PowerShell.Commands.GetVerifikAccountCommand'
    }

    It 'sends nothing for -RevokeOthers -WhatIf, and says that every other token stops working' -Skip:($PSVersionTable.PSVersion -lt [version]'7.4') {
        $promptHost = New-VerifikPromptHost
        $arrivals = @((Get-VerifikSandboxLog -Sandbox $sandbox).Arrivals).Count

        $run = Invoke-VerifikRunspace -ManifestPath (Get-VerifikManifestPath) -PromptHost $promptHost -Script 'New-VerifikAccessToken -RevokeOthers -WhatIf'

        $run.Output | Should -HaveCount 0
        $run.Errors | Should -HaveCount 0
        $promptHost.UI.Text.ToString() | Should -Match 'What if: .*revoke every other token of the account.*stops working'
        @((Get-VerifikSandboxLog -Sandbox $sandbox).Arrivals) | Should -HaveCount $arrivals
    }

    It 'stops -RevokeOthers with VerifikConfirmationRequired in a session that cannot ask, sending nothing' {
        $arrivals = @((Get-VerifikSandboxLog -Sandbox $sandbox).Arrivals).Count

        { New-VerifikAccessToken -RevokeOthers } | Should -Throw -ErrorId "VerifikConfirmationRequired$fullyQualified"

        @((Get-VerifikSandboxLog -Sandbox $sandbox).Arrivals) | Should -HaveCount $arrivals
        $null = Get-VerifikAccount # the signed-in token still works
    }

    It 'asks before -RevokeOthers at an interactive prompt: No sends nothing' -Skip:($PSVersionTable.PSVersion -lt [version]'7.4') {
        $promptHost = New-VerifikPromptHost
        $promptHost.UI.ChoiceAnswers.Enqueue('No')
        $arrivals = @((Get-VerifikSandboxLog -Sandbox $sandbox).Arrivals).Count

        $run = Invoke-VerifikRunspace -ManifestPath (Get-VerifikManifestPath) -PromptHost $promptHost -Script 'New-VerifikAccessToken -RevokeOthers'

        $run.Output | Should -HaveCount 0
        $promptHost.UI.ChoicePrompts[-1] | Should -Match 'revoke every other token of the account'
        @((Get-VerifikSandboxLog -Sandbox $sandbox).Arrivals) | Should -HaveCount $arrivals
    }

    It 'revokes every other token when confirmed: the connection switches, and a runbook holding an old token is refused' -Skip:($PSVersionTable.PSVersion -lt [version]'7.4') {
        $runbook = Connect-Verifik -Token (New-VerifikAccessToken).Token -BaseUri $sandbox.BaseUri -ReturnConnection
        $promptHost = New-VerifikPromptHost
        $promptHost.UI.ChoiceAnswers.Enqueue('Yes')

        $run = Invoke-VerifikRunspace -ManifestPath (Get-VerifikManifestPath) -PromptHost $promptHost -Script 'New-VerifikAccessToken -RevokeOthers'

        $run.Errors | Should -HaveCount 0
        $run.Warnings -join "`n" | Should -Match 'Every other token of the account was revoked'
        $new = $run.Output[0]
        @((Get-VerifikSandboxLog -Sandbox $sandbox).Requests)[-1].path | Should -Be '/v2/auth/renew-and-revoke'
        (Get-VerifikContext).TokenHint | Should -Be $new.TokenHint
        (Get-VerifikAccount).Name | Should -Be 'Sandbox account sandbox_ana'
        Get-LastTokenId -Sandbox $sandbox | Should -Be (Get-VerifikTokenId -Token (Get-PlainToken $new.Token))
        Get-VerifikAccount -Connection $runbook -ErrorVariable refused -ErrorAction SilentlyContinue
        $refused[0].CategoryInfo.Category | Should -Be 'AuthenticationError'
        Disconnect-Verifik -Connection $runbook
    }
}

Describe 'New-VerifikAccessToken when the API renews only with POST' {
    It 'sends the renewal again as POST after the GET is refused with 405, and says which it was' {
        $sandbox = Start-VerifikSandbox -ArgumentList '--expose-log', '--renew-method', 'POST'
        try {
            Connect-Verifik -Token $sandbox.Token -BaseUri $sandbox.BaseUri
            $before = @((Get-VerifikSandboxLog -Sandbox $sandbox).Requests).Count

            $all = @(New-VerifikAccessToken -Connect -Verbose 4>&1)

            $new = @($all | Where-Object { $_ -is [Verifik.PowerShell.VerifikAccessToken] })
            $new | Should -HaveCount 1
            $sent = @(@((Get-VerifikSandboxLog -Sandbox $sandbox).Requests) | Select-Object -Skip $before | ForEach-Object { "$($_.method) $($_.status)" })
            $sent | Should -Be @('GET 405', 'POST 200')
            @($all | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message) -join "`n" | Should -Match 'POST /v2/auth/session\?origin=refresh&expiresIn=1 gave the token'
            (Get-VerifikAccount).Credits | Should -Be 1000
        }
        finally {
            Disconnect-Verifik
            Stop-VerifikSandbox $sandbox
        }
    }
}
