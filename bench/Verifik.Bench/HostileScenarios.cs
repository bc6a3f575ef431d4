using System.Diagnostics;
using Verifik.Sandbox;

namespace Verifik.Bench;

/// <summary>
/// 11 Listings whose pages never say "last": every page repeats page 1 without counts (ListRepeat), or every page
/// claims one more (ListEndless). Issue 12 measured about 10,000 requests and a million duplicate records in 10 s
/// before the walk was bounded; the figures here are what the bounded walk costs (time only: sandbox in process).
/// </summary>
internal static class HostileScenarios
{
    private const int Records = 100_000;

    public static async Task EndlessListing(ScenarioResult r)
    {
        foreach (var kind in new[] { FaultKind.ListRepeat, FaultKind.ListEndless })
        {
            await using var server = await SandboxServer.StartAsync(new SandboxOptions { SyntheticCount = Records });
            server.Options.Faults.Add(new FaultRule { Kind = kind, Operations = FaultOperation.List });
            using var host = new EngineHost();
            host.Connect(server.BaseUri, SandboxDefaults.Token);
            server.Requests.Clear(); // counted from after the connect's token check

            var clock = Stopwatch.StartNew();
            // The walk's own error (VerifikListingIncomplete for a repeat) goes to $e, not the error stream.
            var output = host.Run("$n = 0; Get-VerifikDocumentLiveness -PageSize 100 -ErrorVariable e -ErrorAction SilentlyContinue | ForEach-Object { $n++ }; $n; @($e).Count",
                TimeSpan.FromSeconds(60));
            clock.Stop();
            var requests = server.Requests.Snapshot().Count(q => q.Path == "/v2/document-liveness");
            var written = Convert.ToInt32(output[0].BaseObject);
            var errors = Convert.ToInt32(output[1].BaseObject);

            var name = kind.ToString();
            r.AddTarget(name + "Requests", $"{name}: list requests until the walk stops", requests, "", 0, "≤ 2", requests <= 2);
            r.Add(name + "Records", $"{name}: records written", written, "");
            r.Add(name + "Errors", $"{name}: errors", errors, "");
            r.Add(name + "WallMs", $"{name}: wall", clock.Elapsed.TotalMilliseconds, "ms");
        }
        r.Notes.Add($"{Records:N0} synthetic records, -PageSize 100, sandbox in this process (time only).");
    }
}
