# A real browser for the stories that look at a page: Debian's Chromium, headless, driven over the DevTools protocol
# (a WebSocket, JSON messages) with nothing but .NET, so the suite needs no package of its own and no network.
# .ci/run installs chromium with apt when it is missing.
#
#     $browser = Start-HeadlessBrowser
#     Open-BrowserPage $browser 'file:///tmp/review.html'
#     Invoke-BrowserScript $browser 'document.title'
#     Get-BrowserProblem $browser      # console errors, exceptions, CSP refusals, dialogs (alert, confirm…) so far
#     Stop-HeadlessBrowser $browser

function Get-ChromiumPath {
    <# Debian's chromium (or another Chromium-based browser on PATH); throws with the way to install it when there is none. #>
    [CmdletBinding()]
    [OutputType([string])]
    param()
    foreach ($name in 'chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable') {
        $command = Get-Command -Name $name -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
        if ($null -ne $command) { return $command.Path }
    }
    throw "No Chromium to render the page in: install it (Debian: apt-get install -y chromium; .ci/run does this when it is missing)."
}

function Start-HeadlessBrowser {
    <#
    Starts headless Chromium with a fresh profile and a DevTools port the OS picks, waits for the port file it writes
    (the signal that it listens), connects, and opens one page (tab) to drive. Returns the browser object for the other
    functions; Stop-HeadlessBrowser ends it and deletes the profile.
    #>
    [CmdletBinding()]
    param(
        [int]$Width = 1400,
        [int]$Height = 1000,
        [ValidateRange(1, 300)]
        [int]$TimeoutSec = 60
    )
    $profile = Join-Path ([System.IO.Path]::GetTempPath()) ('verifik-chromium-' + [guid]::NewGuid().ToString('N'))
    $null = New-Item -ItemType Directory -Path $profile
    $arguments = @(
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
        '--disable-sync', '--no-first-run', '--no-default-browser-check', '--disable-extensions', '--mute-audio',
        "--user-data-dir=$profile", '--remote-debugging-port=0', "--window-size=$Width,$Height", 'about:blank'
    )
    $start = New-Object System.Diagnostics.ProcessStartInfo (Get-ChromiumPath)
    foreach ($argument in $arguments) { $start.ArgumentList.Add($argument) }
    $start.UseShellExecute = $false
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $process = [System.Diagnostics.Process]::Start($start)
    # Its chatter (D-Bus, GPU) is read away so the pipes never fill; nothing in it is needed.
    $process.BeginOutputReadLine()
    $process.BeginErrorReadLine()

    $browser = [pscustomobject]@{
        Process   = $process
        Profile   = $profile
        Socket    = $null
        NextId    = 0
        SessionId = $null
        Events    = [System.Collections.Generic.List[object]]::new()
        Dialogs   = [System.Collections.Generic.List[object]]::new()
        Width     = $Width
        Height    = $Height
    }
    try {
        $portFile = Join-Path $profile 'DevToolsActivePort'
        $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSec)
        $lines = @()
        while ($lines.Count -lt 2) {
            if ($process.HasExited) { throw "Chromium exited with code $($process.ExitCode) before it listened." }
            if ([DateTime]::UtcNow -gt $deadline) { throw "Chromium did not write $portFile within $TimeoutSec s." }
            Start-Sleep -Milliseconds 50
            if (Test-Path -LiteralPath $portFile) { $lines = @(Get-Content -LiteralPath $portFile -ErrorAction SilentlyContinue | Where-Object { $_ }) }
        }
        $socket = [System.Net.WebSockets.ClientWebSocket]::new()
        $socket.Options.Proxy = $null
        $null = $socket.ConnectAsync([uri]"ws://127.0.0.1:$($lines[0])$($lines[1])", [System.Threading.CancellationToken]::None).GetAwaiter().GetResult()
        $browser.Socket = $socket

        $target = Invoke-DevTools $browser 'Target.createTarget' @{ url = 'about:blank' } -ToBrowser
        $attached = Invoke-DevTools $browser 'Target.attachToTarget' @{ targetId = $target.targetId; flatten = $true } -ToBrowser
        $browser.SessionId = $attached.sessionId
        foreach ($domain in 'Page.enable', 'Runtime.enable', 'Log.enable') { $null = Invoke-DevTools $browser $domain @{} }
        $null = Invoke-DevTools $browser 'Emulation.setDeviceMetricsOverride' @{ width = $Width; height = $Height; deviceScaleFactor = 1; mobile = $false }
        return $browser
    }
    catch {
        Stop-HeadlessBrowser $browser
        throw
    }
}

function Receive-DevToolsMessage {
    param([Parameter(Mandatory = $true)] $Browser, [int]$TimeoutSec = 60)
    $buffer = [byte[]]::new(1MB)
    $text = [System.Text.StringBuilder]::new()
    $cancel = [System.Threading.CancellationTokenSource]::new([TimeSpan]::FromSeconds($TimeoutSec))
    try {
        do {
            $segment = [ArraySegment[byte]]::new($buffer)
            $result = $Browser.Socket.ReceiveAsync($segment, $cancel.Token).GetAwaiter().GetResult()
            if ($result.MessageType -eq [System.Net.WebSockets.WebSocketMessageType]::Close) { throw 'Chromium closed the DevTools connection.' }
            $null = $text.Append([System.Text.Encoding]::UTF8.GetString($buffer, 0, $result.Count))
        } until ($result.EndOfMessage)
    }
    finally {
        $cancel.Dispose()
    }
    return ConvertFrom-Json -InputObject $text.ToString() -Depth 64
}

function Send-DevToolsMessage {
    param([Parameter(Mandatory = $true)] $Browser, [Parameter(Mandatory = $true)][string]$Method, [hashtable]$Params = @{}, [switch]$ToBrowser)
    $Browser.NextId++
    $message = [ordered]@{ id = $Browser.NextId; method = $Method; params = $Params }
    if (-not $ToBrowser -and $Browser.SessionId) { $message.sessionId = $Browser.SessionId }
    $bytes = [System.Text.Encoding]::UTF8.GetBytes((ConvertTo-Json -InputObject $message -Depth 32 -Compress))
    $null = $Browser.Socket.SendAsync([ArraySegment[byte]]::new($bytes), [System.Net.WebSockets.WebSocketMessageType]::Text, $true,
        [System.Threading.CancellationToken]::None).GetAwaiter().GetResult()
    return $Browser.NextId
}

function Save-DevToolsEvent {
    <# Keeps an event; answers a dialog at once (an alert would block the page), and remembers that it opened. #>
    param([Parameter(Mandatory = $true)] $Browser, [Parameter(Mandatory = $true)] $Message)
    $Browser.Events.Add($Message)
    if ($Message.method -eq 'Page.javascriptDialogOpening') {
        $Browser.Dialogs.Add($Message.params)
        $null = Send-DevToolsMessage -Browser $Browser -Method 'Page.handleJavaScriptDialog' -Params @{ accept = $false }
    }
}

function Invoke-DevTools {
    <# Sends one DevTools command (to the page, or with -ToBrowser to the browser) and returns its result; events that arrive meanwhile are kept. #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true, Position = 0)] $Browser,
        [Parameter(Mandatory = $true, Position = 1)][string]$Method,
        [Parameter(Position = 2)][hashtable]$Params = @{},
        [switch]$ToBrowser
    )
    $id = Send-DevToolsMessage -Browser $Browser -Method $Method -Params $Params -ToBrowser:$ToBrowser
    while ($true) {
        $message = Receive-DevToolsMessage -Browser $Browser
        if ($null -ne $message.PSObject.Properties['id'] -and $message.id -eq $id) {
            if ($null -ne $message.PSObject.Properties['error']) { throw "DevTools $Method failed: $($message.error.message)" }
            return $message.result
        }
        if ($null -ne $message.PSObject.Properties['method']) { Save-DevToolsEvent -Browser $Browser -Message $message }
    }
}

function Wait-BrowserEvent {
    <# Waits for the next event named -Method (one already kept after -After counts). #>
    param([Parameter(Mandatory = $true)] $Browser, [Parameter(Mandatory = $true)][string]$Method, [int]$After = 0, [int]$TimeoutSec = 60)
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSec)
    while ($true) {
        for ($i = $After; $i -lt $Browser.Events.Count; $i++) {
            if ($Browser.Events[$i].method -eq $Method) { return $Browser.Events[$i] }
        }
        $left = [int][Math]::Ceiling(($deadline - [DateTime]::UtcNow).TotalSeconds)
        if ($left -le 0) { throw "No $Method within $TimeoutSec s." }
        $message = Receive-DevToolsMessage -Browser $Browser -TimeoutSec $left
        if ($null -ne $message.PSObject.Properties['method']) { Save-DevToolsEvent -Browser $Browser -Message $message }
    }
}

function Open-BrowserPage {
    <# Navigates the page to -Url and waits for its load event. -NoScript loads it with JavaScript turned off. #>
    [CmdletBinding()]
    param([Parameter(Mandatory = $true, Position = 0)] $Browser, [Parameter(Mandatory = $true, Position = 1)][string]$Url, [switch]$NoScript)
    $null = Invoke-DevTools $Browser 'Emulation.setScriptExecutionDisabled' @{ value = [bool]$NoScript }
    $mark = $Browser.Events.Count
    $navigation = Invoke-DevTools $Browser 'Page.navigate' @{ url = $Url }
    if ($null -ne $navigation.PSObject.Properties['errorText']) { throw "Chromium could not open ${Url}: $($navigation.errorText)" }
    $null = Wait-BrowserEvent -Browser $Browser -Method 'Page.loadEventFired' -After $mark
}

function Invoke-BrowserScript {
    <# Evaluates JavaScript in the page (a promise is awaited) and returns its value as JSON-decoded objects. #>
    [CmdletBinding()]
    param([Parameter(Mandatory = $true, Position = 0)] $Browser, [Parameter(Mandatory = $true, Position = 1)][string]$Expression)
    $result = Invoke-DevTools $Browser 'Runtime.evaluate' @{ expression = $Expression; returnByValue = $true; awaitPromise = $true }
    if ($null -ne $result.PSObject.Properties['exceptionDetails']) {
        throw "The script failed in the page: $($result.exceptionDetails.text) $($result.exceptionDetails.exception.description)"
    }
    return $result.result.value
}

function Get-BrowserProblem {
    <# What went wrong in the page so far, as text: console errors, uncaught exceptions, log errors (CSP refusals, failed loads), dialogs. #>
    [CmdletBinding()]
    [OutputType([string])]
    param([Parameter(Mandatory = $true, Position = 0)] $Browser)
    foreach ($event in $Browser.Events) {
        switch ($event.method) {
            'Runtime.consoleAPICalled' {
                if ($event.params.type -in 'error', 'assert') { 'console.' + $event.params.type + ': ' + (@($event.params.args | ForEach-Object { $_.value }) -join ' ') }
            }
            'Runtime.exceptionThrown' { 'exception: ' + $event.params.exceptionDetails.text + ' ' + $event.params.exceptionDetails.exception.description }
            'Log.entryAdded' { if ($event.params.entry.level -eq 'error') { 'log: ' + $event.params.entry.text + ' ' + $event.params.entry.url } }
            'Page.javascriptDialogOpening' { 'dialog: ' + $event.params.type + ' ' + $event.params.message }
        }
    }
}

function Save-BrowserScreenshot {
    <# A PNG of the page as it shows now (the viewport, or -FullPage up to -MaxHeight pixels). #>
    [CmdletBinding()]
    param([Parameter(Mandatory = $true, Position = 0)] $Browser, [Parameter(Mandatory = $true, Position = 1)][string]$Path, [int]$Height)
    $params = @{ format = 'png' }
    if ($Height) { $params.clip = @{ x = 0; y = 0; width = $Browser.Width; height = $Height; scale = 1 }; $params.captureBeyondViewport = $true }
    $shot = Invoke-DevTools $Browser 'Page.captureScreenshot' $params
    [System.IO.File]::WriteAllBytes($Path, [Convert]::FromBase64String($shot.data))
}

function Stop-HeadlessBrowser {
    <# Ends the browser this module started (by its own process handle) and deletes its profile. #>
    [CmdletBinding()]
    param([Parameter(Position = 0)][AllowNull()] $Browser)
    if ($null -eq $Browser) { return }
    if ($null -ne $Browser.Socket) { $Browser.Socket.Dispose() }
    $process = $Browser.Process
    if ($null -ne $process -and -not $process.HasExited) {
        $process.Kill($true)
        $null = $process.WaitForExit(10000)
    }
    Remove-Item -LiteralPath $Browser.Profile -Recurse -Force -ErrorAction SilentlyContinue
}

Export-ModuleMember -Function 'Get-ChromiumPath', 'Start-HeadlessBrowser', 'Invoke-DevTools', 'Open-BrowserPage', 'Invoke-BrowserScript',
    'Get-BrowserProblem', 'Save-BrowserScreenshot', 'Stop-HeadlessBrowser', 'Wait-BrowserEvent'
