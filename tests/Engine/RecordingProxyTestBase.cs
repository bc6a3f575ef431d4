namespace Verifik.Engine.Tests;

/// <summary>A sandbox with ten synthetic records (dl-0000000 ..) and a <see cref="RecordingProxy"/> of the test's own.</summary>
public abstract class RecordingProxyTestBase : SandboxTestBase
{
    protected RecordingProxy Proxy { get; } = new();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Server.Options.SyntheticCount = 10;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Proxy.Dispose();
    }
}
