using System.Diagnostics;
using System.Globalization;
using System.Management.Automation;
using System.Runtime;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Verifik.Bench;

// dotnet run --project bench/Verifik.Bench -c Release [-- [--quick] [--only name[,name…]]]
// Writes bench/results.json (the full run, kept in git); with --quick bench/results.local.json, with --only
// bench/results.<names>.json (both git-ignored).
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

if (args.Length == 2 && args[0] == ImportProbe.Argument) return ImportProbe.Run(args[1]);

string[] scenarioNames = ["import", "throughput", "overhead", "listing", "held", "signin", "create", "save", "behind", "pool", "hostile", "report", "properties"];
var usage = $"Usage: Verifik.Bench [--quick] [--only {string.Join("|", scenarioNames)}[,…]]";
if (args.Length == 1 && args[0] is "--help" or "-h" or "-?")
{
    Console.WriteLine(usage);
    Console.WriteLine("  --quick   smaller N; writes bench/results.local.json (git-ignored)");
    Console.WriteLine("  --only    these groups only; writes bench/results.<names>.json (git-ignored)");
    Console.WriteLine("  Without options: every group at full size; writes bench/results.json. See bench/Verifik.Bench/README.md.");
    return 0;
}

var quick = args.Contains("--quick");
var onlyAt = Array.IndexOf(args, "--only");
var only = onlyAt >= 0 && onlyAt + 1 < args.Length ? args[onlyAt + 1].Split(',', StringSplitOptions.RemoveEmptyEntries) : null;
var unknown = args.Where((a, i) => a != "--quick" && i != onlyAt && i != onlyAt + 1).ToArray();
if (unknown.Length > 0 || (onlyAt >= 0 && (only == null || only.Length == 0 || !only.All(scenarioNames.Contains))))
{
    Console.Error.WriteLine($"Unknown argument(s): {string.Join(" ", unknown.Length > 0 ? unknown : only ?? ["--only"])}. {usage}");
    return 2;
}
var sizes = quick ? Sizes.Quick : Sizes.Full;
var createSizes = quick ? CreateSizes.Quick : CreateSizes.Full;
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
var held = new ScenarioResult("heldRecords", $"5 Records held in a variable (N={sizes.HeldRecords:N0})");
var signIn = new ScenarioResult("signIn", "6 Sign-in and Get-VerifikAccessToken");
var uploadMemory = new ScenarioResult("uploadMemory", $"7 Upload memory ({createSizes.LargeFiles} files of {createSizes.LargeBytes / (1024 * 1024)} MB, -ThrottleLimit 4)");
var uploadThroughput = new ScenarioResult("uploadThroughput", $"8 Upload throughput at 20 ms latency ({createSizes.SmallFiles} files)");
var save = new ScenarioResult("saveThroughput", $"9 Save images, {sizes.SaveImages} × 2 MB at 20 ms latency");
var saveMemory = new ScenarioResult("saveMemory", $"10 Save images, {sizes.LargeImages} × 40 MB: memory");
var behind = new ScenarioResult("heldBehindSlow", "11 Records of 15 MB held behind one slow ID");
var pool = new ScenarioResult("connectionPool", "12 16 runspaces × -ThrottleLimit 64 at 500 ms latency, -TimeoutSec 1");
var endlessListing = new ScenarioResult("endlessListing", "13 Listings that never say 'last' (repeated pages, endless counts)");
var report = new ScenarioResult("reviewReport", $"14 Review page of {(quick ? "2,000" : "10,000")} records, {(quick ? "200" : "1,000")} images");
var properties = new ScenarioResult("properties", "15 Property-based tests of the pure pieces, long");

// Import first: its cold figure is only cold while no runspace of this process has loaded the module yet.
var order = new (string Name, ScenarioResult Result, Func<Task> Body)[]
{
    ("import", import, () => { Scenarios.ImportTime(import, sizes); return Task.CompletedTask; }),
    ("throughput", throughput, () => Scenarios.Throughput(throughput, sizes)),
    ("overhead", overhead, () => Scenarios.PipelineOverhead(overhead, sizes)),
    ("listing", listing, () => { Scenarios.ListingMemory(listing, sizes); return Task.CompletedTask; }),
    ("held", held, () => { HeldRecordsScenario.Run(held, sizes); return Task.CompletedTask; }),
    ("signin", signIn, () => SignInScenarios.Run(signIn, quick)),
    ("create", uploadMemory, () => { CreateScenarios.UploadMemory(uploadMemory, createSizes); return Task.CompletedTask; }),
    ("create", uploadThroughput, () => CreateScenarios.UploadThroughput(uploadThroughput, createSizes)),
    ("save", save, () => { SaveScenarios.Throughput(save, sizes); return Task.CompletedTask; }),
    ("save", saveMemory, () => { SaveScenarios.Memory(saveMemory, sizes); return Task.CompletedTask; }),
    ("behind", behind, () => { HeldBehindSlowScenario.Run(behind); return Task.CompletedTask; }),
    ("pool", pool, () => { PoolScenario.Run(pool); return Task.CompletedTask; }),
    ("hostile", endlessListing, () => HostileScenarios.EndlessListing(endlessListing)),
    ("report", report, () => { ReportScenario.Run(report, quick); return Task.CompletedTask; }),
    ("properties", properties, () => { PropertyScenario.Run(properties, quick); return Task.CompletedTask; }),
}.Where(s => only == null || only.Contains(s.Name)).ToArray();
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

var results = order.Select(s => s.Result).ToArray();
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
var path = only == null ? BenchPaths.ResultsFile(quick) : BenchPaths.ResultsFile(quick, string.Join("-", only));
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
