using System.Diagnostics;
using Verifik.Sandbox;

namespace Verifik.Bench;

/// <summary>
/// Issue 12, item 9: 16 runspaces × -ThrottleLimit 64 against a 0.5 s API with -TimeoutSec 1, all on the process's one
/// connection pool. With a pool smaller than the 1,024 requests in flight, requests queue in the client and the
/// queueing times out as if the API were slow. The figure is how many of the 1,024 failed, and the wall time against
/// the ideal (one latency: every request in flight at once). The sandbox runs in a child process.
/// </summary>
internal static class PoolScenario
{
    private const int Runspaces = 16;
    private const int Throttle = 64;
    private static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(500);

    public static void Run(ScenarioResult r)
    {
        using var child = ChildSandbox.Start(Throttle, TimeSpan.FromSeconds(60), "--latency-ms", Latency.TotalMilliseconds.ToString());
        using var host = new EngineHost();
        host.Connect(child.BaseUri, SandboxDefaults.Token);
        host.Run("$ids = foreach ($i in 0..63) { 'dl-{0:D7}' -f $i }", TimeSpan.FromSeconds(10));
        // Warm-up: the module imported in the parallel runspaces, JIT; also what the measured runs do first.
        Parallel(host, 2);

        var runs = new List<(TimeSpan Wall, int Records, int Failed, string FirstError)>();
        for (var round = 0; round < 3; round++)
        {
            var clock = Stopwatch.StartNew();
            var (records, failed, first) = Parallel(host, Runspaces);
            runs.Add((clock.Elapsed, records, failed, first));
        }
        var worst = runs.OrderByDescending(x => x.Failed).First();
        var best = runs.Min(x => x.Wall);

        r.Add("requests", "requests (16 runspaces × 64)", Runspaces * Throttle, "");
        r.Add("latencyMs", "sandbox latency per request", Latency.TotalMilliseconds, "ms");
        r.AddTarget("failed", "failed (-TimeoutSec 1, -MaxRetry 0), worst of 3 runs", worst.Failed, "", 0, "0", worst.Failed == 0);
        r.Add("records", "records in that run", worst.Records, "");
        r.Add("wallMs", "wall, best of 3 (module import in 16 runspaces included)", best.TotalMilliseconds, "ms");
        r.Notes.Add("runs (ms / failed): " + string.Join(", ", runs.Select(x => $"{x.Wall.TotalMilliseconds:F0} / {x.Failed}")) +
                    $"; sandbox in child process {child.ProcessId}");
        if (worst.FirstError.Length > 0) r.Notes.Add("first error: " + worst.FirstError);
    }

    private static (int Records, int Failed, string FirstError) Parallel(EngineHost host, int runspaces)
    {
        var results = host.Run($$"""
            1..{{runspaces}} | ForEach-Object -ThrottleLimit {{runspaces}} -Parallel {
                Import-Module $using:manifest
                $failed = $null
                $records = @(Get-VerifikDocumentLiveness -Id $using:ids -ThrottleLimit {{Throttle}} -TimeoutSec 1 -MaxRetry 0 -ErrorVariable failed -ErrorAction SilentlyContinue)
                [pscustomobject]@{ Records = $records.Count; Failed = @($failed).Count; FirstError = "$(@($failed)[0])" }
            }
            """, TimeSpan.FromMinutes(5), ("manifest", BenchPaths.ModuleManifest));
        return (results.Sum(o => (int)o.Properties["Records"].Value), results.Sum(o => (int)o.Properties["Failed"].Value),
            results.Select(o => (string)o.Properties["FirstError"].Value).FirstOrDefault(e => e.Length > 0) ?? "");
    }
}
