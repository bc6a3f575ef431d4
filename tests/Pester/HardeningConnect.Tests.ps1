# Issue 12, items 1 (Connect-Verifik's part), 3, 6 and 9 through real pwsh, against the sandbox program: a token or
# proxy that could never work, a loopback API never reached through a proxy, one HTTP client per proxy setting, and a
# connection pool that does not undercut the throttles in use. The "proxy" is a loopback listener that records every
# connection and request head made to it, then answers 502 (Start-RecordingProxy in TestHelpers.psm1).

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-VerifikModule

    function Get-LiveClient {
        # The module's live HTTP client pools, "proxy user leases" (never a password), read by reflection.
        param([string]$ProxyUri)
        $client = [AppDomain]::CurrentDomain.GetAssemblies().Where({ $_.GetName().Name -eq 'Verifik.Client' })[0]
        $property = $client.GetType('Verifik.HttpClientCache').GetProperty('LiveClients', [Reflection.BindingFlags]'NonPublic, Static')
        @($property.GetValue($null) | Where-Object { $_.StartsWith($ProxyUri) })
    }

    function New-TestCredential {
        param([string]$User, [string]$Password)
        [pscredential]::new($User, (ConvertTo-SecureString -String $Password -AsPlainText -Force))
    }

    # One sandbox and one recording proxy for the stories that need no latency.
    $sandbox = Start-VerifikSandbox -ArgumentList '--synthetic', '10', '--synthetic-image-bytes', '2000', '--expose-log'
    $token = $sandbox.Token
    $baseUri = $sandbox.BaseUri
    $proxy = Start-RecordingProxy
}

AfterAll {
    Disconnect-Verifik
    Stop-RecordingProxy $proxy
    Stop-VerifikSandbox $sandbox
}

Describe 'Connect-Verifik refuses a token or proxy that could never work' {
    AfterAll { Disconnect-Verifik }

    BeforeEach { Disconnect-Verifik }

    It 'trims white space around -Token, as a string and as a SecureString' {
        $before = @((Get-VerifikSandboxLog -Sandbox $sandbox).Requests).Count
        Connect-Verifik -Token "$token`r`n" -BaseUri $baseUri
        (Get-VerifikDocumentLiveness -Id dl-0000001).Id | Should -Be 'dl-0000001'

        Connect-Verifik -Token (ConvertTo-SecureString -String "  $token`t" -AsPlainText -Force) -BaseUri $baseUri
        (Get-VerifikDocumentLiveness -Id dl-0000002).Id | Should -Be 'dl-0000002'

        # Each request carried exactly the token, without the white space.
        $sent = @((Get-VerifikSandboxLog -Sandbox $sandbox).Requests | Select-Object -Skip $before)
        $sent | Should -Not -BeNullOrEmpty
        $sent | ForEach-Object { $_.tokenId | Should -Be (Get-VerifikTokenId -Token $token) }
    }

    It 'trims white space around a token typed at the prompt' -Skip:($PSVersionTable.PSVersion -lt [version]'7.4') {
        Import-Module (Join-Path $PSScriptRoot 'HostedRunspace.psm1') -Force
        $promptHost = New-VerifikPromptHost -SecureAnswer (" $token" + "`n")
        $before = @((Get-VerifikSandboxLog -Sandbox $sandbox).Requests).Count
        $run = Invoke-VerifikRunspace -ManifestPath (Get-VerifikManifestPath) -PromptHost $promptHost -Variables @{ u = $baseUri } `
            -Script 'Connect-Verifik -BaseUri $u; (Get-VerifikDocumentLiveness -Id dl-0000003).Id'

        $run.Errors | Should -BeNullOrEmpty
        $run.Output | Should -Be 'dl-0000003'
        $sent = @((Get-VerifikSandboxLog -Sandbox $sandbox).Requests | Select-Object -Skip $before)
        $sent | Should -Not -BeNullOrEmpty
        $sent | ForEach-Object { $_.tokenId | Should -Be (Get-VerifikTokenId -Token $token) }
    }

    It 'refuses a token with <Named> inside, saying where but never what' -TestCases @(
        @{ Bad = [string][char]0; Named = 'NUL' }
        @{ Bad = "`r"; Named = 'carriage return' }
        @{ Bad = "`n"; Named = 'line feed' }
        @{ Bad = [string][char]0x1b; Named = 'control character U+001B' }
        @{ Bad = [string][char]0xe9; Named = 'non-ASCII character U+00E9' }
        @{ Bad = ' '; Named = 'space' }
    ) {
        param($Bad, $Named)
        $badToken = $token.Insert(10, $Bad)
        $before = @((Get-VerifikSandboxLog -Sandbox $sandbox).Arrivals).Count
        $err = { Connect-Verifik -Token $badToken -BaseUri $baseUri } | Should -Throw -PassThru

        $err.FullyQualifiedErrorId | Should -BeLike 'VerifikTokenInvalid,*'
        $err.CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::InvalidArgument)
        $err.TargetObject | Should -BeNullOrEmpty
        $err.Exception.Message | Should -BeLike "*$Named*"
        $err.Exception.Message | Should -BeLike '*position 11*'
        $err.ToString() | Should -Not -BeLike ('*' + $token.Substring(0, 12) + '*')
        $err.ToString() | Should -Not -BeLike ('*' + $token.Substring($token.Length - 12) + '*')
        Get-VerifikContext | Should -BeNullOrEmpty
        @((Get-VerifikSandboxLog -Sandbox $sandbox).Arrivals | Select-Object -Skip $before) | Should -HaveCount 0
    }

    It 'refuses -Proxy <Proxy> with an example of one that works' -TestCases @(
        @{ Proxy = 'proxy.contoso.com:8080' }
        @{ Proxy = 'ftp://proxy.contoso.com' }
        @{ Proxy = 'proxy/relative' }
    ) {
        param($Proxy)
        $err = { Connect-Verifik -Token $token -BaseUri $baseUri -Proxy $Proxy } | Should -Throw -PassThru

        $err.FullyQualifiedErrorId | Should -BeLike 'InvalidProxyUri,*'
        $err.CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::InvalidArgument)
        $err.TargetObject | Should -BeOfType ([uri])
        $err.TargetObject.OriginalString | Should -Be $Proxy
        $err.Exception.Message | Should -BeLike '*http://proxy.contoso.com:8080*'
        Get-VerifikContext | Should -BeNullOrEmpty
    }

    It 'refuses a proxy URI with a password in it, without showing it, and points to -ProxyCredential' {
        $err = { Connect-Verifik -Token $token -BaseUri $baseUri -Proxy 'http://ana:Pr0xyPass@proxy.contoso.com:8080' } | Should -Throw -PassThru

        $err.FullyQualifiedErrorId | Should -BeLike 'InvalidProxyUri,*'
        $err.CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::InvalidArgument)
        "$($err.TargetObject)" | Should -Be 'http://proxy.contoso.com:8080/'
        $err.Exception.Message | Should -BeLike '*-ProxyCredential*'
        "$err $($err.TargetObject) $($err.Exception.Message)" | Should -Not -BeLike '*Pr0xyPass*'
        Get-VerifikContext | Should -BeNullOrEmpty
    }

    It 'accepts http, https, socks4, socks4a and socks5 proxies' {
        foreach ($proxy in 'http://proxy.contoso.com:8080', 'https://proxy.contoso.com', 'socks4://127.0.0.1:1080', 'socks4a://127.0.0.1:1080', 'socks5://127.0.0.1:1080') {
            Connect-Verifik -Token $token -BaseUri 'https://api.verifik.test' -Proxy $proxy -SkipValidation
            (Get-VerifikContext).Proxy | Should -BeLike (([uri]$proxy).AbsoluteUri + '*')
        }
    }
}

Describe 'An https API through an authenticating proxy' {
    BeforeAll {
        $challenging = Start-RecordingProxy -ChallengeBasic
        $credential = [pscredential]::new('proxyuser', (ConvertTo-SecureString -String 's3cret' -AsPlainText -Force))
    }

    AfterAll {
        Disconnect-Verifik
        Stop-RecordingProxy $challenging
    }

    BeforeEach { Disconnect-Verifik }

    It 'tunnels each request through -Proxy, answers its challenge with -ProxyCredential, and keeps the token inside the tunnel' {
        Connect-Verifik -Token $token -BaseUri 'https://api.verifik.test' -Proxy $challenging.Uri -ProxyCredential $credential -MaxRetry 0
        (Get-VerifikContext).Proxy | Should -Be ($challenging.Uri + ' (-Proxy)')

        Get-VerifikDocumentLiveness -Id abc -ErrorVariable failed -ErrorAction SilentlyContinue

        $failed | Should -HaveCount 1
        $failed[0].CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::ConnectionError)   # the proxy refused the tunnel
        $failed[0].TargetObject | Should -Be 'abc'
        $seen = @($challenging.State.Heads.ToArray())
        $seen | Should -Not -BeNullOrEmpty
        $seen | ForEach-Object { $_ | Should -BeLike 'CONNECT api.verifik.test:443 *' }
        $basic = [Convert]::ToBase64String([System.Text.Encoding]::UTF8.GetBytes('proxyuser:s3cret'))
        @($seen | Where-Object { $_.Contains("Proxy-Authorization: Basic $basic") }) | Should -Not -BeNullOrEmpty
        @($seen | Where-Object { $_.Contains($token) }) | Should -BeNullOrEmpty
    }

    It 'refuses -ProxyCredential together with -ProxyUseDefaultCredentials' {
        $err = { Connect-Verifik -Token $token -Proxy $challenging.Uri -ProxyCredential $credential -ProxyUseDefaultCredentials } | Should -Throw -PassThru

        $err.FullyQualifiedErrorId | Should -BeLike 'ProxyCredentialConflict*'
        Get-VerifikContext | Should -BeNullOrEmpty
    }
}

Describe 'A plain-http loopback API is never reached through a proxy' {
    AfterAll { Disconnect-Verifik }

    BeforeEach { Disconnect-Verifik }

    It 'reaches the API and its images directly with -Proxy, and the context says so' {
        $before = @((Get-VerifikSandboxLog -Sandbox $sandbox).Requests).Count
        $connectionsBefore = $proxy.State.Connections
        Connect-Verifik -Token $token -BaseUri $baseUri -Proxy $proxy.Uri -MaxRetry 0
        $before = @((Get-VerifikSandboxLog -Sandbox $sandbox).Requests).Count   # after the connect's token check, direct too
        $ids = (Get-VerifikDocumentLiveness -Id dl-0000001, dl-0000002).Id
        Get-VerifikDocumentLiveness -Id dl-0000001 | Save-VerifikDocumentLivenessImage -Destination $TestDrive

        $ids | Should -Be @('dl-0000001', 'dl-0000002')
        Join-Path $TestDrive 'dl-0000001.jpg' | Should -Exist
        (Get-VerifikContext).Proxy | Should -Be 'direct (loopback)'
        $proxy.State.Connections | Should -Be $connectionsBefore
        @((Get-VerifikSandboxLog -Sandbox $sandbox).Requests).Count - $before | Should -Be 4 # three records and one image
    }

    It 'tunnels an https API through -Proxy and names it in the context' {
        Connect-Verifik -Token $token -BaseUri 'https://api.verifik.test' -Proxy $proxy.Uri -MaxRetry 0 -SkipValidation
        (Get-VerifikContext).Proxy | Should -Be ($proxy.Uri + ' (-Proxy)')

        $failed = $null
        Get-VerifikDocumentLiveness -Id abc -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed[0].CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::ConnectionError)
        $heads = @($proxy.State.Heads.ToArray())
        $heads | Should -Not -BeNullOrEmpty
        $heads | ForEach-Object { $_ | Should -BeLike 'CONNECT api.verifik.test:443 *' }
    }

    It 'reaches the API directly with http_proxy and HTTPS_PROXY set, in a new pwsh' {
        $connectionsBefore = $proxy.State.Connections
        $destination = Join-Path $TestDrive 'fresh'
        $null = New-Item -ItemType Directory -Path $destination
        # .NET reads the environment's proxy once per process: only a new process shows what a user's new session does.
        $script = @"
`$env:http_proxy = '$($proxy.Uri)'
`$env:HTTPS_PROXY = '$($proxy.Uri)'
`$env:all_proxy = '$($proxy.Uri)'
Import-Module '$(Get-VerifikManifestPath)' -ErrorAction Stop
Connect-Verifik -Token '$token' -BaseUri '$baseUri' -MaxRetry 0
(Get-VerifikDocumentLiveness -Id dl-0000004).Id
Get-VerifikDocumentLiveness -Id dl-0000004 | Save-VerifikDocumentLivenessImage -Destination '$destination'
(Get-VerifikContext).Proxy
Connect-Verifik -Token '$token' -BaseUri 'https://api.verifik.test' -MaxRetry 0 -SkipValidation
(Get-VerifikContext).Proxy
Disconnect-Verifik
"@
        $encoded = [Convert]::ToBase64String([System.Text.Encoding]::Unicode.GetBytes($script))
        $output = @(& (Get-PowerShellPath) -NoProfile -NonInteractive -EncodedCommand $encoded 2>&1 | ForEach-Object { "$_" })

        $output | Should -HaveCount 3
        $output[0] | Should -Be 'dl-0000004'
        $output[1] | Should -Be 'direct (loopback)'
        $output[2] | Should -Match ('^' + [regex]::Escape($proxy.Uri) + ' \((?i:https_proxy)\)$')
        Join-Path $destination 'dl-0000004.jpg' | Should -Exist
        $proxy.State.Connections | Should -Be $connectionsBefore
        @((Get-VerifikSandboxLog -Sandbox $sandbox).Requests | Where-Object { $_.path -eq '/v2/document-liveness/dl-0000004' -and $_.tokenId }) |
            Should -Not -BeNullOrEmpty
    }

    It 'refuses a base URI with user info <How>, without showing it' -TestCases @(
        @{ How = 'as -BaseUri'; FromEnvironment = $false }
        @{ How = 'in VERIFIK_BASE_URI'; FromEnvironment = $true }
    ) {
        param($How, $FromEnvironment)
        $withUser = ([uri]$baseUri).AbsoluteUri -replace '^http://', 'http://zorbuser:Pa55word@'
        $saved = $env:VERIFIK_BASE_URI
        try {
            $verbose = [System.Collections.Generic.List[object]]::new()
            if ($FromEnvironment) {
                $env:VERIFIK_BASE_URI = $withUser
                $err = { Connect-Verifik -Token $token -Verbose 4>&1 | ForEach-Object { $verbose.Add($_) } } | Should -Throw -PassThru
            }
            else {
                $env:VERIFIK_BASE_URI = $null
                $err = { Connect-Verifik -Token $token -BaseUri $withUser -Verbose 4>&1 | ForEach-Object { $verbose.Add($_) } } | Should -Throw -PassThru
            }
        }
        finally {
            $env:VERIFIK_BASE_URI = $saved
        }

        $err.FullyQualifiedErrorId | Should -BeLike 'InvalidBaseUri,*'
        $err.CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::InvalidArgument)
        "$($err.TargetObject)" | Should -Be ([uri]$baseUri).AbsoluteUri
        $err.Exception.Message | Should -BeLike ('*' + ([uri]$baseUri).AbsoluteUri + '*')
        "$($err.Exception.Message) $($err.TargetObject) $($verbose -join ' ')" | Should -Not -BeLike '*Pa55word*'
        "$($err.Exception.Message) $($err.TargetObject)" | Should -Not -BeLike '*zorbuser*'
        Get-VerifikContext | Should -BeNullOrEmpty
    }
}

Describe 'One HTTP client per proxy setting, by value' {
    AfterAll { Disconnect-Verifik }

    BeforeEach { Disconnect-Verifik }

    It 'uses one client for 100 connects with new credential objects of the same values, released by Disconnect-Verifik' {
        $before = @((Get-VerifikSandboxLog -Sandbox $sandbox).Requests).Count
        $ids = foreach ($i in 1..100) {
            Connect-Verifik -Token $token -BaseUri $baseUri -Proxy $proxy.Uri -ProxyCredential (New-TestCredential 'proxyuser' 's3cret') -MaxRetry 0
            (Get-VerifikDocumentLiveness -Id dl-0000001).Id
        }

        @($ids | Where-Object { $_ -eq 'dl-0000001' }) | Should -HaveCount 100
        $requests = @((Get-VerifikSandboxLog -Sandbox $sandbox).Requests | Select-Object -Skip $before)
        $requests | Should -HaveCount 200   # each connect's token check, then its read
        @($requests.connectionId | Sort-Object -Unique) | Should -HaveCount 1
        $live = @(Get-LiveClient -ProxyUri $proxy.Uri)
        $live | Should -HaveCount 1
        $live[0] | Should -BeLike ($proxy.Uri + ' proxyuser *')

        Disconnect-Verifik

        # The earlier defaults that were already collected release their leases in their finalizers: let those run.
        [GC]::Collect(); [GC]::WaitForPendingFinalizers()
        Get-LiveClient -ProxyUri $proxy.Uri | Should -BeNullOrEmpty
    }

    It 'keeps a client while any connection uses it, and gives a new password its own' {
        [GC]::Collect(); [GC]::WaitForPendingFinalizers()   # no lease of an earlier story's collected connection is left
        $one = Connect-Verifik -Token $token -BaseUri $baseUri -Proxy $proxy.Uri -ProxyCredential (New-TestCredential 'proxyuser' 's3cret') -ReturnConnection
        $two = Connect-Verifik -Token $token -BaseUri $baseUri -Proxy $proxy.Uri -ProxyCredential (New-TestCredential 'proxyuser' 's3cret') -ReturnConnection
        $other = Connect-Verifik -Token $token -BaseUri $baseUri -Proxy $proxy.Uri -ProxyCredential (New-TestCredential 'proxyuser' 'changed') -ReturnConnection
        @(Get-LiveClient -ProxyUri $proxy.Uri | Sort-Object) | Should -Be @(($proxy.Uri + ' proxyuser 1'), ($proxy.Uri + ' proxyuser 2'))

        Disconnect-Verifik -Connection $one
        (Get-VerifikDocumentLiveness -Id dl-0000002 -Connection $two).Id | Should -Be 'dl-0000002'
        @(Get-LiveClient -ProxyUri $proxy.Uri) | Should -Be @(($proxy.Uri + ' proxyuser 1'), ($proxy.Uri + ' proxyuser 1'))

        Disconnect-Verifik -Connection $two
        Disconnect-Verifik -Connection $other
        Get-LiveClient -ProxyUri $proxy.Uri | Should -BeNullOrEmpty
    }
}

Describe 'The connection pool does not undercut the throttles in use' {
    BeforeAll {
        $slow = Start-VerifikSandbox -ArgumentList '--synthetic', '64', '--latency-ms', '1000'
    }

    AfterAll {
        Disconnect-Verifik
        Stop-VerifikSandbox $slow
    }

    It 'gets all 1,024 records of 16 runspaces at -ThrottleLimit 64 against a slow API, with no timeout' -Skip:($PSVersionTable.PSVersion.Major -lt 7) {
        Connect-Verifik -Token $slow.Token -BaseUri $slow.BaseUri
        $ids = foreach ($i in 0..63) { 'dl-{0:D7}' -f $i }
        $manifest = Get-VerifikManifestPath

        $results = @(1..16 | ForEach-Object -ThrottleLimit 16 -Parallel {
                Import-Module $using:manifest
                $failed = $null
                $records = @(Get-VerifikDocumentLiveness -Id $using:ids -ThrottleLimit 64 -TimeoutSec 3 -MaxRetry 0 -ErrorVariable failed -ErrorAction SilentlyContinue)
                [pscustomobject]@{ Records = $records.Count; Errors = @($failed).Count; FirstError = "$(@($failed)[0])" }
            } -ErrorVariable parallelErrors)

        $results | Should -HaveCount 16
        $parallelErrors | Should -HaveCount 0
        @($results | Where-Object { $_.Errors -gt 0 } | ForEach-Object { $_.FirstError }) | Should -BeNullOrEmpty
        ($results | Measure-Object -Property Records -Sum).Sum | Should -Be 1024
    }
}
