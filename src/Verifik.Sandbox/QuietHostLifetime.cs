using Microsoft.Extensions.Hosting;

namespace Verifik.Sandbox;

/// <summary>
/// Replaces the console lifetime: an in-process sandbox must not grab Ctrl+C/SIGTERM from the test host
/// (that would keep the test process alive). Program.cs handles signals itself.
/// </summary>
internal sealed class QuietHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
