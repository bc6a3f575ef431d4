<#
.SYNOPSIS
    Unattended: the document-liveness records of the IDs in a CSV, to records.csv, and every ID without a record, with
    the reason, to failed.csv.
.DESCRIPTION
    Connects with the token in $env:VERIFIK_TOKEN (and $env:VERIFIK_BASE_URI when set), reads the CSV (a column named
    Id, _id or DocumentLivenessId) and writes, in -OutputDirectory:
      records.csv  one row per record found;
      failed.csv   one row per ID that has no record: Id, ErrorId, Category, Message. An ID the run never got to (the
                   token was refused) is there too, with the error that stopped the run, so failed.csv can be the
                   input of the next run.
    The module's progress lines and its summary go to the information stream, which job logs keep.
    Exit code: 0 every ID has its record; 1 some IDs failed (not found, invalid...); 2 the run stopped early (the
    token was refused at connect or during the run, the CSV could not be read...).
.EXAMPLE
    pwsh -NonInteractive -File ./Runbook.ps1 -Path ids.csv -OutputDirectory ./out
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)]
    [string]$Path,

    [string]$OutputDirectory = '.'
)

$ErrorActionPreference = 'Stop'        # anything unexpected ends the script, with a non-zero exit code
$InformationPreference = 'Continue'    # the module's progress and summary lines reach the job log

function Get-InputId {
    # The ID an input row (or an error's TargetObject) stands for, as the module reads it.
    param($InputObject)
    if ($null -eq $InputObject) { return $null }
    if ($InputObject -is [string]) { return $InputObject.Trim() }
    foreach ($name in 'Id', '_id', 'DocumentLivenessId') {
        if ($InputObject.PSObject.Properties[$name]) { return ([string]$InputObject.$name).Trim() }
    }
    return [string]$InputObject
}

function ConvertTo-FailedRow {
    param([System.Management.Automation.ErrorRecord]$ErrorRecord, [string]$Id, [string]$Prefix = '')
    [pscustomobject]@{
        Id       = $Id
        ErrorId  = ($ErrorRecord.FullyQualifiedErrorId -split ',')[0]
        Category = $ErrorRecord.CategoryInfo.Category
        Message  = $Prefix + $ErrorRecord.ToString()
    }
}

$recordsPath = Join-Path $OutputDirectory 'records.csv'
$failedPath = Join-Path $OutputDirectory 'failed.csv'
$null = New-Item -ItemType Directory -Path $OutputDirectory -Force
Remove-Item -LiteralPath $recordsPath, $failedPath -ErrorAction Ignore   # never leave an earlier run's rows behind

$rows = @()
$found = 0
$answered = New-Object 'System.Collections.Generic.HashSet[string]'
$failed = @()
$stopped = $null
try {
    Import-Module Verifik
    $rows = @(Import-Csv -LiteralPath $Path)
    Connect-Verifik
    $rows |
        Get-VerifikDocumentLiveness -ErrorAction SilentlyContinue -ErrorVariable failed |
        ForEach-Object { $found++; $null = $answered.Add($_.Id); $_ } |
        Export-Csv -LiteralPath $recordsPath -NoTypeInformation
}
catch {
    $stopped = $_    # a refused token (at connect, or revoked during the run) ends the run: say so, then report what is known
}
if (-not (Test-Path -LiteralPath $recordsPath)) { $null = New-Item -ItemType File -Path $recordsPath }

# -ErrorVariable holds an ErrorRecord for each ID that failed, but PowerShell adds the error that ended a command as
# the exception that carries it (as for any cmdlet's terminating error): take its ErrorRecord.
$errors = @(foreach ($entry in $failed) {
        if ($entry -is [System.Management.Automation.ErrorRecord]) { $entry }
        elseif ($entry.ErrorRecord) { $entry.ErrorRecord }
    })
if ($stopped -and -not ($errors | Where-Object { $_.Exception -eq $stopped.Exception })) { $errors += $stopped }

$failedRows = New-Object 'System.Collections.Generic.List[object]'
$stopShown = $false
foreach ($errorRecord in $errors) {
    $id = Get-InputId $errorRecord.TargetObject
    $isStop = $stopped -and $errorRecord.Exception -eq $stopped.Exception
    if ($isStop -and -not $id) { continue }    # a refusal at connect names no ID: the IDs it left unanswered carry it, below
    if ($isStop) { $stopShown = $true }
    if ($id) { $null = $answered.Add($id) }
    $failedRows.Add((ConvertTo-FailedRow -ErrorRecord $errorRecord -Id $id))
}
if ($stopped) {
    foreach ($row in $rows) {
        $id = Get-InputId $row
        if ($id -and $answered.Add($id)) {
            $failedRows.Add((ConvertTo-FailedRow -ErrorRecord $stopped -Id $id -Prefix 'Not answered: the run stopped first. '))
            $stopShown = $true
        }
    }
    # Nothing was left unanswered (the CSV could not be read, say): the reason still gets a row.
    if (-not $stopShown) { $failedRows.Add((ConvertTo-FailedRow -ErrorRecord $stopped -Id $null)) }
}
$failedRows | Export-Csv -LiteralPath $failedPath -NoTypeInformation

Write-Information ("Runbook: {0} of {1} IDs have a record in {2}; {3} in {4}." -f $found, $rows.Count, $recordsPath, $failedRows.Count, $failedPath)
if ($stopped) {
    Write-Warning "The run stopped early: $stopped"
    exit 2
}
if ($failedRows.Count -gt 0) { exit 1 }
exit 0
