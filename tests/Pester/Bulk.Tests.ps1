# Bulk lookups by ID through real pwsh: input order under random server latency, duplicates, not-found IDs in a
# concurrent batch, -ThrottleLimit 1, -Skip/-First, streaming, stop, and progress. The sandbox serves synthetic records
# dl-0000000 ... with 0-20 ms of random latency, and its log (--expose-log) says which requests it got.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-VerifikModule
}

Describe 'Get-VerifikDocumentLiveness in bulk' {
    BeforeAll {
        $sandbox = Start-VerifikSandbox -ArgumentList '--synthetic', '300', '--jitter-ms', '20', '--expose-log'
        Connect-Verifik -Token $sandbox.Token -BaseUri $sandbox.BaseUri
        $ids = @(0..149 | ForEach-Object { 'dl-{0:D7}' -f $_ })
        # The record requests (GET /v2/document-liveness/<id>) the sandbox got after the first $Skip requests.
        function Get-RecordRequest([int]$Skip) {
            @((Get-VerifikSandboxLog -Sandbox $sandbox).Requests | Select-Object -Skip $Skip | Where-Object { $_.path -like '/v2/document-liveness/*' })
        }
    }

    BeforeEach {
        $before = @((Get-VerifikSandboxLog -Sandbox $sandbox).Requests).Count
    }

    AfterAll {
        Disconnect-Verifik
        Stop-VerifikSandbox $sandbox
    }

    It 'writes records in input order although they are fetched concurrently' {
        $shuffled = @($ids | Get-Random -Count $ids.Count)
        @($shuffled | Get-VerifikDocumentLiveness -ThrottleLimit 8 -ErrorVariable failed | ForEach-Object Id) | Should -Be $shuffled
        $failed | Should -HaveCount 0
        Get-RecordRequest -Skip $before | Should -HaveCount $ids.Count
    }

    It 'gives the same result one request at a time with -ThrottleLimit 1' {
        $some = @($ids[0..19])
        @($some | Get-VerifikDocumentLiveness -ThrottleLimit 1 | ForEach-Object Id) | Should -Be $some
    }

    It 'answers every duplicated ID' {
        $repeated = @('dl-0000001', 'dl-0000002', 'dl-0000001', 'dl-0000001')
        @($repeated | Get-VerifikDocumentLiveness | ForEach-Object Id) | Should -Be $repeated
    }

    It 'reports not-found IDs of a concurrent batch as errors, in input order, and loses nothing' {
        $mixed = @($ids[0..59])
        $missing = @('missing-a', 'missing-b', 'missing-c')
        $mixed = @($mixed[0..9]) + $missing[0] + @($mixed[10..29]) + $missing[1] + @($mixed[30..59]) + $missing[2]

        $found = @($mixed | Get-VerifikDocumentLiveness -ErrorVariable notFound -ErrorAction SilentlyContinue | ForEach-Object Id)

        $found | Should -Be @($mixed | Where-Object { $_ -notlike 'missing-*' })
        @($notFound | ForEach-Object TargetObject) | Should -Be $missing
        @($notFound | ForEach-Object { $_.CategoryInfo.Category.ToString() } | Select-Object -Unique) | Should -Be @('ObjectNotFound')
    }

    It 'counts -Skip and -First in input IDs, and never requests the skipped ones' {
        @($ids[0..9] | Get-VerifikDocumentLiveness -Skip 2 -First 3 | ForEach-Object Id) | Should -Be @($ids[2..4])
        @(Get-RecordRequest -Skip $before | ForEach-Object path | Sort-Object) | Should -Be @($ids[2..4] | ForEach-Object { "/v2/document-liveness/$_" })
    }

    It 'shows no progress bar for a short run' {
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

    It 'reports a running count and rate, then completes' {
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

    It 'is silent when $ProgressPreference says so' {
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

Describe 'A bulk run that is still running, or stopped' {
    BeforeAll {
        # Every ID but the sentinel dl-0000500 is held 30 s by the sandbox: what arrives meanwhile is what the module sent.
        $held = @(0..499 | ForEach-Object { 'dl-{0:D7}' -f $_ })
        $sentinel = 'dl-0000500'
        $sandbox = Start-VerifikSandbox -ArgumentList '--synthetic', '501', '--no-samples', '--expose-log',
            '--fault-kind', 'Slow', '--fault-ids', ($held -join ','), '--fault-delay-ms', '30000'
        Connect-Verifik -Token $sandbox.Token -BaseUri $sandbox.BaseUri
        $manifest = Get-VerifikManifestPath
        function Get-Arrival([int]$Skip) { @((Get-VerifikSandboxLog -Sandbox $sandbox).Arrivals | Select-Object -Skip $Skip) }
    }

    AfterAll {
        Disconnect-Verifik
        Stop-VerifikSandbox $sandbox
    }

    It 'writes the first record while a later one is still being fetched' {
        # A runspace of this process, so it shares the default connection.
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$manifest'; '$sentinel', 'dl-0000001' | Get-VerifikDocumentLiveness")
            $input = [System.Management.Automation.PSDataCollection[psobject]]::new()
            $input.Complete()
            $output = [System.Management.Automation.PSDataCollection[psobject]]::new()
            $null = $ps.BeginInvoke($input, $output)

            Wait-VerifikCondition { $output.Count -gt 0 } 'the first record is written'

            $output[0].Id | Should -Be $sentinel
            $ps.InvocationStateInfo.State | Should -Be 'Running' -Because 'dl-0000001 is still held by the sandbox'
            $ps.Stop()
        }
        finally {
            $ps.Dispose()
        }
    }

    It 'stops at once: the requests in flight end, and no other starts' {
        $before = @(Get-Arrival).Count
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("param(`$ids) Import-Module '$manifest'; `$ids | Get-VerifikDocumentLiveness -ThrottleLimit 4").AddArgument($held)
            $null = $ps.BeginInvoke()
            Wait-VerifikCondition { @(Get-Arrival -Skip $before).Count -ge 4 } 'the first four requests arrive'

            $ps.Stop()   # returns once the pipeline has stopped

            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
            # The signal that the four are over: the sandbox logs each as ended by the client, without an answer (status 0).
            Wait-VerifikCondition { @((Get-VerifikSandboxLog -Sandbox $sandbox).Requests | Where-Object { $_.status -eq 0 }).Count -ge 4 } 'the four requests are cancelled'
            # A request wrongly started in a slot the cancelled ones freed would be on its way by now; this one, sent after, is the barrier.
            (Get-VerifikDocumentLiveness -Id $sentinel).Id | Should -Be $sentinel
            $arrived = @(Get-Arrival -Skip $before | Where-Object { $_ -ne "GET /v2/document-liveness/$sentinel" })
            $arrived | Should -HaveCount 4
            @($arrived | Sort-Object) | Should -Be @($held[0..3] | ForEach-Object { "GET /v2/document-liveness/$_" })
        }
        finally {
            $ps.Dispose()
        }
    }
}
