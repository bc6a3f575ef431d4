using System.Diagnostics;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using Verifik.Sandbox;

namespace Verifik.Bench;

internal sealed record Sizes(int ThroughputIds, int OverheadIds, int ListSmall, int ListLarge, int ImportRuns, int HeldRecords,
    int SaveImages = 200, int LargeImages = 20)
{
    public static Sizes Full { get; } = new(2_000, 20_000, 10_000, 100_000, 5, 20_000);
    public static Sizes Quick { get; } = new(400, 4_000, 2_000, 20_000, 3, 5_000, SaveImages: 50, LargeImages: 5);
}

internal static class Scenarios
{
    private const int DefaultThrottle = 8; // Get-VerifikDocumentLiveness -ThrottleLimit default
    private static readonly TimeSpan RunLimit = TimeSpan.FromMinutes(5);

    private static string[] Ids(int count) => Enumerable.Range(0, count).Select(SyntheticRecords.Id).ToArray();

    private static TimeSpan ProcessCpu()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    private static TimeSpan Time(Action action)
    {
        var sw = Stopwatch.StartNew();
        action();
        return sw.Elapsed;
    }

    /// <summary>Runs a by-ID pipeline and checks the sandbox saw exactly one request per ID.</summary>
    private static TimeSpan TimePipeline(EngineHost host, SandboxServer server, string script, string[] ids)
    {
        host.Run("$null", RunLimit, ("ids", ids)); // set the variable outside the timing
        server.Requests.Clear();
        var elapsed = Time(() => host.Run(script, RunLimit));
        if (server.Requests.Arrived != ids.Length)
            throw new InvalidOperationException($"'{script}': expected {ids.Length} requests, the sandbox saw {server.Requests.Arrived}.");
        return elapsed;
    }

    private static TimeSpan TimeRaw(RawClient raw, SandboxServer server, string[] ids, int workers)
    {
        server.Requests.Clear();
        var elapsed = Time(() => raw.Fetch(ids, workers, RunLimit));
        if (server.Requests.Arrived != ids.Length)
            throw new InvalidOperationException($"raw HttpClient: expected {ids.Length} requests, the sandbox saw {server.Requests.Arrived}.");
        return elapsed;
    }

    // 1 ──────────────────────────────────────────────────────────────────────────────────────────────
    public static async Task Throughput(ScenarioResult r, Sizes sizes)
    {
        var n = sizes.ThroughputIds;
        var latency = TimeSpan.FromMilliseconds(20);
        await using var server = await SandboxServer.StartAsync(new SandboxOptions { SyntheticCount = n, Latency = latency });
        using var host = new EngineHost();
        host.Connect(server.BaseUri, SandboxDefaults.Token);
        using var raw = new RawClient(server.BaseUri, SandboxDefaults.Token);
        var ids = Ids(n);

        // Warm-up (JIT, connection pool) at both throttles, and the raw client.
        var warm = ids.Take(50).ToArray();
        TimePipeline(host, server, "$ids | Get-VerifikDocumentLiveness | Out-Null", warm);
        TimePipeline(host, server, "$ids | Get-VerifikDocumentLiveness -ThrottleLimit 1 | Out-Null", warm);
        TimeRaw(raw, server, warm, DefaultThrottle);

        // The throttled run (and its raw reference) twice, the better counting; the long sequential run once.
        var throttledRuns = new List<TimeSpan>();
        var rawRuns = new List<TimeSpan>();
        for (var round = 0; round < 2; round++)
        {
            throttledRuns.Add(TimePipeline(host, server, "$ids | Get-VerifikDocumentLiveness | Out-Null", ids));
            rawRuns.Add(TimeRaw(raw, server, ids, DefaultThrottle));
        }
        var throttled = throttledRuns.Min();
        var rawThrottled = rawRuns.Min();
        var sequential = TimePipeline(host, server, "$ids | Get-VerifikDocumentLiveness -ThrottleLimit 1 | Out-Null", ids);
        r.Notes.Add("throttle-8 runs (ms): " + string.Join(", ", throttledRuns.Select(t => t.TotalMilliseconds.ToString("F0"))) +
                    "; raw runs (ms): " + string.Join(", ", rawRuns.Select(t => t.TotalMilliseconds.ToString("F0"))));

        var ideal = n * latency.TotalMilliseconds / DefaultThrottle;
        r.Add("ids", "IDs piped", n, "");
        r.Add("latencyMs", "sandbox latency per request", latency.TotalMilliseconds, "ms");
        r.Add("wallMs", "wall, -ThrottleLimit 8 (default)", throttled.TotalMilliseconds, "ms");
        r.Add("idealMs", "ideal N × latency ÷ 8", ideal, "ms");
        r.AddTarget("percentOfIdeal", "% of ideal (ideal ÷ wall)", 100 * ideal / throttled.TotalMilliseconds, "%", 1, "≥ 85 %", 100 * ideal / throttled.TotalMilliseconds >= 85);
        r.Add("sequentialMs", "wall, -ThrottleLimit 1", sequential.TotalMilliseconds, "ms");
        r.Add("sequentialPercentOfIdeal", "-ThrottleLimit 1: % of N × latency", 100 * n * latency.TotalMilliseconds / sequential.TotalMilliseconds, "%", 1);
        r.AddTarget("speedup", "speed-up sequential ÷ throttled", sequential / throttled, "×", 2, "≥ 6×", sequential / throttled >= 6);
        r.Add("rawHttpClientMs", "reference: raw HttpClient, 8 workers", rawThrottled.TotalMilliseconds, "ms");
        r.Add("rawHttpClientPercentOfIdeal", "reference: raw HttpClient % of ideal", 100 * ideal / rawThrottled.TotalMilliseconds, "%", 1);
        r.Add("recordsPerSecond", "records/s, throttle 8", n / throttled.TotalSeconds, "/s");
    }

    // 2 ──────────────────────────────────────────────────────────────────────────────────────────────
    public static async Task PipelineOverhead(ScenarioResult r, Sizes sizes)
    {
        var n = sizes.OverheadIds;
        await using var server = await SandboxServer.StartAsync(new SandboxOptions { SyntheticCount = n });
        using var host = new EngineHost();
        host.Connect(server.BaseUri, SandboxDefaults.Token);
        using var raw = new RawClient(server.BaseUri, SandboxDefaults.Token);
        var ids = Ids(n);
        const string script = "$ids | Get-VerifikDocumentLiveness | Out-Null";

        var warm = ids.Take(Math.Min(2_000, n)).ToArray();
        TimeRaw(raw, server, warm, DefaultThrottle);
        TimePipeline(host, server, script, warm);

        // Two interleaved rounds each; the better of each counts (noise on a 2-core box only ever slows a run down).
        var rawTimes = new List<TimeSpan>();
        var moduleTimes = new List<TimeSpan>();
        var rawCpu = new List<TimeSpan>();
        var moduleCpu = new List<TimeSpan>();
        for (var round = 0; round < 2; round++)
        {
            var cpu = ProcessCpu();
            rawTimes.Add(TimeRaw(raw, server, ids, DefaultThrottle));
            rawCpu.Add(ProcessCpu() - cpu);
            cpu = ProcessCpu();
            moduleTimes.Add(TimePipeline(host, server, script, ids));
            moduleCpu.Add(ProcessCpu() - cpu);
        }
        var rawRate = n / rawTimes.Min().TotalSeconds;
        var moduleRate = n / moduleTimes.Min().TotalSeconds;

        // Where the time goes: CPU per record (this process, sandbox included, so the difference is the module's),
        // and the engine's own floor for piping the same strings into a cmdlet that drops them.
        var floor = Time(() => host.Run("$ids | Out-Null", RunLimit));

        r.Add("ids", "IDs piped (0 ms latency)", n, "");
        r.Add("moduleRecordsPerSecond", "module pipeline records/s (throttle 8)", moduleRate, "/s");
        r.Add("rawRecordsPerSecond", "ceiling: raw HttpClient records/s (8 workers)", rawRate, "/s");
        r.AddTarget("percentOfCeiling", "module % of ceiling", 100 * moduleRate / rawRate, "%", 1, "≥ 40 %", moduleRate / rawRate >= 0.40);
        r.Add("moduleMicrosPerRecord", "module µs per record (wall)", 1e6 / moduleRate, "µs", 1);
        r.Add("rawMicrosPerRecord", "ceiling µs per record (wall)", 1e6 / rawRate, "µs", 1);
        r.Add("moduleCpuMicrosPerRecord", "module CPU µs per record (incl. sandbox)", moduleCpu[moduleTimes.IndexOf(moduleTimes.Min())].TotalMilliseconds * 1000 / n, "µs", 1);
        r.Add("rawCpuMicrosPerRecord", "ceiling CPU µs per record (incl. sandbox)", rawCpu[rawTimes.IndexOf(rawTimes.Min())].TotalMilliseconds * 1000 / n, "µs", 1);
        r.Add("engineFloorMicrosPerRecord", "engine floor: $ids | Out-Null, µs per item", floor.TotalMilliseconds * 1000 / n, "µs", 2);
        r.Notes.Add("module runs (ms): " + string.Join(", ", moduleTimes.Select(t => t.TotalMilliseconds.ToString("F0"))) +
                    "; raw runs (ms): " + string.Join(", ", rawTimes.Select(t => t.TotalMilliseconds.ToString("F0"))));
        r.Notes.Add("The sandbox runs in this process and shares its cores with both the module and the ceiling loop.");
    }

    // 3 ──────────────────────────────────────────────────────────────────────────────────────────────
    public static void ListingMemory(ScenarioResult r, Sizes sizes)
    {
        using var child = ChildSandbox.Start(sizes.ListLarge, TimeSpan.FromSeconds(60));
        using var host = new EngineHost();
        host.Connect(child.BaseUri, SandboxDefaults.Token);

        // Warm-up: JIT, the connection and the listing path, checked for the right count.
        // (Measure-Object lives in Microsoft.PowerShell.Utility, which the NuGet-hosted engine does not ship; ForEach-Object is core.)
        var warmCount = host.Run("$c = 0; Get-VerifikDocumentLiveness -PageSize 100 -First 1000 | ForEach-Object { $c++ }; $c", RunLimit);
        if (warmCount.Count != 1 || Convert.ToInt32(warmCount[0].BaseObject) != 1000)
            throw new InvalidOperationException("The warm-up listing did not return 1000 records.");

        var small = Measure(host, $"Get-VerifikDocumentLiveness -PageSize 100 -First {sizes.ListSmall} | Out-Null");
        // The whole listing for the large N (the sandbox serves exactly that many), -First only if quick.
        var large = Measure(host, sizes.ListLarge == 100_000
            ? "Get-VerifikDocumentLiveness -PageSize 100 | Out-Null"
            : $"Get-VerifikDocumentLiveness -PageSize 100 -First {sizes.ListLarge} | Out-Null");

        const double mb = 1024 * 1024;
        foreach (var (m, n) in new[] { (small, sizes.ListSmall), (large, sizes.ListLarge) })
        {
            var k = n >= 1000 ? $"{n / 1000}k" : n.ToString();
            r.Add($"wall{k}Ms", $"N={n:N0}: wall", m.Elapsed.TotalMilliseconds, "ms");
            r.Add($"recordsPerSecond{k}", $"N={n:N0}: records/s", n / m.Elapsed.TotalSeconds, "/s");
            r.AddTarget($"workingSetGrowth{k}MB", $"N={n:N0}: peak working-set growth", m.WorkingSetGrowth / mb, "MB", 1, "< 100 MB", m.WorkingSetGrowth / mb < 100);
            r.Add($"privateGrowth{k}MB", $"N={n:N0}: peak private-memory growth", m.PrivateGrowth / mb, "MB", 1);
            r.Add($"managedGrowth{k}MB", $"N={n:N0}: peak GC-heap growth", m.ManagedGrowth / mb, "MB", 1);
            r.Add($"retainedManaged{k}MB", $"N={n:N0}: GC heap kept after full GC", m.RetainedManaged / mb, "MB", 1);
        }
        // "About the same for both N": 10× the records may cost at most 1.5× the growth plus 10 MB of noise.
        var flat = large.WorkingSetGrowth <= 1.5 * small.WorkingSetGrowth + 10 * mb;
        r.AddTarget("growthRatio", $"working-set growth N={sizes.ListLarge:N0} ÷ N={sizes.ListSmall:N0}",
            small.WorkingSetGrowth <= 0 ? 0 : (double)large.WorkingSetGrowth / small.WorkingSetGrowth, "×", 2, "≤ 1.5× + 10 MB", flat);
        r.Notes.Add($"Sandbox in child process {child.ProcessId}; memory of this (benchmark) process sampled every 50 ms " +
                    $"({small.Samples} + {large.Samples} samples). Baseline after a full compacting GC: working set {small.BaselineWorkingSet / mb:F1} MB, GC heap {small.BaselineManaged / mb:F1} MB.");
    }

    /// <summary>Peak growth of this process's memory over a full-GC baseline while <paramref name="script"/> runs.</summary>
    internal static MemoryRun Measure(EngineHost host, string script) => MemoryRun.Measure(() => host.Run(script, RunLimit));

    // 4 ──────────────────────────────────────────────────────────────────────────────────────────────
    /// <summary>Must run before anything else imports the module, so the first import is really cold.</summary>
    public static void ImportTime(ScenarioResult r, Sizes sizes)
    {
        var times = new List<TimeSpan>();
        for (var i = 0; i < 1 + sizes.ImportRuns; i++)
        {
            using var runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
            runspace.Open();
            times.Add(ImportProbe.TimeImport(runspace));

            // Outside the timing: the module really is there.
            using var check = PowerShell.Create();
            check.Runspace = runspace;
            var commands = check.AddScript("(Get-Command -Module Verifik).Count").Invoke();
            if (commands.Count != 1 || Convert.ToInt32(commands[0].BaseObject) < 4) throw new InvalidOperationException("The module's cmdlets are missing after import.");
        }
        var warm = times.Skip(1).Select(t => t.TotalMilliseconds).OrderBy(t => t).ToArray();
        var median = warm.Length % 2 == 1 ? warm[warm.Length / 2] : (warm[warm.Length / 2 - 1] + warm[warm.Length / 2]) / 2;
        r.Figures.Add(new Figure("coldMs", "first import in the process (cold)", times[0].TotalMilliseconds, "ms", 1) { Target = "(info: target is on the median)" });
        r.AddTarget("medianMs", $"median of the next {warm.Length} fresh runspaces", median, "ms", 1, "≤ 200 ms", median <= 200);
        r.Add("minMs", "fastest", warm.Min(), "ms", 1);
        r.Add("maxMs", "slowest (after cold)", warm.Max(), "ms", 1);
        r.Notes.Add("times (ms), cold first: " + string.Join(", ", times.Select(t => t.TotalMilliseconds.ToString("F1"))));

        // The cold figure above is one sample; a new pwsh session pays it every time. Repeat it in fresh child
        // processes, once fully cold and once with the engine's module-loading code already warm (a manifest-only
        // dummy module imported first), which leaves the module's own cold cost.
        var probes = sizes.ImportRuns >= 5 ? 3 : 1;
        var cold = Enumerable.Range(0, probes).Select(_ => ImportProbe.RunChild(engineWarm: false)).OrderBy(t => t).ToArray();
        var moduleOnly = Enumerable.Range(0, probes).Select(_ => ImportProbe.RunChild(engineWarm: true)).OrderBy(t => t).ToArray();
        r.Figures.Add(new Figure("coldProcessMedianMs", $"cold, median of {probes} new processes", cold[cold.Length / 2], "ms", 1) { Target = "(info)" });
        r.Figures.Add(new Figure("moduleColdEngineWarmMedianMs", $"cold module, warm engine, median of {probes}", moduleOnly[moduleOnly.Length / 2], "ms", 1) { Target = "(info)" });
        r.Notes.Add("new-process cold imports (ms): " + string.Join(", ", cold.Select(t => t.ToString("F1"))) +
                    "; module cold with engine warm (ms): " + string.Join(", ", moduleOnly.Select(t => t.ToString("F1"))));
    }
}
