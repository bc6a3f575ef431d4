using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace Verifik.Bench;

/// <summary>One runspace with the built module imported (the full engine of Microsoft.PowerShell.SDK); runs scripts with a time limit.</summary>
internal sealed class EngineHost : IDisposable
{
    private readonly Runspace _runspace;

    public EngineHost()
    {
        var iss = InitialSessionState.CreateDefault2();
        iss.ImportPSModule(BenchPaths.ModuleManifest);
        _runspace = RunspaceFactory.CreateRunspace(iss);
        _runspace.Open();
        // Fail early (not mid-measurement) if the module did not load, or the engine lacks the cmdlets scenarios use as users do.
        Run("if (-not (Get-Command Get-VerifikDocumentLiveness -ErrorAction SilentlyContinue)) { throw 'Verifik module not imported' }; " +
            "if (-not (Get-Command Import-Csv, Export-Csv, Select-Object, Measure-Object -ErrorAction SilentlyContinue)) { throw 'not the full engine' }",
            TimeSpan.FromSeconds(60));
    }

    public void Connect(Uri baseUri, string token) =>
        Run("Connect-Verifik -Token $t -BaseUri $u", TimeSpan.FromSeconds(30), ("t", token), ("u", baseUri));

    /// <summary>
    /// Runs a script; throws if it writes any error or does not finish within <paramref name="limit"/>
    /// (then the pipeline is stopped). Variables are set before, outside of any timing the caller does.
    /// </summary>
    public Collection<PSObject> Run(string script, TimeSpan limit, params (string Name, object? Value)[] variables)
    {
        foreach (var (name, value) in variables) _runspace.SessionStateProxy.SetVariable(name, value);
        using var ps = PowerShell.Create();
        ps.Runspace = _runspace;
        ps.AddScript(script);
        var output = new PSDataCollection<PSObject>();
        var running = ps.BeginInvoke<PSObject, PSObject>(null, output);
        if (!running.AsyncWaitHandle.WaitOne(limit))
        {
            Task.Run(ps.Stop).Wait(TimeSpan.FromSeconds(30));
            throw new TimeoutException($"Script did not finish within {limit.TotalSeconds:N0} s: {script}");
        }
        ps.EndInvoke(running);
        if (ps.Streams.Error.Count > 0)
        {
            var first = ps.Streams.Error[0];
            throw new InvalidOperationException($"{ps.Streams.Error.Count} error(s) from '{script}'; first: {first} (target {first.TargetObject})");
        }
        return new Collection<PSObject>(output.ToList());
    }

    public void Dispose() => _runspace.Dispose();
}
