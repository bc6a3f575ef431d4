using Xunit;
using Verifik.Sandbox;

namespace Verifik.Engine.Tests;

/// <summary>
/// A fresh sandbox and runspace per test, and a clean process-wide connection before and after
/// (the connection is process-wide, so a test must not inherit another's).
/// </summary>
public abstract class SandboxTestBase : IAsyncLifetime, IDisposable
{
    protected SandboxServer Server { get; private set; } = null!;
    protected ModuleHost Host { get; } = new();

    public virtual async Task InitializeAsync()
    {
        Server = await SandboxServer.StartAsync(new SandboxOptions { RandomSeed = 42 });
        Host.Run("Disconnect-Verifik");
    }

    public virtual async Task DisposeAsync()
    {
        Host.Run("Disconnect-Verifik");
        await Server.DisposeAsync();
    }

    public void Dispose() => Host.Dispose();

    protected void Connect(string? token = null) => Host.Connect(Server.BaseUri, token ?? SandboxDefaults.Token);

    /// <summary>The requests for records (not the list endpoint) the sandbox saw, as the raw request targets.</summary>
    protected List<string> RecordRequests() =>
        Server.Requests.Snapshot().Where(r => r.Path.StartsWith("/v2/document-liveness/")).Select(r => r.RawTarget).ToList();
}
