# The bulk engine's limits as a script meets them: -First ends an endless input at once, finished records waiting
# behind a slow one are bounded by their bytes, and a rate-limit pause left by an earlier command binds the next one
# only within its own -MaxRetry and -TimeoutSec. Pipelines that could hang on a broken build run in a runspace of
# their own, with a guard, so the suite reports them instead of hanging.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-VerifikModule

    # Only guards the suite against a hang; nothing is asserted about how long anything takes.
    $script:HangGuardMs = 40000

    function Start-GuardedPipeline {
        <# Runs $Script in a new runspace of this process (sharing its default connection); returns runspace, shell and handle. #>
        param([Parameter(Mandatory = $true)][string]$Script, [hashtable]$Variables = @{})
        $runspace = [runspacefactory]::CreateRunspace()
        $runspace.Open()
        foreach ($name in $Variables.Keys) { $runspace.SessionStateProxy.SetVariable($name, $Variables[$name]) }
        $ps = [powershell]::Create()
        $ps.Runspace = $runspace
        $null = $ps.AddScript("Import-Module '$((Get-VerifikManifestPath) -replace "'", "''")'`n$Script")
        [pscustomobject]@{ Runspace = $runspace; Shell = $ps; Handle = $ps.BeginInvoke() }
    }

    function Complete-GuardedPipeline {
        <# Waits (within the guard) and returns the output, errors and verbose messages; a hang stops it and fails. #>
        param([Parameter(Mandatory = $true)]$Run)
        try {
            $finished = $Run.Handle.AsyncWaitHandle.WaitOne($script:HangGuardMs)
            if (-not $finished) { $Run.Shell.Stop() }
            $finished | Should -BeTrue -Because 'the pipeline must end on its own'
            [pscustomobject]@{
                Output  = @($Run.Shell.EndInvoke($Run.Handle))
                Errors  = @($Run.Shell.Streams.Error)
                Verbose = @($Run.Shell.Streams.Verbose | ForEach-Object Message)
            }
        }
        finally {
            $Run.Shell.Dispose()
            $Run.Runspace.Dispose()
        }
    }
}

Describe '-First with IDs from the pipeline' {
    BeforeAll {
        $seed = New-SeedFile -Path (Join-Path $TestDrive 'first.json') -Record @('a1', 'a2', 'a3' | ForEach-Object { New-FlatRecord -Id $_ })
        $sandbox = Start-VerifikSandbox -ArgumentList '--seed-file', $seed, '--expose-log'
        Connect-Verifik -Token $sandbox.Token -BaseUri $sandbox.BaseUri
    }

    AfterAll {
        Disconnect-Verifik
        Stop-VerifikSandbox $sandbox
    }

    It 'writes its records at once and stops an endless input, as Select-Object -First does' {
        $run = Start-GuardedPipeline -Script @'
& { 'a1', 'a2', 'a3'; while ($true) { [System.Threading.Thread]::Sleep(20); 'late' } } |
    Get-VerifikDocumentLiveness -First 3 |
    ForEach-Object -Begin { $ids = @() } -Process { $ids += $_.Id } -End { $ids -join ','; 'end' }
'@
        $result = Complete-GuardedPipeline $run

        $result.Output | Should -Be @('a1,a2,a3', 'end')
        $result.Errors | Should -HaveCount 0
        $paths = @((Get-VerifikSandboxLog -Sandbox $sandbox).Requests | Where-Object { $_.path -like '/v2/document-liveness/*' } | ForEach-Object path)
        @($paths | Sort-Object) | Should -Be @('/v2/document-liveness/a1', '/v2/document-liveness/a2', '/v2/document-liveness/a3')
    }

    It 'requests nothing with -First 0, and stops an endless input too' {
        $before = @((Get-VerifikSandboxLog -Sandbox $sandbox).Requests).Count
        $run = Start-GuardedPipeline -Script "& { while (`$true) { [System.Threading.Thread]::Sleep(20); 'late' } } | Get-VerifikDocumentLiveness -First 0; 'after'"
        $result = Complete-GuardedPipeline $run

        $result.Output | Should -Be @('after')
        @((Get-VerifikSandboxLog -Sandbox $sandbox).Requests).Count - $before | Should -Be 0
    }

    It 'requests only the first IDs of one -Id argument' {
        $before = @((Get-VerifikSandboxLog -Sandbox $sandbox).Requests).Count
        (Get-VerifikDocumentLiveness -Id a1, a2, a3 -First 2).Id | Should -Be @('a1', 'a2')
        @((Get-VerifikSandboxLog -Sandbox $sandbox).Requests).Count - $before | Should -Be 2
    }
}

Describe 'Finished records waiting behind a slow one' {
    BeforeAll {
        # 6 MB records: the 64 MB budget holds 11 of them finished (the 11th crosses it), and the 7 other slots may each
        # finish one more. A count-bounded window (4 x 8 = 32) would fetch 31 of them behind the slow one.
        $recordBytes = 6 * 1024 * 1024
        $big = '{"_id":"big","status":"completed","notes":"' + ('x' * $recordBytes) + '"}'
        $seed = New-SeedFile -Path (Join-Path $TestDrive 'big.json') -Record @((New-FlatRecord -Id 'slow'), $big)
        $sandbox = Start-VerifikSandbox -ArgumentList '--seed-file', $seed, '--expose-log', '--fault-kind', 'Slow', '--fault-ids', 'slow', '--fault-delay-ms', '20000'
        # -SkipValidation: arrivalsAtAnswer counts every request since the start, and only the run's own are to be counted.
        Connect-Verifik -Token $sandbox.Token -BaseUri $sandbox.BaseUri -SkipValidation
        $allowed = 1 + [Math]::Ceiling(64MB / ($recordBytes + 2048)) + 7
    }

    AfterAll {
        Disconnect-Verifik
        Stop-VerifikSandbox $sandbox
    }

    It 'are bounded by their bytes, not by their count' {
        $ids = @('slow') + @(1..39 | ForEach-Object { 'big' })
        $run = Start-GuardedPipeline -Script '$ids | Get-VerifikDocumentLiveness -ThrottleLimit 8 | ForEach-Object { $_.Id }' -Variables @{ ids = $ids }

        $result = Complete-GuardedPipeline $run
        # What arrived while 'slow' was held (20 s) is what the window sent behind it: the sandbox counts it as it answers.
        $slow = @((Get-VerifikSandboxLog -Sandbox $sandbox).Requests | Where-Object { $_.path -eq '/v2/document-liveness/slow' })
        $slow | Should -HaveCount 1
        $slow[0].arrivalsAtAnswer | Should -BeLessOrEqual $allowed -Because 'no further request starts while the finished ones fill the budget'
        $slow[0].arrivalsAtAnswer | Should -BeGreaterOrEqual 8 -Because 'the other seven slots were in use meanwhile'

        $result.Output | Should -Be $ids
        $result.Errors | Should -HaveCount 0
    }
}

Describe 'A rate-limit pause left by an earlier command' {
    BeforeAll {
        $seed = New-SeedFile -Path (Join-Path $TestDrive 'limited.json') -Record @((New-FlatRecord -Id 'limited'), (New-FlatRecord -Id 'good'))
        $sandbox = Start-VerifikSandbox -ArgumentList '--seed-file', $seed, '--fault-kind', 'TooManyRequests', '--fault-ids', 'limited', '--fault-retry-after', '60'
        Connect-Verifik -Token $sandbox.Token -BaseUri $sandbox.BaseUri
    }

    AfterAll {
        Disconnect-Verifik
        Stop-VerifikSandbox $sandbox
    }

    It 'binds the next command only within its own -MaxRetry and -TimeoutSec' {
        # The first command is told to wait 60 s, which pauses the whole connection; it is stopped (Ctrl+C) while it waits.
        $first = Start-GuardedPipeline -Script 'Get-VerifikDocumentLiveness -Id limited -MaxRetry 1 -Verbose'
        try {
            $deadline = [DateTime]::UtcNow.AddMilliseconds($script:HangGuardMs)
            while (-not @($first.Shell.Streams.Verbose | Where-Object { $_.Message -like 'Retrying limited*' }) -and [DateTime]::UtcNow -lt $deadline) {
                Start-Sleep -Milliseconds 50
            }
            @($first.Shell.Streams.Verbose | Where-Object { $_.Message -like 'Retrying limited*' }) | Should -Not -BeNullOrEmpty
            $first.Shell.Stop()
        }
        finally {
            $first.Shell.Dispose()
            $first.Runspace.Dispose()
        }

        # -MaxRetry 0 asks for no waiting: the record comes without waiting on the pause.
        $quick = Complete-GuardedPipeline (Start-GuardedPipeline -Script 'Get-VerifikDocumentLiveness -Id good -MaxRetry 0 -TimeoutSec 5 -Verbose | ForEach-Object { $_.Id }')
        $quick.Output | Should -Be @('good')
        $quick.Errors | Should -HaveCount 0
        @($quick.Verbose | Where-Object { $_ -like 'Waiting*' }) | Should -HaveCount 0

        # With retries allowed it honours the pause, but only for as long as its own -TimeoutSec, and says so once.
        $patient = Complete-GuardedPipeline (Start-GuardedPipeline -Script 'Get-VerifikDocumentLiveness -Id good, good -MaxRetry 2 -TimeoutSec 2 -Verbose | ForEach-Object { $_.Id }')
        $patient.Output | Should -Be @('good', 'good')
        $patient.Errors | Should -HaveCount 0
        $waits = @($patient.Verbose | Where-Object { $_ -like 'Waiting*' })
        $waits | Should -HaveCount 1
        $waits[0] | Should -Match '^Waiting 2 s before ''good'': the API rate-limited this connection \(HTTP 429\), pausing it until \d\d:\d\d:\d\d UTC\.$'
    }
}
