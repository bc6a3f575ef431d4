# The unattended runbook (samples/Runbook.ps1, shown in the README), run as a job runs it: a new pwsh -NonInteractive
# -File, the token in VERIFIK_TOKEN, the sandbox's address in VERIFIK_BASE_URI, the module found by name on
# PSModulePath. Each story checks both CSVs and the exit code: all good (0), some IDs missing (1), the token refused at
# connect, refused by the API, or revoked during the run (2).

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-VerifikModule

    $root = Get-VerifikRepositoryRoot
    $runbook = Join-Path (Join-Path $root 'samples') 'Runbook.ps1'

    function Invoke-Runbook {
        # Runs the runbook over a CSV of these IDs (with a second column, as a spreadsheet's export has) and returns the
        # exit code, everything it printed, and the two CSVs it wrote.
        param(
            [Parameter(Mandatory = $true)][string]$Name,
            [Parameter(Mandatory = $true)][AllowEmptyString()][string[]]$Ids,
            [Parameter(Mandatory = $true)][string]$Token
        )
        $work = Join-Path $TestDrive $Name
        $null = New-Item -ItemType Directory -Path $work -Force
        $csv = Join-Path $work 'ids.csv'
        $Ids | ForEach-Object { [pscustomobject]@{ Id = $_; Customer = 'ACME' } } | Export-Csv -LiteralPath $csv -NoTypeInformation
        $out = Join-Path $work 'out'

        $saved = @{ Token = $env:VERIFIK_TOKEN; BaseUri = $env:VERIFIK_BASE_URI; ModulePath = $env:PSModulePath }
        try {
            $env:VERIFIK_TOKEN = $Token
            $env:VERIFIK_BASE_URI = $sandbox.BaseUri
            $env:PSModulePath = (Join-Path $root 'out') + [System.IO.Path]::PathSeparator + $env:PSModulePath
            $printed = & (Get-PowerShellPath) -NoProfile -NonInteractive -File $runbook -Path $csv -OutputDirectory $out 2>&1 | Out-String
            $exitCode = $LASTEXITCODE
        }
        finally {
            $env:VERIFIK_TOKEN = $saved.Token
            $env:VERIFIK_BASE_URI = $saved.BaseUri
            $env:PSModulePath = $saved.ModulePath
        }
        $recordsPath = Join-Path $out 'records.csv'
        $failedPath = Join-Path $out 'failed.csv'
        [pscustomobject]@{
            ExitCode      = $exitCode
            Printed       = Remove-Ansi $printed
            RecordsExists = Test-Path -LiteralPath $recordsPath -PathType Leaf
            FailedExists  = Test-Path -LiteralPath $failedPath -PathType Leaf
            Records       = @(if (Test-Path -LiteralPath $recordsPath) { Import-Csv -LiteralPath $recordsPath })
            Failed        = @(if (Test-Path -LiteralPath $failedPath) { Import-Csv -LiteralPath $failedPath })
        }
    }

    function Get-RecordArrival {
        # The record GETs the sandbox has seen, as IDs, in the order they arrived.
        @((Get-VerifikSandboxLog -Sandbox $sandbox).Arrivals | Where-Object { $_ -like 'GET /v2/document-liveness/*' } |
                ForEach-Object { $_.Substring('GET /v2/document-liveness/'.Length) })
    }
}

Describe 'The runbook sample' {
    BeforeAll {
        # dl-0000045 stands for a token revoked during a run: every GET of it is refused with 401.
        $sandbox = Start-VerifikSandbox -ArgumentList '--synthetic', '100', '--expose-log',
        '--fault-kind', 'Unauthorized', '--fault-on', 'get', '--fault-ids', 'dl-0000045'
        $ids = { param([int]$From, [int]$To) @($From..$To | ForEach-Object { 'dl-{0:D7}' -f $_ }) }
    }

    AfterAll {
        Stop-VerifikSandbox $sandbox
    }

    It 'all good: writes every record to records.csv, an empty failed.csv, a summary line, and exits 0' {
        $wanted = & $ids 0 9

        $run = Invoke-Runbook -Name 'good' -Ids $wanted -Token $sandbox.Token

        $run.ExitCode | Should -Be 0 -Because $run.Printed
        @($run.Records.Id) | Should -Be $wanted
        $run.FailedExists | Should -BeTrue
        $run.Failed | Should -HaveCount 0
        # The module's summary reaches the job log through the information stream.
        $run.Printed | Should -Match 'Get-VerifikDocumentLiveness: done, 10 records and 0 errors in '
    }

    It 'some IDs missing: failed.csv says which and why (ErrorId), the others are records, and it exits 1' {
        $found = & $ids 10 15
        $wanted = @($found[0..1]) + 'gone-1' + @($found[2..4]) + 'gone-2' + @($found[5])

        $run = Invoke-Runbook -Name 'missing' -Ids $wanted -Token $sandbox.Token

        $run.ExitCode | Should -Be 1 -Because $run.Printed
        @($run.Records.Id) | Should -Be $found
        @($run.Failed.Id) | Should -Be @('gone-1', 'gone-2')
        @($run.Failed.ErrorId | Select-Object -Unique) | Should -Be @('DocumentLivenessNotFound')
        @($run.Failed.Category | Select-Object -Unique) | Should -Be @('ObjectNotFound')
        foreach ($row in $run.Failed) { $row.Message | Should -Match ([regex]::Escape($row.Id)) }
    }

    It 'token refused by the API: no records, every ID in failed.csv with the refusal, the token never printed, and it exits 2' {
        $wanted = & $ids 20 27
        $wrong = New-TestJwt -ClientId 'someone-else' -ExpiresOn ([DateTimeOffset]::UtcNow.AddDays(10))

        $run = Invoke-Runbook -Name 'refused' -Ids $wanted -Token $wrong

        $run.ExitCode | Should -Be 2 -Because $run.Printed
        $run.RecordsExists | Should -BeTrue
        $run.Records | Should -HaveCount 0
        # Refused at Connect-Verifik when it checks the token, or at the first request: either way every ID has its row.
        @($run.Failed.Id) | Should -Be $wanted
        @($run.Failed.Category | Select-Object -Unique) | Should -Be @('AuthenticationError')
        @($run.Failed | Where-Object { $_.ErrorId -notlike 'VerifikToken*' }) | Should -HaveCount 0
        @($run.Failed | Where-Object { -not $_.Id -or -not $_.ErrorId }) | Should -HaveCount 0 -Because 'no blank row'
        $run.Printed | Should -Match 'The run stopped early'
        $run.Printed.Contains($wrong) | Should -BeFalse
        ($run.Failed | Out-String -Width 400).Contains($wrong) | Should -BeFalse
    }

    It 'token refused at connect (expired): nothing is requested, every ID is in failed.csv, and it exits 2' {
        $wanted = & $ids 30 34
        $expired = New-TestJwt -ExpiresOn ([DateTimeOffset]::UtcNow.AddMinutes(-5))

        $run = Invoke-Runbook -Name 'expired' -Ids $wanted -Token $expired

        $run.ExitCode | Should -Be 2 -Because $run.Printed
        $run.Records | Should -HaveCount 0
        @($run.Failed.Id) | Should -Be $wanted
        @($run.Failed.ErrorId | Select-Object -Unique) | Should -Be @('VerifikTokenExpired')
        @(Get-RecordArrival | Where-Object { $_ -in $wanted }) | Should -HaveCount 0
    }

    It 'token revoked during the run: the records before it are kept, the rest are in failed.csv, none is asked twice, and it exits 2' {
        $wanted = & $ids 40 89   # dl-0000045 is refused

        $run = Invoke-Runbook -Name 'revoked' -Ids $wanted -Token $sandbox.Token

        $run.ExitCode | Should -Be 2 -Because $run.Printed
        # Every ID once, either as a record or as a row of failed.csv, in input order within each.
        $recorded = @($run.Records.Id)
        $failedIds = @($run.Failed.Id)
        @($recorded + $failedIds | Sort-Object) | Should -Be @($wanted | Sort-Object)
        $recorded | Should -Be @($wanted | Where-Object { $_ -in $recorded })
        @($recorded[0..4]) | Should -Be @(& $ids 40 44)
        $failedIds[0] | Should -Be 'dl-0000045'
        $run.Failed[0].ErrorId | Should -Be 'VerifikTokenRefused'
        $run.Failed[0].Message | Should -Not -Match '^Not answered'
        # The IDs after the refusal that never started were never sent, and no ID was sent twice.
        $unanswered = @($run.Failed | Select-Object -Skip 1)
        $unanswered.Count | Should -BeGreaterThan 0
        @($unanswered | Where-Object { $_.Message -notmatch '^Not answered: the run stopped first\.' -or $_.ErrorId -ne 'VerifikTokenRefused' }) | Should -HaveCount 0
        $arrived = @(Get-RecordArrival | Where-Object { $_ -in $wanted })
        @($arrived | Where-Object { $_ -in $unanswered.Id }) | Should -HaveCount 0
        @($arrived | Group-Object | Where-Object Count -gt 1) | Should -HaveCount 0
        $run.Printed | Should -Match 'Get-VerifikDocumentLiveness: stopped by VerifikTokenRefused'
    }

    It 'is shown in the README exactly as it is in samples/Runbook.ps1' {
        $readme = Get-Content -LiteralPath (Join-Path $root 'README.md') -Raw
        $match = [regex]::Match($readme, '(?s)<!-- begin samples/Runbook\.ps1 -->\s*```ps1\r?\n(.*?)```\s*<!-- end samples/Runbook\.ps1 -->')
        $match.Success | Should -BeTrue -Because 'the README shows the script between its markers'
        $shown = $match.Groups[1].Value -replace '\r\n', "`n"
        $file = (Get-Content -LiteralPath $runbook -Raw) -replace '\r\n', "`n"
        $shown | Should -BeExactly $file
    }
}

Describe 'A refused token and -ErrorVariable' {
    BeforeAll {
        $sandbox = Start-VerifikSandbox -ArgumentList '--synthetic', '10'
        $connection = Connect-Verifik -Token (New-TestJwt -ExpiresOn ([DateTimeOffset]::UtcNow.AddDays(10))) -BaseUri $sandbox.BaseUri -ReturnConnection -SkipValidation   # refused by the API only at its first use
    }

    AfterAll {
        Disconnect-Verifik -Connection $connection
        Stop-VerifikSandbox $sandbox
    }

    It 'holds the error that ended the command as the exception carrying its ErrorRecord (the ID, category and ErrorId), as PowerShell does for every terminating error' {
        # Why the runbook takes .ErrorRecord: PowerShell adds a cmdlet's terminating error to -ErrorVariable as its
        # exception (Invoke-RestMethod and Import-Csv do the same); the module writes no second copy.
        $caught = $null
        try {
            'dl-0000001', 'dl-0000002' | Get-VerifikDocumentLiveness -Connection $connection -ErrorAction SilentlyContinue -ErrorVariable failed
        }
        catch {
            $caught = $_
        }

        $caught | Should -Not -BeNullOrEmpty
        $failed | Should -HaveCount 1
        $failed[0] | Should -BeOfType [System.Management.Automation.IContainsErrorRecord]
        $record = $failed[0].ErrorRecord
        $record.TargetObject | Should -Be 'dl-0000001'
        $record.CategoryInfo.Category | Should -Be 'AuthenticationError'
        $record.FullyQualifiedErrorId | Should -BeLike 'VerifikTokenRefused,*'
        $record.Exception | Should -Be $caught.Exception
    }
}
