using System.Reflection.Metadata;
using Xunit;

namespace Verifik.Engine.Tests;

/// <summary>The built module folder and its manifest, as Import-Module and the gallery see them.</summary>
public class ManifestTests
{
    [Fact]
    public void Test_ModuleManifest_passes_and_the_manifest_declares_what_users_rely_on()
    {
        using var host = new ModuleHost();
        var m = host.Run("Test-ModuleManifest -Path $p", ("p", RepoPaths.ModuleManifest)).Single();
        Assert.Empty(host.Errors);
        Assert.Equal("Verifik", m.Properties["Name"].Value);
        Assert.Equal(ModuleCommands.Exported,
            host.Run("(Test-ModuleManifest -Path $p).ExportedCmdlets.Keys", ("p", RepoPaths.ModuleManifest)).Select(o => (string)o.BaseObject).OrderBy(x => x));
        Assert.Empty(host.Run("(Test-ModuleManifest -Path $p).ExportedFunctions.Keys", ("p", RepoPaths.ModuleManifest)));
        Assert.Equal(new object[] { "Desktop", "Core" }, host.Run("(Test-ModuleManifest -Path $p).CompatiblePSEditions", ("p", RepoPaths.ModuleManifest)).Select(o => o.BaseObject));
        Assert.Equal("5.1", host.Run("(Test-ModuleManifest -Path $p).PowerShellVersion.ToString()", ("p", RepoPaths.ModuleManifest)).Single().BaseObject);
        Assert.Equal(true, host.Run(ReadManifestData + "(Test-ModuleManifest -Path $p).Version -eq [version]$data.ModuleVersion", ("p", RepoPaths.ModuleManifest)).Single().BaseObject);
    }

    [Fact]
    public void The_module_folder_does_not_ship_the_engine()
    {
        var folder = Path.GetDirectoryName(RepoPaths.ModuleManifest)!;
        Assert.True(File.Exists(Path.Combine(folder, "Verifik.PowerShell.dll")));
        Assert.Empty(Directory.GetFiles(folder, "System.Management.Automation.dll", SearchOption.AllDirectories));
    }

    [Fact]
    public void Cmdlets_declare_their_output_types_and_use_approved_verbs()
    {
        using var host = new ModuleHost();
        var types = host.Run("(Get-Command Get-VerifikDocumentLiveness).OutputType.Name; (Get-Command Get-VerifikContext).OutputType.Name; (Get-Command Connect-Verifik).OutputType.Name");
        Assert.Equal(new object[] { "Verifik.DocumentLiveness", "System.String", "System.UInt64", "Verifik.PowerShell.VerifikContext",
            "Verifik.PowerShell.VerifikContext", "Verifik.PowerShell.VerifikConnection" }, types.Select(o => o.BaseObject));
        var unapproved = host.Run("$approved = (Get-Verb).Verb; Get-Command -Module Verifik | Where-Object { $approved -notcontains $_.Verb }");
        // Get-Verb is in Microsoft.PowerShell.Utility, which the hosted engine lacks: fall back to the engine's verb classes.
        if (host.Errors.Count > 0)
        {
            var verbs = typeof(System.Management.Automation.VerbsCommon).Assembly.GetTypes()
                .Where(t => t.Name.StartsWith("Verbs")).SelectMany(t => t.GetFields()).Select(f => (string)f.GetValue(null)!).ToHashSet();
            var used = host.Run("(Get-Command -Module Verifik).Verb").Select(o => (string)o.BaseObject);
            Assert.All(used, v => Assert.Contains(v, verbs));
        }
        else
        {
            Assert.Empty(unapproved);
        }
    }

    /// <summary>
    /// Windows PowerShell 5.1 runs on .NET Framework: the module's own assemblies must be built for
    /// netstandard2.0 and reference nothing beyond it and their packaged dependencies. Read from metadata,
    /// without loading them.
    /// </summary>
    [Theory]
    [InlineData("Verifik.PowerShell.dll", "netstandard System.Management.Automation Verifik.Client Verifik.Contracts")]
    // Loaded into PowerShell's default context, where it must never clash with anything: it references only netstandard.
    [InlineData("Verifik.Contracts.dll", "netstandard")]
    [InlineData("Verifik.PowerShell.Init.dll", "netstandard System.Management.Automation System.Runtime.Loader")]
    [InlineData("Dependencies/Verifik.Client.dll", "netstandard System.Text.Json System.Memory Microsoft.Bcl.AsyncInterfaces Verifik.Contracts")]
    public void Module_assemblies_target_netstandard20_and_reference_nothing_else(string file, string allowed)
    {
        var path = Path.Combine(Path.GetDirectoryName(RepoPaths.ModuleManifest)!, file);
        using var stream = File.OpenRead(path);
        using var pe = new System.Reflection.PortableExecutable.PEReader(stream);
        var md = pe.GetMetadataReader();

        var references = md.AssemblyReferences.Select(h => md.GetString(md.GetAssemblyReference(h).Name)).ToList();
        Assert.Contains("netstandard", references);
        Assert.All(references, r => Assert.Contains(r, allowed.Split(' ')));

        var framework = md.GetAssemblyDefinition().GetCustomAttributes().Select(h => md.GetCustomAttribute(h))
            .Where(a => AttributeTypeName(md, a) == "TargetFrameworkAttribute")
            .Select(a => System.Text.Encoding.UTF8.GetString(md.GetBlobBytes(a.Value)))
            .Single();
        Assert.Contains(".NETStandard,Version=v2.0", framework);
    }

    private static string AttributeTypeName(System.Reflection.Metadata.MetadataReader md, System.Reflection.Metadata.CustomAttribute attribute)
    {
        if (attribute.Constructor.Kind != System.Reflection.Metadata.HandleKind.MemberReference) return string.Empty;
        var parent = md.GetMemberReference((System.Reflection.Metadata.MemberReferenceHandle)attribute.Constructor).Parent;
        return parent.Kind == System.Reflection.Metadata.HandleKind.TypeReference
            ? md.GetString(md.GetTypeReference((System.Reflection.Metadata.TypeReferenceHandle)parent).Name)
            : string.Empty;
    }

    /// <summary>
    /// Sets $data to the manifest $p as Import-PowerShellDataFile reads it (which is not in the hosted engine): the
    /// file parsed, its hashtable taken with SafeGetValue, as that cmdlet does.
    /// </summary>
    private const string ReadManifestData = """
        $data = [System.Management.Automation.Language.Parser]::ParseFile($p, [ref]$null, [ref]$null).
            Find({ $args[0] -is [System.Management.Automation.Language.HashtableAst] }, $false).SafeGetValue()

        """;

    [Fact]
    public void Every_file_the_manifest_names_is_in_the_module_folder()
    {
        using var host = new ModuleHost();
        // Join-Path and Test-Path are not in the hosted engine either: System.IO does their part.
        var files = host.Run(ReadManifestData + """
            $folder = [System.IO.Path]::GetDirectoryName($p)
            foreach ($file in @($data.RootModule) + @($data.NestedModules) + @($data.FormatsToProcess) + @($data.RequiredAssemblies)) {
                '{0}={1}' -f $file, [System.IO.File]::Exists([System.IO.Path]::Combine($folder, $file))
            }
            """, ("p", RepoPaths.ModuleManifest));
        Assert.Empty(host.Errors);
        Assert.Equal(new object[] { "Verifik.PowerShell.dll=True", "Verifik.PowerShell.Init.dll=True", "Verifik.format.ps1xml=True", "Verifik.Contracts.dll=True" },
            files.Select(o => o.BaseObject));
    }

    [Fact]
    public void The_imported_module_exports_exactly_its_cmdlets_and_no_functions_or_aliases()
    {
        using var host = new ModuleHost();
        // Sort-Object is not in the hosted engine: [Array]::Sort, case-insensitive like it.
        var answers = host.Run("""
            function sorted([string[]]$names) { [Array]::Sort($names, [StringComparer]::OrdinalIgnoreCase); $names -join ',' }
            $module = @(Get-Module -Name 'Verifik')
            $module.Count
            sorted $module[0].ExportedCmdlets.Keys
            sorted @(Get-Command -Module 'Verifik' | ForEach-Object Name)
            $module[0].ExportedFunctions.Count
            $module[0].ExportedAliases.Count
            """);
        Assert.Empty(host.Errors);
        var cmdlets = string.Join(",", ModuleCommands.Exported);
        Assert.Equal(new object[] { 1, cmdlets, cmdlets, 0, 0 }, answers.Select(o => o.BaseObject));
    }

    [Fact]
    public void Id_binds_from_the_pipeline_by_value_and_by_the_property_names_Id__id_and_DocumentLivenessId()
    {
        using var host = new ModuleHost();
        var answers = host.Run("""
            $id = (Get-Command -Name 'Get-VerifikDocumentLiveness').Parameters['Id']
            $id.Aliases -contains '_id'
            $id.Aliases -contains 'DocumentLivenessId'
            @($id.ParameterSets.Values | Where-Object { $_.ValueFromPipeline -and $_.ValueFromPipelineByPropertyName }).Count -gt 0
            """);
        Assert.Empty(host.Errors);
        Assert.Equal(new object[] { true, true, true }, answers.Select(o => o.BaseObject));
    }

    [Fact]
    public void The_default_views_of_records_and_of_the_context_are_loaded_and_used()
    {
        var console = new CapturingHost(width: 120);
        using var host = new ModuleHost(console);
        // Get-FormatData is not in the hosted engine: the session's format files must include the module's, whose
        // views select both types, and Out-Host must render the context with its view (its order, not the class's).
        var answers = host.Run("""
            $formats = @([runspace]::DefaultRunspace.InitialSessionState.Formats |
                Where-Object { $_.FileName -and [System.IO.Path]::GetFileName($_.FileName) -eq 'Verifik.format.ps1xml' })
            $formats.Count
            $views = ([xml][System.IO.File]::ReadAllText($formats[0].FileName)).Configuration.ViewDefinitions.View
            @($views | Where-Object { $_.ViewSelectedBy.TypeName -eq 'Verifik.DocumentLiveness' }).Count -gt 0
            @($views | Where-Object { $_.ViewSelectedBy.TypeName -eq 'Verifik.PowerShell.VerifikContext' }).Count -gt 0
            Connect-Verifik -Token $t -BaseUri 'http://127.0.0.1:1'   # sends nothing
            Get-VerifikContext | Out-Host
            Disconnect-Verifik
            """, ("t", Verifik.Sandbox.SandboxDefaults.Token));
        Assert.Empty(host.Errors);
        Assert.Equal(new object[] { 1, true, true }, answers.Select(o => o.BaseObject));
        var plain = System.Text.RegularExpressions.Regex.Replace(console.Text, "\u001b\\[[0-9;]*m", "");
        var labels = plain.Split('\n').Where(l => l.Contains(" : ")).Select(l => l[..l.IndexOf(" : ")].Trim()).ToList();
        Assert.Equal(new[] { "BaseUri", "ClientId", "TokenHint", "TokenExpiresOn", "ConnectedAt", "MaxRetry", "TimeoutSec", "Proxy" }, labels);
    }
}
