using System.Diagnostics;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Text;

namespace Verifik.Engine.Tests;

/// <summary>
/// Runs a script in a new process that hosts the engine, as a user's new pwsh session would. For what must hold
/// "right after Import-Module": in this process an earlier test may already have loaded the module's assemblies,
/// and PowerShell resolves a type literal from whatever is loaded, so only a fresh process proves it.
/// The test assembly is its own probe program (see <see cref="Main"/>).
/// </summary>
public static class FreshProcess
{
    private const string Argument = "--fresh-process-script";

    /// <summary>Output lines (each object's ToString()) and error lines of the script.</summary>
    public static (List<string> Output, List<string> Errors) Run(string script, TimeSpan? limit = null)
    {
        var self = typeof(FreshProcess).Assembly.Location;
        var psi = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "exec", "--runtimeconfig", Path.ChangeExtension(self, ".runtimeconfig.json"),
                     "--depsfile", Path.ChangeExtension(self, ".deps.json"), self, Argument,
                     Convert.ToBase64String(Encoding.UTF8.GetBytes(script)), RepoPaths.ModuleManifest })
        {
            psi.ArgumentList.Add(a);
        }
        using var process = Process.Start(psi)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit((int)(limit ?? TimeSpan.FromMinutes(2)).TotalMilliseconds))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("The fresh-process probe did not finish.");
        }
        var lines = stdout.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToList();
        var output = lines.Where(l => l.StartsWith("OUT ")).Select(l => l[4..]).ToList();
        var errors = lines.Where(l => l.StartsWith("ERR ")).Select(l => l[4..]).ToList();
        if (process.ExitCode != 0) errors.Add($"exit code {process.ExitCode}: {stderr.Result}");
        return (output, errors);
    }

    /// <summary>The probe: imports the manifest in a new runspace (nothing of the module is loaded before), runs the script.</summary>
    public static int Main(string[] args)
    {
        if (args.Length != 3 || args[0] != Argument) return 0;
        var iss = InitialSessionState.CreateDefault2();
        using var runspace = RunspaceFactory.CreateRunspace(iss);
        runspace.Open();
        using var ps = PowerShell.Create();
        ps.Runspace = runspace;
        ps.AddScript("Import-Module $args[0] -ErrorAction Stop").AddArgument(args[2]).AddStatement();
        ps.AddScript(Encoding.UTF8.GetString(Convert.FromBase64String(args[1])));
        try
        {
            foreach (var item in ps.Invoke()) Console.WriteLine("OUT " + item);
        }
        catch (RuntimeException ex)
        {
            Console.WriteLine("ERR " + ex.Message);
        }
        foreach (var error in ps.Streams.Error) Console.WriteLine("ERR " + error);
        return 0;
    }
}
