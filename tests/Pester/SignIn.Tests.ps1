#Requires -Version 7.4
# Connect-Verifik -Email / -Phone, the one-time-code sign-in, through real pwsh against the sandbox program: with and
# without -Code, at an interactive prompt and without one, the API's refusals, input refused before any request, what
# the sign-in requests carry, a proxy, and the secrets of a sign-in. The sandbox runs with --expose-log, so what it
# received is read back with Get-VerifikSandboxLog. Non-interactive stories
# run in a runspace with the engine's default host, interactive ones on a scripted host whose secure prompt answers
# (HostedRunspace.psm1), so neither depends on how Pester itself was started. PowerShell 7.4+ (that host's classes).

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'HostedRunspace.psm1') -Force
    Import-VerifikModule
    $manifest = Get-VerifikManifestPath

    function Get-ApiRequest {
        # The /v2 requests the sandbox received after the first $Skip of them.
        param($Sandbox, [int]$Skip = 0)
        @((Get-VerifikSandboxLog -Sandbox $Sandbox).Requests | Select-Object -Skip $Skip)
    }
}

Describe 'Signing in with a one-time code' {
    BeforeAll {
        $seed = New-SeedFile -Path (Join-Path $TestDrive 'r1.json') -Record @((New-FlatRecord -Id 'r1'))
        $sandbox = Start-VerifikSandbox -ArgumentList '--seed-file', $seed, '--expose-log'
        $baseUri = $sandbox.BaseUri
    }

    AfterAll {
        Disconnect-Verifik
        Stop-VerifikSandbox $sandbox
    }

    BeforeEach {
        Disconnect-Verifik
        $before = @(Get-ApiRequest -Sandbox $sandbox).Count
        $tokensBefore = @((Get-VerifikSandboxLog -Sandbox $sandbox).Tokens).Count
    }

    Context 'With -Code' {
        It 'signs in by e-mail with only the confirmation and connects with the new token' {
            $context = Connect-Verifik -Email ana@example.com -Code 123456 -BaseUri $baseUri -PassThru

            $context.ClientId | Should -Be 'sandbox_ana'
            (Get-VerifikContext).ClientId | Should -Be 'sandbox_ana'
            $requests = Get-ApiRequest -Sandbox $sandbox -Skip $before
            $requests | Should -HaveCount 1
            $requests[0].method | Should -Be 'POST'
            $requests[0].path | Should -Be '/v2/projects/email-login/confirm'
            $requests[0].status | Should -Be 200
            $issued = (Get-VerifikSandboxLog -Sandbox $sandbox).Tokens[-1]
            $context.TokenHint | Should -Be ('****' + $issued.Substring($issued.Length - 4))

            (Get-VerifikDocumentLiveness -Id r1).Id | Should -Be 'r1'
            (Get-ApiRequest -Sandbox $sandbox)[-1].tokenId | Should -Be (Get-VerifikTokenId -Token $issued)
        }

        It 'signs in by phone with only the confirmation and connects with the new token' {
            Connect-Verifik -Phone 3001234567 -CountryCode +57 -Code 123456 -BaseUri $baseUri

            (Get-VerifikContext).ClientId | Should -Be 'sandbox_luis'
            $requests = Get-ApiRequest -Sandbox $sandbox -Skip $before
            $requests | Should -HaveCount 1
            $requests[0].method | Should -Be 'POST'
            $requests[0].path | Should -Be '/v2/projects/phone-login/confirm'
            $requests[0].status | Should -Be 200
            (Get-VerifikDocumentLiveness -Id r1).Id | Should -Be 'r1'
            (Get-ApiRequest -Sandbox $sandbox)[-1].tokenId | Should -Be (Get-VerifikTokenId -Token (Get-VerifikSandboxLog -Sandbox $sandbox).Tokens[-1])
        }

        It 'writes the connection with -ReturnConnection and leaves the default as it was' {
            Connect-Verifik -Token $sandbox.Token -BaseUri $baseUri
            $connection = Connect-Verifik -Email ana@example.com -Code 123456 -BaseUri $baseUri -ReturnConnection

            $connection -is [Verifik.PowerShell.VerifikConnection] | Should -BeTrue
            $connection.ClientId | Should -Be 'sandbox_ana'
            (Get-VerifikContext).ClientId | Should -Be 'sandbox_client'
            (Get-VerifikDocumentLiveness -Id r1 -Connection $connection).Id | Should -Be 'r1'
            (Get-ApiRequest -Sandbox $sandbox)[-1].tokenId | Should -Be (Get-VerifikTokenId -Token (Get-VerifikSandboxLog -Sandbox $sandbox).Tokens[-1])
        }

        It 'holds two sign-ins side by side, each request with its own token' {
            $ana = Connect-Verifik -Email ana@example.com -Code 123456 -BaseUri $baseUri -ReturnConnection
            $luis = Connect-Verifik -Phone 3001234567 -CountryCode +57 -Code 123456 -BaseUri $baseUri -ReturnConnection
            $ana.ClientId | Should -Be 'sandbox_ana'
            $luis.ClientId | Should -Be 'sandbox_luis'

            (Get-VerifikDocumentLiveness -Id r1 -Connection $ana).Id | Should -Be 'r1'
            (Get-VerifikDocumentLiveness -Id r1 -Connection $luis).Id | Should -Be 'r1'
            @('r1', 'r1' | Get-VerifikDocumentLiveness -Connection $ana) | Should -HaveCount 2

            $log = Get-VerifikSandboxLog -Sandbox $sandbox
            $tokens = @($log.Tokens | Select-Object -Skip $tokensBefore)
            $tokens | Should -HaveCount 2
            $tokens[0] | Should -Not -Be $tokens[1]
            $reads = @($log.Requests | Select-Object -Skip $before | Where-Object { $_.path -eq '/v2/document-liveness/r1' } | ForEach-Object { $_.tokenId })
            $anaId = Get-VerifikTokenId -Token $tokens[0]
            $luisId = Get-VerifikTokenId -Token $tokens[1]
            $reads | Should -Be @($anaId, $luisId, $anaId, $anaId)
            Get-VerifikContext | Should -BeNullOrEmpty
        }

        It 'sends no Authorization header with a sign-in, even with a connection open' {
            Connect-Verifik -Token $sandbox.Token -BaseUri $baseUri
            $null = Invoke-VerifikRunspace -ManifestPath $manifest -Script 'Connect-Verifik -Phone 3001234567 -CountryCode +57 -BaseUri $u' -Variables @{ u = $baseUri }
            Connect-Verifik -Phone 3001234567 -CountryCode +57 -Code 123456 -BaseUri $baseUri

            $signIns = @(Get-ApiRequest -Sandbox $sandbox -Skip $before | Where-Object { $_.path -like '/v2/projects/*' })
            @($signIns | ForEach-Object { $_.path }) | Should -Be @('/v2/projects/phone-login', '/v2/projects/phone-login/confirm')
            $signIns | ForEach-Object { $_.hasAuthorization | Should -BeFalse; $_.tokenId | Should -BeNullOrEmpty }
        }

        It 'signs in at -BaseUri, else at $env:VERIFIK_BASE_URI' {
            $saved = $env:VERIFIK_BASE_URI
            try {
                $env:VERIFIK_BASE_URI = $baseUri
                (Connect-Verifik -Email ana@example.com -Code 123456 -PassThru).BaseUri | Should -Be ([uri]$baseUri)
                @(Get-ApiRequest -Sandbox $sandbox -Skip $before) | Should -HaveCount 1

                $env:VERIFIK_BASE_URI = 'http://127.0.0.1:9/'
                (Connect-Verifik -Email ana@example.com -Code 123456 -BaseUri $baseUri -PassThru).BaseUri | Should -Be ([uri]$baseUri)
                @(Get-ApiRequest -Sandbox $sandbox -Skip $before) | Should -HaveCount 2
                Get-ApiRequest -Sandbox $sandbox -Skip $before | ForEach-Object { $_.origin | Should -Be ([uri]$baseUri).GetLeftPart('Authority') }
            }
            finally {
                $env:VERIFIK_BASE_URI = $saved
            }
        }
    }

    Context 'Without -Code, not interactive' {
        It 'sends the code, then stops with VerifikCodeRequired and the command that finishes' {
            $run = Invoke-VerifikRunspace -ManifestPath $manifest -Variables @{ u = $baseUri } -Script 'try { Connect-Verifik -Email ana@example.com -BaseUri $u -ErrorAction Stop } catch { $_ }'

            $err = $run.Output[0]
            $err.FullyQualifiedErrorId | Should -Be 'VerifikCodeRequired,Verifik.PowerShell.Commands.ConnectVerifikCommand'
            $err.CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::AuthenticationError)
            $err.TargetObject | Should -Be 'ana@example.com'
            $finish = "Connect-Verifik -Email ana@example.com -BaseUri $baseUri -Code <code>"
            $err.Exception.Message | Should -BeLike "*Finish the sign-in with: $finish"
            $err.Exception.Message | Should -BeLike '*sent a one-time code to ana@example.com by e-mail*'
            $err.ErrorDetails.RecommendedAction | Should -Be $finish
            $requests = Get-ApiRequest -Sandbox $sandbox -Skip $before
            $requests | Should -HaveCount 1
            $requests[0].path | Should -Be '/v2/projects/email-login'
            Get-VerifikContext | Should -BeNullOrEmpty
        }

        It 'gives a finishing command with the country code and the other parameters, which works' {
            $run = Invoke-VerifikRunspace -ManifestPath $manifest -Variables @{ u = $baseUri } `
                -Script 'try { Connect-Verifik -Phone ''300 123 4567'' -CountryCode +57 -BaseUri $u -MaxRetry 1 -ReturnConnection -ErrorAction Stop } catch { $_ }'

            $err = $run.Output[0]
            $err.FullyQualifiedErrorId | Should -BeLike 'VerifikCodeRequired,*'
            $err.TargetObject | Should -Be '300 123 4567'
            $err.ErrorDetails.RecommendedAction | Should -Be "Connect-Verifik -Phone '300 123 4567' -CountryCode +57 -BaseUri $baseUri -MaxRetry 1 -ReturnConnection -Code <code>"
            $err.Exception.Message | Should -BeLike '*+57 3001234567 by WhatsApp*'
            (Get-ApiRequest -Sandbox $sandbox -Skip $before)[0].path | Should -Be '/v2/projects/phone-login'

            $connection = Invoke-Expression $err.ErrorDetails.RecommendedAction.Replace('<code>', '123456')
            $connection.ClientId | Should -Be 'sandbox_luis'
        }
    }

    Context 'In a pwsh started -NonInteractive at its own console host' {
        It 'refuses to ask for <What> and says what to pass instead' -ForEach @(
            @{ What = 'a token'; Command = 'Connect-Verifik -BaseUri $u'; ErrorId = 'VerifikTokenMissing'; Says = '*pass -Token or set the environment variable VERIFIK_TOKEN*'; Sent = 0 }
            @{ What = 'a one-time code'; Command = 'Connect-Verifik -Email ana@example.com -BaseUri $u'; ErrorId = 'VerifikCodeRequired'; Says = '*Finish the sign-in with: Connect-Verifik -Email ana@example.com -BaseUri * -Code <code>'; Sent = 1 }
        ) {
            # As CI and runbooks start pwsh: -NonInteractive, no terminal, no standard input. The console host must not prompt.
            $probe = Join-Path $TestDrive 'noninteractive.ps1'
            Set-Content -LiteralPath $probe -Value @(
                'param($Manifest, $u)'
                'Import-Module $Manifest -ErrorAction Stop'
                '$env:VERIFIK_TOKEN = $null'
                ('try {{ {0} -ErrorAction Stop; "connected" }} catch {{ $_.FullyQualifiedErrorId; $_.CategoryInfo.Category.ToString(); $_.Exception.Message }}' -f $Command)
                '$Host.Name'
            )
            $beforeHere = @(Get-ApiRequest -Sandbox $sandbox).Count
            $output = @(& (Get-PowerShellPath) -NoProfile -NonInteractive -File $probe (Get-VerifikManifestPath) $baseUri 2>&1 | ForEach-Object { "$_" })

            $output | Should -HaveCount 4
            $output[0] | Should -Be "$ErrorId,Verifik.PowerShell.Commands.ConnectVerifikCommand"
            $output[1] | Should -Be 'AuthenticationError'
            $output[2] | Should -BeLike '*This session is not interactive, so Connect-Verifik cannot ask for it*'
            $output[2] | Should -BeLike $Says
            $output[3] | Should -Be 'ConsoleHost'
            @(Get-ApiRequest -Sandbox $sandbox -Skip $beforeHere) | Should -HaveCount $Sent
        }
    }

    Context 'Refusals' {
        It 'makes a wrong code VerifikCodeRejected with the API''s message, and keeps the default connection' {
            Connect-Verifik -Token $sandbox.Token -BaseUri $baseUri

            $err = { Connect-Verifik -Email ana@example.com -Code 000000 -BaseUri $baseUri } | Should -Throw -PassThru

            $err.FullyQualifiedErrorId | Should -Be 'VerifikCodeRejected,Verifik.PowerShell.Commands.ConnectVerifikCommand'
            $err.CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::AuthenticationError)
            $err.TargetObject | Should -Be 'ana@example.com'
            $err.Exception.Message | Should -BeLike '*The one-time code is invalid or has expired.*'
            $err.Exception | Should -BeOfType 'Verifik.VerifikApiException'
            $err.Exception.Failure | Should -Be ([Verifik.VerifikFailure]::CodeRejected)
            $err.Exception.StatusCode | Should -Be 401
            $err.Exception.ApiError.Code | Should -Be 'InvalidOTP'
            (Get-VerifikContext).ClientId | Should -Be 'sandbox_client'
            @((Get-VerifikSandboxLog -Sandbox $sandbox).Tokens) | Should -HaveCount $tokensBefore
        }

        It 'makes an unknown account VerifikAccountNotFound with the API''s message' {
            $email = { Connect-Verifik -Email nobody@example.com -BaseUri $baseUri } | Should -Throw -PassThru
            $phone = { Connect-Verifik -Phone 3009999999 -CountryCode +57 -Code 123456 -BaseUri $baseUri } | Should -Throw -PassThru

            $email.FullyQualifiedErrorId | Should -Be 'VerifikAccountNotFound,Verifik.PowerShell.Commands.ConnectVerifikCommand'
            $email.CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::ObjectNotFound)
            $email.TargetObject | Should -Be 'nobody@example.com'
            $email.Exception.Message | Should -BeLike '*No project is registered with that e-mail address.*'
            $phone.FullyQualifiedErrorId | Should -BeLike 'VerifikAccountNotFound,*'
            $phone.TargetObject | Should -Be '3009999999'
            $phone.Exception.Message | Should -BeLike '*No project is registered with that phone number.*'
            @(Get-ApiRequest -Sandbox $sandbox -Skip $before | ForEach-Object { $_.path }) | Should -Be @('/v2/projects/email-login', '/v2/projects/phone-login/confirm')
            Get-VerifikContext | Should -BeNullOrEmpty
        }

        It 'refuses <Parameters> with <ErrorId> before any request' -ForEach @(
            @{ Parameters = "-Email 'ana@example'"; ErrorId = 'InvalidEmailAddress'; Target = 'ana@example' }
            @{ Parameters = "-Email 'ana.example.com'"; ErrorId = 'InvalidEmailAddress'; Target = 'ana.example.com' }
            @{ Parameters = "-Email 'ana @example.com'"; ErrorId = 'InvalidEmailAddress'; Target = 'ana @example.com' }
            @{ Parameters = "-Email 'ana@@example.com'"; ErrorId = 'InvalidEmailAddress'; Target = 'ana@@example.com' }
            @{ Parameters = "-Phone '300-ABC-4567' -CountryCode +57"; ErrorId = 'InvalidPhoneNumber'; Target = '300-ABC-4567' }
            @{ Parameters = "-Phone '+573001234567' -CountryCode +57"; ErrorId = 'InvalidPhoneNumber'; Target = '+573001234567' }
            @{ Parameters = '-Phone 03001234567 -CountryCode +57'; ErrorId = 'InvalidPhoneNumber'; Target = '03001234567' }
            @{ Parameters = '-Phone 300 -CountryCode +57'; ErrorId = 'InvalidPhoneNumber'; Target = '300' }
            @{ Parameters = '-Phone 3001234567 -CountryCode 57'; ErrorId = 'InvalidCountryCode'; Target = '57' }
            @{ Parameters = "-Phone 3001234567 -CountryCode '+57a'"; ErrorId = 'InvalidCountryCode'; Target = '+57a' }
            @{ Parameters = '-Phone 3001234567 -CountryCode +12345'; ErrorId = 'InvalidCountryCode'; Target = '+12345' }
            @{ Parameters = "-Email ana@example.com -Code ''"; ErrorId = 'VerifikCodeEmpty'; Target = 'ana@example.com' }
            @{ Parameters = "-Email ana@example.com -Code '   '"; ErrorId = 'VerifikCodeEmpty'; Target = 'ana@example.com' }
        ) {
            $command = [scriptblock]::Create("Connect-Verifik $Parameters -BaseUri '$baseUri'")

            $err = $command | Should -Throw -PassThru

            $err.FullyQualifiedErrorId | Should -Be "$ErrorId,Verifik.PowerShell.Commands.ConnectVerifikCommand"
            $err.CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::InvalidArgument)
            $err.TargetObject | Should -Be $Target
            $err.Exception.Message | Should -Not -BeLike '*^*'
            @(Get-ApiRequest -Sandbox $sandbox -Skip $before) | Should -HaveCount 0
            Get-VerifikContext | Should -BeNullOrEmpty
        }

        It 'refuses <Parameters> together (AmbiguousParameterSet)' -ForEach @(
            @{ Parameters = '-Email ana@example.com -Phone 3001234567 -CountryCode +57' }
            @{ Parameters = '-Email ana@example.com -Token $token' }
            @{ Parameters = '-Phone 3001234567 -CountryCode +57 -Token $token' }
            @{ Parameters = '-Token $token -Code 123456' }
        ) {
            # The script block is run by Should, outside this scope: the token goes in as text.
            $command = [scriptblock]::Create("Connect-Verifik $($Parameters.Replace('$token', "'$($sandbox.Token)'")) -BaseUri '$baseUri'")

            $err = $command | Should -Throw -PassThru

            $err.FullyQualifiedErrorId | Should -Be 'AmbiguousParameterSet,Verifik.PowerShell.Commands.ConnectVerifikCommand'
            $err.CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::InvalidArgument)
            @(Get-ApiRequest -Sandbox $sandbox -Skip $before) | Should -HaveCount 0
            Get-VerifikContext | Should -BeNullOrEmpty
        }
    }

    Context 'On an interactive host' {
        It 'asks for the token securely when there is none' {
            $saved = $env:VERIFIK_TOKEN
            try {
                $env:VERIFIK_TOKEN = $null
                $promptHost = New-VerifikPromptHost -SecureAnswer $sandbox.Token
                $run = Invoke-VerifikRunspace -ManifestPath $manifest -PromptHost $promptHost -Variables @{ u = $baseUri } -Script 'Connect-Verifik -BaseUri $u'

                $run.Errors | Should -HaveCount 0
                @($promptHost.UI.Prompts) | Should -Be @('Verifik API token: ')
                (Get-VerifikContext).ClientId | Should -Be 'sandbox_client'
                $promptHost.UI.Text.ToString().Contains($sandbox.Token) | Should -BeFalse
                # Only the token check, with the token typed.
                $requests = @(Get-ApiRequest -Sandbox $sandbox -Skip $before)
                $requests | Should -HaveCount 1
                $requests[0].path | Should -Be '/v2/document-liveness'
                $requests[0].tokenId | Should -Be (Get-VerifikTokenId -Token $sandbox.Token)
            }
            finally {
                $env:VERIFIK_TOKEN = $saved
            }
        }

        It 'sends the code, says where it went and until when, asks for it and connects' {
            $promptHost = New-VerifikPromptHost -SecureAnswer '123456'
            $run = Invoke-VerifikRunspace -ManifestPath $manifest -PromptHost $promptHost -Variables @{ u = $baseUri } -Script 'Connect-Verifik -Email ana@example.com -BaseUri $u -PassThru'

            $run.Errors | Should -HaveCount 0
            $run.Output[0].ClientId | Should -Be 'sandbox_ana'
            (Get-VerifikContext).ClientId | Should -Be 'sandbox_ana'
            @(Get-ApiRequest -Sandbox $sandbox -Skip $before | ForEach-Object { $_.path }) | Should -Be @('/v2/projects/email-login', '/v2/projects/email-login/confirm')
            @($promptHost.UI.Prompts) | Should -Be @('One-time code: ')
            $text = $promptHost.UI.Text.ToString()
            # -match (not Should -Match) so that $Matches is set here.
            $text -match 'Verifik sent a one-time code to ana@example\.com by e-mail; it expires at (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) UTC \((.+?) local time\), in about (\d+) minutes\.' |
                Should -BeTrue -Because $text
            $expires = [datetime]::SpecifyKind([datetime]::ParseExact($Matches[1], 'yyyy-MM-dd HH:mm:ss', $null), 'Utc')
            $expires | Should -BeGreaterThan ([datetime]::UtcNow.AddMinutes(8))
            $expires | Should -BeLessThan ([datetime]::UtcNow.AddMinutes(11))
            $expires.ToLocalTime().ToString('yyyy-MM-dd HH:mm:ss') | Should -BeLike "*$($Matches[2])"
            [int]$Matches[3] | Should -BeIn 9, 10
            $text.IndexOf('Verifik sent') | Should -BeLessThan $text.IndexOf('One-time code: ')
        }

        It 'says a phone code went by WhatsApp and returns a connection' {
            $promptHost = New-VerifikPromptHost -SecureAnswer ' 123456 '
            $run = Invoke-VerifikRunspace -ManifestPath $manifest -PromptHost $promptHost -Variables @{ u = $baseUri } `
                -Script 'Connect-Verifik -Phone 300-123-4567 -CountryCode +57 -BaseUri $u -ReturnConnection'

            $run.Errors | Should -HaveCount 0
            $run.Output[0].ClientId | Should -Be 'sandbox_luis'
            $promptHost.UI.Text.ToString() | Should -BeLike '*Verifik sent a one-time code to +57 3001234567 by WhatsApp; it expires at *'
            @(Get-ApiRequest -Sandbox $sandbox -Skip $before | ForEach-Object { $_.path }) | Should -Be @('/v2/projects/phone-login', '/v2/projects/phone-login/confirm')
            Get-VerifikContext | Should -BeNullOrEmpty
        }

        It 'asks again for a refused code, up to 3 tries while it is valid, and connects with a right one' {
            $promptHost = New-VerifikPromptHost -SecureAnswers '111111', '222222', '123456'
            $run = Invoke-VerifikRunspace -ManifestPath $manifest -PromptHost $promptHost -Variables @{ u = $baseUri } -Script 'Connect-Verifik -Email ana@example.com -BaseUri $u -PassThru'

            $run.Errors | Should -HaveCount 0
            $run.Output[0].ClientId | Should -Be 'sandbox_ana'
            @(Get-ApiRequest -Sandbox $sandbox -Skip $before | ForEach-Object { $_.path }) |
                Should -Be @('/v2/projects/email-login', '/v2/projects/email-login/confirm', '/v2/projects/email-login/confirm', '/v2/projects/email-login/confirm')
            $promptHost.UI.SecureReads | Should -Be 3
            @($promptHost.UI.Prompts) | Should -Be @('One-time code: ', 'One-time code: ', 'One-time code: ')
            $text = $promptHost.UI.Text.ToString()
            $text | Should -BeLike '*Verifik refused the code (HTTP 401: The one-time code is invalid or has expired. (InvalidOTP)). Type it again: 2 tries left, until *UTC.*'
            $text | Should -BeLike '*Type it again: 1 try left*'
            ([regex]::Matches($text, 'Verifik sent a one-time code')).Count | Should -Be 1
            (Get-VerifikContext).ClientId | Should -Be 'sandbox_ana'
        }

        It 'stops after 3 refused codes with VerifikCodeRejected, and asks no more' {
            $promptHost = New-VerifikPromptHost -SecureAnswers '111111', '222222', '333333', '123456'
            $run = Invoke-VerifikRunspace -ManifestPath $manifest -PromptHost $promptHost -Variables @{ u = $baseUri } `
                -Script 'try { Connect-Verifik -Phone 3001234567 -CountryCode +57 -BaseUri $u -ErrorAction Stop } catch { $_ }'

            $err = $run.Output[0]
            $err.FullyQualifiedErrorId | Should -Be 'VerifikCodeRejected,Verifik.PowerShell.Commands.ConnectVerifikCommand'
            $err.CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::AuthenticationError)
            $err.TargetObject | Should -Be '3001234567'
            $promptHost.UI.SecureReads | Should -Be 3
            @(Get-ApiRequest -Sandbox $sandbox -Skip $before | Where-Object { $_.path -eq '/v2/projects/phone-login/confirm' }) | Should -HaveCount 3
            @((Get-VerifikSandboxLog -Sandbox $sandbox).Tokens) | Should -HaveCount $tokensBefore
            Get-VerifikContext | Should -BeNullOrEmpty
        }

        It 'does not ask again for a refused -Code' {
            $promptHost = New-VerifikPromptHost -SecureAnswer '123456'
            $run = Invoke-VerifikRunspace -ManifestPath $manifest -PromptHost $promptHost -Variables @{ u = $baseUri } `
                -Script 'try { Connect-Verifik -Email ana@example.com -Code 999999 -BaseUri $u -ErrorAction Stop } catch { $_ }'

            $run.Output[0].FullyQualifiedErrorId | Should -BeLike 'VerifikCodeRejected,*'
            $promptHost.UI.SecureReads | Should -Be 0
            @(Get-ApiRequest -Sandbox $sandbox -Skip $before | ForEach-Object { $_.path }) | Should -Be @('/v2/projects/email-login/confirm')
        }

        It 'stops with VerifikCodeRequired on an empty answer, without a confirmation' {
            $promptHost = New-VerifikPromptHost -SecureAnswer ''
            $run = Invoke-VerifikRunspace -ManifestPath $manifest -PromptHost $promptHost -Variables @{ u = $baseUri } `
                -Script 'try { Connect-Verifik -Email ana@example.com -BaseUri $u -ErrorAction Stop } catch { $_ }'

            $err = $run.Output[0]
            $err.FullyQualifiedErrorId | Should -BeLike 'VerifikCodeRequired,*'
            $err.CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::AuthenticationError)
            $err.Exception.Message | Should -BeLike 'No code was entered.*'
            $err.ErrorDetails.RecommendedAction | Should -Be "Connect-Verifik -Email ana@example.com -BaseUri $baseUri -Code <code>"
            @(Get-ApiRequest -Sandbox $sandbox -Skip $before | ForEach-Object { $_.path }) | Should -Be @('/v2/projects/email-login')
            Get-VerifikContext | Should -BeNullOrEmpty
        }
    }
}

Describe 'A code typed as a number' {
    BeforeAll {
        # Not 012345, the example the advice gives: the advice must not be mistaken for the code shown.
        $sandbox = Start-VerifikSandbox -ArgumentList '--otp', '004711', '--expose-log'
    }

    AfterAll {
        Disconnect-Verifik
        Stop-VerifikSandbox $sandbox
    }

    BeforeEach {
        Disconnect-Verifik
        $before = @(Get-ApiRequest -Sandbox $sandbox).Count
    }

    It 'keeps its leading zeros when typed right after -Code' {
        Connect-Verifik -Email ana@example.com -Code 004711 -BaseUri $sandbox.BaseUri

        (Get-VerifikContext).ClientId | Should -Be 'sandbox_ana'
    }

    It 'takes it as text in quotes' {
        Connect-Verifik -Email ana@example.com -Code '004711' -BaseUri $sandbox.BaseUri

        (Get-VerifikContext).ClientId | Should -Be 'sandbox_ana'
    }

    It 'refuses it <How>, with the advice to quote it and never its digits, before any request' -ForEach @(
        # PowerShell keeps no token text for these: the path every number takes when the token text cannot be read.
        @{ How = 'in parentheses'; Script = 'Connect-Verifik -Email ana@example.com -Code (004711) -BaseUri $u' }
        @{ How = 'from a variable'; Script = '$c = 004711; Connect-Verifik -Email ana@example.com -Code $c -BaseUri $u' }
        @{ How = 'splatted'; Script = '$p = @{ Email = ''ana@example.com''; Code = 004711; BaseUri = $u }; Connect-Verifik @p' }
        # The token text is there but is not the same digits: not trusted.
        @{ How = 'as hex (0x1267)'; Script = 'Connect-Verifik -Email ana@example.com -Code 0x1267 -BaseUri $u' }
        @{ How = 'as a fraction'; Script = 'Connect-Verifik -Email ana@example.com -Code 4711.5 -BaseUri $u' }
    ) {
        $run = Invoke-VerifikRunspace -ManifestPath $manifest -Variables @{ u = $sandbox.BaseUri } -Script "try { $Script -ErrorAction Stop } catch { `$_ }"

        $err = $run.Output[0]
        $err.FullyQualifiedErrorId | Should -Be 'VerifikCodeInvalid,Verifik.PowerShell.Commands.ConnectVerifikCommand'
        $err.CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::InvalidArgument)
        $err.TargetObject | Should -Be 'ana@example.com'
        $err.Exception.Message | Should -BeLike "*-Code '012345'*Nothing was sent."
        "$err $($err.Exception)" | Should -Not -BeLike '*4711*'
        @(Get-ApiRequest -Sandbox $sandbox -Skip $before) | Should -HaveCount 0
        Get-VerifikContext | Should -BeNullOrEmpty
    }

    It 'says how many digits a whole number had' {
        $err = { $c = 4711; Connect-Verifik -Email ana@example.com -Code $c -BaseUri $sandbox.BaseUri } | Should -Throw -PassThru

        $err.Exception.Message | Should -BeLike '*as a number of 4 digits, and Verifik''s codes have 6*'
    }
}

Describe 'A refused code whose time is up' {
    BeforeAll {
        # The sandbox says each code expires as it is sent.
        $sandbox = Start-VerifikSandbox -ArgumentList '--otp-lifetime-sec', '0', '--expose-log'
    }

    AfterAll {
        Disconnect-Verifik
        Stop-VerifikSandbox $sandbox
    }

    It 'is not asked for again: the sign-in ends with VerifikCodeRejected' {
        $promptHost = New-VerifikPromptHost -SecureAnswers '111111', '123456'
        $run = Invoke-VerifikRunspace -ManifestPath $manifest -PromptHost $promptHost -Variables @{ u = $sandbox.BaseUri } `
            -Script 'try { Connect-Verifik -Email ana@example.com -BaseUri $u -ErrorAction Stop } catch { $_ }'

        $run.Output[0].FullyQualifiedErrorId | Should -BeLike 'VerifikCodeRejected,*'
        $run.Output[0].Exception.Message | Should -BeLike '*Ask for a new code and sign in again.'
        $promptHost.UI.SecureReads | Should -Be 1
        $promptHost.UI.Text.ToString() | Should -BeLike '*which has already passed*'
        @(Get-ApiRequest -Sandbox $sandbox | ForEach-Object { $_.path }) | Should -Be @('/v2/projects/email-login', '/v2/projects/email-login/confirm')
        Get-VerifikContext | Should -BeNullOrEmpty
    }
}

Describe 'Sign-in requests are not repeated once they may have reached the API' {
    BeforeAll {
        $unavailable = Start-VerifikSandbox -ArgumentList '--expose-log', '--fault-kind', 'ServerError', '--fault-on', 'signin', '--fault-times', '1'
        $failing = Start-VerifikSandbox -ArgumentList '--expose-log', '--fault-kind', 'ServerErrorAfterBody', '--fault-on', 'signin', '--fault-times', '1'
    }

    AfterAll {
        Disconnect-Verifik
        Stop-VerifikSandbox $unavailable
        Stop-VerifikSandbox $failing
    }

    It 'retries a 503, but not a 500 after the code was taken' {
        $verbose = @(Connect-Verifik -Email ana@example.com -Code 123456 -BaseUri $unavailable.BaseUri -Verbose 4>&1)
        @(Get-ApiRequest -Sandbox $unavailable | ForEach-Object { $_.status }) | Should -Be @(503, 200)
        @($verbose | Where-Object { $_.Message -like 'Retrying ana@example.com: HTTP 503*' }) | Should -Not -BeNullOrEmpty

        Disconnect-Verifik
        $err = { Connect-Verifik -Email ana@example.com -Code 123456 -BaseUri $failing.BaseUri } | Should -Throw -PassThru

        $err.FullyQualifiedErrorId | Should -BeLike 'VerifikServerError,*'
        $err.Exception.OutcomeUnknown | Should -BeTrue
        $err.Exception.Message | Should -BeLike '*may or may not have been used up*'
        @(Get-ApiRequest -Sandbox $failing) | Should -HaveCount 1
        @((Get-VerifikSandboxLog -Sandbox $failing).Tokens) | Should -HaveCount 1
        Get-VerifikContext | Should -BeNullOrEmpty
    }
}

Describe 'Sign-in through a proxy' {
    BeforeAll {
        # A loopback proxy that challenges for Basic credentials once per connection, records each request head, then
        # refuses the tunnel (502).
        $proxy = Start-RecordingProxy -ChallengeBasic
        $proxyUri = $proxy.Uri
    }

    AfterAll {
        Disconnect-Verifik
        Stop-RecordingProxy $proxy
    }

    It 'tunnels sign-in requests through the proxy and answers its challenge' {
        $credential = [pscredential]::new('proxyuser', (ConvertTo-SecureString -String 's3cret' -AsPlainText -Force))
        $code = '913572'

        $err = { Connect-Verifik -Email ana@example.com -Code $code -BaseUri 'https://api.verifik.test' -Proxy $proxyUri -ProxyCredential $credential -MaxRetry 0 } |
            Should -Throw -PassThru

        $err.FullyQualifiedErrorId | Should -BeLike 'VerifikConnectionFailed,*'
        $err.CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::ConnectionError)
        $err.TargetObject | Should -Be 'ana@example.com'
        $seen = @($proxy.State.Heads.ToArray())
        $seen | Should -Not -BeNullOrEmpty
        $seen | ForEach-Object { $_ | Should -BeLike 'CONNECT api.verifik.test:443 *' }
        $basic = [Convert]::ToBase64String([System.Text.Encoding]::UTF8.GetBytes('proxyuser:s3cret'))
        @($seen | Where-Object { $_.Contains("Proxy-Authorization: Basic $basic") }) | Should -Not -BeNullOrEmpty
        @($seen | Where-Object { $_.Contains($code) }) | Should -BeNullOrEmpty
        Get-VerifikContext | Should -BeNullOrEmpty
    }
}

Describe 'The secrets of a sign-in' {
    BeforeAll {
        $code = '738291'
        $seed = New-SeedFile -Path (Join-Path $TestDrive 'r1.json') -Record @((New-FlatRecord -Id 'r1'))
        $sandbox = Start-VerifikSandbox -ArgumentList '--seed-file', $seed, '--expose-log', '--otp', $code
        $truncating = Start-VerifikSandbox -ArgumentList '--expose-log', '--otp', $code, '--fault-kind', 'TruncatedBody', '--fault-on', 'signin', '--fault-times', '1'
        $retrying = Start-VerifikSandbox -ArgumentList '--expose-log', '--otp', $code, '--fault-kind', 'ServerError', '--fault-on', 'signin', '--fault-times', '1'
        $failing = Start-VerifikSandbox -ArgumentList '--expose-log', '--otp', $code, '--fault-kind', 'ServerErrorAfterBody', '--fault-on', 'signin', '--fault-times', '1'
    }

    AfterAll {
        Disconnect-Verifik
        Stop-VerifikSandbox $sandbox
        Stop-VerifikSandbox $truncating
        Stop-VerifikSandbox $retrying
        Stop-VerifikSandbox $failing
    }

    It 'shows the code, the tokens and the otp hashes in no stream, error, object or view' {
        $seen = [System.Collections.Generic.List[string]]::new()
        $prefix = '$VerbosePreference = ''Continue''; $DebugPreference = ''Continue''; $InformationPreference = ''Continue''; '
        $dumpErrors = '$Error | ForEach-Object { $_ | Format-List * -Force | Out-String -Width 400; $_.Exception | Format-List * -Force | Out-String -Width 400; $_.Exception.ToString() }'
        function Invoke-Story([string]$Script, $PromptHost, $Uri = $sandbox.BaseUri) {
            $run = Invoke-VerifikRunspace -ManifestPath $manifest -PromptHost $PromptHost -Variables @{ u = $Uri; code = $code; wrong = '111111' } `
                -Script ($prefix + '$all = & { ' + $Script + ' } *>&1; $all | Out-String -Width 400; $all | ForEach-Object { $_ | Format-List * -Force | Out-String -Width 400 }; ' + $dumpErrors)
            foreach ($item in @($run.Output) + @($run.Errors) + @($run.Verbose) + @($run.Debug) + @($run.Warnings)) { $seen.Add([string]$item) }
        }

        $promptHost = New-VerifikPromptHost -SecureAnswer $code
        Invoke-Story 'Connect-Verifik -Email ana@example.com -BaseUri $u -PassThru -Verbose -Debug' -PromptHost $promptHost
        Invoke-Story 'Connect-Verifik -Phone 3001234567 -CountryCode +57 -BaseUri $u -ReturnConnection -Verbose -Debug' -PromptHost $promptHost
        Invoke-Story 'Connect-Verifik -Phone 3001234567 -CountryCode +57 -BaseUri $u -Verbose -Debug'
        Invoke-Story '$c = Connect-Verifik -Phone 3001234567 -CountryCode +57 -Code $code -BaseUri $u -ReturnConnection -Verbose -Debug; $c; Get-VerifikDocumentLiveness -Id r1 -Connection $c -Verbose -Debug'
        Invoke-Story 'Connect-Verifik -Email ana@example.com -Code $wrong -BaseUri $u -Verbose -Debug'
        Invoke-Story 'Connect-Verifik -Phone 3001234567 -CountryCode +57 -BaseUri $u -Verbose -Debug' -Uri $truncating.BaseUri
        Invoke-Story 'Connect-Verifik -Phone 3001234567 -CountryCode +57 -Code $code -BaseUri $u -Verbose -Debug' -Uri $retrying.BaseUri
        Invoke-Story 'Connect-Verifik -Email ana@example.com -Code $code -BaseUri $u -Verbose -Debug' -Uri $failing.BaseUri
        Invoke-Story 'Get-VerifikContext | Format-List | Out-String; Get-VerifikAccessToken -Verbose -Debug; $p = Get-VerifikAccessToken -AsPlainText -Verbose -Debug; $p | Format-List | Out-String; $p | Format-Table | Out-String; "$p"'
        Invoke-Story 'Disconnect-Verifik -Verbose -Debug'
        $seen.Add($promptHost.UI.Text.ToString())

        $secrets = [System.Collections.Generic.List[string]]::new()
        $secrets.Add($code)
        $tokens = @(); $hashes = @()
        foreach ($s in $sandbox, $truncating, $retrying, $failing) {
            $log = Get-VerifikSandboxLog -Sandbox $s
            $tokens += @($log.Tokens)
            $hashes += @($log.OtpHashes)
        }
        $tokens | Should -HaveCount 5
        $hashes | Should -HaveCount 3
        foreach ($t in $tokens) { $secrets.Add($t); $secrets.Add('.' + $t.Split('.')[2] + '.'); $secrets.Add($t.Split('.')[1]) }
        foreach ($h in $hashes) { $secrets.Add($h); $secrets.Add($h.Substring($h.Length - 26)) }

        $all = $seen -join "`n"
        foreach ($expected in 'Verifik sent a one-time code', 'Confirming the one-time code', 'Retrying', 'VerifikCodeRequired', 'VerifikCodeRejected',
            'InvalidVerifikResponse', 'VerifikServerError', "status 'sent'", 'Bearer ****') {
            $all.Contains($expected) | Should -BeTrue -Because "the stories should have produced '$expected'"
        }
        foreach ($secret in $secrets) {
            $all.Contains($secret) | Should -BeFalse -Because 'no secret may be shown'
        }
    }
}

Describe 'Tokens, codes and answers too long to hold' {
    BeforeAll {
        $sandbox = Start-VerifikSandbox -ArgumentList '--expose-log'
        $huge = Start-VerifikSandbox -ArgumentList '--expose-log', '--fault-kind', 'HugeAccessToken', '--fault-on', 'signin'
        $long = 'A' * 70000
    }

    AfterAll {
        Disconnect-Verifik
        Stop-VerifikSandbox $sandbox
        Stop-VerifikSandbox $huge
    }

    BeforeEach {
        Disconnect-Verifik
        $before = @(Get-ApiRequest -Sandbox $sandbox).Count
    }

    It 'refuses a -Token of 70,000 characters <As> with VerifikTokenInvalid, naming its length and the limit' -ForEach @(
        @{ As = 'as a string'; Secure = $false }
        @{ As = 'with spaces around it'; Secure = $false; Padded = $true }
    ) {
        $given = if ($Padded) { "  $long`n" } else { $long }
        $err = { Connect-Verifik -Token $given -BaseUri $sandbox.BaseUri } | Should -Throw -PassThru

        $err.FullyQualifiedErrorId | Should -Be 'VerifikTokenInvalid,Verifik.PowerShell.Commands.ConnectVerifikCommand'
        $err.CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::InvalidArgument)
        $err.TargetObject | Should -BeNullOrEmpty
        $err.Exception.Message | Should -Match 'The token is 70.000 characters long, and a token has at most 65.536'
        $err.ToString() | Should -Not -BeLike '*AAAAAAAA*'
        @(Get-ApiRequest -Sandbox $sandbox -Skip $before) | Should -HaveCount 0
        Get-VerifikContext | Should -BeNullOrEmpty
    }

    It 'refuses a VERIFIK_TOKEN of 70,000 characters with VerifikTokenInvalid' {
        $saved = $env:VERIFIK_TOKEN
        try {
            $env:VERIFIK_TOKEN = $long
            $err = { Connect-Verifik -BaseUri $sandbox.BaseUri } | Should -Throw -PassThru
        }
        finally {
            $env:VERIFIK_TOKEN = $saved
        }

        $err.FullyQualifiedErrorId | Should -Be 'VerifikTokenInvalid,Verifik.PowerShell.Commands.ConnectVerifikCommand'
        $err.Exception.Message | Should -Match 'The token is 70.000 characters long'
        @(Get-ApiRequest -Sandbox $sandbox -Skip $before) | Should -HaveCount 0
    }

    It 'refuses a -Code of <Length> characters with VerifikCodeInvalid, before any request' -ForEach @(
        @{ Length = 70000 }
        @{ Length = 257 }
    ) {
        $code = '7' * $Length
        $err = { Connect-Verifik -Email ana@example.com -Code $code -BaseUri $sandbox.BaseUri } | Should -Throw -PassThru

        $err.FullyQualifiedErrorId | Should -Be 'VerifikCodeInvalid,Verifik.PowerShell.Commands.ConnectVerifikCommand'
        $err.CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::InvalidArgument)
        $err.TargetObject | Should -Be 'ana@example.com'
        $err.Exception.Message | Should -Match ('The one-time code is {0} characters long, and a code has at most 256' -f ($Length.ToString('N0') -replace '\D', '.'))
        $err.ToString() | Should -Not -BeLike '*7777777*'
        @(Get-ApiRequest -Sandbox $sandbox -Skip $before) | Should -HaveCount 0
    }

    It 'takes a -Code of 256 characters to the API' {
        $err = { Connect-Verifik -Email ana@example.com -Code ('7' * 256) -BaseUri $sandbox.BaseUri } | Should -Throw -PassThru

        $err.FullyQualifiedErrorId | Should -BeLike 'VerifikCodeRejected,*'
        @(Get-ApiRequest -Sandbox $sandbox -Skip $before) | Should -HaveCount 1
    }

    It 'makes a 15 MB access token in the sign-in answer InvalidVerifikResponse, naming its length' {
        $err = { Connect-Verifik -Email ana@example.com -Code 123456 -BaseUri $huge.BaseUri } | Should -Throw -PassThru

        $err.FullyQualifiedErrorId | Should -Be 'InvalidVerifikResponse,Verifik.PowerShell.Commands.ConnectVerifikCommand'
        $err.CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::InvalidData)
        $err.TargetObject | Should -Be 'ana@example.com'
        $err.Exception.Message | Should -Match 'its access token is 15.728.640 characters long, and a token has at most 65.536'
        $err.ToString() | Should -Not -BeLike '*AAAAAAAA*'
        Get-VerifikContext | Should -BeNullOrEmpty
    }
}

Describe 'A sign-in answer with escape sequences and a forged command' {
    BeforeAll {
        # Step 1's phoneGateway and status hold ESC [ … m, an OSC title, a C1 CSI, CR LF and "Finish the sign-in with: …".
        $sandbox = Start-VerifikSandbox -ArgumentList '--expose-log', '--fault-kind', 'HostileSignIn', '--fault-on', 'signin'

        function Assert-NoControlCharacter {
            # Every line (split at the host's own line ends) is free of C0, DEL and C1 controls.
            param([string[]]$Text, [string]$Because)
            foreach ($line in @($Text) -split "`r?`n") {
                $line | Should -Not -Match '[\x00-\x1F\x7F-\x9F]' -Because $Because
            }
        }
    }

    AfterAll {
        Disconnect-Verifik
        Stop-VerifikSandbox $sandbox
    }

    It 'shows none of it in the VerifikCodeRequired message, its RecommendedAction, -Verbose or -Debug' {
        $run = Invoke-VerifikRunspace -ManifestPath $manifest -Variables @{ u = $sandbox.BaseUri } `
            -Script 'try { Connect-Verifik -Phone 3001234567 -CountryCode +57 -BaseUri $u -Verbose -Debug -ErrorAction Stop } catch { $_ }'

        $err = $run.Output[0]
        $err.FullyQualifiedErrorId | Should -BeLike 'VerifikCodeRequired,*'
        $finish = "Connect-Verifik -Phone 3001234567 -CountryCode +57 -BaseUri $($sandbox.BaseUri) -Code <code>"
        $err.ErrorDetails.RecommendedAction | Should -Be $finish
        $err.Exception.Message | Should -BeLike "Verifik sent a one-time code to +57 3001234567 by phone; *Finish the sign-in with: $finish"
        ([regex]::Matches($err.Exception.Message, 'Finish the sign-in with')).Count | Should -Be 1
        $err.Exception.Message | Should -Not -BeLike '*forged*'
        $run.Debug | Should -Not -BeNullOrEmpty
        # -Debug shows what the server said, escaped, on its one line.
        @($run.Debug | Where-Object { $_.StartsWith("The code request was answered with status 'sent\x1B]0;pwned\x07\x9B2J\x0ADEBUG: forged', channel '\x1B[8mwhatsapp") }) |
            Should -HaveCount 1
        foreach ($shown in @($err.Exception.Message, $err.ErrorDetails.Message, $err.ErrorDetails.RecommendedAction) + @($run.Verbose) + @($run.Debug) + @($run.Warnings)) {
            Assert-NoControlCharacter -Text $shown -Because 'server text is escaped wherever it is shown'
        }
    }

    It 'shows none of it at the prompt, and signs in' {
        $promptHost = New-VerifikPromptHost -SecureAnswer '123456'
        $run = Invoke-VerifikRunspace -ManifestPath $manifest -PromptHost $promptHost -Variables @{ u = $sandbox.BaseUri } `
            -Script 'Connect-Verifik -Phone 3001234567 -CountryCode +57 -BaseUri $u -ReturnConnection'

        $run.Errors | Should -HaveCount 0
        $run.Output[0].ClientId | Should -Be 'sandbox_luis'
        $text = $promptHost.UI.Text.ToString()
        $text | Should -BeLike 'Verifik sent a one-time code to +57 3001234567 by phone; it expires at *'
        $text | Should -Not -BeLike '*Finish the sign-in*'
        Assert-NoControlCharacter -Text $text -Because 'the prompt shows no server control character'
    }
}

Describe 'Sign-in step 1 answered HTTP <_> after Verifik took it' -ForEach 520, 524 {
    BeforeAll {
        # The code request is processed (a code is sent), then the answer is a 520/524: a gateway's word, no proof of a refusal.
        $sandbox = Start-VerifikSandbox -ArgumentList '--expose-log', '--fault-kind', 'ServerErrorAfterBody', '--fault-status', "$_", '--fault-on', 'signin', '--fault-times', '1'
    }

    AfterAll {
        Disconnect-Verifik
        Stop-VerifikSandbox $sandbox
    }

    It 'is never sent again, and the error says the code may have been sent' {
        $run = Invoke-VerifikRunspace -ManifestPath $manifest -Variables @{ u = $sandbox.BaseUri } `
            -Script 'try { Connect-Verifik -Email ana@example.com -BaseUri $u -MaxRetry 3 -ErrorAction Stop } catch { $_ }'

        $err = $run.Output[0]
        $err | Should -BeOfType ([System.Management.Automation.ErrorRecord])
        $err.TargetObject | Should -Be 'ana@example.com'
        $err.Exception.OutcomeUnknown | Should -BeTrue
        $err.Exception.Message | Should -BeLike '*may or may not have reached Verifik; it was not sent again, so that no second code is sent*'
        @((Get-VerifikSandboxLog -Sandbox $sandbox).Arrivals) | Should -Be @('POST /v2/projects/email-login')
        Get-VerifikContext | Should -BeNullOrEmpty
    }
}
