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
        Assert.Equal(new[] { "Connect-Verifik", "Disconnect-Verifik", "Get-VerifikContext", "Get-VerifikDocumentLiveness" },
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
        Assert.False(File.Exists(Path.Combine(folder, "System.Management.Automation.dll")));
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
}
