#Requires -Version 7.4
# Runs a script in a runspace of its own with the built module imported, either with the engine's default host
# (what a runbook or a hosted script gets: it cannot prompt) or with a scripted interactive host whose secure prompts
# answer given texts, one per prompt, and whose choice prompts (-Confirm) take the next of a queue of answers (what a
# person at a prompt gets), and returns what the script wrote. PowerShell 7.4+ (the classes need [NoRunspaceAffinity()]
# so that their methods run on the thread of the runspace that calls them).

[NoRunspaceAffinity()]
class VerifikPromptRawUI : System.Management.Automation.Host.PSHostRawUserInterface {
    [ConsoleColor]$BackgroundColor = 'Black'
    [ConsoleColor]$ForegroundColor = 'White'
    [System.Management.Automation.Host.Size]$BufferSize = [System.Management.Automation.Host.Size]::new(120, 9999)
    [System.Management.Automation.Host.Coordinates]$CursorPosition
    [int]$CursorSize = 1
    [System.Management.Automation.Host.Coordinates]$WindowPosition
    [System.Management.Automation.Host.Size]$WindowSize = [System.Management.Automation.Host.Size]::new(120, 50)
    [string]$WindowTitle = ''
    [System.Management.Automation.Host.Size] get_MaxPhysicalWindowSize() { return $this.WindowSize }
    [System.Management.Automation.Host.Size] get_MaxWindowSize() { return $this.WindowSize }
    [bool] get_KeyAvailable() { return $false }
    [void] FlushInputBuffer() { }
    [System.Management.Automation.Host.BufferCell[,]] GetBufferContents([System.Management.Automation.Host.Rectangle]$rectangle) { throw [NotSupportedException]::new() }
    [System.Management.Automation.Host.KeyInfo] ReadKey([System.Management.Automation.Host.ReadKeyOptions]$options) { throw [NotSupportedException]::new() }
    [void] ScrollBufferContents([System.Management.Automation.Host.Rectangle]$source, [System.Management.Automation.Host.Coordinates]$destination, [System.Management.Automation.Host.Rectangle]$clip, [System.Management.Automation.Host.BufferCell]$fill) { }
    [void] SetBufferContents([System.Management.Automation.Host.Coordinates]$origin, [System.Management.Automation.Host.BufferCell[,]]$contents) { }
    [void] SetBufferContents([System.Management.Automation.Host.Rectangle]$rectangle, [System.Management.Automation.Host.BufferCell]$fill) { }
}

[NoRunspaceAffinity()]
class VerifikPromptUI : System.Management.Automation.Host.PSHostUserInterface {
    # Everything written to the host, and the texts written with Write() (the prompts).
    [System.Text.StringBuilder]$Text = [System.Text.StringBuilder]::new()
    [System.Collections.Generic.List[string]]$Prompts = [System.Collections.Generic.List[string]]::new()
    # Each secure prompt takes the next of SecureAnswers; once they are used up (or without any), it answers SecureAnswer.
    [string]$SecureAnswer = ''
    [System.Collections.Generic.Queue[string]]$SecureAnswers = [System.Collections.Generic.Queue[string]]::new()
    [int]$SecureReads = 0
    # Labels that answer choice prompts in turn ('Yes' answers '&Yes'); "caption|message" of each choice prompt shown.
    [System.Collections.Generic.Queue[string]]$ChoiceAnswers = [System.Collections.Generic.Queue[string]]::new()
    [System.Collections.Generic.List[string]]$ChoicePrompts = [System.Collections.Generic.List[string]]::new()
    hidden [VerifikPromptRawUI]$PromptRawUI = [VerifikPromptRawUI]::new()

    [System.Management.Automation.Host.PSHostRawUserInterface] get_RawUI() { return $this.PromptRawUI }
    [string] ReadLine() { return '' }
    [System.Security.SecureString] ReadLineAsSecureString() {
        $this.SecureReads++
        $answer = if ($this.SecureAnswers.Count -gt 0) { $this.SecureAnswers.Dequeue() } else { $this.SecureAnswer }
        $secure = [System.Security.SecureString]::new()
        foreach ($ch in $answer.ToCharArray()) { $secure.AppendChar($ch) }
        return $secure
    }
    [void] Write([string]$value) { [void]$this.Text.Append($value); $this.Prompts.Add($value) }
    [void] Write([ConsoleColor]$foregroundColor, [ConsoleColor]$backgroundColor, [string]$value) { [void]$this.Text.Append($value) }
    [void] WriteLine([string]$value) { [void]$this.Text.AppendLine($value) }
    [void] WriteErrorLine([string]$value) { [void]$this.Text.AppendLine($value) }
    [void] WriteDebugLine([string]$message) { [void]$this.Text.AppendLine($message) }
    [void] WriteVerboseLine([string]$message) { [void]$this.Text.AppendLine($message) }
    [void] WriteWarningLine([string]$message) { [void]$this.Text.AppendLine($message) }
    [void] WriteProgress([long]$sourceId, [System.Management.Automation.ProgressRecord]$record) { }
    [System.Collections.Generic.Dictionary[string, psobject]] Prompt([string]$caption, [string]$message, [System.Collections.ObjectModel.Collection[System.Management.Automation.Host.FieldDescription]]$descriptions) { throw [NotSupportedException]::new() }
    [System.Management.Automation.PSCredential] PromptForCredential([string]$caption, [string]$message, [string]$userName, [string]$targetName) { throw [NotSupportedException]::new() }
    [System.Management.Automation.PSCredential] PromptForCredential([string]$caption, [string]$message, [string]$userName, [string]$targetName, [System.Management.Automation.PSCredentialTypes]$allowedCredentialTypes, [System.Management.Automation.PSCredentialUIOptions]$options) { throw [NotSupportedException]::new() }
    [int] PromptForChoice([string]$caption, [string]$message, [System.Collections.ObjectModel.Collection[System.Management.Automation.Host.ChoiceDescription]]$choices, [int]$defaultChoice) {
        $this.ChoicePrompts.Add($caption + '|' + $message)
        if ($this.ChoiceAnswers.Count -eq 0) { throw [NotSupportedException]::new("Unexpected choice prompt: $caption|$message") }
        $answer = $this.ChoiceAnswers.Dequeue()
        for ($i = 0; $i -lt $choices.Count; $i++) {
            if ($choices[$i].Label.Replace('&', '') -eq $answer) { return $i }
        }
        throw [ArgumentException]::new("No choice '$answer' in: " + (($choices | ForEach-Object Label) -join ', '))
    }
}

[NoRunspaceAffinity()]
class VerifikPromptHost : System.Management.Automation.Host.PSHost {
    hidden [VerifikPromptUI]$PromptUI = [VerifikPromptUI]::new()
    hidden [guid]$HostId = [guid]::NewGuid()
    [string] get_Name() { return 'VerifikPesterHost' }
    [version] get_Version() { return [version]'1.0' }
    [guid] get_InstanceId() { return $this.HostId }
    [System.Management.Automation.Host.PSHostUserInterface] get_UI() { return $this.PromptUI }
    [System.Globalization.CultureInfo] get_CurrentCulture() { return [cultureinfo]::InvariantCulture }
    [System.Globalization.CultureInfo] get_CurrentUICulture() { return [cultureinfo]::InvariantCulture }
    [void] SetShouldExit([int]$exitCode) { }
    [void] EnterNestedPrompt() { throw [NotSupportedException]::new() }
    [void] ExitNestedPrompt() { throw [NotSupportedException]::new() }
    [void] NotifyBeginApplication() { }
    [void] NotifyEndApplication() { }
}

function New-VerifikPromptHost {
    <#
    An interactive host whose secure prompt (ReadLineAsSecureString) answers -SecureAnswer every time, or each of
    -SecureAnswers in turn (then -SecureAnswer), and whose choice prompts take -ChoiceAnswer in turn (more can be queued
    on .UI.ChoiceAnswers); .UI.Text, .UI.Prompts and .UI.ChoicePrompts hold what was written and asked, .UI.SecureReads
    how many secure prompts were answered.
    #>
    [CmdletBinding()]
    param([AllowEmptyString()][string]$SecureAnswer = '', [AllowEmptyString()][string[]]$SecureAnswers = @(), [string[]]$ChoiceAnswer = @())
    $promptHost = [VerifikPromptHost]::new()
    $promptHost.UI.SecureAnswer = $SecureAnswer
    foreach ($answer in $SecureAnswers) { $promptHost.UI.SecureAnswers.Enqueue($answer) }
    foreach ($answer in $ChoiceAnswer) { $promptHost.UI.ChoiceAnswers.Enqueue($answer) }
    return $promptHost
}

function Invoke-VerifikRunspace {
    <#
    Runs -Script in a new runspace that imports -ManifestPath, with -Variables set, on -PromptHost (else the engine's
    default host, which is not interactive). Returns Output, Errors, Verbose, Debug, Warnings. The default Verifik
    connection is process-wide, so a connection made there is seen by the caller too.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)][string]$Script,
        [Parameter(Mandatory = $true)][string]$ManifestPath,
        [hashtable]$Variables = @{},
        $PromptHost
    )
    $iss = [initialsessionstate]::CreateDefault2()
    $iss.ImportPSModule([string[]]@($ManifestPath))
    $runspace = if ($null -eq $PromptHost) { [runspacefactory]::CreateRunspace($iss) } else { [runspacefactory]::CreateRunspace($PromptHost, $iss) }
    $runspace.Open()
    $ps = [powershell]::Create()
    try {
        $ps.Runspace = $runspace
        foreach ($name in $Variables.Keys) { $runspace.SessionStateProxy.SetVariable($name, $Variables[$name]) }
        $null = $ps.AddScript($Script)
        $output = $ps.Invoke()
        return [pscustomobject]@{
            Output   = @($output)
            Errors   = @($ps.Streams.Error)
            Verbose  = @($ps.Streams.Verbose | ForEach-Object { $_.Message })
            Debug    = @($ps.Streams.Debug | ForEach-Object { $_.Message })
            Warnings = @($ps.Streams.Warning | ForEach-Object { $_.Message })
        }
    }
    finally {
        $ps.Dispose()
        $runspace.Dispose()
    }
}

Export-ModuleMember -Function 'New-VerifikPromptHost', 'Invoke-VerifikRunspace'
