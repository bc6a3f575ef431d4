# Issue 20 item 7: no text from a server reaches a console raw. One sweep: each command in $Commands runs against a
# hostile sandbox (--hostile-text: control characters and ANSI escapes in created IDs, warnings, the sign-in's status and
# phoneGateway; seeded records with hostile IDs, statuses, warnings and image URLs; error answers whose message and code
# are hostile), with every stream on, on a host that records what it is told; then every message, warning, verbose,
# debug, error and information line, every error as PowerShell shows it (NormalView and ConciseView) and everything the
# host was told (prompts, "What if:" lines) is searched for control characters. Objects keep the values as the API sent
# them, so the records written are not swept (their views are).
#
# To cover a new cmdlet, add an entry to $Commands: Name, Script (the text of a script run in a runspace of its own that
# imports the module; the variables below are set there) and optionally HostKind = 'none' (the engine's default
# host, which cannot prompt, instead of the recording one).
#
# Variables of each script: $baseUri, $token (the sandbox's), $hostileToken (a JWT whose clientId is hostile),
# $recordIds (hostile seeded IDs: an image URL that is no URL, no image, an image the sandbox serves; one missing, one
# answered with a hostile error), $images (two JPEG files),
# $destination (an empty folder).

BeforeDiscovery {
    $Commands = @(
        @{
            Name   = 'Connect-Verifik -Token with a hostile clientId, Get-VerifikContext, Get-VerifikAccessToken, Disconnect-Verifik'
            Script = 'Connect-Verifik -Token $hostileToken -BaseUri $baseUri; Get-VerifikContext | Out-Null; Get-VerifikAccessToken | Out-Null; Disconnect-Verifik'
        }
        @{
            Name   = 'Get-VerifikDocumentLiveness -Id: hostile IDs found, missing, and answered with a hostile error'
            Script = 'Connect-Verifik -Token $token -BaseUri $baseUri; $recordIds | Get-VerifikDocumentLiveness | Out-Null'
        }
        @{
            Name   = 'Get-VerifikDocumentLiveness: a listing of hostile records, -Status, -Raw'
            Script = 'Connect-Verifik -Token $token -BaseUri $baseUri; Get-VerifikDocumentLiveness | Out-Null
                      Get-VerifikDocumentLiveness -Status completed | Out-Null; Get-VerifikDocumentLiveness -Id $recordIds[0] -Raw | Out-Null'
        }
        @{
            Name   = 'New-VerifikDocumentLiveness: a hostile refusal, then records with hostile IDs and warnings'
            Script = 'Connect-Verifik -Token $token -BaseUri $baseUri; $images | New-VerifikDocumentLiveness -ThrottleLimit 1 -SaveImage | Out-Null'
        }
        @{
            Name   = 'New-VerifikDocumentLiveness -WhatIf'
            Script = 'Connect-Verifik -Token $token -BaseUri $baseUri; $images + $images | New-VerifikDocumentLiveness -WhatIf'
        }
        @{
            Name   = 'Connect-Verifik -Email -Code: the confirmation'
            Script = 'Connect-Verifik -Email ana@example.com -Code 123456 -BaseUri $baseUri'
        }
        @{
            Name    = 'Connect-Verifik -CountryCode -Phone at a prompt: a hostile status and phoneGateway'
            Script  = 'Connect-Verifik -CountryCode +57 -Phone 3001234567 -BaseUri $baseUri'
        }
        @{
            Name    = 'Connect-Verifik -CountryCode -Phone unattended: a hostile phoneGateway in VerifikCodeRequired'
            Script  = 'Connect-Verifik -CountryCode +57 -Phone 3001234567 -BaseUri $baseUri'
            HostKind = 'none'
        }
        @{
            Name    = 'Save-VerifikDocumentLivenessImage: hostile IDs and image URLs'
            Script  = 'Connect-Verifik -Token $token -BaseUri $baseUri; $recordIds | Get-VerifikDocumentLiveness -ErrorAction SilentlyContinue |
                       Save-VerifikDocumentLivenessImage -Destination $destination -PassThru | Out-Null'
        }
        @{
            Name   = 'Export-VerifikDocumentLivenessReport: hostile records and their images'
            Script = 'Connect-Verifik -Token $token -BaseUri $baseUri; $recordIds | Get-VerifikDocumentLiveness -ErrorAction SilentlyContinue |
                      Export-VerifikDocumentLivenessReport -Path (Join-Path $destination ''review.html'') -FlagWhere { $true } -PassThru | Out-Null'
        }
        @{
            Name   = 'Invoke-VerifikRequest: hostile records, a listing with -All, a hostile error answer'
            Script = 'Connect-Verifik -Token $token -BaseUri $baseUri; foreach ($id in $recordIds) { Invoke-VerifikRequest ("/v2/document-liveness/" + [uri]::EscapeDataString($id)) | Out-Null }
                      Invoke-VerifikRequest /v2/document-liveness -All | Out-Null'
        }
        @{
            Name   = 'Get-VerifikAccount, New-VerifikAccessToken'
            Script = 'Connect-Verifik -Token $token -BaseUri $baseUri; Get-VerifikAccount | Out-Null; New-VerifikAccessToken | Out-Null'
        }
    )
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'HostedRunspace.psm1') -Force
    Import-VerifikModule

    $esc = [char]0x1B
    $bel = [char]0x07
    $csi = [char]0x9B
    $seedRecords = @(
        # Found, with a hostile status, warning, error code and image URL.
        $found = New-FlatRecord -Id "dl-${esc}[31mred${esc}[0m" -Status "completed${esc}]0;x${bel}" -Warnings @("GLARE${esc}[5m") -Errors @("BAD${csi}2J")
        $found['imageUrl'] = "https://cdn.verifik.co/${esc}[31mimg"
        $found
        # Found, with no image saved, and an ID that tries to forge a line.
        $noImage = New-FlatRecord -Id "dl-line`r`nWARNING: forged${bel}"
        $noImage['imageSaved'] = $false
        $noImage['imageUrl'] = $null
        $noImage
        # Found, with an image the sandbox's image listener serves.
        $cdnPort = Get-FreeTcpPort
        $saved = New-FlatRecord -Id "dl-${esc}[32msaved${esc}[0m"
        $saved['imageUrl'] = "http://127.0.0.1:$cdnPort/sample/saved.jpg"
        $saved
    )
    $seed = New-SeedFile -Path (Join-Path $TestDrive 'hostile.json') -Record $seedRecords
    $sandbox = Start-VerifikSandbox -ArgumentList '--seed-file', $seed, '--hostile-text', '--cdn-url', "http://127.0.0.1:$cdnPort",
        '--fault-kind', 'HostileText', '--fault-ids', 'dl-hostile-error',
        '--fault-kind', 'HostileText', '--fault-on', 'create', '--fault-times', '1'

    $images = foreach ($n in 1, 2) {
        $path = Join-Path $TestDrive "scan$n.jpg"
        $bytes = [byte[]]::new(1200)
        ([System.Random]::new($n)).NextBytes($bytes)
        $bytes[0] = 0xFF; $bytes[1] = 0xD8; $bytes[2] = 0xFF; $bytes[3] = 0xE0
        [System.IO.File]::WriteAllBytes($path, $bytes)
        $path
    }
    $variables = @{
        baseUri      = $sandbox.BaseUri
        token        = $sandbox.Token
        # JSON's \u001b: the payload stays valid JSON and its clientId decodes to control characters.
        hostileToken = New-TestJwt -ClientId 'evil\u001b[31m\u0007\u009b2J' -ExpiresOn ([DateTimeOffset]::UtcNow.AddDays(1))
        recordIds    = @($seedRecords[0]['_id'], $seedRecords[1]['_id'], $seedRecords[2]['_id'], "dl-missing${esc}[1m", 'dl-hostile-error')
        images       = @($images)
        # Not in TestDrive: a saved file's name may hold "[" (Pester's clean-up takes names as wildcards).
        destination  = [System.IO.Directory]::CreateTempSubdirectory('verifik-sweep-').FullName
    }

    # Every stream on, and every record of them (and a terminating error) as output.
    $preamble = '$VerbosePreference = $DebugPreference = $InformationPreference = $WarningPreference = "Continue"; $ErrorActionPreference = "Continue"' +
        "`n" + 'try { & { ' + "`n"
    $postamble = "`n" + ' } *>&1 } catch { $_ }'

    $control = [regex]'[\x00-\x1F\x7F-\x9F]'
    $controlInLine = [regex]'[\x00-\x09\x0B\x0C\x0E-\x1F\x7F-\x9F]'

    function Show {
        # A finding as it can be read: each control character as \xNN.
        param([string]$Text)
        return $control.Replace($Text, { param($m) '\x{0:X2}' -f [int][char]$m.Value })
    }

    function Get-Finding {
        # "where: text" for each line of what was shown that holds a control character.
        param([Parameter(Mandatory = $true)]$Run, [AllowEmptyString()][string]$HostText = '')
        foreach ($item in $Run.Output) {
            $texts = switch ($item) {
                { $_ -is [System.Management.Automation.ErrorRecord] } {
                    $shown = if ($_.ErrorDetails -and $_.ErrorDetails.Message) { $_.ErrorDetails.Message } else { $_.Exception.Message }
                    @{ Where = "error $($_.FullyQualifiedErrorId)"; Text = $shown; Lines = $false }
                    if ($_.ErrorDetails.RecommendedAction) { @{ Where = 'recommended action'; Text = $_.ErrorDetails.RecommendedAction; Lines = $false } }
                    foreach ($view in 'NormalView', 'ConciseView') {
                        $ErrorView = $view
                        @{ Where = "error ($view)"; Text = ($_ | Out-String -Width 200); Lines = $true }
                    }
                    break
                }
                { $_ -is [System.Management.Automation.WarningRecord] } { @{ Where = 'warning'; Text = $_.Message; Lines = $false }; break }
                { $_ -is [System.Management.Automation.VerboseRecord] } { @{ Where = 'verbose'; Text = $_.Message; Lines = $false }; break }
                { $_ -is [System.Management.Automation.DebugRecord] } { @{ Where = 'debug'; Text = $_.Message; Lines = $false }; break }
                { $_ -is [System.Management.Automation.InformationRecord] } { @{ Where = 'information'; Text = "$($_.MessageData)"; Lines = $false }; break }
            }
            foreach ($t in @($texts)) {
                # A message is one line; a rendering is several, whose line breaks are PowerShell's own.
                $bad = if ($t.Lines) { $controlInLine.IsMatch($t.Text) } else { $control.IsMatch($t.Text) }
                if ($bad) { "$($t.Where): $(Show $t.Text)" }
            }
        }
        foreach ($line in ($HostText -split "`r?`n")) {
            if ($controlInLine.IsMatch($line)) { "host: $(Show $line)" }
        }
    }
}

AfterAll {
    Disconnect-Verifik
    Stop-VerifikSandbox $sandbox
    if ($variables) { [System.IO.Directory]::Delete($variables.destination, $true) }
}

Describe 'Server text is escaped wherever the module shows it' {
    It '<Name>' -ForEach $Commands {
        $oldRendering = $PSStyle.OutputRendering
        $PSStyle.OutputRendering = 'PlainText'   # only the text's own control characters, none of PowerShell's colours
        try {
            $promptHost = if ($HostKind -eq 'none') { $null } else { New-VerifikPromptHost -SecureAnswer '123456' }
            $run = Invoke-VerifikRunspace -ManifestPath (Get-VerifikManifestPath) -Variables $variables -PromptHost $promptHost `
                -Script ($preamble + $Script + $postamble)
            $hostText = if ($null -eq $promptHost) { '' } else { $promptHost.UI.Text.ToString() }
            $findings = @(Get-Finding -Run $run -HostText $hostText)
        }
        finally {
            $PSStyle.OutputRendering = $oldRendering
        }
        @($run.Output | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] -or $_ -is [System.Management.Automation.VerboseRecord] }).Count |
            Should -BeGreaterThan 0 -Because 'the command must have run and said something to sweep'
        $findings | Should -BeNullOrEmpty -Because 'no control character from the server may reach the console'
    }
}
