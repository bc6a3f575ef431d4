using System.Reflection;
using System.Runtime.Loader;
using Verifik.Sandbox;
using Xunit;

namespace Verifik.Engine.Tests;

/// <summary>
/// The module's dependencies load in their own AssemblyLoadContext: a different version of the same
/// dependency, loaded first by the host (as PowerShell or another module would), neither breaks the
/// module nor is replaced by it.
/// </summary>
public class IsolationTests : SandboxTestBase
{
    [Fact]
    public void System_Text_Json_of_the_host_and_of_the_module_live_side_by_side()
    {
        // The host's own System.Text.Json (the runtime's, a newer major version) is in use before the import.
        using (var doc = System.Text.Json.JsonDocument.Parse("{\"host\":true}")) Assert.True(doc.RootElement.GetProperty("host").GetBoolean());
        var hostJson = typeof(System.Text.Json.JsonDocument).Assembly;

        DocumentedPayloads.SeedDocumented(Server.Records);
        Connect();
        var record = Host.Run("Get-VerifikDocumentLiveness -Id $id", ("id", DocumentedPayloads.FlatId)).Single();
        Assert.Equal(0.4201007, record.Properties["ScreenReplayScore"].Value); // parsed by the module's own System.Text.Json

        var client = AppDomain.CurrentDomain.GetAssemblies().Single(a => a.GetName().Name == "Verifik.Client");
        var moduleContext = AssemblyLoadContext.GetLoadContext(client)!;
        Assert.NotSame(AssemblyLoadContext.Default, moduleContext);
        Assert.Equal("VerifikLoadContext", moduleContext.GetType().Name);
        Assert.StartsWith(Path.Combine(Path.GetDirectoryName(RepoPaths.ModuleManifest)!, "Dependencies"), client.Location);

        var moduleJson = moduleContext.Assemblies.Single(a => a.GetName().Name == "System.Text.Json");
        Assert.NotSame(hostJson, moduleJson);
        Assert.Same(AssemblyLoadContext.Default, AssemblyLoadContext.GetLoadContext(hostJson));
        Assert.NotEqual(hostJson.GetName().Version, moduleJson.GetName().Version);
        Assert.Equal(client.GetReferencedAssemblies().Single(a => a.Name == "System.Text.Json").Version, moduleJson.GetName().Version);

        // The default context never got a copy of the module's client library.
        Assert.DoesNotContain(AssemblyLoadContext.Default.Assemblies, a => a.GetName().Name == "Verifik.Client");

        // The record's own type lives in the default context, the one PowerShell resolves [Verifik.DocumentLiveness] in,
        // and there is exactly one copy of it: the isolated client built its objects from the very same type.
        var contracts = record.BaseObject.GetType().Assembly;
        Assert.Equal("Verifik.Contracts", contracts.GetName().Name);
        Assert.Same(AssemblyLoadContext.Default, AssemblyLoadContext.GetLoadContext(contracts));
        Assert.Single(AppDomain.CurrentDomain.GetAssemblies(), a => a.GetName().Name == "Verifik.Contracts");
        Assert.Contains(client.GetReferencedAssemblies(), a => a.Name == "Verifik.Contracts");
    }

    [Fact]
    public void Framework_polyfills_shipped_for_Windows_PowerShell_are_not_loaded_on_PowerShell_7()
    {
        Connect();
        Host.Run("Get-VerifikContext");
        var netfx = Path.Combine(Path.GetDirectoryName(RepoPaths.ModuleManifest)!, "Dependencies", "netfx");
        Assert.True(Directory.Exists(netfx));
        Assert.DoesNotContain(AppDomain.CurrentDomain.GetAssemblies(), a => !a.IsDynamic && a.Location.StartsWith(netfx));
    }

    /// <summary>
    /// The twin of the Pester test: what a new session sees after Import-Module and a first cmdlet (the client library
    /// loads when a cmdlet first needs it; connecting sends nothing), asked the way a script asks it.
    /// </summary>
    [Fact]
    public void In_a_new_session_the_client_is_isolated_under_Dependencies_and_the_record_type_is_in_the_default_context()
    {
        var (output, errors) = FreshProcess.Run($$"""
            Connect-Verifik -Token '{{SandboxDefaults.Token}}' -BaseUri 'http://127.0.0.1:1'
            $client = @([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'Verifik.Client' })
            $client.Count
            [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($client[0]).GetType().Name
            $client[0].Location
            $contracts = [Verifik.DocumentLiveness].Assembly
            $contracts.GetName().Name
            [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($contracts) -eq [System.Runtime.Loader.AssemblyLoadContext]::Default
            $contracts.Location
            Disconnect-Verifik
            """);
        Assert.Empty(errors);
        var moduleDir = Path.GetDirectoryName(RepoPaths.ModuleManifest)!;
        Assert.Equal(6, output.Count);
        Assert.Equal("1", output[0]);
        Assert.Equal("VerifikLoadContext", output[1]);
        Assert.StartsWith(Path.Combine(moduleDir, "Dependencies") + Path.DirectorySeparatorChar, output[2]);
        Assert.Equal("Verifik.Contracts", output[3]);
        Assert.Equal("True", output[4]);
        Assert.Equal(Path.Combine(moduleDir, "Verifik.Contracts.dll"), output[5]);
    }
}
