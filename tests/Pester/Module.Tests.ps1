# The module folder the build assembles (out/Verifik): a valid manifest, exactly the four cmdlets, and no
# copy of the engine (System.Management.Automation.dll) shipped with it.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $manifestPath = Get-VerifikManifestPath
    $moduleFolder = Split-Path -Parent $manifestPath
    $expectedCmdlets = @('Connect-Verifik', 'Disconnect-Verifik', 'Get-VerifikContext', 'Get-VerifikDocumentLiveness', 'Save-VerifikDocumentLivenessImage')
    Import-VerifikModule
}

Describe 'The built module out/Verifik' {
    It 'passes Test-ModuleManifest' {
        { Test-ModuleManifest -Path $manifestPath -ErrorAction Stop } | Should -Not -Throw

        $info = Test-ModuleManifest -Path $manifestPath -ErrorAction Stop
        $info.Name | Should -Be 'Verifik'
        $info.Version | Should -Be ([version](Import-PowerShellDataFile -Path $manifestPath).ModuleVersion)
        $info.CompatiblePSEditions | Should -Contain 'Core'
        $info.CompatiblePSEditions | Should -Contain 'Desktop'
        @($info.ExportedCmdlets.Keys | Sort-Object) | Should -Be $expectedCmdlets
    }

    It 'has every file the manifest names' {
        $data = Import-PowerShellDataFile -Path $manifestPath
        Join-Path $moduleFolder $data.RootModule | Should -Exist
        foreach ($nested in $data.NestedModules) {
            Join-Path $moduleFolder $nested | Should -Exist
        }
        foreach ($format in $data.FormatsToProcess) {
            Join-Path $moduleFolder $format | Should -Exist
        }
    }

    It 'does not ship System.Management.Automation.dll' {
        @(Get-ChildItem -LiteralPath $moduleFolder -Recurse -Filter 'System.Management.Automation.dll') | Should -HaveCount 0
    }

    It 'loads its dependencies in their own AssemblyLoadContext on PowerShell 7' -Skip:($PSVersionTable.PSVersion.Major -lt 7) {
        $client = [Verifik.DocumentLiveness].Assembly
        $context = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($client)
        $context.GetType().Name | Should -Be 'VerifikLoadContext'
        $client.Location | Should -BeLike (Join-Path (Join-Path $moduleFolder 'Dependencies') '*')
    }

    It 'exports exactly the four cmdlets, and no functions or aliases' {
        $module = @(Get-Module -Name 'Verifik')
        $module | Should -HaveCount 1

        @($module[0].ExportedCmdlets.Keys | Sort-Object) | Should -Be $expectedCmdlets
        @(Get-Command -Module 'Verifik' | ForEach-Object Name | Sort-Object) | Should -Be $expectedCmdlets
        $module[0].ExportedFunctions.Count | Should -Be 0
        $module[0].ExportedAliases.Count | Should -Be 0
    }

    It 'declares OutputType Verifik.DocumentLiveness on Get-VerifikDocumentLiveness' {
        $command = Get-Command -Name 'Get-VerifikDocumentLiveness'

        @($command.OutputType | ForEach-Object Name) | Should -Contain 'Verifik.DocumentLiveness'
    }

    It 'declares OutputType Verifik.PowerShell.VerifikContext on Connect-Verifik and Get-VerifikContext' {
        @((Get-Command -Name 'Connect-Verifik').OutputType | ForEach-Object Name) | Should -Contain 'Verifik.PowerShell.VerifikContext'
        @((Get-Command -Name 'Get-VerifikContext').OutputType | ForEach-Object Name) | Should -Contain 'Verifik.PowerShell.VerifikContext'
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
            ForEach-Object { $_.FullName.Substring($moduleFolder.Length + 1).Replace('\', '/') })
        foreach ($file in $expected) { $names | Should -Contain $file }
        $nuspec.package.metadata.id | Should -Be 'Verifik'
        $nuspec.package.metadata.version | Should -Be $version
        $nuspec.package.metadata.tags -split ' ' | Should -Contain 'PSModule'
    }
}
