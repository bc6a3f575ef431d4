#Requires -Version 5.1
<#
.SYNOPSIS
    The README's quick start, run for real against the sandbox: what it prints is what the module shows a user.
.DESCRIPTION
    Builds the module when out/Verifik is missing or older than its sources, starts the sandbox on a free loopback port
    (tools/VerifikSandbox.psm1), imports out/Verifik/Verifik.psd1 and runs the quick-start pipelines one by one, each
    shown as "PS> <command>" followed by its real output, views, warnings and error records: a one-time-code sign-in,
    submitting a folder of scans (one of which is not an image), records by ID, a CSV of IDs with a missing and an empty
    one, filters, paging, -First ending an endless input, saving the stored images, a second connection side by side,
    disconnecting. Then it stops the sandbox and removes its scratch folder.

    Each step says how many errors it is meant to produce (the refused text file, the missing and the empty ID); any
    other error, or a step that throws, makes the script end with exit code 1.

        dotnet tool restore && dotnet pwsh ./samples/QuickStart.ps1

    Works on PowerShell 7.2+ and Windows PowerShell 5.1.
.PARAMETER KeepFiles
    Keep the scratch folder (the scans, records.csv, failed.csv and the saved images) and print where it is.
#>
[CmdletBinding()]
param([switch]$KeepFiles)

$ErrorActionPreference = 'Continue'
Set-StrictMode -Version Latest
$root = Split-Path -Parent $PSScriptRoot
$manifest = Join-Path (Join-Path (Join-Path $root 'out') 'Verifik') 'Verifik.psd1'

function Write-Title([string]$Text) {
    Write-Host ''
    Write-Host "# $Text" -ForegroundColor Cyan
}

function Test-ModuleIsCurrent {
    <# True when out/Verifik exists and is newer than every source it is built from. #>
    if (-not (Test-Path -LiteralPath $manifest -PathType Leaf)) { return $false }
    $builtAt = (Get-ChildItem -LiteralPath (Split-Path -Parent $manifest) -Recurse -File | Sort-Object LastWriteTimeUtc -Descending | Select-Object -First 1).LastWriteTimeUtc
    $sources = @(Get-ChildItem -LiteralPath (Join-Path $root 'src') -Recurse -File -Include '*.cs', '*.csproj', '*.ps1xml' -ErrorAction SilentlyContinue |
            Where-Object { $_.FullName -notmatch '[\\/](bin|obj)[\\/]' -and $_.FullName -notmatch 'Verifik\.Sandbox' })
    $sources += @(Get-ChildItem -LiteralPath (Join-Path $root 'docs') -File -Filter '*.md' -ErrorAction SilentlyContinue)
    $sources += @(Get-Item -LiteralPath (Join-Path $root 'Verifik.psd1'))
    return -not @($sources | Where-Object { $_.LastWriteTimeUtc -gt $builtAt })
}

if (-not (Test-ModuleIsCurrent)) {
    Write-Title 'Building the module (dotnet build -c Release): out/Verifik'
    $dotnet = (Get-Command -Name 'dotnet' -CommandType Application -ErrorAction Stop | Select-Object -First 1).Path
    Push-Location -LiteralPath $root   # dotnet reads global.json from the working directory
    try {
        $log = & $dotnet build (Join-Path $root 'Verifik.PowerShell.sln') -c Release --nologo | Out-String
        $built = $LASTEXITCODE -eq 0
    }
    finally {
        Pop-Location
    }
    if (-not $built) {
        Write-Host $log
        Write-Host 'The build failed; see above.' -ForegroundColor Red
        exit 1
    }
}

Import-Module (Join-Path (Join-Path $root 'tools') 'VerifikSandbox.psm1') -Force
Import-Module $manifest -Force

$work = Join-Path ([System.IO.Path]::GetTempPath()) ('verifik-quickstart-' + [guid]::NewGuid().ToString('N'))
$null = New-Item -ItemType Directory -Path $work
$unexpected = New-Object System.Collections.Generic.List[string]
$sandbox = $null
Push-Location -LiteralPath $work
try {
    Write-Title 'Starting the sandbox (tools/VerifikSandbox.psm1): a loopback imitation of the Verifik API'
    $sandbox = Start-VerifikSandbox
    Write-Host "Sandbox on $($sandbox.BaseUri), images on $($sandbox.ImageBaseUri) (process $($sandbox.ProcessId))"

    # A folder of "scans": two images (only their first bytes matter to the API's format check) and a file that is not one.
    $scans = New-Item -ItemType Directory -Path (Join-Path $work 'scans')
    [System.IO.File]::WriteAllBytes((Join-Path $scans 'front.jpg'), [byte[]](@(0xFF, 0xD8, 0xFF, 0xE0) + @(1..2048 | ForEach-Object { 0 }) + @(0xFF, 0xD9)))
    [System.IO.File]::WriteAllBytes((Join-Path $scans 'back.png'), [byte[]](@(0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A) + @(1..1024 | ForEach-Object { 0 })))
    Set-Content -LiteralPath (Join-Path $scans 'notes.txt') -Value 'not an image'
    # A CSV of IDs, as a spreadsheet exports it: one found, one that does not exist, one empty.
    Set-Content -LiteralPath (Join-Path $work 'ids.csv') -Value 'Id,Customer', '68a8bf34d8207d5f3357b643,Acme', 'no-such-id,Acme', ',Contoso'

    $steps = @(
        @{ Title = 'Sign in with the one-time code the sandbox prints (at a prompt, leave out -Code: it asks for it)'; Errors = 0
            Code = { Connect-Verifik -BaseUri $sandbox.BaseUri -Email ana@example.com -Code $sandbox.OneTimeCode -PassThru } }
        @{ Title = 'Submit a folder of scans: one record per file, in order; the text file is refused before anything is sent'; Errors = 1
            Code = { $created = New-VerifikDocumentLiveness -Path ./scans/* -SaveImage; $created } }
        @{ Title = 'Records by ID, in the order given'; Errors = 0
            Code = { Get-VerifikDocumentLiveness -Id 68a8bf34d8207d5f3357b643, document_liveness_123456789 } }
        @{ Title = 'One record, as a list'; Errors = 0
            Code = { Get-VerifikDocumentLiveness -Id 68a8bf34d8207d5f3357b643 | Format-List Id, Status, CreatedAt, AggregatedScore, ScreenReplayScore, ScreenReplayWarnings, ImageUrl } }
        @{ Title = 'A CSV of IDs to a CSV of records; the IDs that failed (not found, empty) go to a second CSV'; Errors = 2
            Code = {
                Import-Csv ids.csv | Get-VerifikDocumentLiveness -ErrorVariable failed -ErrorAction SilentlyContinue | Export-Csv records.csv -NoTypeInformation
                $failed | ForEach-Object { [pscustomobject]@{ Id = $_.TargetObject; Reason = $_.CategoryInfo.Category; ErrorId = $_.FullyQualifiedErrorId.Split(',')[0] } } |
                    Export-Csv failed.csv -NoTypeInformation
                Import-Csv records.csv | Format-Table Id, Status, AggregatedScore
                Import-Csv failed.csv | Format-Table
            } }
        @{ Title = 'Filter on typed properties'; Errors = 0
            Code = { Get-VerifikDocumentLiveness | Where-Object { $_.ScreenReplayWarnings -contains 'GLARE_ON_IMAGE' } | ForEach-Object Id } }
        @{ Title = 'Only the completed ones, with the total the API counts first'; Errors = 0
            Code = { Get-VerifikDocumentLiveness -Status completed -First 3 -IncludeTotalCount | ForEach-Object { if ($_ -is [uint64]) { "total: $_" } else { $_.Id } } } }
        @{ Title = '-First writes its records at once and stops an endless input, as Select-Object -First does'; Errors = 0
            Code = { & { '68a8bf34d8207d5f3357b643', 'document_liveness_123456789'; while ($true) { 'never-requested' } } | Get-VerifikDocumentLiveness -First 2 | ForEach-Object Id } }
        @{ Title = 'Save the stored images (a re-run skips those already saved)'; Errors = 0
            Code = { $created + (Get-VerifikDocumentLiveness -Id 68a8bf34d8207d5f3357b643) | Save-VerifikDocumentLivenessImage -Destination ./review -PassThru | Select-Object Name, Length, DocumentLivenessId } }
        @{ Title = 'A second connection side by side: neither becomes the default, each request carries its own token'; Errors = 0
            Code = {
                $other = Connect-Verifik -Token $sandbox.Token -BaseUri $sandbox.BaseUri -ReturnConnection
                (Get-VerifikDocumentLiveness -Id 68a8bf34d8207d5f3357b643 -Connection $other).Id
                "the default is still $((Get-VerifikContext).ClientId)"
            } }
        @{ Title = 'Disconnect: the returned connection, then the default'; Errors = 0
            Code = { Disconnect-Verifik -Connection $other; Disconnect-Verifik; Get-VerifikContext; 'disconnected' } }
    )

    foreach ($step in $steps) {
        Write-Title $step.Title
        Write-Host ('PS> ' + ((@($step.Code.ToString().Trim() -split '\r?\n') | ForEach-Object { $_.Trim() }) -join "`n    "))
        $before = $Error.Count
        try {
            # Dot-sourced: the steps share their variables ($created, $other), as at a prompt.
            . $step.Code | Out-Host
        }
        catch {
            Write-Host ($_ | Out-String) -ForegroundColor Red
            $unexpected.Add("'$($step.Title)' stopped: $($_.Exception.Message)")
            continue
        }
        $made = $Error.Count - $before
        if ($made -ne $step.Errors) { $unexpected.Add("'$($step.Title)' wrote $made error(s), $($step.Errors) expected.") }
    }
}
catch {
    $unexpected.Add("The quick start stopped: $($_.Exception.Message)")
}
finally {
    Pop-Location
    if ($null -ne $sandbox) {
        $sandbox | Stop-VerifikSandbox
        Write-Host ''
        Write-Host "Stopped the sandbox (process $($sandbox.ProcessId))."
    }
    if ($KeepFiles) { Write-Host "The scans, records.csv, failed.csv and the saved images are in $work" }
    else { Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue }
}

Write-Host ''
if ($unexpected.Count -gt 0) {
    foreach ($line in $unexpected) { Write-Host $line -ForegroundColor Red }
    exit 1
}
Write-Host 'The quick start ran as the README shows it.' -ForegroundColor Green
exit 0
