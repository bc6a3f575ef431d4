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
        Assert.Equal(new[] { "Connect-Verifik", "Disconnect-Verifik", "Get-VerifikContext", "Get-VerifikDocumentLiveness", "Save-VerifikDocumentLivenessImage" },
            host.Run("(Test-ModuleManifest -Path $p).ExportedCmdlets.Keys", ("p", RepoPaths.ModuleManifest)).Select(o => (string)o.BaseObject).OrderBy(x => x));
        Assert.Empty(host.Run("(Test-ModuleManifest -Path $p).ExportedFunctions.Keys", ("p", RepoPaths.ModuleManifest)));
        Assert.Equal(new object[] { "Desktop", "Core" }, host.Run("(Test-ModuleManifest -Path $p).CompatiblePSEditions", ("p", RepoPaths.ModuleManifest)).Select(o => o.BaseObject));
        Assert.Equal("5.1", host.Run("(Test-ModuleManifest -Path $p).PowerShellVersion.ToString()", ("p", RepoPaths.ModuleManifest)).Single().BaseObject);
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
        var types = host.Run("(Get-Command Get-VerifikDocumentLiveness).OutputType.Name; (Get-Command Get-VerifikContext).OutputType.Name");
        Assert.Equal(new object[] { "Verifik.DocumentLiveness", "Verifik.PowerShell.VerifikContext" }, types.Select(o => o.BaseObject));
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
}
