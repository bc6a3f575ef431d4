# Transient faults as a user sees them: retries with back-off, Retry-After (seconds or a date), timeouts, what happens
# when retries run out, refusals that stop a run, and a soak under ten percent of transient faults. Retries are visible
# with -Verbose (without the token) and every ID still comes back, or gets its own error. Each fault is a sandbox rule
# for some IDs (--fault-ids); the sandbox's log (--expose-log) counts the requests each ID took.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-VerifikModule
}

Describe 'Retries under rate limiting' {
    BeforeAll {
        $sandbox = Start-VerifikSandbox -ArgumentList '--synthetic', '40', '--fault-kind', 'TooManyRequests', '--fault-rate', '0.2'
        Connect-Verifik -Token $sandbox.Token -BaseUri $sandbox.BaseUri
        $ids = @(0..39 | ForEach-Object { 'dl-{0:D7}' -f $_ })
        # 8 retries: the chance that one ID meets nine 429s in a row is 0.2^9.
        $all = @($ids | Get-VerifikDocumentLiveness -MaxRetry 8 -Verbose 4>&1)
        $records = @($all | Where-Object { $_ -is [Verifik.DocumentLiveness] })
        $verbose = @($all | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
    }

    AfterAll {
        Disconnect-Verifik
        Stop-VerifikSandbox $sandbox
    }

    It 'returns every ID, in input order' {
        @($records | ForEach-Object Id) | Should -Be $ids
    }

    It 'shows each retry in the verbose stream with its status and attempt' {
        $retries = @($verbose | Where-Object { $_ -like 'Retrying*' })
        $retries.Count | Should -BeGreaterThan 0
        $retries[0] | Should -Match 'HTTP 429'
        $retries[0] | Should -Match 'retry \d+ of 8'
    }

    It 'never shows the token in verbose output' {
        foreach ($line in $verbose) { $line | Should -Not -BeLike "*$($sandbox.Token)*" }
    }
}

Describe 'Answers that are not the documented JSON' -ForEach @(
    @{ Kind = 'TruncatedBody'; Status = 'HTTP 200'; Category = 'InvalidData' }
    @{ Kind = 'WrongContentType'; Status = 'HTTP 200'; Category = 'InvalidData' }
    @{ Kind = 'HtmlPage'; Status = 'HTTP 502'; Category = 'ResourceUnavailable' }
) {
    BeforeAll {
        $sandbox = Start-VerifikSandbox -ArgumentList '--synthetic', '3', '--fault-kind', $Kind
        # The fault answers every request, the connect's token check included.
        Connect-Verifik -Token $sandbox.Token -BaseUri $sandbox.BaseUri -SkipValidation
        $records = @('dl-0000000', 'dl-0000001' | Get-VerifikDocumentLiveness -MaxRetry 0 -ErrorVariable failures -ErrorAction SilentlyContinue)
    }

    AfterAll {
        Disconnect-Verifik
        Stop-VerifikSandbox $sandbox
    }

    It '<Kind>: one clear error per ID, naming the ID and the status, and no crash' {
        $records | Should -HaveCount 0
        $failures | Should -HaveCount 2
        @($failures | ForEach-Object TargetObject) | Should -Be @('dl-0000000', 'dl-0000001')
        foreach ($failure in $failures) {
            $failure.CategoryInfo.Category.ToString() | Should -Be $Category
            $failure.Exception.Message | Should -Match ([regex]::Escape($Status))
            $failure.Exception.Message | Should -Match ([regex]::Escape("'$($failure.TargetObject)'"))
        }
    }
}

Describe 'Retries, one ID at a time' {
    BeforeAll {
        $storm = @(0..59 | ForEach-Object { 's{0:D2}' -f $_ })
        $bulk = @(0..199 | ForEach-Object { 'u{0:D3}' -f $_ })
        $ids = @('a', 'b', 'c', 'd', 'b429', 'date', 's500', 's502', 's503', 's504', 'drop', 'slowonce', 'slowalways', 'b503', 'a429',
            'w400', 'w409', 'w422', 'f403', 'redir', 'always') + $storm + $bulk
        $seed = New-SeedFile -Path (Join-Path $TestDrive 'reliability.json') -Record @($ids | ForEach-Object { New-FlatRecord -Id $_ })
        # A Retry-After date a moment from now (already past by the time it is read is fine: it is honoured as "now").
        $when = [DateTimeOffset]::UtcNow.AddSeconds(3).ToString('r')
        $rules = @(
            '--fault-kind', 'TooManyRequests', '--fault-retry-after', '0', '--fault-times', '2', '--fault-ids', 'b429'
            '--fault-kind', 'TooManyRequests', '--fault-retry-after', $when, '--fault-times', '1', '--fault-ids', 'date'
            '--fault-kind', 'ServerError', '--fault-status', '500', '--fault-times', '1', '--fault-ids', 's500'
            '--fault-kind', 'ServerError', '--fault-status', '502', '--fault-times', '1', '--fault-ids', 's502'
            '--fault-kind', 'ServerError', '--fault-status', '503', '--fault-times', '1', '--fault-ids', 's503'
            '--fault-kind', 'ServerError', '--fault-status', '504', '--fault-times', '1', '--fault-ids', 's504'
            '--fault-kind', 'DropConnection', '--fault-times', '1', '--fault-ids', 'drop'
            '--fault-kind', 'Slow', '--fault-delay-ms', '20000', '--fault-times', '1', '--fault-ids', 'slowonce'
            '--fault-kind', 'Slow', '--fault-delay-ms', '20000', '--fault-ids', 'slowalways'
            '--fault-kind', 'ServerError', '--fault-status', '503', '--fault-retry-after', '0', '--fault-ids', 'b503'
            '--fault-kind', 'TooManyRequests', '--fault-retry-after', '0', '--fault-ids', 'a429'
            '--fault-kind', 'WrongStatus', '--fault-status', '400', '--fault-ids', 'w400'
            '--fault-kind', 'WrongStatus', '--fault-status', '409', '--fault-ids', 'w409'
            '--fault-kind', 'WrongStatus', '--fault-status', '422', '--fault-ids', 'w422'
            '--fault-kind', 'TooManyRequests', '--fault-retry-after', '1', '--fault-times', '2', '--fault-ids', ($storm -join ',')
            '--fault-kind', 'Unauthorized', '--fault-ids', 'u020'
            '--fault-kind', 'Forbidden', '--fault-ids', 'f403'
            '--fault-kind', 'RedirectToOtherHost', '--fault-ids', 'redir'
            '--fault-kind', 'ServerError', '--fault-retry-after', '0', '--fault-ids', 'always'
        )
        $sandbox = Start-VerifikSandbox -ArgumentList (@('--seed-file', $seed, '--expose-log') + $rules)
        Connect-Verifik -Token $sandbox.Token -BaseUri $sandbox.BaseUri -MaxRetry 3 -TimeoutSec 30
        function Get-RequestCount([string]$Id) {
            @((Get-VerifikSandboxLog -Sandbox $sandbox).Requests | Where-Object { $_.rawTarget -eq "/v2/document-liveness/$Id" }).Count
        }
        function Get-Retry($All) { @($All | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -like 'Retrying*' } | ForEach-Object Message) }
    }

    AfterAll {
        Disconnect-Verifik
        Stop-VerifikSandbox $sandbox
    }

    It 'retries a 429 as Retry-After says, and shows each retry in the verbose stream' {
        $all = @('a', 'b429', 'c' | Get-VerifikDocumentLiveness -Verbose -ErrorVariable failed 4>&1)

        @($all | Where-Object { $_ -is [Verifik.DocumentLiveness] } | ForEach-Object Id) | Should -Be @('a', 'b429', 'c')
        $failed | Should -HaveCount 0
        Get-RequestCount 'b429' | Should -Be 3
        $retries = Get-Retry $all
        $retries | Should -HaveCount 2
        $retries[0] | Should -BeLike '*HTTP 429*'
        $retries[0] | Should -BeLike '*retry 1 of 3*'
        $retries[1] | Should -BeLike '*retry 2 of 3*'
        $retries[0] | Should -BeLike '*b429:*'
    }

    It 'honours a Retry-After given as an HTTP date' {
        $all = @(Get-VerifikDocumentLiveness -Id date -Verbose 4>&1)

        @($all | Where-Object { $_ -is [Verifik.DocumentLiveness] }) | Should -HaveCount 1
        Get-RequestCount 'date' | Should -Be 2
        @(Get-Retry $all | Where-Object { $_ -like '*HTTP 429*' }) | Should -HaveCount 1
    }

    It 'retries an HTTP <_> with back-off' -ForEach 500, 502, 503, 504 {
        @(Get-VerifikDocumentLiveness -Id "s$_" -ErrorVariable failed) | Should -HaveCount 1
        $failed | Should -HaveCount 0
        Get-RequestCount "s$_" | Should -Be 2
    }

    It 'retries a dropped connection' {
        @(Get-VerifikDocumentLiveness -Id drop -ErrorVariable failed) | Should -HaveCount 1
        $failed | Should -HaveCount 0
    }

    It 'abandons and retries an answer slower than -TimeoutSec, and after the last try the ID gets OperationTimeout' {
        $all = @(Get-VerifikDocumentLiveness -Id slowonce -TimeoutSec 1 -Verbose 4>&1)
        @($all | Where-Object { $_ -is [Verifik.DocumentLiveness] }) | Should -HaveCount 1
        @(Get-Retry $all | Where-Object { $_ -like '*no complete answer within 1 s*' }) | Should -Not -HaveCount 0

        @(Get-VerifikDocumentLiveness -Id slowalways -TimeoutSec 1 -MaxRetry 0 -ErrorVariable failed -ErrorAction SilentlyContinue) | Should -HaveCount 0
        $failed | Should -HaveCount 1
        $failed[0].CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::OperationTimeout)
        $failed[0].TargetObject | Should -Be 'slowalways'
    }

    It 'gives the ID the error of its last failure when retries run out, and goes on' {
        $ids = @('a', 'b503', 'c' | Get-VerifikDocumentLiveness -MaxRetry 2 -ErrorVariable failed -ErrorAction SilentlyContinue | ForEach-Object Id)

        $ids | Should -Be @('a', 'c')
        $failed | Should -HaveCount 1
        $failed[0].TargetObject | Should -Be 'b503'
        $failed[0].CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::ResourceUnavailable)
        $failed[0].Exception.Message | Should -BeLike '*HTTP 503*'
        $failed[0].Exception.Message | Should -BeLike '*after 2 retries*'
        Get-RequestCount 'b503' | Should -Be 3
    }

    It 'makes rate limiting that outlasts the retries LimitsExceeded' {
        Get-VerifikDocumentLiveness -Id a429 -MaxRetry 1 -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed | Should -HaveCount 1
        $failed[0].CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::LimitsExceeded)
        Get-RequestCount 'a429' | Should -Be 2
    }

    It 'does not retry an HTTP <_>' -ForEach 400, 409, 422 {
        Get-VerifikDocumentLiveness -Id "w$_" -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed | Should -HaveCount 1
        $failed[0].TargetObject | Should -Be "w$_"
        Get-RequestCount "w$_" | Should -Be 1
    }

    It 'slows a batch down in a 429 storm instead of failing it' {
        @($storm | Get-VerifikDocumentLiveness -ErrorVariable failed | ForEach-Object Id) | Should -Be $storm
        $failed | Should -HaveCount 0
    }

    It 'stops a bulk run at a 401, writes what was already running in input order, and starts nothing after' {
        $mark = @((Get-VerifikSandboxLog -Sandbox $sandbox).Requests).Count
        $written = [System.Collections.Generic.List[string]]::new()
        $caught = $null
        try { $bulk | Get-VerifikDocumentLiveness -ThrottleLimit 4 | ForEach-Object { $written.Add($_.Id) } } catch { $caught = $_ }

        $caught.CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::AuthenticationError)
        $caught.TargetObject | Should -Be 'u020'
        @($written | Select-Object -First 20) | Should -Be $bulk[0..19]
        # What was already running when the 401 came is not cancelled: written, in input order; nothing starts after.
        $after = @($written | Select-Object -Skip 20)
        $after | Should -Be @($after | Sort-Object)
        $requested = @((Get-VerifikSandboxLog -Sandbox $sandbox).Requests | Select-Object -Skip $mark | ForEach-Object rawTarget)
        foreach ($id in $after) { $requested | Should -Contain "/v2/document-liveness/$id" }
        $after.Count | Should -BeLessThan 16 -Because 'no more than the window''s worth is written after the 401'
        $requested.Count | Should -BeLessThan 60 -Because 'the run must not go on after the 401'
    }

    It 'makes a 403 token_expired a terminating PermissionDenied' {
        $caught = $null
        try { 'a', 'f403', 'c' | Get-VerifikDocumentLiveness | Out-Null } catch { $caught = $_ }

        $caught.CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::PermissionDenied)
        $caught.Exception.Message | Should -BeLike '*token_expired*'
    }

    It 'does not follow a redirect to another host, so the token stays home' {
        $ids = @('redir', 'b' | Get-VerifikDocumentLiveness -ErrorVariable failed -ErrorAction SilentlyContinue | ForEach-Object Id)

        $ids | Should -Be @('b')
        $failed | Should -HaveCount 1
        $failed[0].CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::SecurityError)
        $failed[0].TargetObject | Should -Be 'redir'
        @((Get-VerifikSandboxLog -Sandbox $sandbox).Requests | Where-Object { $_.host -like 'localhost*' }) | Should -HaveCount 0
    }

    It 'takes -MaxRetry and -TimeoutSec of Connect-Verifik as the defaults, and shows them in the context' {
        $context = Get-VerifikContext
        $context.MaxRetry | Should -Be 3
        $context.TimeoutSec | Should -Be 30

        Get-VerifikDocumentLiveness -Id always -ErrorAction SilentlyContinue
        Get-RequestCount 'always' | Should -Be 4
    }
}

Describe 'A soak under ten percent of transient faults' {
    BeforeAll {
        $n = 2000
        $sandbox = Start-VerifikSandbox -ArgumentList '--synthetic', "$n", '--no-samples', '--expose-log',
            '--fault-kind', 'TooManyRequests', '--fault-rate', '0.04', '--fault-retry-after', '0',
            '--fault-kind', 'ServerError', '--fault-status', '503', '--fault-rate', '0.03', '--fault-retry-after', '0',
            '--fault-kind', 'DropConnection', '--fault-rate', '0.03'
        Connect-Verifik -Token $sandbox.Token -BaseUri $sandbox.BaseUri
    }

    AfterAll {
        Disconnect-Verifik
        Stop-VerifikSandbox $sandbox
    }

    It 'accounts for every ID exactly once, in input order' {
        $ids = @(@(0..($n - 1) | ForEach-Object { 'dl-{0:D7}' -f $_ }) + 'missing-1' + 'missing-2' | Get-Random -Count ($n + 2))

        $found = @($ids | Get-VerifikDocumentLiveness -MaxRetry 6 -ErrorVariable failed -ErrorAction SilentlyContinue | ForEach-Object Id)

        $found | Should -Be @($ids | Where-Object { $_ -notlike 'missing*' })   # order kept, none lost or doubled
        @($failed | ForEach-Object TargetObject | Sort-Object) | Should -Be @('missing-1', 'missing-2')   # only the real 404s fail
        $failed | ForEach-Object { $_.CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::ObjectNotFound) }
        @((Get-VerifikSandboxLog -Sandbox $sandbox).Requests).Count | Should -BeGreaterThan ($n + $n / 20) -Because 'the faults did happen'
    }
}
