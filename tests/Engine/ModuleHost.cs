using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace Verifik.Engine.Tests;

/// <summary>One runspace with the built module imported, and the streams of the last script run in it.</summary>
public sealed class ModuleHost : IDisposable
{
    private readonly Runspace _runspace;

    /// <param name="host">An interactive host (see <see cref="CapturingHost"/>); null for the engine's non-interactive default.</param>
    public ModuleHost(System.Management.Automation.Host.PSHost? host = null)
    {
        var iss = InitialSessionState.CreateDefault2();
        iss.ImportPSModule(RepoPaths.ModuleManifest);
        _runspace = host == null ? RunspaceFactory.CreateRunspace(iss) : RunspaceFactory.CreateRunspace(host, iss);
        _runspace.Open();
    }

    /// <summary>For tests that drive a pipeline themselves (BeginInvoke, Stop).</summary>
    public Runspace Runspace => _runspace;

    public Collection<PSObject> Output { get; private set; } = new();
    public List<ErrorRecord> Errors { get; } = new();
    public List<string> Warnings { get; } = new();
    public List<string> Verbose { get; } = new();
    public List<string> Debug { get; } = new();
    public List<ProgressRecord> Progress { get; } = new();
    public List<object> Information { get; } = new();

    /// <summary>Runs a script with the given variables set; throws what a script-terminating error throws.</summary>
    public Collection<PSObject> Run(string script, params (string Name, object? Value)[] variables)
    {
        foreach (var (name, value) in variables) _runspace.SessionStateProxy.SetVariable(name, value);
        using var ps = PowerShell.Create();
        ps.Runspace = _runspace;
        ps.AddScript(script);
        Errors.Clear(); Warnings.Clear(); Verbose.Clear(); Debug.Clear(); Progress.Clear(); Information.Clear();
        try
        {
            Output = ps.Invoke();
            return Output;
        }
        finally
        {
            Errors.AddRange(ps.Streams.Error);
            Warnings.AddRange(ps.Streams.Warning.Select(w => w.Message));
            Verbose.AddRange(ps.Streams.Verbose.Select(v => v.Message));
            Debug.AddRange(ps.Streams.Debug.Select(d => d.Message));
            Progress.AddRange(ps.Streams.Progress);
            Information.AddRange(ps.Streams.Information.Select(i => i.MessageData));
        }
    }

    /// <summary>Connects the process to the sandbox (the connection is process-wide).</summary>
    public void Connect(Uri baseUri, string token) =>
        Run("Connect-Verifik -Token $token -BaseUri $uri -MaxRetry 2", ("token", token), ("uri", baseUri));

    public void Dispose() => _runspace.Dispose();
}
