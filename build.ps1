#Requires -Version 5.1
<#
.SYNOPSIS
    Builds, tests, packages or cleans the Verifik PowerShell module.

.DESCRIPTION
    Build   - dotnet build of the solution; the importable module is assembled at out/Verifik/.
    Test    - Build, then 'dotnet test' (the engine-hosted tests), then the Pester suite in tests/Pester
              when Pester 5 is installed (in a child PowerShell process, so this session never loads
              - and on Windows locks - the module's DLLs).
    Package - Build, then a versioned module folder at out/package/Verifik/<version>/ and a .nupkg in
              out/repo/ (made by dotnet pack in PowerShell Gallery layout) that Install-Module accepts.
    Clean   - Removes out/ and every bin/ and obj/ under src, tests and bench.

    Works on Windows PowerShell 5.1 and PowerShell 7+, from any working directory.

.EXAMPLE
    ./build.ps1
.EXAMPLE
    ./build.ps1 -Task Test
.EXAMPLE
    ./build.ps1 -Task Package -Configuration Release
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Package', 'Clean')]
    [string]$Task = 'Build',

    [string]$Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$root = $PSScriptRoot
$solution = Join-Path $root 'Verifik.PowerShell.sln'
$outDir = Join-Path $root 'out'
$moduleDir = Join-Path $outDir 'Verifik'
$manifest = Join-Path $moduleDir 'Verifik.psd1'
$pesterTests = Join-Path (Join-Path $root 'tests') 'Pester'
$minimumPester = [version]'5.1.0'   # -ForEach on Describe/Context/It, used by the suite, came with Pester 5.1.

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

function New-PesterRunScript {
    <#
    The script the child PowerShell runs: imports this Pester, runs the suite with Detailed output, and exits with
    0 only when every test passed. The paths are written as single-quoted literals.
    #>
    param(
        [Parameter(Mandatory = $true)][string]$PesterManifest,
        [Parameter(Mandatory = $true)][string]$TestPath
    )
    $quote = { param([string]$Text) "'" + [System.Management.Automation.Language.CodeGeneration]::EscapeSingleQuotedStringContent($Text) + "'" }
    $lines = @(
        "Import-Module -Name $(& $quote $PesterManifest) -Force -ErrorAction Stop"
        '$configuration = New-PesterConfiguration'
        "`$configuration.Run.Path = $(& $quote $TestPath)"
        '$configuration.Run.Exit = $true'
        '$configuration.Run.PassThru = $true'
        '$configuration.Output.Verbosity = ''Detailed'''
        '$result = Invoke-Pester -Configuration $configuration'
        'if ($null -eq $result -or $result.Result -ne ''Passed'' -or $result.FailedCount -gt 0) { exit 1 }'
        'exit 0'
    )
    return ($lines -join [Environment]::NewLine)
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

    Write-Step 'dotnet test'
    $dotnet = Get-DotNet
    Invoke-Native -FilePath $dotnet -ArgumentList @('test', $solution, '-c', $Configuration, '--no-build', '--nologo')

    Write-Step 'Pester'
    $pester = Get-Module -Name 'Pester' -ListAvailable |
        Where-Object { $_.Version -ge $minimumPester } |
        Sort-Object -Property Version -Descending |
        Select-Object -First 1
    if ($null -eq $pester) {
        Write-Warning ("Pester $minimumPester or later was not found, so the Pester tests in '$pesterTests' were skipped. " +
            'Install it with: Install-Module Pester -MinimumVersion 5.0 -Scope CurrentUser')
        return
    }
    Write-Host "Pester $($pester.Version) from $($pester.Path)"

    # The suite runs in a child process: a binary module cannot be unloaded, and on Windows its DLLs would stay
    # locked in this session, breaking the next build. Run.Exit makes the child's exit code the result.
    # The child runs a script file (-File), not -EncodedCommand: given an encoded command, PowerShell writes its
    # non-output streams to a redirected stderr as CLIXML (PowerShell issues #5912 and #20808), which turns the log
    # of './build.ps1 -Task Test *> build.log' into thousands of lines of XML.
    $childScript = Join-Path ([System.IO.Path]::GetTempPath()) ('verifik-pester-{0}.ps1' -f [guid]::NewGuid().ToString('N'))
    # With a BOM: Windows PowerShell reads a script without one in the ANSI code page, and the paths may not be ASCII.
    $utf8WithBom = New-Object System.Text.UTF8Encoding($true)
    [System.IO.File]::WriteAllText($childScript, (New-PesterRunScript -PesterManifest $pester.Path -TestPath $pesterTests), $utf8WithBom)
    try {
        $arguments = @('-NoProfile', '-NonInteractive', '-OutputFormat', 'Text')
        if ([Environment]::OSVersion.Platform -eq [PlatformID]::Win32NT) {
            $arguments += @('-ExecutionPolicy', 'Bypass')
        }
        $arguments += @('-File', $childScript)   # last: whatever follows -File is passed to the script

        $powershell = Get-PowerShellExecutable
        Write-Host "> $powershell $($arguments -join ' ')  (Invoke-Pester -Configuration: Run.Path $pesterTests, Output.Verbosity Detailed)" -ForegroundColor DarkGray
        $ErrorActionPreference = 'Continue'   # local: only the child's exit code decides
        & $powershell @arguments
        $exitCode = $LASTEXITCODE
        $ErrorActionPreference = 'Stop'
    }
    finally {
        Remove-Item -LiteralPath $childScript -Force -ErrorAction SilentlyContinue
    }
    if ($exitCode -ne 0) {
        throw "The Pester tests failed (exit code $exitCode); see the output above."
    }
    Write-Host 'Pester: all tests passed.' -ForegroundColor Green
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
