# The module folder the build assembles (out/Verifik): a valid manifest, exactly its cmdlets, the client
# library isolated in its own load context while the public types sit in the default one, and no copy of the
# engine (System.Management.Automation.dll) shipped with it.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $manifestPath = Get-VerifikManifestPath
    $moduleFolder = Split-Path -Parent $manifestPath
    $expectedCmdlets = @('Connect-Verifik', 'Disconnect-Verifik', 'Export-VerifikDocumentLivenessReport', 'Get-VerifikAccessToken', 'Get-VerifikAccount', 'Get-VerifikContext', 'Get-VerifikDocumentLiveness', 'Invoke-VerifikRequest', 'New-VerifikAccessToken', 'New-VerifikDocumentLiveness', 'Save-VerifikDocumentLivenessImage')
    Import-VerifikModule
}

Describe 'The built module out/Verifik' {
    It 'passes Test-ModuleManifest' -Tag 'Twin:ManifestTests.Test_ModuleManifest_passes_and_the_manifest_declares_what_users_rely_on' {
        { Test-ModuleManifest -Path $manifestPath -ErrorAction Stop } | Should -Not -Throw

        $info = Test-ModuleManifest -Path $manifestPath -ErrorAction Stop
        $info.Name | Should -Be 'Verifik'
        $info.Version | Should -Be ([version](Import-PowerShellDataFile -Path $manifestPath).ModuleVersion)
        $info.CompatiblePSEditions | Should -Contain 'Core'
        $info.CompatiblePSEditions | Should -Contain 'Desktop'
        @($info.ExportedCmdlets.Keys | Sort-Object) | Should -Be $expectedCmdlets
    }

    It 'has every file the manifest names' -Tag 'Twin:ManifestTests.Every_file_the_manifest_names_is_in_the_module_folder' {
        $data = Import-PowerShellDataFile -Path $manifestPath
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

    It 'does not ship System.Management.Automation.dll' -Tag 'Twin:ManifestTests.The_module_folder_does_not_ship_the_engine' {
        @(Get-ChildItem -LiteralPath $moduleFolder -Recurse -Filter 'System.Management.Automation.dll') | Should -HaveCount 0
    }

    It 'loads its client library in its own AssemblyLoadContext and its public types in the default one on PowerShell 7' -Tag 'Twin:IsolationTests.In_a_new_session_the_client_is_isolated_under_Dependencies_and_the_record_type_is_in_the_default_context', 'Twin:IsolationTests.System_Text_Json_of_the_host_and_of_the_module_live_side_by_side' -Skip:($PSVersionTable.PSVersion.Major -lt 7) {
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

    It 'exports exactly the expected cmdlets, and no functions or aliases' -Tag 'Twin:ManifestTests.The_imported_module_exports_exactly_its_cmdlets_and_no_functions_or_aliases' {
        $module = @(Get-Module -Name 'Verifik')
        $module | Should -HaveCount 1

        @($module[0].ExportedCmdlets.Keys | Sort-Object) | Should -Be $expectedCmdlets
        @(Get-Command -Module 'Verifik' | ForEach-Object Name | Sort-Object) | Should -Be $expectedCmdlets
        $module[0].ExportedFunctions.Count | Should -Be 0
        $module[0].ExportedAliases.Count | Should -Be 0
    }

    It 'declares OutputType Verifik.DocumentLiveness on Get-VerifikDocumentLiveness, then the -Raw string and the -IncludeTotalCount uint64' -Tag 'Twin:ManifestTests.Cmdlets_declare_their_output_types_and_use_approved_verbs' {
        $command = Get-Command -Name 'Get-VerifikDocumentLiveness'

        @($command.OutputType | ForEach-Object Name) | Should -Be @('Verifik.DocumentLiveness', 'System.String', 'System.UInt64')
    }

    It 'declares OutputType Verifik.PowerShell.VerifikContext on Connect-Verifik and Get-VerifikContext' -Tag 'Twin:ManifestTests.Cmdlets_declare_their_output_types_and_use_approved_verbs' {
        @((Get-Command -Name 'Connect-Verifik').OutputType | ForEach-Object Name) | Should -Contain 'Verifik.PowerShell.VerifikContext'
        @((Get-Command -Name 'Connect-Verifik').OutputType | ForEach-Object Name) | Should -Contain 'Verifik.PowerShell.VerifikConnection'
        @((Get-Command -Name 'Get-VerifikContext').OutputType | ForEach-Object Name) | Should -Contain 'Verifik.PowerShell.VerifikContext'
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

    It 'binds IDs by the property names Id, _id and DocumentLivenessId' -Tag 'Twin:ManifestTests.Id_binds_from_the_pipeline_by_value_and_by_the_property_names_Id__id_and_DocumentLivenessId', 'Twin:DocumentLivenessTests.Ids_bind_by_value_and_by_property_name_from_csv_like_rows' {
        $id = (Get-Command -Name 'Get-VerifikDocumentLiveness').Parameters['Id']

        $id.Aliases | Should -Contain '_id'
        $id.Aliases | Should -Contain 'DocumentLivenessId'
        @($id.ParameterSets.Values | Where-Object { $_.ValueFromPipeline -and $_.ValueFromPipelineByPropertyName }) | Should -Not -HaveCount 0
    }

    It 'supports paging (-First, -Skip, -IncludeTotalCount)' -Tag 'Twin:HelpTests.Every_parameter_has_a_description_in_the_help' {
        $parameters = (Get-Command -Name 'Get-VerifikDocumentLiveness').Parameters

        $parameters.Keys | Should -Contain 'First'
        $parameters.Keys | Should -Contain 'Skip'
        $parameters.Keys | Should -Contain 'IncludeTotalCount'
    }

    It 'loads the default views' -Tag 'Twin:ManifestTests.The_default_views_of_records_and_of_the_context_are_loaded_and_used', 'Twin:DocumentLivenessTests.The_default_table_view_is_a_readable_summary_within_120_columns' {
        @(Get-FormatData -TypeName 'Verifik.DocumentLiveness') | Should -Not -HaveCount 0
        @(Get-FormatData -TypeName 'Verifik.PowerShell.VerifikContext') | Should -Not -HaveCount 0
    }
}

Describe 'The package (build.ps1 -Task Package)' {
    It 'is a PowerShell Gallery .nupkg holding the whole module folder' -Tag 'Twin:PackageTests.The_nupkg_is_the_module_folder_in_gallery_layout' {
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
