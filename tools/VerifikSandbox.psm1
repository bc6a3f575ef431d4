# Start-VerifikSandbox and Stop-VerifikSandbox: the loopback imitation of the Verifik API (src/Verifik.Sandbox), started
# and stopped from pwsh. The one way to run it that the README, the quick start (samples/QuickStart.ps1) and the Pester
# suite (tests/Pester/TestHelpers.psm1) all use.
#
#     Import-Module ./tools/VerifikSandbox.psm1
#     $sandbox = Start-VerifikSandbox
#     Connect-Verifik -BaseUri $sandbox.BaseUri -Token $sandbox.Token
#     ...
#     $sandbox | Stop-VerifikSandbox
#
# The sandbox runs as its own process ('dotnet Verifik.Sandbox.dll', not 'dotnet run', so stopping that process stops
# the server and frees its port), with its output in files rather than in this console. Works on Windows PowerShell 5.1
# and PowerShell 7+.

Add-Type -AssemblyName System.Net.Http

function Get-SandboxRepositoryRoot {
    # tools/.. : the folder of Verifik.PowerShell.sln, also when this module is imported through a link to tools/.
    $here = Get-Item -LiteralPath $PSScriptRoot -Force
    $tools = if ($here.LinkType -and @($here.Target)[0]) { [string]@($here.Target)[0] } else { $here.FullName }
    $root = Split-Path -Parent $tools
    if (-not (Test-Path -LiteralPath (Join-Path $root 'Verifik.PowerShell.sln') -PathType Leaf)) {
        throw "Verifik.PowerShell.sln was not found in '$root' (expected one level above $PSScriptRoot)."
    }
    return $root
}

function Get-DotNetPath {
    <# The dotnet command the sandbox runs on (the .NET SDK named in global.json). #>
    [CmdletBinding()]
    [OutputType([string])]
    param()
    $dotnet = Get-Command -Name 'dotnet' -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if ($null -eq $dotnet) {
        throw "The 'dotnet' command was not found on PATH; the sandbox needs the .NET SDK (see global.json)."
    }
    return $dotnet.Path
}

function Find-SandboxAssembly {
    param([Parameter(Mandatory = $true)][string]$BinDirectory)
    if (-not (Test-Path -LiteralPath $BinDirectory -PathType Container)) { return $null }
    return Get-ChildItem -LiteralPath $BinDirectory -Filter 'Verifik.Sandbox.dll' -Recurse -File -ErrorAction SilentlyContinue |
        Where-Object { Test-Path -LiteralPath (Join-Path $_.DirectoryName 'Verifik.Sandbox.runtimeconfig.json') -PathType Leaf } |
        Sort-Object -Property LastWriteTimeUtc -Descending |
        Select-Object -First 1
}

function Get-SandboxAssemblyPath {
    <#
    The built Verifik.Sandbox.dll (Release). Runs 'dotnet build src/Verifik.Sandbox -c Release' only when the dll is
    missing or older than the sandbox's sources, so it is built once.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param()
    $root = Get-SandboxRepositoryRoot
    $project = Join-Path (Join-Path $root 'src') 'Verifik.Sandbox'
    $bin = Join-Path (Join-Path $project 'bin') 'Release'

    $existing = Find-SandboxAssembly -BinDirectory $bin
    if ($null -ne $existing) {
        $inputs = @(Get-ChildItem -LiteralPath $project -Recurse -File -ErrorAction SilentlyContinue |
                Where-Object { $_.Extension -in '.cs', '.csproj', '.json' -and $_.FullName -notmatch '[\\/](bin|obj)[\\/]' })
        $inputs += @(Get-Item -LiteralPath (Join-Path $root 'Directory.Build.props') -ErrorAction SilentlyContinue)
        $newestInput = $inputs | Sort-Object -Property LastWriteTimeUtc -Descending | Select-Object -First 1
        if ($null -eq $newestInput -or $newestInput.LastWriteTimeUtc -le $existing.LastWriteTimeUtc) {
            return $existing.FullName
        }
    }

    $dotnet = Get-DotNetPath
    Write-Verbose "Building the sandbox: dotnet build $project -c Release"
    # dotnet picks its SDK from global.json in the working directory: build from the repository root.
    Push-Location -LiteralPath $root
    try {
        $log = & $dotnet build $project -c Release --nologo | Out-String
        $exitCode = $LASTEXITCODE
    }
    finally {
        Pop-Location
    }
    if ($exitCode -ne 0) {
        throw "Building the sandbox failed ('dotnet build $project -c Release' exited with $exitCode):`n$log"
    }
    $built = Find-SandboxAssembly -BinDirectory $bin
    if ($null -eq $built) {
        throw "The sandbox was built, but no Verifik.Sandbox.dll (with its runtimeconfig.json) was found under '$bin'.`n$log"
    }
    return $built.FullName
}

function ConvertTo-ProcessArgument {
    <# Quotes one argument for ProcessStartInfo.Arguments (the Windows rules, which .NET applies on every OS). #>
    param([AllowEmptyString()][string]$Value)
    if ($Value.Length -gt 0 -and $Value -notmatch '[\s"]') { return $Value }
    $escaped = $Value -replace '(\\*)"', '$1$1\"'
    $escaped = $escaped -replace '(\\+)$', '$1$1'
    return '"' + $escaped + '"'
}

function Read-SharedTextFile {
    <# Reads a file another process still has open for writing; '' when it cannot be read (yet). #>
    param([Parameter(Mandatory = $true)][string]$Path)
    if (-not (Test-Path -LiteralPath $Path -PathType Leaf)) { return '' }
    try {
        $stream = [System.IO.File]::Open($Path, [System.IO.FileMode]::Open, [System.IO.FileAccess]::Read, [System.IO.FileShare]'ReadWrite, Delete')
        try {
            $reader = New-Object System.IO.StreamReader($stream)
            return $reader.ReadToEnd()
        }
        finally {
            $stream.Dispose()
        }
    }
    catch {
        return ''
    }
}

function Test-SandboxHealth {
    <# True when GET /health answers 2xx (the sandbox answers 503 until its records are seeded). Never through a proxy. #>
    param([Parameter(Mandatory = $true)][string]$Uri)
    $handler = New-Object System.Net.Http.HttpClientHandler
    $handler.UseProxy = $false
    $client = New-Object System.Net.Http.HttpClient($handler)
    try {
        $client.Timeout = [TimeSpan]::FromSeconds(2)
        $response = $client.GetAsync($Uri).GetAwaiter().GetResult()
        try { return [bool]$response.IsSuccessStatusCode } finally { $response.Dispose() }
    }
    catch {
        return $false
    }
    finally {
        $client.Dispose()
    }
}

function Get-SandboxOutput {
    <# What a sandbox started by Start-VerifikSandbox printed so far (its standard output and error), for messages. #>
    [CmdletBinding()]
    [OutputType([string])]
    param([Parameter(Mandatory = $true)]$Sandbox)
    $out = Read-SharedTextFile -Path $Sandbox.StandardOutputPath
    $err = Read-SharedTextFile -Path $Sandbox.StandardErrorPath
    return "--- sandbox stdout ---`n$out`n--- sandbox stderr ---`n$err"
}

function Start-VerifikSandbox {
    <#
    .SYNOPSIS
    Starts the Verifik sandbox on loopback and returns where it listens and the token it accepts.
    .DESCRIPTION
    Builds src/Verifik.Sandbox when needed, starts it as a process of its own (its output goes to files, not to this
    console) and waits until it answers. The object returned has BaseUri (for Connect-Verifik -BaseUri), Token,
    OneTimeCode, ImageBaseUri (the image listener, another origin) and ProcessId; pass it to Stop-VerifikSandbox.
    A port that is taken, or an option the sandbox refuses, is one error with the sandbox's own one-line message.
    .PARAMETER Port
    The API's port on 127.0.0.1; 0 (the default) picks a free one.
    .PARAMETER ArgumentList
    More options of the sandbox program (see 'dotnet run --project src/Verifik.Sandbox -- --help'), e.g. '--synthetic', '1000'.
    .PARAMETER TimeoutSec
    How long to wait for the sandbox to answer.
    .EXAMPLE
    $sandbox = Start-VerifikSandbox; Connect-Verifik -BaseUri $sandbox.BaseUri -Token $sandbox.Token
    .EXAMPLE
    $sandbox = Start-VerifikSandbox -Port 5080 -ArgumentList '--synthetic', '250', '--latency-ms', '20'
    #>
    [CmdletBinding()]
    param(
        [ValidateRange(0, 65535)]
        [int]$Port = 0,
        [string[]]$ArgumentList = @(),
        [ValidateRange(1, 600)]
        [int]$TimeoutSec = 60
    )
    $dll = Get-SandboxAssemblyPath
    $dotnet = Get-DotNetPath
    $root = Get-SandboxRepositoryRoot

    $logBase = Join-Path ([System.IO.Path]::GetTempPath()) ('verifik-sandbox-{0}' -f [guid]::NewGuid().ToString('N'))
    $stdout = "$logBase.out.txt"
    $stderr = "$logBase.err.txt"
    $arguments = @($dll, '--urls', "http://127.0.0.1:$Port") + @($ArgumentList)
    $commandLine = (@($arguments | ForEach-Object { ConvertTo-ProcessArgument -Value $_ })) -join ' '
    Write-Verbose "Starting the sandbox: dotnet $commandLine"

    $process = Start-Process -FilePath $dotnet -ArgumentList $commandLine -WorkingDirectory $root `
        -RedirectStandardOutput $stdout -RedirectStandardError $stderr -NoNewWindow -PassThru
    # Windows PowerShell only reports ExitCode for a Start-Process'ed process whose handle was taken early.
    try { $null = $process.Handle } catch { }

    $sandbox = [pscustomobject]@{
        PSTypeName         = 'Verifik.Sandbox'
        BaseUri            = $null
        ImageBaseUri       = $null
        Token              = $null
        OneTimeCode        = $null
        ProcessId          = $process.Id
        Process            = $process
        Arguments          = $commandLine
        StandardOutputPath = $stdout
        StandardErrorPath  = $stderr
    }

    # Ready when it has printed where it listens and its token (after seeding) and /health answers.
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSec)
    while (-not $process.HasExited) {
        $text = Read-SharedTextFile -Path $stdout
        if ($text -match '(?m)^Verifik sandbox listening on (\S+)') { $sandbox.BaseUri = $Matches[1] }
        if ($text -match '(?m)^Token: (\S+)') { $sandbox.Token = $Matches[1] }
        if ($text -match '(?m)^One-time code: (\S+)') { $sandbox.OneTimeCode = $Matches[1] }
        if ($text -match '(?m)^Images \(CDN\) on (\S+)') { $sandbox.ImageBaseUri = $Matches[1] }
        if ($sandbox.BaseUri -and $sandbox.ImageBaseUri -and $sandbox.Token -and (Test-SandboxHealth -Uri ($sandbox.BaseUri + 'health'))) {
            Write-Verbose "The sandbox listens on $($sandbox.BaseUri) (process $($process.Id))."
            return $sandbox
        }
        if ([DateTime]::UtcNow -ge $deadline) {
            $output = Get-SandboxOutput -Sandbox $sandbox
            Stop-VerifikSandbox -Sandbox $sandbox -KeepLogs
            throw "The sandbox did not become ready within $TimeoutSec s.`nCommand: dotnet $commandLine`n$output"
        }
        Start-Sleep -Milliseconds 100
    }

    $process.WaitForExit()
    $said = (Read-SharedTextFile -Path $stderr).Trim()
    if ([string]::IsNullOrEmpty($said)) { $said = "it exited with code $($process.ExitCode) before it was ready.`nCommand: dotnet $commandLine`n$(Get-SandboxOutput -Sandbox $sandbox)" }
    Stop-VerifikSandbox -Sandbox $sandbox
    throw $said
}

function Stop-VerifikSandbox {
    <#
    .SYNOPSIS
    Stops a sandbox started by Start-VerifikSandbox: its process ends and its port is free again.
    .PARAMETER Sandbox
    What Start-VerifikSandbox returned (from the pipeline too); $null is ignored, so clean-up code can always call it.
    .PARAMETER KeepLogs
    Keep the files that hold the sandbox's output (named by StandardOutputPath and StandardErrorPath).
    .EXAMPLE
    $sandbox | Stop-VerifikSandbox
    #>
    [CmdletBinding()]
    param(
        [Parameter(Position = 0, ValueFromPipeline = $true)]
        [AllowNull()]
        $Sandbox,
        [switch]$KeepLogs
    )
    process {
        if ($null -eq $Sandbox) { return }
        $process = $Sandbox.Process
        if ($null -ne $process) {
            try {
                if (-not $process.HasExited) {
                    Write-Verbose "Stopping the sandbox (process $($process.Id))."
                    $process.Kill()
                    $null = $process.WaitForExit(10000)
                }
            }
            catch {
                Write-Warning "Could not stop the sandbox process $($process.Id): $($_.Exception.Message)"
            }
        }
        if (-not $KeepLogs) {
            foreach ($path in @($Sandbox.StandardOutputPath, $Sandbox.StandardErrorPath)) {
                if ($path) { Remove-Item -LiteralPath $path -Force -ErrorAction SilentlyContinue }
            }
        }
    }
}

Export-ModuleMember -Function 'Start-VerifikSandbox', 'Stop-VerifikSandbox', 'Get-SandboxOutput', 'Get-SandboxAssemblyPath', 'Get-DotNetPath'
