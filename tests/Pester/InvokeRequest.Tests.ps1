# Invoke-VerifikRequest through real pwsh against the sandbox program: any endpoint with the connection's token and
# only to the API's origin, answers as PSCustomObjects, -All over every envelope, HTTP errors as records, the retry rule
# per method (a POST that may have been processed is never sent again), -WhatIf/-Confirm, files in and out.
# Requests are counted from after Connect-Verifik (which may itself check the token with a request).

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'HostedRunspace.psm1') -Force
    Import-VerifikModule
    $fullyQualified = ',Verifik.PowerShell.Commands.InvokeVerifikRequestCommand'

    function Get-Arrivals {
        param([Parameter(Mandatory = $true)]$Sandbox)
        return @((Get-VerifikSandboxLog -Sandbox $Sandbox).Arrivals)
    }

    function Get-RequestsSince {
        # The logged requests after the first $Count (what one story sent).
        param([Parameter(Mandatory = $true)]$Sandbox, [int]$Count)
        return @(@((Get-VerifikSandboxLog -Sandbox $Sandbox).Requests) | Select-Object -Skip $Count)
    }

    function New-CreateBody {
        # A create's JSON body with a small JPEG-looking image (the sandbox checks the first bytes).
        $bytes = [byte[]]::new(600)
        ([System.Random]::new(7)).NextBytes($bytes)
        ([byte[]](0xFF, 0xD8, 0xFF, 0xE0)).CopyTo($bytes, 0)
        return @{ image = [Convert]::ToBase64String($bytes); validateScreenReplay = $true }
    }
}

Describe 'Invoke-VerifikRequest' {
    BeforeAll {
        $sandbox = Start-VerifikSandbox -ArgumentList '--synthetic', '23', '--expose-log', '--fault-kind', 'Unauthorized', '--fault-on', 'get', '--fault-ids', 'dl-0000003'
        Connect-Verifik -Token $sandbox.Token -BaseUri $sandbox.BaseUri
    }

    AfterAll {
        Disconnect-Verifik
        Stop-VerifikSandbox $sandbox
    }

    BeforeEach {
        $before = @((Get-VerifikSandboxLog -Sandbox $sandbox).Requests).Count
    }

    It 'counts every record of the list with -All, page by page' {
        $total = (Invoke-VerifikRequest '/v2/document-liveness?limit=1').pagination.total
        $before = @((Get-VerifikSandboxLog -Sandbox $sandbox).Requests).Count

        $count = (Invoke-VerifikRequest /v2/document-liveness -All | Measure-Object).Count

        $count | Should -Be $total
        $count | Should -Be @(Get-VerifikDocumentLiveness).Count
        $pages = Get-RequestsSince -Sandbox $sandbox -Count $before | Where-Object path -EQ '/v2/document-liveness' | Select-Object -First ([Math]::Ceiling($total / 10))
        $pages[0].query | Should -Be ''
        $pages[1].query | Should -Be '?page=2&limit=10'
    }

    It 'follows a list that pages by perPage in the data.docs envelope, and writes PSCustomObjects, not hashtables' {
        $items = @(Invoke-VerifikRequest /v2/biometric-validations -All)

        $items | Should -HaveCount 25
        foreach ($item in $items) {
            $item | Should -BeOfType ([System.Management.Automation.PSCustomObject])
            $item -is [hashtable] | Should -BeFalse
        }
        @($items | Where-Object status -EQ 'failed' | Select-Object -ExpandProperty _id) | Should -Be @('bv-0000002', 'bv-0000006', 'bv-0000010', 'bv-0000014', 'bv-0000018', 'bv-0000022')
        $csv = @($items | Select-Object _id, status, score | ConvertTo-Csv -NoTypeInformation)
        $csv[0] | Should -Be '"_id","status","score"'
        $csv | Should -HaveCount 26
        @(Get-RequestsSince -Sandbox $sandbox -Count $before | ForEach-Object query) | Should -Be @('', '?page=2&perPage=20')
    }

    It 'sends a hashtable -Body on GET as the query string, a list repeating its key' {
        $page = Invoke-VerifikRequest /v2/biometric-validations -Body ([ordered]@{ perPage = 3; 'in_status[]' = @('failed', 'pending') })

        $page.data.total | Should -Be 12
        @($page.data.docs) | Should -HaveCount 3
        (Get-RequestsSince -Sandbox $sandbox -Count $before)[0].query | Should -Be '?perPage=3&in_status%5B%5D=failed&in_status%5B%5D=pending'
    }

    It 'refuses another origin before sending anything, the URI as TargetObject' {
        $port = ([uri]$sandbox.BaseUri).Port
        $arrivals = (Get-Arrivals -Sandbox $sandbox).Count
        foreach ($uri in "http://localhost:$port/v2/clients/me", 'https://api.verifik.co/v2/clients/me', "http://127.0.0.1:$($port + 1)/v2/clients/me") {
            $out = Invoke-VerifikRequest $uri -ErrorVariable refused -ErrorAction SilentlyContinue

            $out | Should -BeNullOrEmpty
            $refused | Should -HaveCount 1
            $refused[0].FullyQualifiedErrorId | Should -Be "VerifikUriRefused$fullyQualified"
            $refused[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
            $refused[0].TargetObject | Should -Be $uri
            $refused[0].Exception.Message | Should -Match 'nothing was sent'
        }
        (Get-Arrivals -Sandbox $sandbox).Count | Should -Be $arrivals
    }

    It 'accepts an absolute URI on the API''s own origin' {
        (Invoke-VerifikRequest "$($sandbox.BaseUri)v2/biometric-validations/bv-0000003").data.status | Should -Be 'pending'
    }

    It 'writes a 404 as a non-terminating ObjectNotFound record with the API''s message, the URI and the status; -ErrorAction Stop makes it terminating' {
        $out = Invoke-VerifikRequest /v2/webhooks/wh_1 -StatusCodeVariable status -ErrorVariable failed -ErrorAction SilentlyContinue
        $after = 'the script went on'

        $out | Should -BeNullOrEmpty
        $after | Should -Be 'the script went on'
        $status | Should -Be 404
        $failed | Should -HaveCount 1
        $failed[0].FullyQualifiedErrorId | Should -Be "VerifikResourceNotFound$fullyQualified"
        $failed[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $failed[0].TargetObject | Should -Be ([uri]"$($sandbox.BaseUri)v2/webhooks/wh_1")
        $failed[0].Exception.Message | Should -Match 'HTTP 404: Record not found\. \(NotFound\)'
        $failed[0].Exception.StatusCode | Should -Be 404
        { Invoke-VerifikRequest /v2/webhooks/wh_1 -ErrorAction Stop } | Should -Throw -ErrorId "VerifikResourceNotFound$fullyQualified"
    }

    It 'writes a 401 as AuthenticationError and a 400 as InvalidArgument' {
        Invoke-VerifikRequest /v2/document-liveness/dl-0000003 -ErrorVariable refused -ErrorAction SilentlyContinue
        Invoke-VerifikRequest '/v2/document-liveness?limit=500' -ErrorVariable rejected -ErrorAction SilentlyContinue

        $refused[0].FullyQualifiedErrorId | Should -Be "VerifikTokenRefused$fullyQualified"
        $refused[0].CategoryInfo.Category | Should -Be 'AuthenticationError'
        $rejected[0].FullyQualifiedErrorId | Should -Be "VerifikRequestRejected$fullyQualified"
        $rejected[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $rejected[0].Exception.Message | Should -Match 'Invalid query parameters \(INVALID_PARAMETERS\)'
    }

    It 'refuses input that could never succeed with its own error, the offending input as TargetObject, sending nothing' {
        $arrivals = (Get-Arrivals -Sandbox $sandbox).Count
        $secure = ConvertTo-SecureString 'not-for-a-body' -AsPlainText -Force
        $cases = @(
            @{ Run = { Invoke-VerifikRequest /v2/document-liveness -Method POST -All -Confirm:$false }; Id = 'VerifikAllNeedsGet'; Target = 'POST' }
            @{ Run = { Invoke-VerifikRequest /v2/document-liveness -All -OutFile (Join-Path $TestDrive 'x.json') }; Id = 'VerifikParameterConflict'; Target = (Join-Path $TestDrive 'x.json') }
            @{ Run = { Invoke-VerifikRequest /v2/x -Method POST -Body @{ a = 1 } -InFile 'in.json' -Confirm:$false }; Id = 'VerifikParameterConflict'; Target = 'in.json' }
            @{ Run = { Invoke-VerifikRequest /v2/x -InFile 'in.json' }; Id = 'VerifikParameterConflict'; Target = 'in.json' }
            @{ Run = { Invoke-VerifikRequest /v2/x -Method POST -Body '{}' -ContentType 'not a type' -Confirm:$false }; Id = 'VerifikInvalidContentType'; Target = 'not a type' }
            @{ Run = { Invoke-VerifikRequest /v2/x -Body 'page=2' }; Id = 'VerifikInvalidBody'; Target = 'page=2' }
            @{ Run = { Invoke-VerifikRequest /v2/x -Method POST -Body @{ token = $secure } -Confirm:$false }; Id = 'VerifikInvalidBody' }
            @{ Run = { Invoke-VerifikRequest /v2/x -OutFile (Join-Path $TestDrive 'no/such/folder/x.json') }; Id = 'VerifikOutFileInvalid'; Target = (Join-Path $TestDrive 'no/such/folder/x.json') }
        )
        foreach ($case in $cases) {
            $all = @(& $case.Run 2>&1)
            $refused = @($all | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })

            @($all | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] }) | Should -HaveCount 0
            $refused | Should -HaveCount 1
            $refused[0].FullyQualifiedErrorId | Should -BeLike "$($case.Id),*"
            $refused[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
            if ($case.ContainsKey('Target')) { $refused[0].TargetObject | Should -Be $case.Target }
        }
        (Get-Arrivals -Sandbox $sandbox).Count | Should -Be $arrivals
    }

    It 'refuses an Authorization header and a header with a line break, sending nothing' {
        $arrivals = (Get-Arrivals -Sandbox $sandbox).Count

        Invoke-VerifikRequest /v2/clients/me -Headers @{ Authorization = 'Bearer someone-else' } -ErrorVariable auth -ErrorAction SilentlyContinue
        Invoke-VerifikRequest /v2/clients/me -Headers @{ 'X-Trace' = "a`r`nHost: evil" } -ErrorVariable broken -ErrorAction SilentlyContinue

        $auth[0].FullyQualifiedErrorId | Should -Be "VerifikHeaderRefused$fullyQualified"
        $auth[0].TargetObject | Should -Be 'Authorization'
        $broken[0].FullyQualifiedErrorId | Should -Be "VerifikHeaderRefused$fullyQualified"
        (Get-Arrivals -Sandbox $sandbox).Count | Should -Be $arrivals
        # An ordinary header is sent, and the connection's token still goes with the request.
        $null = Invoke-VerifikRequest /v2/clients/me -Headers @{ 'X-Trace' = 't-1' }
        (Get-RequestsSince -Sandbox $sandbox -Count $before)[-1].tokenId | Should -Be (Get-VerifikTokenId -Token $sandbox.Token)
    }

    It 'sends a hashtable -Body on POST as JSON, and the created record is there' {
        $created = Invoke-VerifikRequest /v2/document-liveness -Method POST -Body (New-CreateBody) -Confirm:$false -StatusCodeVariable status -ResponseHeadersVariable headers

        $status | Should -Be 200
        $headers['Content-Type'] | Should -Match '^application/json'
        $created.data._id | Should -Not -BeNullOrEmpty
        (Get-VerifikDocumentLiveness -Id $created.data._id).Id | Should -Be $created.data._id
    }

    It 'sends -InFile as the body, streamed from the file' {
        $file = Join-Path $TestDrive 'create.json'
        [System.IO.File]::WriteAllText($file, (ConvertTo-Json (New-CreateBody) -Compress))

        $created = Invoke-VerifikRequest /v2/document-liveness -Method POST -InFile $file -ContentType 'application/json' -Confirm:$false

        $created.data.validateScreenReplay | Should -BeTrue
        Invoke-VerifikRequest /v2/document-liveness -Method POST -InFile (Join-Path $TestDrive 'none.json') -Confirm:$false -ErrorVariable missing -ErrorAction SilentlyContinue
        $missing[0].FullyQualifiedErrorId | Should -Be "VerifikInFileNotFound$fullyQualified"
    }

    It 'streams the answer to -OutFile and writes nothing to the pipeline' {
        $file = Join-Path $TestDrive 'page.json'

        $out = Invoke-VerifikRequest '/v2/document-liveness?limit=5' -OutFile $file

        $out | Should -BeNullOrEmpty
        @((Get-Content -LiteralPath $file -Raw | ConvertFrom-Json).data) | Should -HaveCount 5
        @(Get-ChildItem -LiteralPath $TestDrive -Filter '*.partial') | Should -HaveCount 0
    }

    It 'writes the body as a string with -Raw, and nothing for HEAD' {
        $raw = Invoke-VerifikRequest /v2/biometric-validations/bv-0000001 -Raw
        $head = Invoke-VerifikRequest /v2/document-liveness -Method HEAD -StatusCodeVariable status

        $raw | Should -BeOfType ([string])
        $raw | Should -BeLike '{"data":{"_id":"bv-0000001",*'
        $head | Should -BeNullOrEmpty
        $status | Should -Be 200
    }

    It 'sends nothing for POST, PUT, PATCH or DELETE under -WhatIf' {
        $arrivals = (Get-Arrivals -Sandbox $sandbox).Count

        foreach ($method in 'POST', 'PUT', 'PATCH', 'DELETE') {
            Invoke-VerifikRequest /v2/webhooks/wh_1 -Method $method -Body @{ url = 'https://example.test/hook' } -WhatIf
        }

        (Get-Arrivals -Sandbox $sandbox).Count | Should -Be $arrivals
    }

    It 'stops a DELETE in a session that cannot ask with VerifikConfirmationRequired, and sends it with -Confirm:$false' {
        $arrivals = (Get-Arrivals -Sandbox $sandbox).Count

        { Invoke-VerifikRequest /v2/webhooks/wh_1 -Method DELETE } | Should -Throw -ErrorId "VerifikConfirmationRequired$fullyQualified"
        (Get-Arrivals -Sandbox $sandbox).Count | Should -Be $arrivals

        Invoke-VerifikRequest /v2/webhooks/wh_1 -Method DELETE -Confirm:$false -ErrorVariable answered -ErrorAction SilentlyContinue
        @(Get-Arrivals -Sandbox $sandbox)[-1] | Should -Be 'DELETE /v2/webhooks/wh_1'
        $answered[0].CategoryInfo.Category | Should -Be 'InvalidOperation' # the sandbox has no DELETE there: 405
    }

    It 'asks before a DELETE at an interactive prompt, and sends nothing when told No' -Skip:($PSVersionTable.PSVersion -lt [version]'7.4') {
        $promptHost = New-VerifikPromptHost
        $promptHost.UI.ChoiceAnswers.Enqueue('No')
        $arrivals = (Get-Arrivals -Sandbox $sandbox).Count

        $run = Invoke-VerifikRunspace -ManifestPath (Get-VerifikManifestPath) -PromptHost $promptHost -Script 'Invoke-VerifikRequest /v2/webhooks/wh_1 -Method DELETE'

        $run.Errors | Should -HaveCount 0
        $promptHost.UI.ChoicePrompts[-1] | Should -Match 'Send DELETE'
        (Get-Arrivals -Sandbox $sandbox).Count | Should -Be $arrivals
    }
}

Describe 'Invoke-VerifikRequest: retries follow the method' {
    It 'never sends again a POST that failed after its body (a 500 after the API processed it)' {
        $sandbox = Start-VerifikSandbox -ArgumentList '--expose-log', '--fault-kind', 'ServerErrorAfterBody', '--fault-on', 'create'
        try {
            Connect-Verifik -Token $sandbox.Token -BaseUri $sandbox.BaseUri
            $before = @((Get-VerifikSandboxLog -Sandbox $sandbox).Requests).Count

            $posted = Invoke-VerifikRequest /v2/document-liveness -Method POST -Body (New-CreateBody) -MaxRetry 4 -Confirm:$false -ErrorVariable uncertain -ErrorAction SilentlyContinue

            $posted | Should -BeNullOrEmpty
            $uncertain | Should -HaveCount 1
            $uncertain[0].FullyQualifiedErrorId | Should -Be "VerifikRequestUncertain$fullyQualified"
            $uncertain[0].Exception.OutcomeUnknown | Should -BeTrue
            $uncertain[0].Exception.Message | Should -Match "The request 'POST /v2/document-liveness' was sent at .* it was not sent again"
            $log = Get-VerifikSandboxLog -Sandbox $sandbox
            @($log.Requests | Select-Object -Skip $before | Where-Object method -EQ 'POST') | Should -HaveCount 1
            @($log.Arrivals | Where-Object { $_ -eq 'POST /v2/document-liveness' }) | Should -HaveCount 1
        }
        finally {
            Disconnect-Verifik
            Stop-VerifikSandbox $sandbox
        }
    }

    It 'retries a GET on 503 as a read and says so in -Verbose' {
        $sandbox = Start-VerifikSandbox -ArgumentList '--expose-log', '--synthetic', '3', '--fault-kind', 'ServerError', '--fault-status', '503', '--fault-on', 'get', '--fault-times', '1', '--fault-retry-after', '0'
        try {
            Connect-Verifik -Token $sandbox.Token -BaseUri $sandbox.BaseUri

            $all = @(Invoke-VerifikRequest /v2/document-liveness/dl-0000001 -MaxRetry 2 -Verbose 4>&1)

            @($all | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -match '^Retrying .*HTTP 503' }) | Should -HaveCount 1
            ($all | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }).data._id | Should -Be 'dl-0000001'
            @((Get-VerifikSandboxLog -Sandbox $sandbox).Arrivals | Where-Object { $_ -eq 'GET /v2/document-liveness/dl-0000001' }) | Should -HaveCount 2
        }
        finally {
            Disconnect-Verifik
            Stop-VerifikSandbox $sandbox
        }
    }

    It 'writes the items read, then VerifikListingIncomplete, for a list that repeats its pages' {
        $sandbox = Start-VerifikSandbox -ArgumentList '--expose-log', '--synthetic', '40', '--fault-kind', 'ListRepeat', '--fault-on', 'list'
        try {
            Connect-Verifik -Token $sandbox.Token -BaseUri $sandbox.BaseUri

            $items = @(Invoke-VerifikRequest '/v2/document-liveness?limit=10' -All -ErrorVariable incomplete -ErrorAction SilentlyContinue)

            $items | Should -HaveCount 10
            $incomplete | Should -HaveCount 1
            $incomplete[0].FullyQualifiedErrorId | Should -Be "VerifikListingIncomplete$fullyQualified"
            $incomplete[0].Exception.Message | Should -Match 'repeats the items of the page before it'
        }
        finally {
            Disconnect-Verifik
            Stop-VerifikSandbox $sandbox
        }
    }
}
