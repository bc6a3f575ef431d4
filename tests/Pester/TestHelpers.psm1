# Helpers shared by the Pester suite: where the repository and the built module are, the loopback
# sandbox (built once, started as a separate process on a free port), seed records in the documented
# shapes, and unsigned test tokens.
#
# Works on Windows PowerShell 5.1 and PowerShell 7+. Import it from a BeforeAll block:
#     BeforeAll { Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force }
#
# CI runs only the engine-hosted tests (tests/Engine), so every It names the engine test that asserts the same story
# the same way: It '...' -Tag 'Twin:<EngineTestClass>.<Method>' { ... }. tests/Engine/PesterTwinTests.cs fails when
# an It has no such tag or names a test that does not exist.

Add-Type -AssemblyName System.Net.Http

# ---------------------------------------------------------------------------------------------
# Paths and the module
# ---------------------------------------------------------------------------------------------

function Get-VerifikRepositoryRoot {
    <# The repository root: tests/Pester/.. /.. #>
    [CmdletBinding()]
    [OutputType([string])]
    param()
    $root = Split-Path -Parent (Split-Path -Parent $PSScriptRoot)
    if (-not (Test-Path -LiteralPath (Join-Path $root 'Verifik.PowerShell.sln') -PathType Leaf)) {
        throw "Verifik.PowerShell.sln was not found in '$root' (expected two levels above $PSScriptRoot)."
    }
    return $root
}

function Get-VerifikManifestPath {
    <# out/Verifik/Verifik.psd1, the importable module the build assembles; throws with a hint when missing. #>
    [CmdletBinding()]
    [OutputType([string])]
    param()
    $manifest = Join-Path (Join-Path (Join-Path (Get-VerifikRepositoryRoot) 'out') 'Verifik') 'Verifik.psd1'
    if (-not (Test-Path -LiteralPath $manifest -PathType Leaf)) {
        throw "The built module '$manifest' does not exist. Build it first: run ./build.ps1 (or 'dotnet build -c Release') at the repository root."
    }
    return $manifest
}

function Import-VerifikModule {
    <# Imports out/Verifik/Verifik.psd1 into the global scope, so the test scripts see its cmdlets. #>
    [CmdletBinding()]
    param()
    $manifest = Get-VerifikManifestPath
    Import-Module -Name $manifest -Force -Global -ErrorAction Stop
}

function Get-PowerShellPath {
    <#
    The executable of this session's PowerShell, for tests that need a new session: pwsh in $PSHOME (also when this
    session was started as 'dotnet pwsh', whose process is dotnet), else this process when it is powershell, else pwsh
    from PATH.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param()
    foreach ($name in 'pwsh', 'pwsh.exe') {
        $own = Join-Path $PSHOME $name
        if (Test-Path -LiteralPath $own -PathType Leaf) { return $own }
    }
    $current = [System.Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
    $name = [System.IO.Path]::GetFileNameWithoutExtension($current)
    if ($name -eq 'pwsh' -or $name -eq 'powershell') { return $current }
    $command = Get-Command -Name 'pwsh' -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if ($null -eq $command) { throw "This session runs in '$current', and no pwsh is on PATH to start a new session with." }
    return $command.Path
}

# ---------------------------------------------------------------------------------------------
# The sandbox
# ---------------------------------------------------------------------------------------------

function Get-DotNetPath {
    [CmdletBinding()]
    [OutputType([string])]
    param()
    $dotnet = Get-Command -Name 'dotnet' -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if ($null -eq $dotnet) {
        throw "The 'dotnet' command was not found on PATH; the sandbox needs the .NET SDK (see global.json)."
    }
    return $dotnet.Path
}

function Get-FreeTcpPort {
    <# A loopback port that was free a moment ago (the OS picks it; the listener is stopped again at once). #>
    [CmdletBinding()]
    [OutputType([int])]
    param()
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    try {
        $listener.Start()
        return ([System.Net.IPEndPoint]$listener.LocalEndpoint).Port
    }
    finally {
        $listener.Stop()
    }
}

function Find-SandboxAssembly {
    param([Parameter(Mandatory = $true)][string]$BinDirectory)
    if (-not (Test-Path -LiteralPath $BinDirectory -PathType Container)) { return $null }
    $found = Get-ChildItem -LiteralPath $BinDirectory -Filter 'Verifik.Sandbox.dll' -Recurse -File -ErrorAction SilentlyContinue |
        Where-Object { Test-Path -LiteralPath (Join-Path $_.DirectoryName 'Verifik.Sandbox.runtimeconfig.json') -PathType Leaf } |
        Sort-Object -Property LastWriteTimeUtc -Descending |
        Select-Object -First 1
    if ($null -eq $found) { return $null }
    return $found
}

function Get-SandboxAssemblyPath {
    <#
    The path of the built Verifik.Sandbox.dll (Release). Runs 'dotnet build src/Verifik.Sandbox -c Release'
    only when the dll is missing or older than the sandbox's sources, so the suite builds it once.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param()
    $root = Get-VerifikRepositoryRoot
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
    <# True when GET /health answers 2xx. Never uses a proxy: the sandbox is on loopback. #>
    param([Parameter(Mandatory = $true)][string]$Uri)
    $handler = New-Object System.Net.Http.HttpClientHandler
    $handler.UseProxy = $false
    $client = New-Object System.Net.Http.HttpClient($handler)
    try {
        $client.Timeout = [TimeSpan]::FromSeconds(2)
        $response = $client.GetAsync($Uri).GetAwaiter().GetResult()
        try {
            return [bool]$response.IsSuccessStatusCode
        }
        finally {
            $response.Dispose()
        }
    }
    catch {
        return $false
    }
    finally {
        $client.Dispose()
    }
}

function Get-SandboxOutput {
    <# The sandbox's standard output and error so far, for failure messages. #>
    param([Parameter(Mandatory = $true)]$Sandbox)
    $out = Read-SharedTextFile -Path $Sandbox.StandardOutputPath
    $err = Read-SharedTextFile -Path $Sandbox.StandardErrorPath
    return "--- sandbox stdout ---`n$out`n--- sandbox stderr ---`n$err"
}

function Start-VerifikSandbox {
    <#
    Starts the sandbox ('dotnet Verifik.Sandbox.dll --urls http://127.0.0.1:PORT <ArgumentList>') on a free
    loopback port and waits until GET /health answers and it has printed its token (which it does after
    seeding). Returns an object with BaseUri (with a trailing slash), Token and Process; stop it with
    Stop-VerifikSandbox.
    .EXAMPLE
    $sandbox = Start-VerifikSandbox -ArgumentList '--seed-file', $seed, '--synthetic', '250'
    #>
    [CmdletBinding()]
    param(
        [string[]]$ArgumentList = @(),
        [ValidateRange(1, 600)]
        [int]$TimeoutSec = 60
    )
    $dll = Get-SandboxAssemblyPath
    $dotnet = Get-DotNetPath
    $root = Get-VerifikRepositoryRoot

    # The port is free when picked but could be taken before the sandbox binds it: try a few ports.
    for ($attempt = 1; $attempt -le 3; $attempt++) {
        $port = Get-FreeTcpPort
        $url = "http://127.0.0.1:$port"
        $logBase = Join-Path ([System.IO.Path]::GetTempPath()) ('verifik-sandbox-{0}-{1}' -f $port, [guid]::NewGuid().ToString('N'))
        $stdout = "$logBase.out.txt"
        $stderr = "$logBase.err.txt"
        $arguments = @($dll, '--urls', $url) + @($ArgumentList)
        $commandLine = (@($arguments | ForEach-Object { ConvertTo-ProcessArgument -Value $_ })) -join ' '

        $process = Start-Process -FilePath $dotnet -ArgumentList $commandLine -WorkingDirectory $root `
            -RedirectStandardOutput $stdout -RedirectStandardError $stderr -NoNewWindow -PassThru
        # Windows PowerShell only reports ExitCode for a Start-Process'ed process whose handle was taken early.
        try { $null = $process.Handle } catch { }

        $sandbox = [pscustomobject]@{
            BaseUri            = "$url/"
            Token              = $null
            Process            = $process
            Port               = $port
            Arguments          = $commandLine
            StandardOutputPath = $stdout
            StandardErrorPath  = $stderr
        }

        $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSec)
        $healthy = $false
        $healthySince = $null
        while (-not $process.HasExited) {
            if (-not $healthy) {
                $healthy = Test-SandboxHealth -Uri "$url/health"
                if ($healthy) { $healthySince = [DateTime]::UtcNow }
            }
            if ($healthy) {
                # "Token: ..." is printed once the records are seeded; /health answers a little earlier.
                $text = Read-SharedTextFile -Path $stdout
                if ($text -match '(?m)^Token:\s*(\S+)') {
                    $sandbox.Token = $Matches[1]
                    return $sandbox
                }
                if (([DateTime]::UtcNow - $healthySince).TotalSeconds -ge 10) {
                    # The output file cannot be read (or stays empty): fall back to the token the sandbox was given.
                    Write-Warning "The sandbox answers /health but its output ('$stdout') shows no 'Token:' line; using the expected token."
                    $sandbox.Token = Get-ExpectedSandboxToken -ArgumentList $ArgumentList
                    return $sandbox
                }
            }
            if ([DateTime]::UtcNow -ge $deadline) {
                $output = Get-SandboxOutput -Sandbox $sandbox
                Stop-VerifikSandbox -Sandbox $sandbox -KeepLogs
                throw "The sandbox did not become ready within $TimeoutSec s (GET $url/health answered: $healthy).`nCommand: dotnet $commandLine`n$output"
            }
            Start-Sleep -Milliseconds 200
        }

        $process.WaitForExit()
        $output = Get-SandboxOutput -Sandbox $sandbox
        $portTaken = $output -match 'Cannot listen on|address already in use|AddressInUse'
        Stop-VerifikSandbox -Sandbox $sandbox
        if (-not $portTaken -or $attempt -eq 3) {
            throw "The sandbox exited with code $($process.ExitCode) before it was ready.`nCommand: dotnet $commandLine`n$output"
        }
    }
}

function Get-ExpectedSandboxToken {
    <# The value of --token in the sandbox's arguments, else its well-known default (SandboxDefaults.Token). #>
    param([string[]]$ArgumentList = @())
    for ($i = 0; $i -lt $ArgumentList.Count; $i++) {
        if ($ArgumentList[$i] -eq '--token' -and $i + 1 -lt $ArgumentList.Count) { return $ArgumentList[$i + 1] }
        if ($ArgumentList[$i] -like '--token=*') { return $ArgumentList[$i].Substring('--token='.Length) }
    }
    return 'eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJjbGllbnRJZCI6InNhbmRib3hfY2xpZW50IiwiZXhwIjo0MTAyNDQ0ODAwfQ.c2FuZGJveA'
}

function Stop-VerifikSandbox {
    <# Stops a sandbox started by Start-VerifikSandbox (null is ignored, so AfterAll can always call it). #>
    [CmdletBinding()]
    param(
        [Parameter(Position = 0)]
        [AllowNull()]
        $Sandbox,
        [switch]$KeepLogs
    )
    if ($null -eq $Sandbox) { return }
    $process = $Sandbox.Process
    if ($null -ne $process) {
        try {
            if (-not $process.HasExited) {
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

# ---------------------------------------------------------------------------------------------
# Seed records (the documented shapes) and tokens
# ---------------------------------------------------------------------------------------------

function Get-DocumentedRecordJson {
    <#
    The record under "data" of a documented response in tests/Fixtures (the same copies the .NET tests
    use): flat-response.json (id 68a8bf34d8207d5f3357b643, with the API's typo "sreenReplay...") or
    nested-response.json (id document_liveness_123456789).
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Mandatory = $true)][ValidateSet('flat-response.json', 'nested-response.json')][string]$ResponseFile
    )
    $path = Join-Path (Join-Path (Join-Path (Get-VerifikRepositoryRoot) 'tests') 'Fixtures') $ResponseFile
    $response = Get-Content -LiteralPath $path -Raw | ConvertFrom-Json
    return ConvertTo-Json -InputObject $response.data -Depth 10 -Compress
}

function New-FlatRecord {
    <# A record in the flat shape (the live API's), as an ordered dictionary for ConvertTo-Json. #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)][string]$Id,
        [string]$Calibration = 'REGULAR',
        [AllowEmptyCollection()][string[]]$Warnings = @('GLARE_ON_IMAGE'),
        [AllowEmptyCollection()][string[]]$Errors = @(),
        [double]$AggregatedScore = 0.000001,
        # Not part of the documented flat shape; the sandbox filters the list on it when present.
        [string]$Status,
        [string]$CreatedAt = '2025-08-22T19:04:25.503Z'
    )
    $record = [ordered]@{
        '_id'                             = $Id
        'client'                          = '613375a1eab2fe08527f81e2'
        'imageSaved'                      = $true
        'imageUrl'                        = 'https://cdn.verifik.co/document-liveness/document-liveness-1755889460500'
        'validateScreenReplay'            = $true
        'validatePrintedCopy'             = $true
        'validatePortraitSubstitution'    = $true
        'validateDigitalManipulation'     = $true
        'sreenReplayScore'                = 0.4201007
        'printedCopyScore'                = 2.7406464
        'portraitSubstitutionScore'       = 10.7250834
        'digitalManipulationScore'        = -0.124236
        'screenReplayProbability'         = 0.0019733
        'printedCopyProbability'          = 0.000001
        'portraitSubstitutionProbability' = 0.948844
        'digitalManipulationProbability'  = 0.3582724
        'sreenReplayCalibration'          = $Calibration
        'printedCopyCalibration'          = $Calibration
        'portraitSubstitutionCalibration' = $Calibration
        'digitalManipulationCalibration'  = $Calibration
        'ignoreDocumentCroppedValidation' = $false
        'ignoreColourLessValidation'      = $false
        'screenReplayWarnings'            = @($Warnings)
        'printedCopyWarnings'             = @($Warnings)
        'portraitSubstitutionWarnings'    = @($Warnings)
        'digitalManipulationWarnings'     = @($Warnings)
        'screenReplayErrors'              = @($Errors)
        'printedCopyErrors'               = @($Errors)
        'portraitSubstitutionErrors'      = @($Errors)
        'digitalManipulationErrors'       = @($Errors)
        'aggregatedScore'                 = $AggregatedScore
        'updatedAt'                       = $CreatedAt
        'createdAt'                       = $CreatedAt
        '__v'                             = 0
    }
    if ($Status) { $record['status'] = $Status }
    return $record
}

function New-NestedRecord {
    <# A record in the nested shape (the older docs'), as an ordered dictionary for ConvertTo-Json. #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)][string]$Id,
        [ValidateSet('new', 'processing', 'completed', 'failed')]
        [string]$Status = 'completed',
        [bool]$Passed = $true,
        [string]$Calibration = 'REGULAR',
        [double]$RiskScore = 0.05,
        [string]$CreatedAt = '2024-01-15T10:30:00Z'
    )
    $check = {
        param([double]$Score, [string]$Details)
        [ordered]@{ 'passed' = $Passed; 'score' = $Score; 'details' = $Details }
    }
    return [ordered]@{
        '_id'                 = $Id
        'client'              = 'client_123456789'
        'appRegistration'     = 'app_registration_123456789'
        'imageSaved'          = $true
        'imageUrl'            = 'https://cdn.verifik.co/images/document_123456789.jpg'
        'status'              = $Status
        'validationResults'   = [ordered]@{
            'screenReplay'         = & $check 0.95 'No screen replay detected'
            'printedCopy'          = & $check 0.90 'No printed copy detected'
            'portraitSubstitution' = & $check 0.88 'No portrait substitution detected'
            'digitalManipulation'  = & $check 0.92 'No digital manipulation detected'
        }
        'calibrationSettings' = [ordered]@{
            'screenReplayCalibration'         = $Calibration
            'printedCopyCalibration'          = $Calibration
            'portraitSubstitutionCalibration' = $Calibration
        }
        'validationFlags'     = [ordered]@{
            'ignoreDocumentCroppedValidation' = $false
            'ignoreColourLessValidation'      = $false
        }
        'riskScore'           = $RiskScore
        'confidence'          = 0.91
        'createdAt'           = $CreatedAt
        'updatedAt'           = $CreatedAt
        'completedAt'         = $CreatedAt
    }
}

function New-SeedFile {
    <#
    Writes a sandbox seed file: a JSON array of records. Each record is either JSON text (e.g.
    Get-DocumentedRecordJson) or a dictionary (New-FlatRecord, New-NestedRecord). Returns the path.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Mandatory = $true)][string]$Path,
        [Parameter(Mandatory = $true)][object[]]$Record
    )
    $items = foreach ($item in $Record) {
        if ($item -is [string]) { $item }
        else { ConvertTo-Json -InputObject $item -Depth 10 -Compress }
    }
    $json = '[' + (@($items) -join ',') + ']'
    [System.IO.File]::WriteAllText($Path, $json, (New-Object System.Text.UTF8Encoding($false)))
    return $Path
}

function ConvertTo-Base64Url {
    param([Parameter(Mandatory = $true)][string]$Text)
    return [Convert]::ToBase64String([System.Text.Encoding]::UTF8.GetBytes($Text)).TrimEnd('=').Replace('+', '-').Replace('/', '_')
}

function New-TestJwt {
    <# An unsigned JWT "header.payload.sig" whose payload is {"clientId":...,"exp":...}, like the sandbox's token. #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [string]$ClientId = 'c',
        [Parameter(Mandatory = $true)][DateTimeOffset]$ExpiresOn
    )
    $exp = $ExpiresOn.ToUnixTimeSeconds().ToString([System.Globalization.CultureInfo]::InvariantCulture)
    $header = ConvertTo-Base64Url -Text '{"alg":"none","typ":"JWT"}'
    $payload = ConvertTo-Base64Url -Text ('{"clientId":"' + $ClientId + '","exp":' + $exp + '}')
    $signature = ConvertTo-Base64Url -Text 'test-signature'
    return (@($header, $payload, $signature) -join '.')
}

function Get-VerifikSandboxLog {
    <#
    What a sandbox started with '--expose-log' saw (GET /sandbox/log): Requests (in order, on the API's and the image
    listener's origins, each with method, path, query, status, origin, hasAuthorization and tokenId; not the health
    checks nor these log reads), logged as their answers start; Arrivals ("METHOD path" of each request as it arrived,
    before any latency or fault, likewise without health checks and log reads); the Tokens and OtpHashes its
    sign-ins (and token renewals) handed out; and the AccountSecrets (otp hash, JWTPhrase) its /v2/clients/me sends.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)]$Sandbox)
    $handler = New-Object System.Net.Http.HttpClientHandler
    $handler.UseProxy = $false
    $client = New-Object System.Net.Http.HttpClient($handler)
    try {
        $json = $client.GetStringAsync("$($Sandbox.BaseUri)sandbox/log").GetAwaiter().GetResult()
    }
    finally {
        $client.Dispose()
    }
    $log = ConvertFrom-Json -InputObject $json
    return [pscustomobject]@{
        Requests  = @($log.requests | Where-Object { $_.path -ne '/health' -and $_.path -ne '/sandbox/log' })
        Arrivals  = @($log.arrivals | Where-Object { $_ -ne 'GET /health' -and $_ -ne 'GET /sandbox/log' })
        Tokens    = @($log.signIns.tokens)
        OtpHashes = @($log.signIns.otpHashes)
        AccountSecrets = @($log.signIns.accountSecrets)
    }
}

function Get-VerifikTokenId {
    <# How the sandbox's log names a token (the first 12 hex digits of its SHA-256), as in LoggedRequest.TokenId. #>
    [CmdletBinding()]
    [OutputType([string])]
    param([Parameter(Mandatory = $true)][string]$Token)
    $sha = [System.Security.Cryptography.SHA256]::Create()
    try {
        $hash = $sha.ComputeHash([System.Text.Encoding]::UTF8.GetBytes($Token))
    }
    finally {
        $sha.Dispose()
    }
    return (-join ($hash | ForEach-Object { $_.ToString('x2') })).Substring(0, 12)
}

function Remove-Ansi {
    <# Strips ANSI escape sequences (PowerShell 7.2+ may colour table headers). #>
    [OutputType([string])]
    param([AllowEmptyString()][string]$Text)
    return ($Text -replace '\x1b\[[0-9;?]*[A-Za-z]', '')
}

Export-ModuleMember -Function @(
    'Get-VerifikRepositoryRoot', 'Get-VerifikManifestPath', 'Import-VerifikModule', 'Get-PowerShellPath', 'Get-DotNetPath',
    'Get-FreeTcpPort', 'Get-SandboxAssemblyPath', 'Start-VerifikSandbox', 'Stop-VerifikSandbox', 'Get-SandboxOutput',
    'Get-DocumentedRecordJson', 'New-FlatRecord', 'New-NestedRecord', 'New-SeedFile',
    'New-TestJwt', 'Remove-Ansi', 'Get-VerifikSandboxLog', 'Get-VerifikTokenId'
)
