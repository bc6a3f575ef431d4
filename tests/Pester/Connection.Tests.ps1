# Connect-Verifik, Get-VerifikContext and Disconnect-Verifik through real pwsh, against the loopback sandbox. The
# sandbox runs with its default samples, which include the documented flat record 68a8bf34d8207d5f3357b643, and
# with --expose-log, so a story can check what reached it.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-VerifikModule
}

Describe 'Connecting to Verifik' {
    BeforeAll {
        $sandbox = Start-VerifikSandbox -ArgumentList '--expose-log'
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
        $before = @((Get-VerifikSandboxLog -Sandbox $sandbox).Arrivals).Count
        $newArrivals = { @((Get-VerifikSandboxLog -Sandbox $sandbox).Arrivals | Select-Object -Skip $before) }
    }

    Context 'The token' {
        It 'accepts -Token as a plain string' {
            Connect-Verifik -Token $token -BaseUri $baseUri

            $record = Get-VerifikDocumentLiveness -Id $flatId
            $record | Should -HaveCount 1
            $record.Id | Should -Be $flatId
        }

        It 'accepts -Token as a SecureString' {
            $secure = ConvertTo-SecureString -String $token -AsPlainText -Force
            Connect-Verifik -Token $secure -BaseUri $baseUri

            $record = Get-VerifikDocumentLiveness -Id $flatId
            $record | Should -HaveCount 1
            $record.Id | Should -Be $flatId
        }

        It 'outputs nothing unless -PassThru is given, then the context' {
            @(Connect-Verifik -Token $token -BaseUri $baseUri) | Should -HaveCount 0

            $context = Connect-Verifik -Token $token -BaseUri $baseUri -PassThru
            $context | Should -HaveCount 1
            $context.ClientId | Should -Be 'sandbox_client'
        }

        It 'reads the token and the base URI from VERIFIK_TOKEN and VERIFIK_BASE_URI' {
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

        It 'refuses an expired token before any request, with VerifikTokenExpired' {
            $expired = New-TestJwt -ClientId 'c' -ExpiresOn ([DateTimeOffset]::UtcNow.AddHours(-1))

            $err = { Connect-Verifik -Token $expired -BaseUri $baseUri } | Should -Throw -PassThru

            $err.FullyQualifiedErrorId | Should -BeLike 'VerifikTokenExpired*'
            $err.CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::AuthenticationError)
            $err.Exception.Message | Should -BeLike '*expired*'
            $err.ToString().Contains($expired) | Should -BeFalse
            @(Get-VerifikContext) | Should -HaveCount 0
            & $newArrivals | Should -HaveCount 0
        }

        It 'connects with a warning when the token expires within a day (5 hours here)' {
            $soon = New-TestJwt -ClientId 'c' -ExpiresOn ([DateTimeOffset]::UtcNow.AddHours(5))

            # A token the sandbox does not know: not checked with it.
            Connect-Verifik -Token $soon -BaseUri $baseUri -SkipValidation -WarningVariable warnings -WarningAction SilentlyContinue

            $warnings | Should -HaveCount 1
            $warnings[0].Message | Should -BeLike '*expires in*'
            $context = Get-VerifikContext
            $context | Should -HaveCount 1
            $context.ClientId | Should -Be 'c'
        }

        It 'makes a token the API refuses, connected with -SkipValidation, a terminating AuthenticationError on first use that does not show the token' {
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
        It 'refuses plain http to <Address> (InsecureBaseUri)' -ForEach @(
            @{ Address = 'http://example.com' }
            @{ Address = 'http://api.verifik.co' }
            @{ Address = 'http://10.1.2.3:8080' }
        ) {
            $err = { Connect-Verifik -Token $token -BaseUri $Address } | Should -Throw -PassThru

            $err.FullyQualifiedErrorId | Should -BeLike 'InsecureBaseUri*'
            $err.CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::InvalidArgument)
            @(Get-VerifikContext) | Should -HaveCount 0
        }

        It 'accepts <Address>' -ForEach @(
            @{ Address = 'http://127.0.0.1:1'; Expected = 'http://127.0.0.1:1/' }
            @{ Address = 'http://localhost:5080'; Expected = 'http://localhost:5080/' }
            @{ Address = 'http://127.0.0.5:5080'; Expected = 'http://127.0.0.5:5080/' }
            @{ Address = 'http://[::1]:5080'; Expected = 'http://[::1]:5080/' }
            @{ Address = 'https://api.verifik.co'; Expected = 'https://api.verifik.co/' }
        ) {
            # With -SkipValidation, Connect-Verifik sends nothing, so nothing needs to listen there.
            { Connect-Verifik -Token $token -BaseUri $Address -SkipValidation } | Should -Not -Throw

            (Get-VerifikContext).BaseUri.AbsoluteUri | Should -Be $Expected
        }
    }

    Context 'Get-VerifikContext and Disconnect-Verifik' {
        It 'shows the base URI, the client id and a masked hint of the token' {
            Connect-Verifik -Token $token -BaseUri $baseUri

            $context = Get-VerifikContext
            $context | Should -HaveCount 1
            $context.BaseUri.AbsoluteUri | Should -Be $baseUri
            $context.ClientId | Should -Be 'sandbox_client'
            $context.TokenHint | Should -Be $tokenHint
            $context.TokenExpiresOn | Should -Be ([datetime]::new(2100, 1, 1, 0, 0, 0, [System.DateTimeKind]::Utc))
            $shown = @((Get-VerifikContext).ToString(), ((Get-VerifikContext).PSObject.Properties.Value -join ' '))
            ($shown -join "`n").Contains($token) | Should -BeFalse
            $shown[1] | Should -Match 'sandbox_client'
        }

        It 'never shows the token, whichever way the context is formatted' {
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
            # Each of its eight properties, one by one, as Format-List * shows them.
            $properties = @((Get-VerifikContext).PSObject.Properties | ForEach-Object { '{0} : {1}' -f $_.Name, $_.Value })
            $properties | Should -HaveCount 8
            $properties | Should -Contain "TokenHint : $tokenHint"
            ($properties -join "`n").Contains($token) | Should -BeFalse
        }

        It 'forgets the connection: Get-VerifikContext then returns nothing, and no error' {
            Connect-Verifik -Token $token -BaseUri $baseUri

            Disconnect-Verifik -ErrorVariable disconnectErrors
            $after = @(Get-VerifikContext -ErrorVariable contextErrors)

            $after | Should -HaveCount 0
            $disconnectErrors | Should -HaveCount 0
            $contextErrors | Should -HaveCount 0
        }

        It 'is quiet when disconnecting while not connected' {
            { Disconnect-Verifik -ErrorAction Stop } | Should -Not -Throw
            { Get-VerifikContext -ErrorAction Stop } | Should -Not -Throw
            @(Get-VerifikContext) | Should -HaveCount 0
        }

        It 'makes Get-VerifikDocumentLiveness throw an error that names Connect-Verifik when not connected' {
            $err = { Get-VerifikDocumentLiveness -Id 'x' } | Should -Throw -ExpectedMessage '*Connect-Verifik*' -PassThru

            $err.FullyQualifiedErrorId | Should -BeLike 'VerifikNotConnected*'
            $err.CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::AuthenticationError)
            & $newArrivals | Should -HaveCount 0
        }

        It 'makes "not connected" statement-terminating: the next statement runs, after one error' -Skip:($PSVersionTable.PSVersion -lt [version]'7.4') {
            Import-Module (Join-Path $PSScriptRoot 'HostedRunspace.psm1') -Force
            # A script of its own (inside an It, Pester's try would catch the statement's error before the next one runs).
            $run = Invoke-VerifikRunspace -ManifestPath (Get-VerifikManifestPath) -Script "Get-VerifikDocumentLiveness -Id x; 'next statement'"

            $run.Output | Should -Be 'next statement'
            $run.Errors | Should -HaveCount 1
            $run.Errors[0].FullyQualifiedErrorId | Should -BeLike 'VerifikNotConnected*'
        }

        It 'makes a refused token statement-terminating too: the next statement runs, after one error that hides the token' -Skip:($PSVersionTable.PSVersion -lt [version]'7.4') {
            Import-Module (Join-Path $PSScriptRoot 'HostedRunspace.psm1') -Force
            $wrong = New-TestJwt -ClientId 'someone_else' -ExpiresOn ([DateTimeOffset]::UtcNow.AddDays(10))
            # -SkipValidation: the API is to refuse it in the run; the default connection is the process's: the runspace uses it.
            Connect-Verifik -Token $wrong -BaseUri $baseUri -SkipValidation

            $run = Invoke-VerifikRunspace -ManifestPath (Get-VerifikManifestPath) -Script "'a', 'b', 'c' | Get-VerifikDocumentLiveness; 'next statement'"

            $run.Output | Should -Be 'next statement'
            $run.Errors | Should -HaveCount 1
            $run.Errors[0].CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::AuthenticationError)
            $run.Errors[0].FullyQualifiedErrorId | Should -BeLike 'VerifikTokenRefused*'
            $run.Errors[0].Exception.Message | Should -BeLike '*Connect-Verifik*'
            $run.Errors[0].ToString().Contains($wrong) | Should -BeFalse
            $run.Errors[0].Exception.ToString().Contains($wrong) | Should -BeFalse
        }
    }

    Context 'Defaults and a runspace that cannot prompt' {
        It 'connects to the public API when no -BaseUri is given' {
            $saved = $env:VERIFIK_BASE_URI
            try {
                $env:VERIFIK_BASE_URI = $null
                (Connect-Verifik -Token $token -PassThru -WarningAction SilentlyContinue).BaseUri.AbsoluteUri | Should -Be 'https://api.verifik.co/'
            }
            finally {
                $env:VERIFIK_BASE_URI = $saved
            }
        }

        It 'refuses to connect without a token in a runspace whose host cannot prompt, and says what to set' -Skip:($PSVersionTable.PSVersion -lt [version]'7.4') {
            Import-Module (Join-Path $PSScriptRoot 'HostedRunspace.psm1') -Force
            $saved = $env:VERIFIK_TOKEN
            try {
                $env:VERIFIK_TOKEN = $null
                # The engine's default host, as a hosted script or a job has: it cannot ask.
                $run = Invoke-VerifikRunspace -ManifestPath (Get-VerifikManifestPath) -Variables @{ u = $baseUri } -Script 'Connect-Verifik -BaseUri $u'
            }
            finally {
                $env:VERIFIK_TOKEN = $saved
            }

            $run.Errors | Should -HaveCount 1
            $run.Errors[0].FullyQualifiedErrorId | Should -BeLike 'VerifikTokenMissing*'
            $run.Errors[0].CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::AuthenticationError)
            $run.Errors[0].Exception.Message | Should -BeLike '*VERIFIK_TOKEN*'
            @(Get-VerifikContext) | Should -HaveCount 0
            & $newArrivals | Should -HaveCount 0
        }
    }

    Context 'Runspaces' {
        It 'serves every ForEach-Object -Parallel runspace after one Connect-Verifik' -Skip:($PSVersionTable.PSVersion.Major -lt 7) {
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
