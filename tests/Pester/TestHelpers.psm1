# Helpers shared by the Pester suite: where the repository and the built module are, the loopback sandbox (started
# and stopped by tools/VerifikSandbox.psm1, the same module the README and the quick start use, whose Start-/Stop-
# VerifikSandbox this module passes on), what the sandbox saw (its log), seed records in the documented shapes, and
# unsigned test tokens.
#
# Works on Windows PowerShell 5.1 and PowerShell 7+. Import it from a BeforeAll block:
#     BeforeAll { Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force }

Add-Type -AssemblyName System.Net.Http
Import-Module (Join-Path (Join-Path (Split-Path -Parent (Split-Path -Parent $PSScriptRoot)) 'tools') 'VerifikSandbox.psm1') -Force

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

function Start-RecordingProxy {
    <#
    A "proxy" on loopback that forwards nothing: it counts the connections made to it (State.Connections) and keeps
    each request head read on them (State.Heads: a CONNECT, or an absolute-URI GET that would carry a bearer token in
    clear), then answers 502 and closes: exactly what a real proxy on the path would have seen. With -ChallengeBasic it
    first asks each connection for Basic credentials (407), as an authenticating proxy does. Returns Uri and State;
    stop it with Stop-RecordingProxy.
    #>
    [CmdletBinding()]
    param([switch]$ChallengeBasic)
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start()
    $state = [hashtable]::Synchronized(@{ Connections = 0; Heads = [System.Collections.ArrayList]::Synchronized([System.Collections.ArrayList]::new()) })
    $worker = [powershell]::Create()
    $null = $worker.AddScript({
            param($listener, $state, [bool]$challenge)
            while ($true) {
                try { $client = $listener.AcceptTcpClient() } catch { return }
                $state.Connections++
                try {
                    $client.ReceiveTimeout = 2000
                    $stream = $client.GetStream()
                    $reader = [System.IO.StreamReader]::new($stream, [System.Text.Encoding]::ASCII)
                    for ($round = 0; $round -lt 2; $round++) {
                        $head = [System.Text.StringBuilder]::new()
                        while (-not [string]::IsNullOrEmpty(($line = $reader.ReadLine()))) { [void]$head.AppendLine($line) }
                        if ($head.Length -eq 0) { break }
                        [void]$state.Heads.Add($head.ToString())
                        $ask = $challenge -and -not $head.ToString().Contains('Proxy-Authorization:')
                        $answer = if ($ask) {
                            "HTTP/1.1 407 Proxy Authentication Required`r`nProxy-Authenticate: Basic realm=`"test`"`r`nContent-Length: 0`r`n`r`n"
                        }
                        else {
                            "HTTP/1.1 502 Bad Gateway`r`nContent-Length: 0`r`nConnection: close`r`n`r`n"
                        }
                        $bytes = [System.Text.Encoding]::ASCII.GetBytes($answer)
                        $stream.Write($bytes, 0, $bytes.Length)
                        if (-not $ask) { break }
                    }
                }
                catch { }
                finally { $client.Dispose() }
            }
        }).AddArgument($listener).AddArgument($state).AddArgument([bool]$ChallengeBasic)
    [pscustomobject]@{
        Uri      = 'http://127.0.0.1:{0}/' -f $listener.LocalEndpoint.Port
        State    = $state
        Listener = $listener
        Worker   = $worker
        Run      = $worker.BeginInvoke()
    }
}

function Stop-RecordingProxy {
    <# Stops a proxy started by Start-RecordingProxy ($null is ignored). #>
    [CmdletBinding()]
    param([Parameter(Position = 0)][AllowNull()]$Proxy)
    if ($null -eq $Proxy) { return }
    $Proxy.Listener.Stop()
    $null = $Proxy.Run.AsyncWaitHandle.WaitOne(5000)
    $Proxy.Worker.Dispose()
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
    listener's origins, each with method, path, rawTarget (as on the wire), query, host, status, origin,
    hasAuthorization, tokenId and connectionId; not the health checks nor these log reads), logged as their answers
    start; Arrivals ("METHOD path" of each request as it arrived, before any latency or fault, likewise without health
    checks and log reads); Creates (each create it processed: id, clientId, imageBytes, imageSha256, imageUrl and the
    body's other members as raw JSON text); ImagesStored; the Tokens and OtpHashes its sign-ins (and token renewals)
    handed out; and the AccountSecrets (otp hash, JWTPhrase) its /v2/clients/me sends.
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
        Creates   = @($log.creates)
        ImagesStored = [int]$log.imagesStored
        Tokens    = @($log.signIns.tokens)
        OtpHashes = @($log.signIns.otpHashes)
        AccountSecrets = @($log.signIns.accountSecrets)
    }
}

function Wait-VerifikCondition {
    <#
    Waits until -Condition is true, polling a real signal (the sandbox's log, an output collection, a file); the
    deadline only guards the suite against a hang, and fails with -Because when it passes.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true, Position = 0)][scriptblock]$Condition,
        [Parameter(Mandatory = $true, Position = 1)][string]$Because,
        [ValidateRange(1, 600)][int]$TimeoutSec = 30
    )
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSec)
    while (-not (& $Condition)) {
        if ([DateTime]::UtcNow -gt $deadline) { throw "Timed out after $TimeoutSec s waiting until $Because." }
        Start-Sleep -Milliseconds 50
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
    'Start-RecordingProxy', 'Stop-RecordingProxy',
    'Get-DocumentedRecordJson', 'New-FlatRecord', 'New-NestedRecord', 'New-SeedFile',
    'New-TestJwt', 'Remove-Ansi', 'Get-VerifikSandboxLog', 'Get-VerifikTokenId', 'Wait-VerifikCondition'
)
