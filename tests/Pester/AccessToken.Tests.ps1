# Get-VerifikAccessToken through real pwsh against the sandbox program:
# the connection's token as a SecureString for a vault, -AsPlainText, -Connection, and views that never show it.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-VerifikModule
}

Describe 'Get-VerifikAccessToken' {
    BeforeAll {
        $seed = New-SeedFile -Path (Join-Path $TestDrive 'r1.json') -Record @((New-FlatRecord -Id 'r1'))
        $sandbox = Start-VerifikSandbox -ArgumentList '--seed-file', $seed, '--expose-log'
        $baseUri = $sandbox.BaseUri
        # A token the sandbox does not know: connected with -SkipValidation, as a token for another API would be.
        $vaultToken = New-TestJwt -ClientId 'vault_client' -ExpiresOn ([DateTimeOffset]::FromUnixTimeSeconds(4000000000))
    }

    AfterAll {
        Disconnect-Verifik
        Stop-VerifikSandbox $sandbox
    }

    BeforeEach {
        Disconnect-Verifik
        $before = @((Get-VerifikSandboxLog -Sandbox $sandbox).Requests).Count
    }

    It 'writes the token as a SecureString with its expiry, client id and base URI' {
        Connect-Verifik -Token $vaultToken -BaseUri $baseUri -SkipValidation

        $t = Get-VerifikAccessToken

        $t | Should -BeOfType 'Verifik.PowerShell.VerifikAccessToken'
        $t -is [Verifik.PowerShell.VerifikAccessTokenInfo] | Should -BeTrue
        $t.Token | Should -BeOfType ([System.Security.SecureString])
        [System.Net.NetworkCredential]::new('', $t.Token).Password | Should -Be $vaultToken
        $t.TokenType | Should -Be 'Bearer'
        $t.ExpiresOn | Should -Be ([DateTimeOffset]::FromUnixTimeSeconds(4000000000).UtcDateTime)
        $t.ExpiresOn.Kind | Should -Be 'Utc'
        $t.ClientId | Should -Be 'vault_client'
        $t.BaseUri | Should -Be ([uri]$baseUri)
        "$t" | Should -Be ('Bearer ****' + $vaultToken.Substring($vaultToken.Length - 4))
        @((Get-VerifikSandboxLog -Sandbox $sandbox).Requests) | Should -HaveCount $before
    }

    It 'writes the signed-in token as a string with -AsPlainText' {
        Connect-Verifik -Email ana@example.com -Code 123456 -BaseUri $baseUri

        $p = Get-VerifikAccessToken -AsPlainText

        $p | Should -BeOfType 'Verifik.PowerShell.VerifikPlainTextAccessToken'
        $p.Token | Should -BeOfType ([string])
        $p.Token | Should -Be (Get-VerifikSandboxLog -Sandbox $sandbox).Tokens[-1]
        $p.ClientId | Should -Be 'sandbox_ana'
    }

    It 'gives a SecureString that connects again, as a runbook would from a vault' {
        Connect-Verifik -Phone 3001234567 -CountryCode +57 -Code 123456 -BaseUri $baseUri
        $vault = @{ VerifikToken = (Get-VerifikAccessToken).Token }   # what Set-Secret / Get-Secret would keep
        Disconnect-Verifik

        Connect-Verifik -Token $vault['VerifikToken'] -BaseUri $baseUri

        (Get-VerifikDocumentLiveness -Id r1).Id | Should -Be 'r1'
        (Get-VerifikContext).ClientId | Should -Be 'sandbox_luis'
        $log = Get-VerifikSandboxLog -Sandbox $sandbox
        $log.Requests[-1].tokenId | Should -Be (Get-VerifikTokenId -Token $log.Tokens[-1])
    }

    It 'takes the token of the -Connection given, not the default''s' {
        Connect-Verifik -Token $sandbox.Token -BaseUri $baseUri
        $other = Connect-Verifik -Token $vaultToken -BaseUri $baseUri -ReturnConnection -SkipValidation

        (Get-VerifikAccessToken -Connection $other -AsPlainText).Token | Should -Be $vaultToken
        (Get-VerifikAccessToken -AsPlainText).Token | Should -Be $sandbox.Token
        (Get-VerifikAccessToken -Connection $other).ClientId | Should -Be 'vault_client'
    }

    It 'stops with VerifikNotConnected without a connection, and VerifikConnectionClosed after Disconnect-Verifik' {
        $notConnected = { Get-VerifikAccessToken } | Should -Throw -PassThru
        $notConnected.FullyQualifiedErrorId | Should -Be 'VerifikNotConnected,Verifik.PowerShell.Commands.GetVerifikAccessTokenCommand'
        $notConnected.CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::AuthenticationError)

        $c = Connect-Verifik -Token $vaultToken -BaseUri $baseUri -ReturnConnection -SkipValidation
        Disconnect-Verifik -Connection $c
        $closed = { Get-VerifikAccessToken -Connection $c } | Should -Throw -PassThru
        $closed.FullyQualifiedErrorId | Should -Be 'VerifikConnectionClosed,Verifik.PowerShell.Commands.GetVerifikAccessTokenCommand'
        $closed.CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::AuthenticationError)
        $closed.ToString().Contains($vaultToken) | Should -BeFalse
    }

    It 'never shows a plain token in the default views' {
        Connect-Verifik -Token $vaultToken -BaseUri $baseUri -SkipValidation
        $hint = '****' + $vaultToken.Substring($vaultToken.Length - 4)

        $secure = Remove-Ansi (Get-VerifikAccessToken | Out-String -Width 200)
        $plain = Remove-Ansi (Get-VerifikAccessToken -AsPlainText | Out-String -Width 200)
        $list = Remove-Ansi (Get-VerifikAccessToken -AsPlainText | Format-List | Out-String -Width 200)
        $table = Remove-Ansi (Get-VerifikAccessToken -AsPlainText | Format-Table | Out-String -Width 200)
        $text = "$(Get-VerifikAccessToken -AsPlainText)"

        foreach ($shown in $secure, $plain, $list, $table, $text) {
            $shown.Contains($vaultToken) | Should -BeFalse
            $shown.Contains($vaultToken.Split('.')[2]) | Should -BeFalse
        }
        $secure | Should -Match '(?m)^Token\s*: System\.Security\.SecureString'
        $plain | Should -Match ('(?m)^TokenHint\s*: ' + [regex]::Escape($hint))
        $list | Should -Match ('(?m)^TokenHint\s*: ' + [regex]::Escape($hint))
        $table | Should -Match '(?m)^TokenHint\s+TokenType'
        $text | Should -Be "Bearer $hint"
        foreach ($shown in $secure, $plain, $list) { $shown | Should -Match '(?m)^ClientId\s*: vault_client' }
    }
}
