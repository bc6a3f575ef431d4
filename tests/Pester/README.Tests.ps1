#Requires -Version 7.4
# The README's PowerShell examples, run as written against the sandbox: every ```powershell block of README.md, in
# order, in one session (so a block can use what an earlier one made, as a reader's would), on an interactive host of
# the suite's own that answers the one-time-code prompt. Whatever blocks the README has are run; each must end without
# an error.
#
# What cannot run here is stood in for, and only that:
# - Set-Secret, Get-Secret (SecretManagement) and Get-AutomationVariable (Azure Automation) are functions over a
#   hashtable vault, which holds VerifikStaging and VerifikToken (the sandbox's token) beforehand;
# - the API is the sandbox: VERIFIK_BASE_URI points at it and VERIFIK_TOKEN holds its token, as a runbook's
#   environment would;
# - the module is imported beforehand, as an installed module would be loaded on first use;
# - the block that installs the package (Register-PSRepository, Install-Module) is not run: it needs PowerShellGet's
#   NuGet provider from the internet and installs into the user's module path. Module.Tests.ps1 checks that package.
# The blocks run in a scratch folder laid out like the repository root (tools/ and out/ are links to the real ones)
# with the files the examples read: ./scans with images, ids.csv and flagged.csv.

BeforeDiscovery {
    $readme = Join-Path (Split-Path -Parent (Split-Path -Parent $PSScriptRoot)) 'README.md'
    $text = [System.IO.File]::ReadAllText($readme)
    $blocks = @([regex]::Matches($text, '(?ms)^```powershell\r?\n(.*?)^```') | ForEach-Object -Begin { $n = 0 } -Process {
            $n++
            $code = $_.Groups[1].Value
            $line = ($text.Substring(0, $_.Index) -split "`n").Count + 1
            @{ Number = $n; Line = $line; Code = $code; Installs = ($code -match '(?m)^\s*(Install-Module|Register-PSRepository)\b'); First = (($code -split '\r?\n') | Where-Object { $_.Trim() -and -not $_.Trim().StartsWith('#') } | Select-Object -First 1).Trim() }
        })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'HostedRunspace.psm1') -Force
    Import-VerifikModule
    $root = Get-VerifikRepositoryRoot
    $sandbox = Start-VerifikSandbox

    # The scratch folder: what a reader has at the repository root, plus the files the examples read.
    $work = Join-Path $TestDrive 'readme'
    $null = New-Item -ItemType Directory -Path $work
    foreach ($folder in 'tools', 'out') { $null = New-Item -ItemType SymbolicLink -Path (Join-Path $work $folder) -Target (Join-Path $root $folder) }
    $scans = New-Item -ItemType Directory -Path (Join-Path (Join-Path $work 'scans') 'front')
    [System.IO.File]::WriteAllBytes((Join-Path $work 'scans/id-1.jpg'), [byte[]](@(0xFF, 0xD8, 0xFF, 0xE0) + @(1..1500 | ForEach-Object { 7 })))
    [System.IO.File]::WriteAllBytes((Join-Path $scans 'id-2.png'), [byte[]](@(0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A) + @(1..900 | ForEach-Object { 3 })))
    Set-Content -LiteralPath (Join-Path $work 'ids.csv') -Value 'Id', '68a8bf34d8207d5f3357b643', 'no-such-id', 'document_liveness_123456789'
    Set-Content -LiteralPath (Join-Path $work 'flagged.csv') -Value 'Id,ImageUrl', ("68a8bf34d8207d5f3357b643," + $sandbox.ImageBaseUri + 'document-liveness/68a8bf34d8207d5f3357b643')

    $saved = @{ Token = $env:VERIFIK_TOKEN; BaseUri = $env:VERIFIK_BASE_URI }
    $env:VERIFIK_TOKEN = $sandbox.Token
    $env:VERIFIK_BASE_URI = $sandbox.BaseUri

    # One session for every block, on a host that answers the one-time-code prompt with the sandbox's code.
    $promptHost = New-VerifikPromptHost -SecureAnswer $sandbox.OneTimeCode
    $iss = [initialsessionstate]::CreateDefault2()
    $runspace = [runspacefactory]::CreateRunspace($promptHost, $iss)
    $runspace.Open()
    $setup = [powershell]::Create()
    $setup.Runspace = $runspace
    $null = $setup.AddScript({
            param($Work, $StagingToken, $Manifest)
            Import-Module $Manifest
            Set-Location -LiteralPath $Work
            $script:vault = @{ VerifikStaging = (ConvertTo-SecureString -String $StagingToken -AsPlainText -Force); VerifikToken = $StagingToken }
            function global:Set-Secret { param([Parameter(Mandatory)][string]$Name, [Parameter(Mandatory)]$Secret) $script:vault[$Name] = $Secret }
            function global:Get-Secret { param([Parameter(Mandatory)][string]$Name) $script:vault[$Name] }
            function global:Get-AutomationVariable { param([Parameter(Mandatory)][string]$Name) [System.Net.NetworkCredential]::new('', $script:vault[$Name]).Password }
        }).AddArgument($work).AddArgument($sandbox.Token).AddArgument((Get-VerifikManifestPath)).Invoke()
    $setup.Dispose()
    $outputs = @{}
}

AfterAll {
    if ($runspace) { $runspace.Dispose() }
    $env:VERIFIK_TOKEN = $saved.Token
    $env:VERIFIK_BASE_URI = $saved.BaseUri
    Disconnect-Verifik -ErrorAction SilentlyContinue
    Stop-VerifikSandbox $sandbox
}

Describe 'The README''s PowerShell examples' {
    It 'block <Number> (line <Line>: <First>) runs without an error' -ForEach $blocks {
        if ($Installs) { Set-ItResult -Skipped -Because 'it installs the package (PowerShellGet, from the internet, into the user''s module path)'; return }
        $ps = [powershell]::Create()
        $ps.Runspace = $runspace
        try {
            $null = $ps.AddScript($Code)
            $thrown = $null
            try { $output = @($ps.Invoke()) } catch { $thrown = $_.Exception }
            $errors = @($ps.Streams.Error)
            $outputs[$Number] = $output

            $thrown | Should -BeNullOrEmpty -Because "block $Number threw"
            @($errors | ForEach-Object { "$($_.FullyQualifiedErrorId): $_" }) | Should -HaveCount 0 -Because "block $Number (README.md line $Line) wrote errors"
        }
        finally {
            $ps.Dispose()
        }
    }

    It 'lists completed records with -Status completed, as the quick start promises' {
        $records = @($outputs.Values | ForEach-Object { $_ } | Where-Object { $_ -is [Verifik.DocumentLiveness] -and $_.Status -eq 'completed' })
        $records | Should -Not -BeNullOrEmpty
    }

    It 'asked for the one-time code at the prompt, once' {
        @($promptHost.UI.Prompts | Where-Object { $_ -eq 'One-time code: ' }) | Should -HaveCount 1
    }

    It 'wrote the CSVs and saved the images where the examples say' {
        foreach ($file in 'results.csv', 'records.csv', 'failed.csv') { Join-Path $work $file | Should -Exist }
        @(Import-Csv -LiteralPath (Join-Path $work 'results.csv')) | Should -HaveCount 2
        Join-Path (Join-Path $work 'review') '68a8bf34d8207d5f3357b643.jpg' | Should -Exist
    }
}
