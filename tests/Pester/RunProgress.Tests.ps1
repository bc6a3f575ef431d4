# What a long bulk run shows while it runs, for every bulk cmdlet (one engine): the progress bar ("N of M", a
# percentage and the time left when the total is known; the pages scanned for a filtered listing), and lines on the
# information stream for job logs, which no progress bar reaches: a periodic line and a summary at the end.
# The runs are made long by the sandbox's latency (so the bar, quiet for two seconds, does show), never by sleeping.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-VerifikModule
    $manifest = Get-VerifikManifestPath

    function Invoke-Hosted {
        # Runs the script in a runspace of its own, connected to the sandbox, and returns its streams and output.
        param(
            [Parameter(Mandatory = $true)][string]$Script,
            [hashtable]$Parameters = @{},
            [string]$Token = $sandbox.Token
        )
        $ps = [powershell]::Create()
        try {
            # -SkipValidation: a story's wrong token is to be refused by the run itself, not at the connect.
            $prefix = 'param($manifest, $baseUri, $token, $p) Import-Module $manifest; Connect-Verifik -Token $token -BaseUri $baseUri -SkipValidation; '
            $null = $ps.AddScript($prefix + $Script).AddArgument($manifest).AddArgument($sandbox.BaseUri).AddArgument($Token).AddArgument($Parameters)
            $thrown = $null
            try { $output = @($ps.Invoke()) } catch { $thrown = $_; $output = @() }
            [pscustomobject]@{
                Output      = $output
                Thrown      = $thrown
                Information = @($ps.Streams.Information)
                Progress    = @($ps.Streams.Progress)
                Warning     = @($ps.Streams.Warning | ForEach-Object Message)
                Error       = @($ps.Streams.Error)
            }
        }
        finally {
            $ps.Dispose()
        }
    }

    function Get-Line {
        # The information lines of one kind ('Summary' or 'Progress'), as text.
        param([Parameter(Mandatory = $true)]$Run, [Parameter(Mandatory = $true)][string]$Kind)
        @($Run.Information | Where-Object { $_.Tags -contains 'Verifik' -and $_.Tags -contains $Kind } | ForEach-Object { [string]$_.MessageData })
    }

    function Get-Bar {
        # The progress bar's updates (not its completion); a long run has some.
        param([Parameter(Mandatory = $true)]$Run)
        $bars = @($Run.Progress | Where-Object { $_.RecordType -eq 'Processing' })
        $bars.Count | Should -BeGreaterThan 0 -Because 'a run longer than two seconds shows a bar'
        $bars
    }

    function New-ImageFile {
        # Random bytes after a JPEG signature: what the sandbox, like the API's first check, takes for an image.
        param([string]$Path, [int]$Seed)
        $bytes = [byte[]]::new(1200)
        ([System.Random]::new($Seed)).NextBytes($bytes)
        ([byte[]](0xFF, 0xD8, 0xFF, 0xE0)).CopyTo($bytes, 0)
        $null = New-Item -ItemType Directory -Path (Split-Path -Parent $Path) -Force
        [System.IO.File]::WriteAllBytes($Path, $bytes)
        $Path
    }

    function Get-SandboxTotal {
        # What the sandbox holds (its synthetic records, and any sample records it adds to them), from its first page's count.
        $probe = Connect-Verifik -Token $sandbox.Token -BaseUri $sandbox.BaseUri -ReturnConnection
        try { [int](Get-VerifikDocumentLiveness -Connection $probe -IncludeTotalCount -First 1 | Select-Object -First 1) }
        finally { Disconnect-Verifik -Connection $probe }
    }

    $ids = { param([int]$From, [int]$To) @($From..$To | ForEach-Object { 'dl-{0:D7}' -f $_ }) }
}

Describe 'Bulk commands in a job log' {
    BeforeAll {
        $sandbox = Start-VerifikSandbox -ArgumentList '--synthetic', '300', '--synthetic-image-bytes', '2000'
        $total = Get-SandboxTotal
    }

    AfterAll {
        Stop-VerifikSandbox $sandbox
    }

    It 'Get-VerifikDocumentLiveness by ID ends with one summary line: records, errors and the time taken' {
        $run = Invoke-Hosted '$p.Ids | Get-VerifikDocumentLiveness -ErrorAction SilentlyContinue' @{ Ids = @(& $ids 0 4) + 'missing-1' }

        $run.Output | Should -HaveCount 5
        $summary = @(Get-Line $run 'Summary')
        $summary | Should -HaveCount 1
        $summary[0] | Should -Match '^Get-VerifikDocumentLiveness: done, 5 records and 1 error in \d+([.,]\d)? s\.$'
        $run.Information[-1].Source | Should -Be 'Get-VerifikDocumentLiveness'
    }

    It 'is visible in a job''s output with -InformationAction Continue, and not without it' {
        $script = "Import-Module '$manifest'; Connect-Verifik -Token '$($sandbox.Token)' -BaseUri '$($sandbox.BaseUri)'; " +
        "'dl-0000001', 'dl-0000002' | Get-VerifikDocumentLiveness | Out-Null; " +
        "'dl-0000003' | Get-VerifikDocumentLiveness -InformationAction Continue | Out-Null"
        $printed = Remove-Ansi (& (Get-PowerShellPath) -NoProfile -NonInteractive -Command $script 2>&1 | Out-String)

        $LASTEXITCODE | Should -Be 0
        @([regex]::Matches($printed, 'Get-VerifikDocumentLiveness: done, ')).Count | Should -Be 1 -Because $printed
        $printed | Should -Match 'Get-VerifikDocumentLiveness: done, 1 record and 0 errors'
    }

    It 'the listing says how many records it wrote; a filtered listing, how many pages and records it scanned' {
        $run = Invoke-Hosted 'Get-VerifikDocumentLiveness -First 25 -PageSize 10 | Out-Null; Get-VerifikDocumentLiveness -CreatedAfter ([datetime]::MaxValue.AddYears(-1)) -PageSize 50'

        $summary = @(Get-Line $run 'Summary')
        $summary | Should -HaveCount 2
        $summary[0] | Should -Match '^Get-VerifikDocumentLiveness: done, 25 records and 0 errors in '
        $summary[1] | Should -Match ('^Get-VerifikDocumentLiveness: done, 0 records and 0 errors in .*; {0} pages scanned \({1} records\)\.$' -f [Math]::Ceiling($total / 50), $total)
    }

    It 'New-VerifikDocumentLiveness and Save-VerifikDocumentLivenessImage write theirs through the same engine' {
        $files = @(0..2 | ForEach-Object { New-ImageFile (Join-Path (Join-Path $TestDrive 'scans') "$_.jpg") -Seed $_ })
        $run = Invoke-Hosted ('$p.Files | New-VerifikDocumentLiveness | Out-Null; ' +
            '$p.Ids | Get-VerifikDocumentLiveness | Save-VerifikDocumentLivenessImage -Destination $p.Folder') @{ Files = $files; Ids = @(& $ids 0 3); Folder = (Join-Path $TestDrive 'images') }

        $run.Error | Should -HaveCount 0
        $summary = @(Get-Line $run 'Summary')
        $summary | Should -HaveCount 3
        $summary[0] | Should -Match '^New-VerifikDocumentLiveness: done, 3 records and 0 errors in '
        $summary[1] | Should -Match '^Get-VerifikDocumentLiveness: done, 4 records and 0 errors in '
        $summary[2] | Should -Match '^Save-VerifikDocumentLivenessImage: done, 4 records and 0 errors in '
    }

    It 'a run stopped by a refused token says so in its summary' {
        $wrong = New-TestJwt -ExpiresOn ([DateTimeOffset]::UtcNow.AddDays(10))
        $run = Invoke-Hosted -Token $wrong -Script '$p.Ids | Get-VerifikDocumentLiveness' -Parameters @{ Ids = @(& $ids 0 5) }

        @(Get-Line $run 'Summary') | Should -Match '^Get-VerifikDocumentLiveness: stopped by VerifikTokenRefused, 0 records and 1 error in '
    }

    It 'a command that did nothing (no input, -WhatIf) writes no summary' {
        $file = New-ImageFile (Join-Path $TestDrive 'whatif.jpg') -Seed 9
        $run = Invoke-Hosted '@() | Get-VerifikDocumentLiveness; New-VerifikDocumentLiveness -Path $p.File -WhatIf' @{ File = $file }

        @(Get-Line $run 'Summary') | Should -HaveCount 0
    }
}

Describe 'Progress of a long run' {
    BeforeAll {
        # 80 ms a request, one at a time: 40 items take at least 3.2 s, past the bar's two quiet seconds.
        $sandbox = Start-VerifikSandbox -ArgumentList '--synthetic', '300', '--latency-ms', '80'
        $total = Get-SandboxTotal
        $saved = $env:VERIFIK_PROGRESS_LOG_SEC
    }

    AfterAll {
        $env:VERIFIK_PROGRESS_LOG_SEC = $saved
        Stop-VerifikSandbox $sandbox
    }

    AfterEach {
        $env:VERIFIK_PROGRESS_LOG_SEC = $saved
    }

    It 'IDs given as an array show "N of M", a percentage and the time left' {
        $run = Invoke-Hosted 'Get-VerifikDocumentLiveness -Id $p.Ids -ThrottleLimit 1 | Out-Null' @{ Ids = @(& $ids 0 39) }

        $bars = @(Get-Bar $run)
        foreach ($bar in $bars) {
            $bar.Activity | Should -Be 'Get-VerifikDocumentLiveness'
            $bar.StatusDescription | Should -Match '^\d+ of 40 records, 0 errors, \d+/s$'
            $bar.PercentComplete | Should -BeGreaterOrEqual 0
            $bar.PercentComplete | Should -BeLessOrEqual 100
        }
        @($bars | Where-Object { $_.SecondsRemaining -gt 0 }).Count | Should -BeGreaterThan 0
        $done = [int]($bars[-1].StatusDescription -replace ' of .*')
        $bars[-1].PercentComplete | Should -Be ([int][Math]::Floor($done * 100 / 40))
        $run.Progress[-1].RecordType | Should -Be 'Completed'
    }

    It 'piped IDs show a running count, without a total it cannot know' {
        $run = Invoke-Hosted '$p.Ids | Get-VerifikDocumentLiveness -ThrottleLimit 1 | Out-Null' @{ Ids = @(& $ids 0 39) }

        $bars = @(Get-Bar $run)
        foreach ($bar in $bars) {
            $bar.StatusDescription | Should -Match '^\d+ records, 0 errors, \d+/s$'
            $bar.PercentComplete | Should -Be -1
        }
    }

    It 'a listing takes its total from the first page, cut to -First' {
        $run = Invoke-Hosted 'Get-VerifikDocumentLiveness -First 40 -PageSize 1 | Out-Null'

        $bars = @(Get-Bar $run)
        foreach ($bar in $bars) { $bar.StatusDescription | Should -Match '^\d+ of 40 records, ' }
        @($bars | Where-Object { $_.PercentComplete -gt 0 }).Count | Should -BeGreaterThan 0
    }

    It 'a filtered listing shows the pages it has scanned, so it never looks stuck while nothing matches' {
        $run = Invoke-Hosted 'Get-VerifikDocumentLiveness -CreatedAfter ([datetime]::MaxValue.AddYears(-1)) -PageSize 5'

        $run.Output | Should -HaveCount 0
        $bars = @(Get-Bar $run)
        $bars.Count | Should -BeGreaterThan 1
        $pageCount = [Math]::Ceiling($total / 5)
        foreach ($bar in $bars) { $bar.StatusDescription | Should -Match "^page \d+ of $pageCount scanned, 0 of \d+ records matched, " }
        $pages = @($bars | ForEach-Object { [int]($_.StatusDescription -replace '^page (\d+) .*', '$1') })
        $pages[-1] | Should -BeGreaterThan $pages[0]
        $bars[-1].PercentComplete | Should -Be ([int][Math]::Floor($pages[-1] * 100 / $pageCount))
    }

    It 'New-VerifikDocumentLiveness with a list of paths shows "N of M"' {
        $files = @(0..39 | ForEach-Object { New-ImageFile (Join-Path (Join-Path $TestDrive 'many') ('{0:D2}.jpg' -f $_)) -Seed (100 + $_) })
        $run = Invoke-Hosted 'New-VerifikDocumentLiveness -Path $p.Files -ThrottleLimit 1 | Out-Null' @{ Files = $files }

        $bars = @(Get-Bar $run)
        foreach ($bar in $bars) { $bar.StatusDescription | Should -Match '^\d+ of 40 records, ' }
    }

    It 'writes a progress line to the information stream at the interval VERIFIK_PROGRESS_LOG_SEC sets, then the summary' {
        $env:VERIFIK_PROGRESS_LOG_SEC = '1'
        $run = Invoke-Hosted 'Get-VerifikDocumentLiveness -Id $p.Ids -ThrottleLimit 1 | Out-Null' @{ Ids = @(& $ids 0 39) }

        $lines = @(Get-Line $run 'Progress')
        $lines.Count | Should -BeGreaterThan 0
        foreach ($line in $lines) { $line | Should -Match '^Get-VerifikDocumentLiveness: \d+ of 40 records, 0 errors, \d+([.,]\d)? s elapsed(, about .* left)?\.$' }
        $run.Information[-1].Tags | Should -Contain 'Summary'
    }

    It 'writes only the summary when VERIFIK_PROGRESS_LOG_SEC is 0, and warns about a value that is not a number of seconds' {
        $env:VERIFIK_PROGRESS_LOG_SEC = '0'
        $off = Invoke-Hosted 'Get-VerifikDocumentLiveness -Id $p.Ids -ThrottleLimit 1 | Out-Null' @{ Ids = @(& $ids 0 29) }
        $env:VERIFIK_PROGRESS_LOG_SEC = 'soon'
        $bad = Invoke-Hosted 'Get-VerifikDocumentLiveness -Id dl-0000001 | Out-Null'

        @(Get-Line $off 'Progress') | Should -HaveCount 0
        @(Get-Line $off 'Summary') | Should -HaveCount 1
        $bad.Warning | Should -HaveCount 1
        $bad.Warning[0] | Should -Match "VERIFIK_PROGRESS_LOG_SEC \('soon'\) is not a number of seconds"
        @(Get-Line $bad 'Summary') | Should -HaveCount 1
    }
}
