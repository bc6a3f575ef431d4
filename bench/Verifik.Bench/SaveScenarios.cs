using System.Diagnostics;
using Verifik.Sandbox;

namespace Verifik.Bench;

/// <summary>
/// Save-VerifikDocumentLivenessImage: throughput of many 2 MB images at 20 ms latency against the ideal
/// images × latency ÷ throttle, and the memory of saving 40 MB images (which must stream, not buffer). The sandbox runs
/// in a child process serving synthetic records whose imageUrl points at generated JPEGs of the size asked for.
/// </summary>
internal static class SaveScenarios
{
    private const int Throttle = 8; // the -ThrottleLimit default
    private static readonly TimeSpan RunLimit = TimeSpan.FromMinutes(10);
    private const double Mb = 1024 * 1024;

    // 5 ──────────────────────────────────────────────────────────────────────────────────────────────
    public static void Throughput(ScenarioResult r, Sizes sizes)
    {
        var images = sizes.SaveImages;
        const long bytes = 2 * 1024 * 1024;
        var latency = TimeSpan.FromMilliseconds(20);
        using var child = ChildSandbox.Start(images, TimeSpan.FromSeconds(60), "--synthetic-image-bytes", bytes.ToString(), "--latency-ms", latency.TotalMilliseconds.ToString());
        using var host = new EngineHost();
        host.Connect(child.BaseUri, SandboxDefaults.Token);
        // The records are listed before the timing: the figure is the downloads alone, one request per image.
        host.Run($"$records = @(Get-VerifikDocumentLiveness -First {images})", RunLimit);

        TimeSave(host, "$records[0..15]", 16, bytes); // warm-up: JIT, connections, the disk
        var runs = new List<TimeSpan>();
        for (var round = 0; round < 3; round++) runs.Add(TimeSave(host, "$records", images, bytes));
        var best = runs.Min();

        // The reference: the same downloads by a bare HttpClient loop (what this machine allows at all).
        var urls = host.Run("$records | ForEach-Object ImageUrl", RunLimit).Select(o => new Uri((string)o.BaseObject)).ToList();
        using var raw = new RawDownloader();
        var rawRuns = new List<TimeSpan>();
        for (var round = 0; round < 3; round++)
        {
            var folder = NewFolder();
            Directory.CreateDirectory(folder);
            try
            {
                var clock = Stopwatch.StartNew();
                raw.Download(urls, folder, Throttle);
                rawRuns.Add(clock.Elapsed);
                Check(folder, images, bytes);
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        var ideal = images * latency.TotalMilliseconds / Throttle;
        r.Add("images", "images saved", images, "");
        r.Add("imageMB", "image size", bytes / Mb, "MB");
        r.Add("latencyMs", "sandbox latency per request", latency.TotalMilliseconds, "ms");
        r.Add("wallMs", "wall, -ThrottleLimit 8 (default)", best.TotalMilliseconds, "ms");
        r.Add("idealMs", "ideal images × latency ÷ 8", ideal, "ms");
        r.AddTarget("percentOfIdeal", "% of ideal (ideal ÷ wall)", 100 * ideal / best.TotalMilliseconds, "%", 1, "≥ 85 %", 100 * ideal / best.TotalMilliseconds >= 85);
        r.Add("megabytesPerSecond", "MB/s written", images * bytes / Mb / best.TotalSeconds, "MB/s");
        r.Add("rawWallMs", "reference: bare HttpClient to files, 8 workers", rawRuns.Min().TotalMilliseconds, "ms");
        r.Add("rawPercentOfIdeal", "reference: bare HttpClient % of ideal", 100 * ideal / rawRuns.Min().TotalMilliseconds, "%", 1);
        r.Notes.Add("raw runs (ms): " + string.Join(", ", rawRuns.Select(t => t.TotalMilliseconds.ToString("F0"))));
        r.Notes.Add("runs (ms): " + string.Join(", ", runs.Select(t => t.TotalMilliseconds.ToString("F0"))) +
                    $"; sandbox in child process {child.ProcessId}, files written to {Path.GetTempPath()}");
    }

    // 6 ──────────────────────────────────────────────────────────────────────────────────────────────
    public static void Memory(ScenarioResult r, Sizes sizes)
    {
        var images = sizes.LargeImages;
        const long bytes = 40 * 1024 * 1024;
        using var child = ChildSandbox.Start(images, TimeSpan.FromSeconds(60), "--synthetic-image-bytes", bytes.ToString());
        using var host = new EngineHost();
        host.Connect(child.BaseUri, SandboxDefaults.Token);
        host.Run($"$records = @(Get-VerifikDocumentLiveness -First {images})", RunLimit);
        TimeSave(host, "$records[0..1]", 2, bytes); // warm-up

        var folder = NewFolder();
        try
        {
            var m = MemoryRun.Measure(() => host.Run("$records | Save-VerifikDocumentLivenessImage -Destination $d", RunLimit, ("d", folder)));
            Check(folder, images, bytes);
            r.Add("images", "images saved", images, "");
            r.Add("imageMB", "image size", bytes / Mb, "MB");
            r.Add("wallMs", "wall, -ThrottleLimit 8", m.Elapsed.TotalMilliseconds, "ms");
            r.AddTarget("workingSetGrowthMB", "peak working-set growth", m.WorkingSetGrowth / Mb, "MB", 1, "< 32 MB", m.WorkingSetGrowth / Mb < 32);
            r.Add("privateGrowthMB", "peak private-memory growth", m.PrivateGrowth / Mb, "MB", 1);
            r.Add("managedGrowthMB", "peak GC-heap growth", m.ManagedGrowth / Mb, "MB", 1);
            r.Add("megabytesPerSecond", "MB/s written", images * bytes / Mb / m.Elapsed.TotalSeconds, "MB/s");
            r.Notes.Add($"Sandbox in child process {child.ProcessId}; this process sampled every 50 ms ({m.Samples} samples); " +
                        $"baseline after a full GC: working set {m.BaselineWorkingSet / Mb:F1} MB.");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Saves into a new folder, checks every file arrived whole, deletes the folder; returns the wall time.</summary>
    private static TimeSpan TimeSave(EngineHost host, string input, int count, long bytes)
    {
        var folder = NewFolder();
        try
        {
            host.Run("$null", RunLimit, ("d", folder));
            var clock = Stopwatch.StartNew();
            host.Run(input + " | Save-VerifikDocumentLivenessImage -Destination $d", RunLimit);
            clock.Stop();
            Check(folder, count, bytes);
            return clock.Elapsed;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string NewFolder() => Path.Combine(Path.GetTempPath(), "verifik-bench-save-" + Guid.NewGuid().ToString("N"));

    private static void Check(string folder, int count, long bytes)
    {
        var files = Directory.GetFiles(folder);
        if (files.Length != count || files.Any(f => new FileInfo(f).Length != bytes || !f.EndsWith(".jpg", StringComparison.Ordinal)))
            throw new InvalidOperationException($"Expected {count} .jpg files of {bytes:N0} bytes in {folder}; found {files.Length}.");
    }
}
