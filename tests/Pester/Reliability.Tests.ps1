# Transient faults as a user sees them: retries are visible with -Verbose (without the token) and every
# ID still comes back. The sandbox answers 20 % of requests with 429 (Retry-After: 1).

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

    It 'returns every ID, in input order' -Tag 'Twin:ReliabilityTests.Under_rate_limiting_a_script_gets_every_record_in_order_and_sees_the_retries_in_verbose_without_the_token' {
        @($records | ForEach-Object Id) | Should -Be $ids
    }

    It 'shows each retry in the verbose stream with its status and attempt' -Tag 'Twin:ReliabilityTests.Under_rate_limiting_a_script_gets_every_record_in_order_and_sees_the_retries_in_verbose_without_the_token', 'Twin:ReliabilityTests.A_429_with_Retry_After_is_retried_and_each_retry_is_visible_in_verbose' {
        $retries = @($verbose | Where-Object { $_ -like 'Retrying*' })
        $retries.Count | Should -BeGreaterThan 0
        $retries[0] | Should -Match 'HTTP 429'
        $retries[0] | Should -Match 'retry \d+ of 8'
    }

    It 'never shows the token in verbose output' -Tag 'Twin:ReliabilityTests.Under_rate_limiting_a_script_gets_every_record_in_order_and_sees_the_retries_in_verbose_without_the_token', 'Twin:TokenHygieneTests.The_token_appears_in_no_stream_error_object_or_view' {
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

    It '<Kind>: one clear error per ID, naming the ID and the status, and no crash' -Tag 'Twin:DocumentLivenessTests.A_body_that_is_not_the_documented_json_is_an_InvalidData_error_naming_id_and_status' {
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
