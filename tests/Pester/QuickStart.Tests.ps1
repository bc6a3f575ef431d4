# The README's first command, as a user runs it: samples/QuickStart.ps1 in a new pwsh, -NonInteractive as CI starts
# it. It must end well (exit code 0, every step with only the errors it shows on purpose), show the module's real
# views and error records, and leave no sandbox running.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script = Join-Path (Join-Path (Get-VerifikRepositoryRoot) 'samples') 'QuickStart.ps1'
    $arguments = @('-NoProfile', '-NonInteractive')
    if ([Environment]::OSVersion.Platform -eq [PlatformID]::Win32NT) { $arguments += @('-ExecutionPolicy', 'Bypass') }
    $output = @(& (Get-PowerShellPath) @arguments -File $script 2>&1 | ForEach-Object { Remove-Ansi "$_" })
    $exitCode = $LASTEXITCODE
    $text = $output -join "`n"
}

Describe 'The quick start (samples/QuickStart.ps1)' {
    It 'ends well: exit code 0, and it says so' {
        $exitCode | Should -Be 0 -Because $text
        $output[-1] | Should -Be 'The quick start ran as the README shows it.'
    }

    It 'shows each command before its output, and the module''s own views' {
        $text | Should -Match '(?m)^PS> Connect-Verifik -BaseUri \$sandbox\.BaseUri -Email ana@example\.com -Code \$sandbox\.OneTimeCode -PassThru$'
        $text | Should -Match '(?m)^ClientId\s+: sandbox_ana$'          # the context's list view
        $text | Should -Match '(?m)^TokenHint\s+: \*\*\*\*'
        $text | Should -Match '(?m)^Id\s+Created \(local\)\s+Screen%'   # the records' table view
        $text | Should -Match '(?m)^68a8bf34d8207d5f3357b643\s+2025-08-22'
        $text | Should -Match '(?m)^document_liveness_123456789\s'
    }

    It 'shows the refused file as PowerShell shows an error record, and the failed IDs of the CSV' {
        $text | Should -Match 'notes\.txt'' is not a JPEG, PNG or WebP image'
        $text | Should -Match 'Nothing was sent for it'
        $text | Should -Match '(?m)^no-such-id\s+ObjectNotFound\s+DocumentLivenessNotFound'
        $text | Should -Match '(?m)^\s+InvalidArgument\s+InvalidDocumentLivenessId'
    }

    It 'saves the stored images, the sample record''s too, from the sandbox''s own image listener' {
        $text | Should -Match '(?m)^68a8bf34d8207d5f3357b643\.jpg\s+\d+ 68a8bf34d8207d5f3357b643$'
        @($output | Where-Object { $_ -match '^[0-9a-f]{24}\.(jpg|png)\s+\d+ [0-9a-f]{24}$' }).Count | Should -BeGreaterOrEqual 3
    }

    It 'stops the sandbox it started' {
        $stopped = @($output | Where-Object { $_ -match '^Stopped the sandbox \(process (\d+)\)\.$' })
        $stopped | Should -HaveCount 1
        $null = $stopped[0] -match '\(process (\d+)\)'
        Get-Process -Id ([int]$Matches[1]) -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }
}
