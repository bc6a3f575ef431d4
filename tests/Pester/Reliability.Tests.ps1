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
