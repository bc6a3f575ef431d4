namespace Verifik.Bench;

/// <summary>
/// What the bulk engine holds while one slow ID keeps large records behind it from being written (issue 12, item 7):
/// <c>'slow', 'big' × 40 | Get-VerifikDocumentLiveness</c>, where 'slow' answers after 5 s and 'big' is a 15 MB record.
/// Records are written in input order, so every 'big' fetched meanwhile waits in the window; the peak working set
/// shows whether the window is bounded by bytes or only by count. The sandbox runs in a child process.
/// </summary>
internal static class HeldBehindSlowScenario
{
    private const int RecordBytes = 15 * 1024 * 1024;
    private const int BigIds = 40;
    private static readonly TimeSpan RunLimit = TimeSpan.FromMinutes(5);
    private const double Mb = 1024 * 1024;

    public static void Run(ScenarioResult r)
    {
        var seed = Path.Combine(Path.GetTempPath(), "verifik-bench-big-" + Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(seed, "[{\"_id\":\"slow\",\"status\":\"completed\"},{\"_id\":\"big\",\"status\":\"completed\",\"notes\":\"" + new string('x', RecordBytes) + "\"}]");
        try
        {
            using var child = ChildSandbox.Start(TimeSpan.FromSeconds(60), "--seed-file", seed, "--fault-kind", "Slow", "--fault-ids", "slow", "--fault-delay-ms", "5000");
            using var host = new EngineHost();
            host.Connect(child.BaseUri, Sandbox.SandboxDefaults.Token);
            host.Run("$null = Get-VerifikDocumentLiveness -Id big, big", RunLimit); // JIT and connection warm-up
            var ids = new[] { "slow" }.Concat(Enumerable.Repeat("big", BigIds)).ToArray();

            foreach (var throttle in new[] { 8, 16 })
            {
                var written = 0;
                var m = MemoryRun.Measure(() => written = Convert.ToInt32(host.Run(
                    "$n = 0; $ids | Get-VerifikDocumentLiveness -ThrottleLimit $t | ForEach-Object { $n++ }; $n", RunLimit, ("ids", ids), ("t", throttle)).Single().BaseObject));
                if (written != ids.Length) throw new InvalidOperationException($"Expected {ids.Length} records, got {written}.");
                var growth = m.WorkingSetGrowth / Mb;
                // The working set of a process does not shrink back between the two runs, so the second run's growth is
                // measured from a higher floor; the GC-heap peak compares them fairly.
                r.Add("workingSetGrowthMB" + throttle, $"peak working-set growth, -ThrottleLimit {throttle}" + (throttle == 8 ? " (default)" : " (after the first run)"),
                    growth, "MB", 0);
                r.Add("managedGrowthMB" + throttle, $"peak GC-heap growth, -ThrottleLimit {throttle}", m.ManagedGrowth / Mb, "MB", 0);
                r.Add("wallMs" + throttle, $"wall, -ThrottleLimit {throttle} (5 s of it the slow ID)", m.Elapsed.TotalMilliseconds, "ms");
            }
            r.Notes.Add($"'slow' + {BigIds} × a {RecordBytes / Mb:F0} MB record; sandbox in child process {child.ProcessId}; module {BenchPaths.ModuleManifest}. " +
                        "What stays live is bounded (records waiting: 64 MB, plus one body per running request); the rest of the peak is " +
                        "records already written that the GC has not collected yet. Compare builds with VERIFIK_BENCH_MODULE.");
        }
        finally
        {
            File.Delete(seed);
        }
    }
}
