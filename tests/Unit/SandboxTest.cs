using Verifik.Sandbox;
using Xunit;

namespace Verifik.Unit.Tests;

/// <summary>A fresh loopback sandbox (127.0.0.1, port 0) per test, and a client pointed at it.</summary>
public abstract class SandboxTest : IAsyncLifetime
{
    protected SandboxServer Server { get; private set; } = null!;

    protected virtual SandboxOptions CreateOptions() => new() { RandomSeed = 7 };

    public async Task InitializeAsync() => Server = await SandboxServer.StartAsync(CreateOptions());

    public async Task DisposeAsync() => await Server.DisposeAsync();

    protected static RequestSettings Settings(int maxRetry = 3) => new()
    {
        BaseDelay = TimeSpan.FromMilliseconds(10),
        MaxDelay = TimeSpan.FromMilliseconds(50),
        MaxRetry = maxRetry,
        Timeout = TimeSpan.FromSeconds(20),
    };

    protected VerifikClient Client(string? token = null, int maxRetry = 3) =>
        new(Server.BaseUri, BearerToken.FromPlainText(token ?? SandboxDefaults.Token), new HttpClient(), Settings(maxRetry));

    /// <summary>Requests under /v2/document-liveness/ (record GETs) as their raw targets.</summary>
    protected List<string> RecordTargets() =>
        Server.Requests.Snapshot().Where(r => r.RawTarget.StartsWith("/v2/document-liveness/", StringComparison.Ordinal))
            .Select(r => r.RawTarget).ToList();

    protected List<LoggedRequest> ListRequests() =>
        Server.Requests.Snapshot().Where(r => r.Path.TrimEnd('/') == "/v2/document-liveness").ToList();
}
