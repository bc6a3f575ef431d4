#Requires -Version 5.1
<#
.SYNOPSIS
    Builds, tests, packages or cleans the Verifik PowerShell module.

.DESCRIPTION
    Build   - dotnet build of the solution; the importable module is assembled at out/Verifik/.
    Test    - Build, then 'dotnet test' of the xunit projects (tests/Unit), then the Pester suite (tests/Pester)
              with Pester 5.9.1 restored from NuGet, in a child pwsh started -NonInteractive (so this session
              never loads - and on Windows locks - the module's DLLs). Ends with one line: 'N passed, M failed'.
              Needs PowerShell 7.4+ for the suite: 'dotnet tool restore; dotnet pwsh ./build.ps1 -Task Test'
              runs it in the pinned pwsh (.config/dotnet-tools.json).
    Package - Build, then a versioned module folder at out/package/Verifik/<version>/ and a .nupkg in
              out/repo/ (made by dotnet pack in PowerShell Gallery layout) that Install-Module accepts.
    Clean   - Removes out/ and every bin/ and obj/ under src, tests and bench.

    Works on Windows PowerShell 5.1 and PowerShell 7+, from any working directory.

.EXAMPLE
    ./build.ps1
.EXAMPLE
    dotnet tool restore; dotnet pwsh ./build.ps1 -Task Test
.EXAMPLE
    ./build.ps1 -Task Test -PesterOnly -PesterFilter 'Signing in*'
.EXAMPLE
    ./build.ps1 -Task Package -Configuration Release
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Package', 'Clean')]
    [string]$Task = 'Build',

    [string]$Configuration = 'Release',

    # Test: skip the xunit projects and run only the Pester suite (after the build), for a quick loop over the stories.
    [switch]$PesterOnly,

    # Test: only the Pester tests whose full name ("Describe Context It") matches one of these wildcards.
    [string[]]$PesterFilter = @()
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$root = $PSScriptRoot
$solution = Join-Path $root 'Verifik.PowerShell.sln'
$outDir = Join-Path $root 'out'
$moduleDir = Join-Path $outDir 'Verifik'
$manifest = Join-Path $moduleDir 'Verifik.psd1'
$pesterTests = Join-Path (Join-Path $root 'tests') 'Pester'
$pesterVersion = '5.9.1'   # restored from NuGet; build/Pester.Restore.csproj names the same version
# The xunit projects (the client library and the sandbox, no PowerShell), run before the Pester suite.
$dotnetTestProjects = @('tests/Unit/Verifik.Unit.Tests.csproj')

function Write-Step {
    param([Parameter(Mandatory = $true)][string]$Message)
    Write-Host ''
    Write-Host "==> $Message" -ForegroundColor Cyan
}

function Invoke-Native {
    <# Runs an external command and fails the script when it exits with a non-zero code. #>
    param(
        [Parameter(Mandatory = $true)][string]$FilePath,
        [string[]]$ArgumentList = @()
    )
    Write-Host "> $FilePath $($ArgumentList -join ' ')" -ForegroundColor DarkGray
    # Only the exit code decides: text a tool writes to stderr must not stop the script (Windows PowerShell
    # turns it into error records when output is redirected). Local to this function.
    $ErrorActionPreference = 'Continue'
    & $FilePath @ArgumentList
    $exitCode = $LASTEXITCODE
    if ($exitCode -ne 0) {
        throw "'$FilePath $($ArgumentList -join ' ')' failed with exit code $exitCode."
    }
}

function Get-DotNet {
    $command = Get-Command -Name 'dotnet' -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if ($null -eq $command) {
        throw "The 'dotnet' command was not found. Install the .NET SDK named in global.json (https://dot.net)."
    }
    return $command.Path
}

function Get-PowerShellExecutable {
    <# The executable of this session (pwsh or powershell), else whichever is on PATH. #>
    $current = [System.Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
    $name = [System.IO.Path]::GetFileNameWithoutExtension($current)
    if ($name -eq 'pwsh' -or $name -eq 'powershell') { return $current }
    foreach ($candidate in 'pwsh', 'powershell') {
        $command = Get-Command -Name $candidate -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
        if ($null -ne $command) { return $command.Path }
    }
    throw 'Cannot find pwsh or powershell to run the Pester tests in.'
}

function Get-PesterManifest {
    <#
    Pester's Pester.psd1 (the version in $pesterVersion), restored from NuGet into the NuGet packages folder by
    build/Pester.Restore.csproj: the same Pester on every machine, without the PowerShell Gallery.
    #>
    $dotnet = Get-DotNet
    Invoke-Native -FilePath $dotnet -ArgumentList @('restore', (Join-Path (Join-Path $root 'build') 'Pester.Restore.csproj'), '--nologo', '-v', 'quiet')
    $packages = $env:NUGET_PACKAGES
    if ([string]::IsNullOrWhiteSpace($packages)) {
        $listed = & $dotnet nuget locals global-packages --list --force-english-output | Select-Object -First 1
        $packages = ([string]$listed) -replace '^\s*global-packages:\s*', ''
    }
    $manifestPath = Join-Path (Join-Path (Join-Path (Join-Path $packages.Trim() 'pester') $pesterVersion) 'tools') 'Pester.psd1'
    if (-not (Test-Path -LiteralPath $manifestPath -PathType Leaf)) {
        throw "Pester $pesterVersion was restored, but '$manifestPath' does not exist."
    }
    return $manifestPath
}

function Get-PesterPowerShell {
    <#
    The pwsh to run the Pester suite in: this session's own when it is PowerShell 7.4 or later (as with 'dotnet pwsh',
    the pinned tool), else pwsh from PATH. The suite's prompt host needs 7.4 ([NoRunspaceAffinity()] classes).
    #>
    if ($PSVersionTable.PSVersion -ge [version]'7.4') {
        $name = if ([Environment]::OSVersion.Platform -eq [PlatformID]::Win32NT) { 'pwsh.exe' } else { 'pwsh' }
        $own = Join-Path $PSHOME $name
        if (Test-Path -LiteralPath $own -PathType Leaf) { return $own }
    }
    $command = Get-Command -Name 'pwsh' -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if ($null -ne $command) { return $command.Path }
    throw 'The Pester suite needs PowerShell 7.4 or later. Run: dotnet tool restore; dotnet pwsh ./build.ps1 -Task Test'
}

function New-PesterRunScript {
    <#
    The script the child pwsh runs: imports this Pester, runs the suite, and writes its counts to -CountsPath as
    "passed failed" (the parent prints the one summary line). The paths are written as single-quoted literals.
    #>
    param(
        [Parameter(Mandatory = $true)][string]$PesterManifest,
        [Parameter(Mandatory = $true)][string]$TestPath,
        [Parameter(Mandatory = $true)][string]$ResultPath,
        [Parameter(Mandatory = $true)][string]$CountsPath,
        [string[]]$TestFilter = @()
    )
    $quote = { param([string]$Text) "'" + [System.Management.Automation.Language.CodeGeneration]::EscapeSingleQuotedStringContent($Text) + "'" }
    $lines = @(
        "Import-Module -Name $(& $quote $PesterManifest) -Force -ErrorAction Stop"
        '$configuration = New-PesterConfiguration'
        "`$configuration.Run.Path = $(& $quote $TestPath)"
        '$configuration.Run.PassThru = $true'
        '$configuration.Output.Verbosity = ''Normal'''
        '$configuration.TestResult.Enabled = $true'
        '$configuration.TestResult.OutputFormat = ''NUnitXml'''
        "`$configuration.TestResult.OutputPath = $(& $quote $ResultPath)"
    )
    if ($TestFilter.Count -gt 0) {
        $lines += '$configuration.Filter.FullName = @(' + (($TestFilter | ForEach-Object { & $quote $_ }) -join ', ') + ')'
    }
    $lines += @(
        '$result = Invoke-Pester -Configuration $configuration'
        '$failed = if ($null -eq $result) { 1 } else { $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount }'
        '$passed = if ($null -eq $result) { 0 } else { $result.PassedCount }'
        "Set-Content -LiteralPath $(& $quote $CountsPath) -Value ""`$passed `$failed"""
        'if ($failed -gt 0) { exit 1 }'
        'exit 0'
    )
    return ($lines -join [Environment]::NewLine)
}

function Get-TrxCount {
    <# The passed and failed counts of the TRX files dotnet test wrote into -Directory. #>
    param([Parameter(Mandatory = $true)][string]$Directory)
    $passed = 0; $failed = 0
    foreach ($file in @(Get-ChildItem -LiteralPath $Directory -Filter '*.trx' -File -ErrorAction SilentlyContinue)) {
        [xml]$trx = Get-Content -LiteralPath $file.FullName -Raw
        $counters = $trx.TestRun.ResultSummary.Counters
        $passed += [int]$counters.passed
        $failed += [int]$counters.failed + [int]$counters.error + [int]$counters.timeout + [int]$counters.aborted
    }
    return @($passed, $failed)
}

function Invoke-BuildTask {
    Write-Step "Build ($Configuration)"
    $dotnet = Get-DotNet
    Invoke-Native -FilePath $dotnet -ArgumentList @('build', $solution, '-c', $Configuration, '--nologo')

    if (-not (Test-Path -LiteralPath $manifest -PathType Leaf)) {
        throw "The build succeeded but did not assemble the module: '$manifest' does not exist."
    }
    $engine = Get-ChildItem -LiteralPath $moduleDir -Recurse -Filter 'System.Management.Automation.dll' | Select-Object -First 1
    if ($engine) {
        throw ("'$($engine.FullName)' must not be shipped: the PowerShell that imports the module supplies it. " +
            "Keep PowerShellStandard.Library a compile-time reference (PrivateAssets/ExcludeAssets), then run './build.ps1 -Task Clean' and build again.")
    }
    Write-Host "Module: $moduleDir" -ForegroundColor Green
}

function Invoke-TestTask {
    Invoke-BuildTask
    $results = Join-Path $outDir 'test-results'
    if (Test-Path -LiteralPath $results) { Remove-Item -LiteralPath $results -Recurse -Force }
    $null = New-Item -ItemType Directory -Path $results -Force
    $dotnet = Get-DotNet

    $brokenRuns = 0   # a test project whose run failed without counting a failure (it did not start, say)
    if (-not $PesterOnly) {
        foreach ($project in $dotnetTestProjects) {
            Write-Step "dotnet test $project"
            $before = Get-TrxCount -Directory $results
            try {
                Invoke-Native -FilePath $dotnet -ArgumentList @('test', (Join-Path $root $project), '-c', $Configuration, '--no-build', '--nologo',
                    '--logger', 'console;verbosity=minimal', '--logger', 'trx', '--results-directory', $results)
            }
            catch {
                $after = Get-TrxCount -Directory $results
                if ($after[1] -eq $before[1]) { $brokenRuns++ }
                Write-Host $_.Exception.Message -ForegroundColor Red
            }
        }
    }
    $unit = Get-TrxCount -Directory $results

    Write-Step "Pester $pesterVersion (tests/Pester)"
    $pesterManifest = Get-PesterManifest
    $powershell = Get-PesterPowerShell
    # The suite runs in a child process: a binary module cannot be unloaded, and on Windows its DLLs would stay
    # locked in this session, breaking the next build. The child runs a script file (-File), not -EncodedCommand:
    # given an encoded command, PowerShell writes its non-output streams to a redirected stderr as CLIXML
    # (PowerShell issues #5912 and #20808). -NonInteractive: as CI and runbooks start pwsh.
    $childScript = Join-Path ([System.IO.Path]::GetTempPath()) ('verifik-pester-{0}.ps1' -f [guid]::NewGuid().ToString('N'))
    $countsPath = Join-Path $results 'pester-counts.txt'
    $script = New-PesterRunScript -PesterManifest $pesterManifest -TestPath $pesterTests -ResultPath (Join-Path $results 'pester.xml') `
        -CountsPath $countsPath -TestFilter $PesterFilter
    # With a BOM: Windows PowerShell reads a script without one in the ANSI code page, and the paths may not be ASCII.
    [System.IO.File]::WriteAllText($childScript, $script, (New-Object System.Text.UTF8Encoding($true)))
    try {
        $arguments = @('-NoProfile', '-NonInteractive', '-OutputFormat', 'Text')
        if ([Environment]::OSVersion.Platform -eq [PlatformID]::Win32NT) { $arguments += @('-ExecutionPolicy', 'Bypass') }
        $arguments += @('-File', $childScript)   # last: whatever follows -File is passed to the script
        Write-Host "> $powershell $($arguments -join ' ')  (Pester from $pesterManifest)" -ForegroundColor DarkGray
        $ErrorActionPreference = 'Continue'   # local: only the child's counts and exit code decide
        & $powershell @arguments
        $exitCode = $LASTEXITCODE
        $ErrorActionPreference = 'Stop'
    }
    finally {
        Remove-Item -LiteralPath $childScript -Force -ErrorAction SilentlyContinue
    }
    $pester = @(0, 0)
    if (Test-Path -LiteralPath $countsPath -PathType Leaf) {
        $pester = @(((Get-Content -LiteralPath $countsPath -Raw).Trim() -split '\s+') | ForEach-Object { [int]$_ })
    }
    if ($exitCode -ne 0 -and $pester[1] -eq 0) { $pester[1] = 1 }   # the child ended before it could count: one failure

    $passed = $unit[0] + $pester[0]
    $failed = $unit[1] + $brokenRuns + $pester[1]
    Write-Host ''
    Write-Host "Unit: $($unit[0]) passed, $($unit[1] + $brokenRuns) failed. Pester: $($pester[0]) passed, $($pester[1]) failed. Results in $results"
    # The one summary line, last: what CI and people read.
    Write-Host "$passed passed, $failed failed"
    if ($passed -eq 0) { Write-Host 'No test ran.' -ForegroundColor Red }
    if ($failed -gt 0 -or $passed -eq 0) { exit 1 }
}

function Invoke-PackageTask {
    Invoke-BuildTask

    Write-Step 'Package'
    $data = Import-PowerShellDataFile -LiteralPath $manifest
    $version = [string]$data['ModuleVersion']
    if ([string]::IsNullOrWhiteSpace($version)) {
        throw "'$manifest' has no ModuleVersion."
    }

    $packageRoot = Join-Path $outDir 'package'
    $versioned = Join-Path (Join-Path $packageRoot 'Verifik') $version
    if (Test-Path -LiteralPath $packageRoot) {
        Remove-Item -LiteralPath $packageRoot -Recurse -Force
    }
    $null = New-Item -ItemType Directory -Path $versioned -Force
    Copy-Item -Path (Join-Path $moduleDir '*') -Destination $versioned -Recurse -Force
    Write-Host "Module folder: $versioned"

    # The .nupkg is made by dotnet pack (build/Verifik.Package.csproj), in the layout Publish-Module writes,
    # so packaging needs no PowerShellGet and CI checks the same package users install.
    $repoDir = Join-Path $outDir 'repo'
    Get-ChildItem -LiteralPath $repoDir -Filter "Verifik.$version.nupkg" -File -ErrorAction SilentlyContinue | Remove-Item -Force
    $dotnet = Get-DotNet
    Invoke-Native -FilePath $dotnet -ArgumentList @('pack', (Join-Path (Join-Path $root 'build') 'Verifik.Package.csproj'), '-c', $Configuration, '-o', $repoDir, '--nologo')

    $package = Join-Path $repoDir "Verifik.$version.nupkg"
    if (-not (Test-Path -LiteralPath $package -PathType Leaf)) {
        throw "dotnet pack finished, but '$package' does not exist."
    }
    Write-Host "Package: $package" -ForegroundColor Green
    Write-Host "Install it with: Register-PSRepository -Name VerifikLocal -SourceLocation '$repoDir' -InstallationPolicy Trusted; Install-Module Verifik -Repository VerifikLocal -Scope CurrentUser"
}

function Invoke-CleanTask {
    Write-Step 'Clean'
    $targets = New-Object System.Collections.Generic.List[string]
    $targets.Add($outDir)
    foreach ($area in 'src', 'tests', 'bench') {
        $areaPath = Join-Path $root $area
        if (-not (Test-Path -LiteralPath $areaPath -PathType Container)) { continue }
        $found = @(Get-ChildItem -LiteralPath $areaPath -Directory -Recurse -Force -ErrorAction SilentlyContinue |
                Where-Object { $_.Name -eq 'bin' -or $_.Name -eq 'obj' })
        foreach ($directory in $found) { $targets.Add($directory.FullName) }
    }
    foreach ($target in $targets) {
        # A bin/ inside an obj/ is already gone with its parent.
        if (Test-Path -LiteralPath $target) {
            Remove-Item -LiteralPath $target -Recurse -Force
            Write-Host "Removed $target"
        }
    }
}

# dotnet reads global.json from the working directory: run everything from the repository root.
Push-Location -LiteralPath $root
try {
    switch ($Task) {
        'Build' { Invoke-BuildTask }
        'Test' { Invoke-TestTask }
        'Package' { Invoke-PackageTask }
        'Clean' { Invoke-CleanTask }
    }
}
finally {
    Pop-Location
}
