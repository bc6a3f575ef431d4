# The module folder the build assembles (out/Verifik): a valid manifest (Test-ModuleManifest, as on Windows PowerShell
# 5.1 too), exactly its cmdlets, assemblies built for netstandard2.0 only, the client library isolated in its own load
# context while the public types sit in the default one, no copy of the engine (System.Management.Automation.dll)
# shipped with it, and the package build.ps1 -Task Package makes of it.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $manifestPath = Get-VerifikManifestPath
    $moduleFolder = Split-Path -Parent $manifestPath
    $expectedCmdlets = @('Connect-Verifik', 'Disconnect-Verifik', 'Export-VerifikDocumentLivenessReport', 'Get-VerifikAccessToken', 'Get-VerifikAccount', 'Get-VerifikContext', 'Get-VerifikDocumentLiveness', 'Invoke-VerifikRequest', 'New-VerifikAccessToken', 'New-VerifikDocumentLiveness', 'Save-VerifikDocumentLivenessImage')
    Import-VerifikModule
}

Describe 'The built module out/Verifik' {
    It 'passes Test-ModuleManifest' {
        { Test-ModuleManifest -Path $manifestPath -ErrorAction Stop } | Should -Not -Throw

        $info = Test-ModuleManifest -Path $manifestPath -ErrorAction Stop
        $info.Name | Should -Be 'Verifik'
        $info.Version | Should -Be ([version](Import-PowerShellDataFile -Path $manifestPath).ModuleVersion)
        @($info.CompatiblePSEditions) | Should -Be @('Desktop', 'Core')
        $info.PowerShellVersion.ToString() | Should -Be '5.1'
        @($info.ExportedCmdlets.Keys | Sort-Object) | Should -Be $expectedCmdlets
        $info.ExportedFunctions.Count | Should -Be 0
    }

    It 'has every file the manifest names' {
        $data = Import-PowerShellDataFile -Path $manifestPath
        @(@($data.RootModule) + @($data.NestedModules) + @($data.FormatsToProcess) + @($data.RequiredAssemblies)) |
            Should -Be @('Verifik.PowerShell.dll', 'Verifik.PowerShell.Init.dll', 'Verifik.format.ps1xml', 'Verifik.Contracts.dll')
        Join-Path $moduleFolder $data.RootModule | Should -Exist
        foreach ($nested in $data.NestedModules) {
            Join-Path $moduleFolder $nested | Should -Exist
        }
        foreach ($format in $data.FormatsToProcess) {
            Join-Path $moduleFolder $format | Should -Exist
        }
        foreach ($assembly in $data.RequiredAssemblies) {
            Join-Path $moduleFolder $assembly | Should -Exist
        }
    }

    It 'does not ship System.Management.Automation.dll' {
        Join-Path $moduleFolder 'Verifik.PowerShell.dll' | Should -Exist
        @(Get-ChildItem -LiteralPath $moduleFolder -Recurse -Filter 'System.Management.Automation.dll') | Should -HaveCount 0
    }

    It 'builds <File> for netstandard2.0, referencing nothing but <Allowed>' -ForEach @(
        @{ File = 'Verifik.PowerShell.dll'; Allowed = 'netstandard System.Management.Automation Verifik.Client Verifik.Contracts' }
        # Loaded into PowerShell's default context, where it must never clash with anything: it references only netstandard.
        @{ File = 'Verifik.Contracts.dll'; Allowed = 'netstandard' }
        @{ File = 'Verifik.PowerShell.Init.dll'; Allowed = 'netstandard System.Management.Automation System.Runtime.Loader' }
        @{ File = 'Dependencies/Verifik.Client.dll'; Allowed = 'netstandard System.Text.Json System.Memory System.Threading.Tasks.Extensions Microsoft.Bcl.AsyncInterfaces Verifik.Contracts' }
    ) {
        # Windows PowerShell 5.1 runs on .NET Framework: read from metadata, without loading the assembly.
        $stream = [System.IO.File]::OpenRead((Join-Path $moduleFolder $File))
        try {
            $pe = [System.Reflection.PortableExecutable.PEReader]::new($stream)
            try {
                $md = [System.Reflection.Metadata.PEReaderExtensions]::GetMetadataReader($pe)
                $references = @(foreach ($handle in $md.AssemblyReferences) { $md.GetString($md.GetAssemblyReference($handle).Name) })
                $framework = foreach ($handle in $md.GetAssemblyDefinition().GetCustomAttributes()) {
                    $attribute = $md.GetCustomAttribute($handle)
                    if ($attribute.Constructor.Kind -ne [System.Reflection.Metadata.HandleKind]::MemberReference) { continue }
                    $parent = $md.GetMemberReference([System.Reflection.Metadata.MemberReferenceHandle]$attribute.Constructor).Parent
                    if ($parent.Kind -ne [System.Reflection.Metadata.HandleKind]::TypeReference) { continue }
                    if ($md.GetString($md.GetTypeReference([System.Reflection.Metadata.TypeReferenceHandle]$parent).Name) -eq 'TargetFrameworkAttribute') {
                        [System.Text.Encoding]::UTF8.GetString($md.GetBlobBytes($attribute.Value))
                    }
                }
            }
            finally { $pe.Dispose() }
        }
        finally { $stream.Dispose() }

        $references | Should -Contain 'netstandard'
        foreach ($reference in $references) { $Allowed -split ' ' | Should -Contain $reference }
        @($framework) | Should -HaveCount 1
        $framework | Should -BeLike '*.NETStandard,Version=v2.0*'
    }

    It 'names its cmdlets with approved verbs only' {
        $approved = @((Get-Verb).Verb)
        @(Get-Command -Module 'Verifik' | Where-Object { $approved -notcontains $_.Verb } | ForEach-Object Name) | Should -HaveCount 0
    }

    It 'loads its client library in its own AssemblyLoadContext and its public types in the default one on PowerShell 7' -Skip:($PSVersionTable.PSVersion.Major -lt 7) {
        # The client library loads when a cmdlet first needs it; connecting with -SkipValidation sends nothing.
        Connect-Verifik -Token (New-TestJwt -ExpiresOn ([DateTimeOffset]::UtcNow.AddDays(2))) -BaseUri 'http://127.0.0.1:1' -SkipValidation
        try {
            $client = @([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'Verifik.Client' })
            $client | Should -HaveCount 1
            [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($client[0]).GetType().Name | Should -Be 'VerifikLoadContext'
            $client[0].Location | Should -BeLike (Join-Path (Join-Path $moduleFolder 'Dependencies') '*')

            # The types scripts name live in Verifik.Contracts, in the default context where PowerShell resolves type names.
            $contracts = [Verifik.DocumentLiveness].Assembly
            $contracts.GetName().Name | Should -Be 'Verifik.Contracts'
            [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($contracts) -eq [System.Runtime.Loader.AssemblyLoadContext]::Default | Should -BeTrue
            $contracts.Location | Should -Be (Join-Path $moduleFolder 'Verifik.Contracts.dll')
        }
        finally {
            Disconnect-Verifik
        }
    }

    It 'keeps the host''s System.Text.Json and its own side by side, each in its context, and reads records with its own' -Skip:($PSVersionTable.PSVersion.Major -lt 7) {
        # The host's own System.Text.Json (the runtime's, a newer major version) is in use.
        ([System.Text.Json.JsonDocument]::Parse('{"host":true}')).RootElement.GetProperty('host').GetBoolean() | Should -BeTrue
        $hostJson = [System.Text.Json.JsonDocument].Assembly
        $sandbox = Start-VerifikSandbox
        try {
            Connect-Verifik -Token $sandbox.Token -BaseUri $sandbox.BaseUri
            (Get-VerifikDocumentLiveness -Id '68a8bf34d8207d5f3357b643').ScreenReplayScore | Should -Be 0.4201007   # parsed by the module's own
        }
        finally {
            Disconnect-Verifik
            Stop-VerifikSandbox $sandbox
        }
        $alc = [System.Runtime.Loader.AssemblyLoadContext]
        $client = @([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'Verifik.Client' })[0]
        $moduleContext = $alc::GetLoadContext($client)
        $moduleJson = @($moduleContext.Assemblies | Where-Object { $_.GetName().Name -eq 'System.Text.Json' })

        $moduleJson | Should -HaveCount 1
        [object]::ReferenceEquals($moduleJson[0], $hostJson) | Should -BeFalse
        $alc::GetLoadContext($hostJson) -eq $alc::Default | Should -BeTrue
        $moduleJson[0].GetName().Version | Should -Not -Be $hostJson.GetName().Version
        @($client.GetReferencedAssemblies() | Where-Object Name -eq 'System.Text.Json')[0].Version | Should -Be $moduleJson[0].GetName().Version
        # The default context never got a copy of the client library, and there is one copy of the public types.
        @($alc::Default.Assemblies | Where-Object { $_.GetName().Name -eq 'Verifik.Client' }) | Should -HaveCount 0
        @([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'Verifik.Contracts' }) | Should -HaveCount 1
        @($client.GetReferencedAssemblies() | ForEach-Object Name) | Should -Contain 'Verifik.Contracts'
    }

    It 'does not load the framework polyfills it ships for Windows PowerShell' -Skip:($PSVersionTable.PSVersion.Major -lt 7) {
        Connect-Verifik -Token (New-TestJwt -ExpiresOn ([DateTimeOffset]::UtcNow.AddDays(2))) -BaseUri 'http://127.0.0.1:1'
        try { $null = Get-VerifikContext } finally { Disconnect-Verifik }
        $netfx = Join-Path (Join-Path $moduleFolder 'Dependencies') 'netfx'

        $netfx | Should -Exist
        @([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { -not $_.IsDynamic -and $_.Location.StartsWith($netfx) }) | Should -HaveCount 0
    }

    It 'exports exactly the expected cmdlets, and no functions or aliases' {
        $module = @(Get-Module -Name 'Verifik')
        $module | Should -HaveCount 1

        @($module[0].ExportedCmdlets.Keys | Sort-Object) | Should -Be $expectedCmdlets
        @(Get-Command -Module 'Verifik' | ForEach-Object Name | Sort-Object) | Should -Be $expectedCmdlets
        $module[0].ExportedFunctions.Count | Should -Be 0
        $module[0].ExportedAliases.Count | Should -Be 0
    }

    It 'declares OutputType Verifik.DocumentLiveness on Get-VerifikDocumentLiveness, then the -Raw string and the -IncludeTotalCount uint64' {
        $command = Get-Command -Name 'Get-VerifikDocumentLiveness'

        @($command.OutputType | ForEach-Object Name) | Should -Be @('Verifik.DocumentLiveness', 'System.String', 'System.UInt64')
    }

    It 'declares OutputType Verifik.PowerShell.VerifikContext on Connect-Verifik and Get-VerifikContext' {
        @((Get-Command -Name 'Connect-Verifik').OutputType | ForEach-Object Name) | Should -Be @('Verifik.PowerShell.VerifikContext', 'Verifik.PowerShell.VerifikConnection')
        @((Get-Command -Name 'Get-VerifikContext').OutputType | ForEach-Object Name) | Should -Be @('Verifik.PowerShell.VerifikContext')
    }

    It 'declares the output types and ShouldProcess of Invoke-VerifikRequest, Get-VerifikAccount and New-VerifikAccessToken' {
        @((Get-Command -Name 'Invoke-VerifikRequest').OutputType | ForEach-Object Name) | Should -Be @('System.Management.Automation.PSObject', 'System.String')
        @((Get-Command -Name 'Get-VerifikAccount').OutputType | ForEach-Object Name) | Should -Be @('Verifik.VerifikAccount')
        @((Get-Command -Name 'New-VerifikAccessToken').OutputType | ForEach-Object Name) | Should -Be @('Verifik.PowerShell.VerifikAccessToken')
        (Get-Command -Name 'Invoke-VerifikRequest').Parameters.Keys | Should -Contain 'WhatIf'
        (Get-Command -Name 'New-VerifikAccessToken').Parameters.Keys | Should -Contain 'Confirm'
        (Get-Command -Name 'Get-VerifikAccount').Parameters.Keys | Should -Not -Contain 'WhatIf'
        @(Get-FormatData -TypeName 'Verifik.VerifikAccount') | Should -Not -HaveCount 0
    }

    It 'binds IDs by the property names Id, _id and DocumentLivenessId' {
        $id = (Get-Command -Name 'Get-VerifikDocumentLiveness').Parameters['Id']

        $id.Aliases | Should -Contain '_id'
        $id.Aliases | Should -Contain 'DocumentLivenessId'
        @($id.ParameterSets.Values | Where-Object { $_.ValueFromPipeline -and $_.ValueFromPipelineByPropertyName }) | Should -Not -HaveCount 0
    }

    It 'supports paging (-First, -Skip, -IncludeTotalCount)' {
        $parameters = (Get-Command -Name 'Get-VerifikDocumentLiveness').Parameters

        $parameters.Keys | Should -Contain 'First'
        $parameters.Keys | Should -Contain 'Skip'
        $parameters.Keys | Should -Contain 'IncludeTotalCount'
    }

    It 'loads the default views' {
        @(Get-FormatData -TypeName 'Verifik.DocumentLiveness') | Should -Not -HaveCount 0
        @(Get-FormatData -TypeName 'Verifik.PowerShell.VerifikContext') | Should -Not -HaveCount 0
    }

    It 'shows the context in its view''s order, not the class''s' {
        Connect-Verifik -Token (New-TestJwt -ExpiresOn ([DateTimeOffset]::UtcNow.AddDays(2))) -BaseUri 'http://127.0.0.1:1'
        try {
            $text = Remove-Ansi (Get-VerifikContext | Out-String -Width 120)
        }
        finally {
            Disconnect-Verifik
        }
        $labels = @($text -split '\r?\n' | Where-Object { $_.Contains(' : ') } | ForEach-Object { $_.Substring(0, $_.IndexOf(' : ')).Trim() })
        $labels | Should -Be @('BaseUri', 'ClientId', 'TokenHint', 'TokenExpiresOn', 'ConnectedAt', 'MaxRetry', 'TimeoutSec', 'Proxy')
    }
}

Describe 'The package (build.ps1 -Task Package)' {
    It 'is a PowerShell Gallery .nupkg holding the whole module folder' {
        $repo = Join-Path $TestDrive 'repo'
        $project = Join-Path (Join-Path (Get-VerifikRepositoryRoot) 'build') 'Verifik.Package.csproj'
        $null = & (Get-DotNetPath) pack $project -c Release -o $repo -p:BuildProjectReferences=false --nologo
        $LASTEXITCODE | Should -Be 0

        $version = (Import-PowerShellDataFile -Path $manifestPath).ModuleVersion
        $nupkg = Join-Path $repo "Verifik.$version.nupkg"
        $nupkg | Should -Exist
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $zip = [System.IO.Compression.ZipFile]::OpenRead($nupkg)
        try {
            $names = @($zip.Entries | ForEach-Object FullName)
            $reader = New-Object System.IO.StreamReader($zip.GetEntry('Verifik.nuspec').Open())
            try { [xml]$nuspec = $reader.ReadToEnd() } finally { $reader.Dispose() }
        }
        finally {
            $zip.Dispose()
        }

        $expected = @(Get-ChildItem -LiteralPath $moduleFolder -Recurse -File |
            ForEach-Object { $_.FullName.Substring($moduleFolder.Length + 1).Replace('\', '/') } | Sort-Object)
        # What Install-Module leaves in Modules/Verifik/<version>/: everything but the packaging files.
        $installed = @($names | Where-Object { $_ -notlike '_rels/*' -and $_ -notlike 'package/*' -and $_ -ne '[Content_Types].xml' -and $_ -ne 'Verifik.nuspec' -and -not $_.EndsWith('/') } | Sort-Object)
        $installed | Should -Be $expected
        $nuspec.package.metadata.id | Should -Be 'Verifik'
        $nuspec.package.metadata.version | Should -Be $version
        $tags = $nuspec.package.metadata.tags -split ' '
        foreach ($tag in 'PSModule', 'PSCmdlet_Get-VerifikDocumentLiveness', 'PSEdition_Core') { $tags | Should -Contain $tag }
        "$($nuspec.package.metadata.description)".Trim() | Should -Not -BeNullOrEmpty

        # Unpacked the way Install-Module does, it is a module Test-ModuleManifest accepts.
        $unpacked = Join-Path (Join-Path (Join-Path $TestDrive 'Modules') 'Verifik') $version
        [System.IO.Compression.ZipFile]::ExtractToDirectory($nupkg, $unpacked)
        Join-Path $unpacked 'Verifik.psd1' | Should -Exist
        { Test-ModuleManifest -Path (Join-Path $unpacked 'Verifik.psd1') -ErrorAction Stop } | Should -Not -Throw
    }
}
