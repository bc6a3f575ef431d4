# User help is for users (issue 17 item 14): Get-Help -Full of every cmdlet and about_Verifik say what a user sees
# and does, never how the module is built inside (that is docs/design.md), and Connect-Verifik -Full stays short.

BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-VerifikModule
    $topics = @(@((Get-Module -Name 'Verifik').ExportedCmdlets.Keys | Sort-Object) + 'about_Verifik')
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-VerifikModule
    $moduleDir = Split-Path -Parent (Get-VerifikManifestPath)

    # Mechanisms the help used to explain (HTTP-client pools and leases, load contexts, reflection...), as patterns
    # matched without regard to case. Users neither see nor act on them; docs/design.md explains them.
    $mechanisms = @(
        'AssemblyLoadContext', 'load context', 'resolve handler', 'AssemblyResolve', 'RequiredAssemblies',
        'Dependencies (folder|directory)', 'Verifik\.Client', 'Verifik\.PowerShell\.Init', 'Verifik\.Contracts\.dll',
        'HttpClient', 'HTTP client', 'HttpClientHandler', 'SocketsHttpHandler', 'connection pool', 'pool(s|ed|ing)?',
        'lease[sd]?', 'reflection', 'finali[sz]er', 'garbage collect', 'ConditionalWeakTable', 'TokenText',
        'Kestrel', 'MSBuild', 'Help\.targets', 'Printable'
    )

    function Get-InternalTypeName {
        <# The top-level type names an assembly defines, read from its metadata without loading it: all of them, or only
           the non-public ones. Compound names only (ImageDownload, not Html), so that a plain word never counts. #>
        param([Parameter(Mandatory = $true)][string]$Path, [switch]$NonPublicOnly)
        $stream = [System.IO.File]::OpenRead($Path)
        try {
            $pe = [System.Reflection.PortableExecutable.PEReader]::new($stream)
            $metadata = [System.Reflection.Metadata.PEReaderExtensions]::GetMetadataReader($pe)
            foreach ($handle in $metadata.TypeDefinitions) {
                $type = $metadata.GetTypeDefinition($handle)
                $visibility = [int]($type.Attributes -band [System.Reflection.TypeAttributes]::VisibilityMask)
                if ($visibility -gt 1 -or ($NonPublicOnly -and $visibility -eq 1)) { continue }   # nested, or public
                $name = $metadata.GetString($type.Name) -replace '`\d+$', ''
                if ($name -cmatch '^[A-Z][a-z0-9]+[A-Z][A-Za-z0-9]*$' -and $name -notlike '*Attribute') { $name }
            }
        }
        finally {
            $stream.Dispose()
        }
    }

    # The client library and the loader, which scripts never see, and the cmdlet assembly's own non-public classes.
    $internalTypes = @(
        @(Get-InternalTypeName -Path (Join-Path $moduleDir 'Dependencies/Verifik.Client.dll')) +
        @(Get-InternalTypeName -Path (Join-Path $moduleDir 'Verifik.PowerShell.Init.dll')) +
        @(Get-InternalTypeName -Path (Join-Path $moduleDir 'Verifik.PowerShell.dll') -NonPublicOnly) | Sort-Object -Unique)

    function Get-HelpText([string]$Topic) {
        if ($Topic -like 'about_*') { return Get-Help $Topic | Out-String -Width 120 }
        Get-Help $Topic -Full | Out-String -Width 120
    }

    function Find-Vocabulary([string]$Text) {
        # Get-Help wraps at the width, even inside a word: look in the text with its line breaks and indents removed.
        $flat = $Text -replace '\s*\r?\n\s*', ' '
        $joined = $Text -replace '\r?\n\s*', ''
        foreach ($pattern in $mechanisms) {
            $rx = "(?<![\w.])($pattern)(?![\w])"
            foreach ($m in @([regex]::Matches($flat, $rx, 'IgnoreCase'))) { $m.Value }
        }
        foreach ($name in $internalTypes) {
            $rx = "(?<![\w])$([regex]::Escape($name))(?![\w])"
            if ($joined -cmatch $rx -or $flat -cmatch $rx) { $name }
        }
    }
}

Describe 'The user help of <_>' -ForEach $topics {
    BeforeAll {
        $topic = $_
        $text = Get-HelpText $topic
    }

    It 'names no internal mechanism or internal class' {
        $internalTypes.Count | Should -BeGreaterThan 20 -Because 'the internal classes are read from the built assemblies'
        @(Find-Vocabulary $text | Sort-Object -Unique) | Should -BeNullOrEmpty -Because "$topic is help for users; these belong in docs/design.md"
    }
}

Describe 'The vocabulary check' {
    It 'finds the words it looks for, even where Get-Help wrapped them inside a word' {
        $sample = "Every connection shares one HTTP client and its pooled`n    connections; the client is released when no lease holds it. Ima`n    geDownload and the AssemblyLoadContext."
        $found = @(Find-Vocabulary $sample | Sort-Object -Unique)
        foreach ($word in 'HTTP client', 'pooled', 'lease', 'AssemblyLoadContext', 'ImageDownload') { $found | Should -Contain $word }
        @(Find-Vocabulary 'Records are released; please retry. Verifik.DocumentLiveness and VerifikTokenRefused are public.') | Should -BeNullOrEmpty
    }
}

Describe 'Get-Help Connect-Verifik -Full' {
    It 'stays within 280 lines at 120 columns (it was 461)' {
        $lines = @((Get-Help Connect-Verifik -Full | Out-String -Width 120) -split '\r?\n')
        $lines.Count | Should -BeLessOrEqual 280
        # Still the whole help: every parameter, the errors, the examples.
        $text = ($lines -join ' ') -replace '\s+', ' '
        foreach ($word in 'VerifikTokenMissing', 'VerifikTokenRefused', 'VerifikCodeRequired', 'VerifikCodeRejected', '-SkipValidation', 'VERIFIK_TOKEN', 'Example 5') {
            $text | Should -BeLike "*$word*"
        }
    }
}
