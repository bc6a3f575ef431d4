# The help the build generates from docs/ (build/Help.targets), read back through Get-Help, for every exported cmdlet
# (whatever the module exports when the suite runs), checked against the cmdlets' own parameter metadata; and the
# about_Verifik topic.

BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-VerifikModule
    $cmdlets = @((Get-Module -Name 'Verifik').ExportedCmdlets.Keys | Sort-Object)
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-VerifikModule
    $helpFolder = Join-Path (Split-Path -Parent (Get-VerifikManifestPath)) 'en-US'
    # The common parameters (and the risk-mitigation ones) that the help need not describe.
    $common = @('Verbose', 'Debug', 'ErrorAction', 'WarningAction', 'InformationAction', 'ProgressAction', 'ErrorVariable',
        'WarningVariable', 'InformationVariable', 'OutVariable', 'OutBuffer', 'PipelineVariable', 'WhatIf', 'Confirm')

    function Join-Sorted([object[]]$Items) { @($Items | Where-Object { $_ } | ForEach-Object { [string]$_ } | Sort-Object) -join ',' }

    function Get-ParameterSetRow {
        <# One sorted ';'-joined string per parameter set: Name|Type|Required|Position|PipelineInput|Aliases|AcceptedValues. #>
        param([Parameter(Mandatory = $true)][hashtable]$Rows)
        @($Rows.Values | ForEach-Object { @($_ | Sort-Object) -join ';' } | Sort-Object -CaseSensitive)
    }
}

Describe 'The MAML help file' {
    It 'is well-formed and has exactly one command for each exported cmdlet' {
        $maml = Join-Path $helpFolder 'Verifik.PowerShell.dll-Help.xml'
        $maml | Should -Exist
        [xml]$doc = Get-Content -LiteralPath $maml -Raw

        $doc.DocumentElement.LocalName | Should -Be 'helpItems'
        $doc.DocumentElement.NamespaceURI | Should -Be 'http://msh'
        $names = @($doc.DocumentElement.ChildNodes | Where-Object { $_.LocalName -eq 'command' -and $_.NamespaceURI -eq 'http://schemas.microsoft.com/maml/dev/command/2004/10' } |
            ForEach-Object { $_.details.name.Trim() } | Sort-Object)
        $names | Should -Be @((Get-Module -Name 'Verifik').ExportedCmdlets.Keys | Sort-Object)
    }
}

Describe 'Help for <_>' -ForEach $cmdlets {
    BeforeAll {
        $name = $_
        $help = Get-Help $name -Full
        $parameters = @((Get-Command $name).Parameters.Keys | Where-Object { $common -notcontains $_ -or $_ -in 'WhatIf', 'Confirm' })
    }

    It 'is the help of a cmdlet, with a written synopsis and a description' {
        $help.Category | Should -Be 'Cmdlet'
        $synopsis = "$($help.Synopsis)".Trim()
        $synopsis | Should -Not -BeNullOrEmpty
        # Without help files, Get-Help makes the synopsis out of the syntax ("Connect-Verifik [[-Token] <securestring>] ...").
        $synopsis.StartsWith($name, [StringComparison]::OrdinalIgnoreCase) | Should -BeFalse -Because "the synopsis is the generated syntax: $synopsis"
        $synopsis | Should -Not -BeLike '*<CommonParameters>*'
        $description = (@($help.description) | ForEach-Object { $_.Text }) -join "`n"
        $description.Length | Should -BeGreaterThan 40 -Because 'the description must say what the cmdlet does'
    }

    It 'has at least two examples, each with a title and code that parses and uses the module' {
        $examples = @($help.examples.example)
        $examples.Count | Should -BeGreaterOrEqual 2
        foreach ($example in $examples) {
            "$($example.title)".Trim() | Should -Not -BeNullOrEmpty
            $code = "$($example.code)"
            $code.Trim() | Should -Not -BeNullOrEmpty -Because "the example '$($example.title)' needs code"
            $code | Should -BeLike '*-Verifik*'
            $errors = $null
            $null = [System.Management.Automation.Language.Parser]::ParseInput($code, [ref]$null, [ref]$errors)
            @($errors) | Should -HaveCount 0 -Because "the code of '$($example.title)' must parse:`n$code"
        }
    }

    It 'describes every parameter, -WhatIf and -Confirm included' {
        $missing = foreach ($parameter in $parameters) {
            $text = (@($help.parameters.parameter | Where-Object { $_.name -eq $parameter }) | ForEach-Object { @($_.description) | ForEach-Object { $_.Text } }) -join ' '
            if ($text.Trim().Length -eq 0) { $parameter }
        }
        @($missing) | Should -HaveCount 0 -Because "every parameter of $name must be described (missing: -$(@($missing) -join ', -'))"
        if ($name -eq 'Get-VerifikDocumentLiveness') {
            foreach ($p in 'First', 'Skip', 'IncludeTotalCount', 'MaxRetry', 'TimeoutSec') { $parameters | Should -Contain $p }
        }
        if ($name -eq 'New-VerifikDocumentLiveness') {
            foreach ($p in 'WhatIf', 'Confirm') { $parameters | Should -Contain $p }
        }
    }

    It 'says in its parameter metadata what the cmdlet''s attributes say, set by set' {
        # The cmdlet: each parameter set's rows.
        $actual = @{}
        $i = 0
        foreach ($set in (Get-Command $name).ParameterSets) {
            $i++
            $actual[$i] = [System.Collections.Generic.List[string]]::new()
            foreach ($p in $set.Parameters) {
                if ($common -contains $p.Name) { continue }
                $type = $p.ParameterType
                $under = [System.Nullable]::GetUnderlyingType($type); if ($under) { $type = $under }
                $pipe = @(); if ($p.ValueFromPipeline) { $pipe += 'ByValue' }; if ($p.ValueFromPipelineByPropertyName) { $pipe += 'ByPropertyName' }
                $values = @($p.Attributes | Where-Object { $_ -is [System.Management.Automation.ValidateSetAttribute] } | ForEach-Object { $_.ValidValues })
                $position = if ($p.Position -eq [int]::MinValue) { 'named' } else { $p.Position }
                $pipeline = if ($pipe) { 'True (' + ($pipe -join ', ') + ')' } else { 'False' }
                $actual[$i].Add(('{0}|{1}|{2}|{3}|{4}|{5}|{6}' -f $p.Name, $type.Name, $p.IsMandatory.ToString().ToLowerInvariant(), $position, $pipeline,
                        (Join-Sorted $p.Aliases), (Join-Sorted $values)))
            }
        }
        # The help: each syntax item's rows.
        $documented = @{}
        $i = 0
        foreach ($item in @($help.syntax.syntaxItem)) {
            $i++
            $documented[$i] = [System.Collections.Generic.List[string]]::new()
            foreach ($p in @($item.parameter)) {
                if ($null -eq $p -or $common -contains $p.name) { continue }
                $full = @($help.parameters.parameter | Where-Object { $_.name -eq $p.name })[0]
                $aliases = if ($full.aliases -and $full.aliases -ne 'none') { $full.aliases -split ',\s*' } else { @() }
                $values = @($p.parameterValueGroup.parameterValue | ForEach-Object { if ($_ -is [string]) { $_ } else { $_.'#text' } })
                $documented[$i].Add(('{0}|{1}|{2}|{3}|{4}|{5}|{6}' -f $p.name, $full.type.name, $p.required, $p.position, $p.pipelineInput,
                        (Join-Sorted $aliases), (Join-Sorted $values)))
            }
        }

        $cmdletSets = Get-ParameterSetRow -Rows $actual
        $helpSets = Get-ParameterSetRow -Rows $documented
        $cmdletSets | Should -Not -BeNullOrEmpty
        if ($name -in 'Connect-Verifik', 'Get-VerifikDocumentLiveness') { $cmdletSets | ForEach-Object { $_ | Should -Not -BeNullOrEmpty } }
        $helpSets | Should -Be $cmdletSets -Because "the help's parameter sets (Name|Type|Required|Position|PipelineInput|Aliases|AcceptedValues) must be the cmdlet's"
    }
}

Describe 'about_Verifik' {
    BeforeAll {
        Join-Path $helpFolder 'about_Verifik.help.txt' | Should -Exist
        $about = Get-Help about_Verifik | Out-String
    }

    It 'is found by Get-Help, with its sections' {
        foreach ($heading in 'TOPIC', 'SHORT DESCRIPTION', 'LONG DESCRIPTION', 'SEE ALSO') {
            $about | Should -Match "(?m)^$heading\s*$"
        }
        $about | Should -Match 'about_Verifik'
    }

    It 'covers the topics users need, and quotes the API notes rather than paraphrasing them into thresholds' {
        foreach ($phrase in 'Connect-Verifik', 'VERIFIK_TOKEN', '-ThrottleLimit', 'TargetObject', 'Retry-After', '-MaxRetry', '-TimeoutSec', '-Verbose',
            'SOFT, REGULAR or HARD', 'raw and unbounded', 'do not invent', 'GLARE_ON_IMAGE', 'DOCUMENT_CROPPED',
            '--urls http://127.0.0.1:5080', 'Export-Csv failed.csv') {
            $about.Contains($phrase) | Should -BeTrue -Because "about_Verifik should mention '$phrase'"
        }
    }

    It 'keeps its prose within 80 columns' {
        $wide = @($about -split '\r?\n' | Where-Object { $_.TrimEnd().Length -gt 80 -and -not $_.StartsWith('        ') })
        $wide | Should -HaveCount 0 -Because 'a prose line is wider than 80 columns'
    }
}

Describe 'Help on keeping the token' {
    BeforeAll {
        function Get-HelpText {
            # The help as one line of words, so that wrapping does not matter.
            param([string]$Name)
            ((Get-Help $Name -Full | Out-String -Width 400) -replace '\s+', ' ')
        }
    }

    It 'Get-VerifikAccessToken says a SecureString is not encryption at rest on Linux and macOS, and shows Set-Secret' {
        $text = Get-HelpText 'Get-VerifikAccessToken'

        $text | Should -BeLike '*A SecureString keeps the token out of output and views; it is not encryption at rest everywhere.*'
        $text | Should -BeLike '*On Linux and macOS they do not: the file holds the token as hexadecimal UTF-16*'
        $text | Should -BeLike '*Export-Clixml*'
        $text | Should -BeLike '*Set-Secret -Name VerifikToken -Secret (Get-VerifikAccessToken).Token*'
        @((Get-Help Get-VerifikAccessToken).Examples.Example.Title | Where-Object { $_ -like '*Example 3: Keep the token on Linux or macOS: a vault, not a Clixml file*' }) | Should -HaveCount 1
    }

    It 'about_Verifik says the same' {
        $text = (Get-Help about_Verifik | Out-String -Width 400) -replace '\s+', ' '

        $text | Should -BeLike '*A SecureString is not encryption at rest on Linux and macOS*'
        $text | Should -BeLike '*Keep the token with Set-Secret in a SecretManagement vault*'
    }

    It 'is right: on Linux, Get-VerifikAccessToken | Export-Clixml writes the token so that it decodes with no key' -Skip:$IsWindows {
        $token = New-TestJwt -ClientId 'clixml' -ExpiresOn ([DateTimeOffset]::UtcNow.AddDays(5))
        $connection = Connect-Verifik -Token $token -BaseUri 'http://127.0.0.1:1' -SkipValidation -ReturnConnection
        try {
            $file = Join-Path $TestDrive 'token.xml'
            Get-VerifikAccessToken -Connection $connection | Export-Clixml -LiteralPath $file

            $hex = ([xml](Get-Content -LiteralPath $file -Raw)).SelectSingleNode('//*[local-name()="SS"]').InnerText
            $bytes = [byte[]]::new($hex.Length / 2)
            for ($i = 0; $i -lt $bytes.Length; $i++) { $bytes[$i] = [Convert]::ToByte($hex.Substring(2 * $i, 2), 16) }
            [System.Text.Encoding]::Unicode.GetString($bytes) | Should -Be $token
        }
        finally {
            Disconnect-Verifik -Connection $connection
        }
    }
}
