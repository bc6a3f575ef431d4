#Requires -Version 7.4
<#
.SYNOPSIS
    Makes docs/images/review-report.png, the README's picture of Export-VerifikDocumentLivenessReport: 200 records of
    the sandbox (with its generated images) on a page, rendered by headless Chromium.
.EXAMPLE
    dotnet pwsh -NoProfile ./build/ReviewScreenshot.ps1     # after a build (out/Verifik)
#>
[CmdletBinding()]
param([string]$OutFile = (Join-Path (Join-Path (Join-Path $PSScriptRoot '..') 'docs') 'images/review-report.png'))

$ErrorActionPreference = 'Stop'
$pester = Join-Path (Join-Path $PSScriptRoot '..') 'tests/Pester'
Import-Module (Join-Path $pester 'TestHelpers.psm1') -Force
Import-Module (Join-Path $pester 'HeadlessBrowser.psm1') -Force
Import-VerifikModule

$work = Join-Path ([System.IO.Path]::GetTempPath()) ('verifik-screenshot-' + [guid]::NewGuid().ToString('N'))
$null = New-Item -ItemType Directory -Path $work
$sandbox = Start-VerifikSandbox -ArgumentList '--synthetic', '200', '--synthetic-image-bytes', '4096'
$browser = $null
try {
    $connection = Connect-Verifik -Token $sandbox.Token -BaseUri $sandbox.BaseUri -ReturnConnection
    $page = Join-Path $work 'review.html'
    Get-VerifikDocumentLiveness -First 200 -Connection $connection |
        Export-VerifikDocumentLivenessReport -Path $page -Connection $connection -FlagWhere { $_.PortraitSubstitutionProbability -gt 0.8 }
    $browser = Start-HeadlessBrowser -Width 1400 -Height 1180
    Open-BrowserPage $browser ([System.Uri]::new($page)).AbsoluteUri
    # The first rows' thumbnails are on screen: wait until they have loaded.
    $null = Invoke-BrowserScript $browser "Promise.all(Array.from(document.images).slice(0, 6).map(i => i.decode()))"
    Save-BrowserScreenshot $browser ([System.IO.Path]::GetFullPath($OutFile))
    Write-Host "Wrote $OutFile"
}
finally {
    Stop-HeadlessBrowser $browser
    Stop-VerifikSandbox $sandbox
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
}
