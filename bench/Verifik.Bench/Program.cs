using System.Diagnostics;
using System.Globalization;
using System.Management.Automation;
using System.Runtime;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Verifik.Bench;

// dotnet run --project bench/Verifik.Bench -c Release [-- --quick] [-- --only <key>[,<key>...]]
// Writes bench/results.json (bench/results.local.json with --quick or --only, which git ignores).
// Keys: import, throughput, overhead, listing, save (the two Save-VerifikDocumentLivenessImage scenarios).
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

if (args.Length == 2 && args[0] == ImportProbe.Argument) return ImportProbe.Run(args[1]);

var quick = args.Contains("--quick");
var onlyAt = Array.IndexOf(args, "--only");
var only = onlyAt >= 0 && onlyAt + 1 < args.Length ? args[onlyAt + 1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : null;
var unknown = args.Where((a, i) => a != "--quick" && i != onlyAt && (onlyAt < 0 || i != onlyAt + 1)).ToArray();
if (unknown.Length > 0 || (onlyAt >= 0 && only == null))
{
    Console.Error.WriteLine($"Unknown argument(s): {string.Join(" ", unknown)}. Usage: Verifik.Bench [--quick] [--only import,throughput,overhead,listing,save]");
    return 2;
}
var sizes = quick ? Sizes.Quick : Sizes.Full;
if (!File.Exists(BenchPaths.ModuleManifest))
{
    Console.Error.WriteLine($"{BenchPaths.ModuleManifest} not found: build the repository (dotnet build -c Release) first.");
    return 1;
}

var machine = Machine();
Console.WriteLine($"Verifik benchmarks{(quick ? " (quick)" : "")} — {machine["os"]}, {machine["cores"]} cores, {machine["dotnet"]}, PowerShell engine {machine["powershell"]}");
Console.WriteLine($"Module: {BenchPaths.ModuleManifest}");
Console.WriteLine();

var throughput = new ScenarioResult("throughput", $"1 Throughput at 20 ms latency (N={sizes.ThroughputIds:N0})");
var overhead = new ScenarioResult("pipelineOverhead", $"2 Pipeline overhead at 0 ms (N={sizes.OverheadIds:N0})");
var listing = new ScenarioResult("listingMemory", $"3 Listing memory (N={sizes.ListSmall:N0}, {sizes.ListLarge:N0})");
var import = new ScenarioResult("importTime", "4 Import time");
var save = new ScenarioResult("saveThroughput", $"5 Save images, {sizes.SaveImages} × 2 MB at 20 ms latency");
var saveMemory = new ScenarioResult("saveMemory", $"6 Save images, {sizes.LargeImages} × 40 MB: memory");

// Import first: its cold figure is only cold while no runspace of this process has loaded the module yet.
var order = new (string Key, ScenarioResult Result, Func<Task> Body)[]
{
    ("import", import, () => { Scenarios.ImportTime(import, sizes); return Task.CompletedTask; }),
    ("throughput", throughput, () => Scenarios.Throughput(throughput, sizes)),
    ("overhead", overhead, () => Scenarios.PipelineOverhead(overhead, sizes)),
    ("listing", listing, () => { Scenarios.ListingMemory(listing, sizes); return Task.CompletedTask; }),
    ("save", save, () => { SaveScenarios.Throughput(save, sizes); return Task.CompletedTask; }),
    ("save", saveMemory, () => { SaveScenarios.Memory(saveMemory, sizes); return Task.CompletedTask; }),
}.Where(s => only == null || only.Contains(s.Key)).ToArray();
if (order.Length == 0)
{
    Console.Error.WriteLine($"--only {string.Join(",", only!)} names no scenario; use import, throughput, overhead, listing or save.");
    return 2;
}
foreach (var (_, result, body) in order)
{
    result.Notes.Add("load average before: " + LoadAverage());
    Console.Write($"running {result.Title} … ");
    var clock = Stopwatch.StartNew();
    try
    {
        await body();
    }
    catch (Exception e)
    {
        result.Error = e.GetType().Name + ": " + e.Message;
    }
    result.Duration = clock.Elapsed;
    Console.WriteLine(result.Error == null ? $"{clock.Elapsed.TotalSeconds:F1} s" : $"failed after {clock.Elapsed.TotalSeconds:F1} s: {result.Error}");
}

var results = new[] { throughput, overhead, listing, import, save, saveMemory }.Where(r => order.Any(o => o.Result == r)).ToArray();
Console.WriteLine();
Console.Write(Report.Table(results));
foreach (var r in results)
{
    foreach (var note in r.Notes) Console.WriteLine($"[{r.Key}] {note}");
}

var missed = results.SelectMany(r => r.Figures.Where(f => f.Pass == false).Select(f => $"{r.Key}.{f.Key} ({f.Formatted}, target {f.Target})")).ToList();
missed.AddRange(results.Where(r => r.Error != null).Select(r => $"{r.Key}: error"));
Console.WriteLine();
Console.WriteLine(missed.Count == 0 ? "All targets met." : "Missed: " + string.Join("; ", missed));

machine["loadAverageAtEnd"] = LoadAverage();
var path = BenchPaths.ResultsFile(quick || only != null);
Report.Write(path, Report.Json(machine, results, quick));
Console.WriteLine($"Results written to {path}");
return 0;

static JsonObject Machine()
{
    string? cpu = null;
    try
    {
        if (File.Exists("/proc/cpuinfo"))
            cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim();
    }
    catch (IOException) { }
    return new JsonObject
    {
        ["date"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        ["cores"] = Environment.ProcessorCount,
        ["loadAverageAtStart"] = LoadAverage(),
        ["cpu"] = cpu,
        ["os"] = RuntimeInformation.OSDescription,
        ["architecture"] = RuntimeInformation.ProcessArchitecture.ToString(),
        ["dotnet"] = RuntimeInformation.FrameworkDescription,
        ["powershell"] = typeof(PowerShell).Assembly.GetName().Version?.ToString(),
        ["gc"] = (GCSettings.IsServerGC ? "server" : "workstation") + (GCSettings.LatencyMode == GCLatencyMode.Batch ? "" : ", concurrent"),
        ["configuration"] = typeof(BenchPaths).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyConfigurationAttribute), false)
            .OfType<System.Reflection.AssemblyConfigurationAttribute>().FirstOrDefault()?.Configuration,
    };
}

/// <summary>1, 5 and 15-minute load averages (Linux), to judge how busy the machine was.</summary>
static string LoadAverage()
{
    try
    {
        return File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
    }
    catch (IOException) { return "n/a"; }
}
