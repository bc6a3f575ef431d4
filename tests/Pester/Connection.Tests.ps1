# Connect-Verifik, Get-VerifikContext and Disconnect-Verifik through real pwsh, against the loopback sandbox
# (the twin of tests/Engine/ConnectionTests.cs). The sandbox runs with its default samples, which include
# the documented flat record 68a8bf34d8207d5f3357b643.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-VerifikModule
}

Describe 'Connecting to Verifik' {
    BeforeAll {
        $sandbox = Start-VerifikSandbox
        $token = $sandbox.Token
        $baseUri = $sandbox.BaseUri
        $flatId = '68a8bf34d8207d5f3357b643'
        $sampleIds = @('68a8bf34d8207d5f3357b643', '68a8bf34d8207d5f3357b644', '68a8bf34d8207d5f3357b645', 'document_liveness_123456789')
        $tokenHint = '****' + $token.Substring($token.Length - 4)
    }

    AfterAll {
        Disconnect-Verifik
        Stop-VerifikSandbox $sandbox
    }

    BeforeEach {
        # The connection is process-wide: every test starts disconnected.
        Disconnect-Verifik
    }

    Context 'The token' {
        It 'accepts -Token as a plain string' -Tag 'Twin:ConnectionTests.A_plain_string_token_connects_and_fetches' {
            Connect-Verifik -Token $token -BaseUri $baseUri

            $record = Get-VerifikDocumentLiveness -Id $flatId
            $record | Should -HaveCount 1
            $record.Id | Should -Be $flatId
        }

        It 'accepts -Token as a SecureString' -Tag 'Twin:ConnectionTests.A_plain_string_token_is_accepted_and_so_is_a_SecureString' {
            $secure = ConvertTo-SecureString -String $token -AsPlainText -Force
            Connect-Verifik -Token $secure -BaseUri $baseUri

            $record = Get-VerifikDocumentLiveness -Id $flatId
            $record | Should -HaveCount 1
            $record.Id | Should -Be $flatId
        }

        It 'outputs nothing unless -PassThru is given, then the context' -Tag 'Twin:ConnectionTests.Connect_writes_nothing_without_PassThru_and_the_context_with_it' {
            @(Connect-Verifik -Token $token -BaseUri $baseUri) | Should -HaveCount 0

            $context = Connect-Verifik -Token $token -BaseUri $baseUri -PassThru
            $context | Should -HaveCount 1
            $context.ClientId | Should -Be 'sandbox_client'
        }

        It 'reads the token and the base URI from VERIFIK_TOKEN and VERIFIK_BASE_URI' -Tag 'Twin:ConnectionTests.Token_and_base_uri_come_from_the_environment_when_not_given' {
            $savedToken = $env:VERIFIK_TOKEN
            $savedBaseUri = $env:VERIFIK_BASE_URI
            try {
                $env:VERIFIK_TOKEN = $token
                $env:VERIFIK_BASE_URI = $baseUri

                $context = Connect-Verifik -PassThru
                $context.BaseUri.AbsoluteUri | Should -Be $baseUri
                $context.ClientId | Should -Be 'sandbox_client'
                (Get-VerifikDocumentLiveness -Id $flatId).Id | Should -Be $flatId
            }
            finally {
                # Assigning $null removes the variable again when it was not set before.
                $env:VERIFIK_TOKEN = $savedToken
                $env:VERIFIK_BASE_URI = $savedBaseUri
            }
        }

        It 'refuses an expired token before any request, with VerifikTokenExpired' -Tag 'Twin:ConnectionTests.An_expired_token_throws_a_terminating_VerifikTokenExpired_that_does_not_show_the_token', 'Twin:ConnectionTests.An_expired_token_is_refused_before_any_request' {
            $expired = New-TestJwt -ClientId 'c' -ExpiresOn ([DateTimeOffset]::UtcNow.AddHours(-1))

            $err = { Connect-Verifik -Token $expired -BaseUri $baseUri } | Should -Throw -PassThru

            $err.FullyQualifiedErrorId | Should -BeLike 'VerifikTokenExpired*'
            $err.CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::AuthenticationError)
            $err.Exception.Message | Should -BeLike '*expired*'
            $err.ToString().Contains($expired) | Should -BeFalse
            @(Get-VerifikContext) | Should -HaveCount 0
        }

        It 'connects with a warning when the token expires within a day (5 hours here)' -Tag 'Twin:ConnectionTests.A_token_expiring_within_a_day_connects_with_a_warning' {
            $soon = New-TestJwt -ClientId 'c' -ExpiresOn ([DateTimeOffset]::UtcNow.AddHours(5))

            # A token the sandbox does not know: not checked with it.
            Connect-Verifik -Token $soon -BaseUri $baseUri -SkipValidation -WarningVariable warnings -WarningAction SilentlyContinue

            $warnings | Should -HaveCount 1
            $warnings[0].Message | Should -BeLike '*expires in*'
            $context = Get-VerifikContext
            $context | Should -HaveCount 1
            $context.ClientId | Should -Be 'c'
        }

        It 'makes a token the API refuses, connected with -SkipValidation, a terminating AuthenticationError on first use that does not show the token' -Tag 'Twin:ConnectionTests.A_refused_token_throws_a_terminating_AuthenticationError_that_does_not_show_the_token', 'Twin:DocumentLivenessTests.A_wrong_token_is_a_terminating_AuthenticationError_that_does_not_show_the_token' {
            $wrong = New-TestJwt -ClientId 'someone_else' -ExpiresOn ([DateTimeOffset]::UtcNow.AddDays(10))
            Connect-Verifik -Token $wrong -BaseUri $baseUri -SkipValidation

            $err = { $sampleIds | Get-VerifikDocumentLiveness } | Should -Throw -PassThru

            $err.CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::AuthenticationError)
            $err.FullyQualifiedErrorId | Should -BeLike 'VerifikTokenRefused*'
            $err.Exception.Message | Should -BeLike '*Connect-Verifik*'
            $err.Exception.Message.Contains($wrong) | Should -BeFalse
            $err.ToString().Contains($wrong) | Should -BeFalse
            $err.Exception.ToString().Contains($wrong) | Should -BeFalse
        }
    }

    Context 'The base URI' {
        It 'refuses plain http to <Address> (InsecureBaseUri)' -Tag 'Twin:ConnectionTests.Plain_http_to_another_host_throws_a_terminating_InsecureBaseUri' -ForEach @(
            @{ Address = 'http://example.com' }
            @{ Address = 'http://api.verifik.co' }
            @{ Address = 'http://10.1.2.3:8080' }
        ) {
            $err = { Connect-Verifik -Token $token -BaseUri $Address } | Should -Throw -PassThru

            $err.FullyQualifiedErrorId | Should -BeLike 'InsecureBaseUri*'
            $err.CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::InvalidArgument)
            @(Get-VerifikContext) | Should -HaveCount 0
        }

        It 'accepts <Address>' -Tag 'Twin:ConnectionTests.An_accepted_base_uri_shows_in_the_context_with_a_trailing_slash' -ForEach @(
            @{ Address = 'http://127.0.0.1:1'; Expected = 'http://127.0.0.1:1/' }
            @{ Address = 'http://localhost:5080'; Expected = 'http://localhost:5080/' }
            @{ Address = 'http://[::1]:5080'; Expected = 'http://[::1]:5080/' }
            @{ Address = 'https://api.verifik.co'; Expected = 'https://api.verifik.co/' }
        ) {
            # With -SkipValidation, Connect-Verifik sends nothing, so nothing needs to listen there.
            { Connect-Verifik -Token $token -BaseUri $Address -SkipValidation } | Should -Not -Throw

            (Get-VerifikContext).BaseUri.AbsoluteUri | Should -Be $Expected
        }
    }

    Context 'Get-VerifikContext and Disconnect-Verifik' {
        It 'shows the base URI, the client id and a masked hint of the token' -Tag 'Twin:ConnectionTests.Connect_then_context_shows_the_connection_but_never_the_token' {
            Connect-Verifik -Token $token -BaseUri $baseUri

            $context = Get-VerifikContext
            $context | Should -HaveCount 1
            $context.BaseUri.AbsoluteUri | Should -Be $baseUri
            $context.ClientId | Should -Be 'sandbox_client'
            $context.TokenHint | Should -Be $tokenHint
            $context.TokenExpiresOn | Should -Be ([datetime]::new(2100, 1, 1, 0, 0, 0, [System.DateTimeKind]::Utc))
        }

        It 'never shows the token, whichever way the context is formatted' -Tag 'Twin:ConnectionTests.The_context_shows_no_token_in_its_view_its_text_or_any_property' {
            Connect-Verifik -Token $token -BaseUri $baseUri

            $list = Get-VerifikContext | Format-List | Out-String
            $list.Contains($token) | Should -BeFalse
            $list | Should -Match 'sandbox_client'
            $list | Should -Match ([regex]::Escape($tokenHint))

            $all = Get-VerifikContext | Format-List -Property * | Out-String
            $all.Contains($token) | Should -BeFalse
            $table = Get-VerifikContext | Format-Table -Property * | Out-String -Width 400
            $table.Contains($token) | Should -BeFalse
            "$(Get-VerifikContext)".Contains($token) | Should -BeFalse
            (Get-VerifikContext | ConvertTo-Json -Depth 3 -WarningAction SilentlyContinue).Contains($token) | Should -BeFalse
        }

        It 'forgets the connection: Get-VerifikContext then returns nothing, and no error' -Tag 'Twin:ConnectionTests.Disconnect_forgets_the_token_and_context_is_then_empty_without_error' {
            Connect-Verifik -Token $token -BaseUri $baseUri

            Disconnect-Verifik -ErrorVariable disconnectErrors
            $after = @(Get-VerifikContext -ErrorVariable contextErrors)

            $after | Should -HaveCount 0
            $disconnectErrors | Should -HaveCount 0
            $contextErrors | Should -HaveCount 0
        }

        It 'is quiet when disconnecting while not connected' -Tag 'Twin:ConnectionTests.Disconnecting_while_not_connected_is_quiet_even_with_ErrorAction_Stop' {
            { Disconnect-Verifik -ErrorAction Stop } | Should -Not -Throw
            { Get-VerifikContext -ErrorAction Stop } | Should -Not -Throw
            @(Get-VerifikContext) | Should -HaveCount 0
        }

        It 'makes Get-VerifikDocumentLiveness throw an error that names Connect-Verifik when not connected' -Tag 'Twin:ConnectionTests.Not_connected_is_a_terminating_error_that_names_Connect_Verifik' {
            $err = { Get-VerifikDocumentLiveness -Id 'x' } | Should -Throw -ExpectedMessage '*Connect-Verifik*' -PassThru

            $err.FullyQualifiedErrorId | Should -BeLike 'VerifikNotConnected*'
            $err.CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::AuthenticationError)
        }
    }

    Context 'Runspaces' {
        It 'serves every ForEach-Object -Parallel runspace after one Connect-Verifik' -Tag 'Twin:ConnectionTests.One_connect_serves_ForEach_Object_Parallel_runspaces' -Skip:($PSVersionTable.PSVersion.Major -lt 7) {
            Connect-Verifik -Token $token -BaseUri $baseUri
            $manifest = Get-VerifikManifestPath

            # Each parallel runspace imports the module (an installed module would auto-load); none connects.
            $ids = $sampleIds | ForEach-Object -Parallel {
                Import-Module -Name $using:manifest
                (Get-VerifikDocumentLiveness -Id $_ -ErrorAction Stop).Id
            } -ThrottleLimit 4 -ErrorVariable parallelErrors

            $parallelErrors | Should -HaveCount 0
            @($ids | Sort-Object) | Should -Be @($sampleIds | Sort-Object)
        }
    }
}

Describe 'Connect-Verifik checks a given token with the API' {
    BeforeAll {
        $sandbox = Start-VerifikSandbox -ArgumentList '--expose-log'
        $token = $sandbox.Token
        $baseUri = $sandbox.BaseUri
        $wrong = New-TestJwt -ClientId 'someone_else' -ExpiresOn ([DateTimeOffset]::UtcNow.AddDays(10))

        function Get-NewRequest {
            # The requests the sandbox logged after the first $Skip.
            param($Sandbox, [int]$Skip)
            @((Get-VerifikSandboxLog -Sandbox $Sandbox).Requests | Select-Object -Skip $Skip)
        }

        function Invoke-Connect {
            # Runs Connect-Verifik with every stream captured: Text (all of it, formatted), Connections, Warnings, Verbose, and Error (the terminating one).
            param([scriptblock]$Command)
            $failure = $null
            $all = @(try { & $Command *>&1 } catch { $failure = $_ })
            [pscustomobject]@{
                Error       = $failure
                Connections = @($all | Where-Object { $_ -is [Verifik.PowerShell.VerifikContext] })
                Warnings = @($all | Where-Object { $_ -is [System.Management.Automation.WarningRecord] } | ForEach-Object Message)
                Verbose  = @($all | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
                Text     = (@($all) + @($failure) | ForEach-Object { $_ | Format-List * -Force | Out-String -Width 400; "$_" }) -join "`n"
            }
        }
    }

    AfterAll {
        Disconnect-Verifik
        Stop-VerifikSandbox $sandbox
    }

    BeforeEach {
        Disconnect-Verifik
        $log = Get-VerifikSandboxLog -Sandbox $sandbox
        $before = @($log.Requests).Count
        $arrivedBefore = @($log.Arrivals).Count
    }

    It 'sends one GET of the first listed record with the token, and -Verbose says what was sent' {
        $run = Invoke-Connect { Connect-Verifik -Token $token -BaseUri $baseUri -Verbose }

        $run.Error | Should -BeNullOrEmpty
        $requests = Get-NewRequest -Sandbox $sandbox -Skip $before
        $requests | Should -HaveCount 1
        $requests[0].method | Should -Be 'GET'
        $requests[0].path | Should -Be '/v2/document-liveness'
        $requests[0].query | Should -Be '?page=1&limit=1'
        $requests[0].tokenId | Should -Be (Get-VerifikTokenId -Token $token)
        $run.Verbose | Should -Contain "Checking the token with the API: GET ${baseUri}v2/document-liveness?page=1&limit=1 (the first record of the listing)."
        $run.Verbose | Should -Contain 'The API accepted the token (HTTP 200).'
        $run.Warnings | Should -HaveCount 0
        (Get-VerifikContext).ClientId | Should -Be 'sandbox_client'
    }

    It 'refuses a token the API refuses (HTTP 401) with a terminating VerifikTokenRefused that never shows it, and keeps the default connection' {
        Connect-Verifik -Token $token -BaseUri $baseUri
        $before = @((Get-VerifikSandboxLog -Sandbox $sandbox).Requests).Count

        $run = Invoke-Connect { Connect-Verifik -Token $wrong -BaseUri $baseUri -PassThru -Verbose -Debug }

        $run.Error.FullyQualifiedErrorId | Should -Be 'VerifikTokenRefused,Verifik.PowerShell.Commands.ConnectVerifikCommand'
        $run.Error.CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::AuthenticationError)
        $run.Error.TargetObject | Should -BeNullOrEmpty
        $run.Error.Exception.StatusCode | Should -Be 401
        $run.Error.Exception.Message | Should -BeLike '*refused the token (HTTP 401*'
        $run.Text | Should -BeLike '*VerifikTokenRefused*'
        foreach ($part in $wrong, $wrong.Split('.')[1], $wrong.Split('.')[2]) { $run.Text.Contains($part) | Should -BeFalse }
        @(Get-NewRequest -Sandbox $sandbox -Skip $before | ForEach-Object tokenId) | Should -Be @(Get-VerifikTokenId -Token $wrong)
        (Get-VerifikContext).ClientId | Should -Be 'sandbox_client'
    }

    It 'refuses a wrong token from VERIFIK_TOKEN, and writes no connection with -ReturnConnection' {
        $saved = $env:VERIFIK_TOKEN
        try {
            $env:VERIFIK_TOKEN = $wrong
            $run = Invoke-Connect { Connect-Verifik -BaseUri $baseUri -ReturnConnection }
        }
        finally {
            $env:VERIFIK_TOKEN = $saved
        }

        $run.Error.FullyQualifiedErrorId | Should -BeLike 'VerifikTokenRefused,*'
        $run.Connections | Should -HaveCount 0
        @(Get-NewRequest -Sandbox $sandbox -Skip $before) | Should -HaveCount 1
        Get-VerifikContext | Should -BeNullOrEmpty
    }

    It 'refuses a token the API answers with HTTP 403 (expired on its side) the same way' {
        $forbidding = Start-VerifikSandbox -ArgumentList '--fault-kind', 'Forbidden', '--fault-on', 'list'
        try {
            $run = Invoke-Connect { Connect-Verifik -Token $forbidding.Token -BaseUri $forbidding.BaseUri }
        }
        finally {
            Stop-VerifikSandbox $forbidding
        }

        $run.Error.FullyQualifiedErrorId | Should -Be 'VerifikTokenRefused,Verifik.PowerShell.Commands.ConnectVerifikCommand'
        $run.Error.CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::AuthenticationError)
        $run.Error.Exception.StatusCode | Should -Be 403
        $run.Error.Exception.Message | Should -BeLike '*token_expired*'
        Get-VerifikContext | Should -BeNullOrEmpty
    }

    It 'connects with a warning that the token could not be checked when <Case>' -ForEach @(
        @{ Case = 'nothing listens at the address'; Arguments = $null; Extra = @{}; Says = '*connection to 127.0.0.1 failed*' }
        @{ Case = 'the API fails (HTTP 500)'; Arguments = @('--fault-kind', 'ServerError', '--fault-status', '500', '--fault-on', 'list'); Extra = @{}; Says = '*HTTP 500*' }
        @{ Case = 'the answer is no listing'; Arguments = @('--fault-kind', 'WrongContentType', '--fault-on', 'list'); Extra = @{}; Says = '*not the documented JSON*' }
        @{ Case = 'no answer comes within -TimeoutSec'; Arguments = @('--fault-kind', 'Slow', '--fault-on', 'list', '--fault-delay-ms', '60000'); Extra = @{ TimeoutSec = 1 }; Says = '*no complete answer within 1 s*' }
    ) {
        $server = if ($Arguments) { Start-VerifikSandbox -ArgumentList $Arguments } else { $null }
        try {
            $uri = if ($server) { $server.BaseUri } else { 'http://127.0.0.1:{0}/' -f (Get-FreeTcpPort) }
            $run = Invoke-Connect { Connect-Verifik -Token $token -BaseUri $uri -MaxRetry 0 @Extra }
        }
        finally {
            Stop-VerifikSandbox $server
        }

        $run.Error | Should -BeNullOrEmpty
        $run.Warnings | Should -HaveCount 1
        $run.Warnings[0] | Should -BeLike 'The token could not be checked: *'
        $run.Warnings[0] | Should -BeLike $Says
        $run.Warnings[0] | Should -BeLike '*Connected anyway*'
        $run.Text.Contains($token) | Should -BeFalse
        (Get-VerifikContext).BaseUri.AbsoluteUri | Should -Be $uri
    }

    It 'sends nothing with -SkipValidation, and says so with -Verbose' {
        $run = Invoke-Connect { Connect-Verifik -Token $wrong -BaseUri $baseUri -SkipValidation -Verbose }

        $run.Error | Should -BeNullOrEmpty
        $run.Warnings | Should -HaveCount 0
        $run.Verbose | Should -Contain 'The token was not checked with the API (-SkipValidation); the first request will show whether the API accepts it.'
        @(Get-NewRequest -Sandbox $sandbox -Skip $before) | Should -HaveCount 0
        (Get-VerifikContext).ClientId | Should -Be 'someone_else'
        @((Get-VerifikSandboxLog -Sandbox $sandbox).Arrivals) | Should -HaveCount $arrivedBefore
    }

    It 'refuses an expired token before any request, the check included' {
        $expired = New-TestJwt -ClientId 'sandbox_client' -ExpiresOn ([DateTimeOffset]::UtcNow.AddMinutes(-1))

        $run = Invoke-Connect { Connect-Verifik -Token $expired -BaseUri $baseUri }

        $run.Error.FullyQualifiedErrorId | Should -BeLike 'VerifikTokenExpired,*'
        @((Get-VerifikSandboxLog -Sandbox $sandbox).Arrivals) | Should -HaveCount $arrivedBefore
    }
}
