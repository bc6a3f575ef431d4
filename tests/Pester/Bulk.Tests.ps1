# Bulk lookups by ID through real pwsh (the twin of tests/Engine/BulkTests.cs): input order under random
# server latency, duplicates, not-found IDs in a concurrent batch, -ThrottleLimit 1, -Skip/-First, stop,
# and progress. The sandbox serves synthetic records dl-0000000 ... with 0-20 ms of random latency.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-VerifikModule
}

Describe 'Get-VerifikDocumentLiveness in bulk' {
    BeforeAll {
        $sandbox = Start-VerifikSandbox -ArgumentList '--synthetic', '300', '--jitter-ms', '20'
        Connect-Verifik -Token $sandbox.Token -BaseUri $sandbox.BaseUri
        $ids = @(0..149 | ForEach-Object { 'dl-{0:D7}' -f $_ })
    }

    AfterAll {
        Disconnect-Verifik
        Stop-VerifikSandbox $sandbox
    }

    It 'writes records in input order although they are fetched concurrently' -Tag 'Twin:BulkTests.Records_come_out_in_input_order_under_random_server_latency' {
        $shuffled = @($ids | Get-Random -Count $ids.Count)
        @($shuffled | Get-VerifikDocumentLiveness | ForEach-Object Id) | Should -Be $shuffled
    }

    It 'gives the same result one request at a time with -ThrottleLimit 1' -Tag 'Twin:BulkTests.Throttle_limit_1_still_fetches_everything_in_order' {
        $some = @($ids[0..19])
        @($some | Get-VerifikDocumentLiveness -ThrottleLimit 1 | ForEach-Object Id) | Should -Be $some
    }

    It 'answers every duplicated ID' -Tag 'Twin:BulkTests.Duplicated_ids_are_each_answered' {
        $repeated = @('dl-0000001', 'dl-0000002', 'dl-0000001', 'dl-0000001')
        @($repeated | Get-VerifikDocumentLiveness | ForEach-Object Id) | Should -Be $repeated
    }

    It 'reports not-found IDs of a concurrent batch as errors, in input order, and loses nothing' -Tag 'Twin:BulkTests.Not_found_ids_in_a_concurrent_batch_are_errors_in_input_order_and_nothing_is_lost' {
        $mixed = @($ids[0..59])
        $missing = @('missing-a', 'missing-b', 'missing-c')
        $mixed = @($mixed[0..9]) + $missing[0] + @($mixed[10..29]) + $missing[1] + @($mixed[30..59]) + $missing[2]

        $found = @($mixed | Get-VerifikDocumentLiveness -ErrorVariable notFound -ErrorAction SilentlyContinue | ForEach-Object Id)

        $found | Should -Be @($mixed | Where-Object { $_ -notlike 'missing-*' })
        @($notFound | ForEach-Object TargetObject) | Should -Be $missing
        @($notFound | ForEach-Object { $_.CategoryInfo.Category.ToString() } | Select-Object -Unique) | Should -Be @('ObjectNotFound')
    }

    It 'counts -Skip and -First in input IDs' -Tag 'Twin:BulkTests.First_and_Skip_count_input_ids_and_skipped_ones_are_never_requested' {
        @($ids[0..9] | Get-VerifikDocumentLiveness -Skip 2 -First 3 | ForEach-Object Id) | Should -Be @($ids[2..4])
    }

    It 'stops promptly when the pipeline is stopped' -Tag 'Twin:BulkTests.Stop_cancels_in_flight_requests_and_starts_no_new_ones' {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript('param($manifest, $ids) Import-Module $manifest; $ids | Get-VerifikDocumentLiveness -ThrottleLimit 2').
                AddArgument((Get-VerifikManifestPath)).AddArgument(@(0..299 | ForEach-Object { 'dl-{0:D7}' -f $_ }))
            $async = $ps.BeginInvoke()
            Start-Sleep -Milliseconds 300
            $ps.Stop()   # returns once the pipeline has stopped
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
        }
        finally {
            $ps.Dispose()
        }
    }

    It 'shows no progress bar for a short run' -Tag 'Twin:BulkTests.Progress_is_quiet_for_short_runs' {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript('param($manifest) Import-Module $manifest; ''dl-0000001'', ''dl-0000002'' | Get-VerifikDocumentLiveness').
                AddArgument((Get-VerifikManifestPath))
            $out = $ps.Invoke()
            $out | Should -HaveCount 2
            @($ps.Streams.Progress).Count | Should -Be 0
        }
        finally {
            $ps.Dispose()
        }
    }
}

Describe 'Progress on a long run' {
    BeforeAll {
        $sandbox = Start-VerifikSandbox -ArgumentList '--synthetic', '40', '--latency-ms', '80'
        Connect-Verifik -Token $sandbox.Token -BaseUri $sandbox.BaseUri
        $manifest = Get-VerifikManifestPath
        $ids = @(0..39 | ForEach-Object { 'dl-{0:D7}' -f $_ })
    }

    AfterAll {
        Disconnect-Verifik
        Stop-VerifikSandbox $sandbox
    }

    It 'reports a running count and rate, then completes' -Tag 'Twin:BulkTests.Progress_shows_a_running_count_on_long_runs_unless_ProgressPreference_silences_it' {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript('param($manifest, $ids) Import-Module $manifest; $ids | Get-VerifikDocumentLiveness -ThrottleLimit 1 | Out-Null').
                AddArgument($manifest).AddArgument($ids)
            $null = $ps.Invoke()
            $records = @($ps.Streams.Progress)
            @($records | Where-Object { $_.StatusDescription -match 'records' -and $_.StatusDescription -match '/s' }).Count | Should -BeGreaterThan 0
            $records[-1].RecordType | Should -Be 'Completed'
        }
        finally {
            $ps.Dispose()
        }
    }

    It 'is silent when $ProgressPreference says so' -Tag 'Twin:BulkTests.Progress_shows_a_running_count_on_long_runs_unless_ProgressPreference_silences_it' {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript('param($manifest, $ids) Import-Module $manifest; $ProgressPreference = ''SilentlyContinue''; $ids | Get-VerifikDocumentLiveness -ThrottleLimit 1 | Out-Null').
                AddArgument($manifest).AddArgument($ids)
            $null = $ps.Invoke()
            @($ps.Streams.Progress).Count | Should -Be 0
        }
        finally {
            $ps.Dispose()
        }
    }
}
