using System.Diagnostics;
using Verifik.Sandbox;

namespace Verifik.Bench;

internal sealed record CreateSizes(int LargeFiles, int LargeBytes, int SmallFiles)
{
    public static CreateSizes Full { get; } = new(40, 8 * 1024 * 1024, 500);
    public static CreateSizes Quick { get; } = new(12, 8 * 1024 * 1024, 150);
}

/// <summary>New-VerifikDocumentLiveness: memory while uploading large images, and throughput of small ones at a fixed latency.</summary>
internal static class CreateScenarios
{
    private const int Throttle = 4; // New-VerifikDocumentLiveness -ThrottleLimit default
    private static readonly TimeSpan RunLimit = TimeSpan.FromMinutes(10);
    private const double Mb = 1024 * 1024;

    // 5 ──────────────────────────────────────────────────────────────────────────────────────────────
    /// <summary>
    /// Large files at -ThrottleLimit 4 against a sandbox in a child process (whose memory, holding each body it
    /// receives, is not ours): the module must stream each file into its request, not hold files or bodies.
    /// </summary>
    public static void UploadMemory(ScenarioResult r, CreateSizes sizes)
    {
        var folder = Directory.CreateTempSubdirectory("verifik-bench-upload-").FullName;
        try
        {
            var files = WriteImages(folder, sizes.LargeFiles, sizes.LargeBytes);
            using var child = ChildSandbox.Start(TimeSpan.FromSeconds(60));
            using var host = new EngineHost();
            host.Connect(child.BaseUri, SandboxDefaults.Token);

            // Warm-up (JIT, the connection pool, the upload path) on two of the files, checked for the right count.
            host.Run("$null", RunLimit, ("warm", files.Take(2).ToArray()), ("files", files));
            var warm = host.Run("@($warm | New-VerifikDocumentLiveness -ThrottleLimit 4).Count", RunLimit);
            if (Convert.ToInt32(warm.Single().BaseObject) != 2) throw new InvalidOperationException("The warm-up did not create 2 records.");

            int Records() => Convert.ToInt32(host.Run("@(Get-VerifikDocumentLiveness).Count", RunLimit).Single().BaseObject);
            var before = Records();
            var run = Scenarios.Measure(host, $"$files | New-VerifikDocumentLiveness -ThrottleLimit {Throttle} | Out-Null");
            var created = Records() - before;
            if (created != files.Length) throw new InvalidOperationException($"Expected {files.Length} records, the sandbox has {created}.");

            var total = (double)files.Length * sizes.LargeBytes;
            r.Add("files", "files submitted", files.Length, "");
            r.Add("fileMB", "size of each file", sizes.LargeBytes / Mb, "MB");
            r.Add("throttle", "-ThrottleLimit", Throttle, "");
            r.Add("wallMs", "wall", run.Elapsed.TotalMilliseconds, "ms");
            r.Add("megabytesPerSecond", "image MB/s (before base64)", total / Mb / run.Elapsed.TotalSeconds, "MB/s", 1);
            r.AddTarget("workingSetGrowthMB", "peak working-set growth", run.WorkingSetGrowth / Mb, "MB", 1, "< 40 MB", run.WorkingSetGrowth / Mb < 40);
            r.Add("privateGrowthMB", "peak private-memory growth", run.PrivateGrowth / Mb, "MB", 1);
            r.Add("managedGrowthMB", "peak GC-heap growth", run.ManagedGrowth / Mb, "MB", 1);
            r.Add("retainedManagedMB", "GC heap kept after full GC", run.RetainedManaged / Mb, "MB", 1);
            r.Add("bufferedEstimateMB", "for comparison: throttle × one whole body (base64)", Throttle * (sizes.LargeBytes * 4.0 / 3) / Mb, "MB", 1);
            r.Notes.Add($"Sandbox in child process {child.ProcessId}; memory of this (benchmark) process sampled every 50 ms ({run.Samples} samples). " +
                        $"Baseline after a full compacting GC: working set {run.BaselineWorkingSet / Mb:F1} MB, GC heap {run.BaselineManaged / Mb:F1} MB.");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    // 6 ──────────────────────────────────────────────────────────────────────────────────────────────
    /// <summary>Small files at 20 ms of sandbox latency: wall time against the ideal files × latency ÷ throttle, and against -ThrottleLimit 1.</summary>
    public static async Task UploadThroughput(ScenarioResult r, CreateSizes sizes)
    {
        var folder = Directory.CreateTempSubdirectory("verifik-bench-small-").FullName;
        try
        {
            var latency = TimeSpan.FromMilliseconds(20);
            var files = WriteImages(folder, sizes.SmallFiles, 2048);
            await using var server = await SandboxServer.StartAsync(new SandboxOptions { Latency = latency });
            using var host = new EngineHost();
            host.Connect(server.BaseUri, SandboxDefaults.Token);

            var throttled = $"$files | New-VerifikDocumentLiveness -ThrottleLimit {Throttle} | Out-Null";
            const string sequential = "$files | New-VerifikDocumentLiveness -ThrottleLimit 1 | Out-Null";
            var warm = files.Take(40).ToArray();
            TimeRun(host, server, throttled, warm);
            TimeRun(host, server, sequential, warm);

            var runs = new List<TimeSpan> { TimeRun(host, server, throttled, files), TimeRun(host, server, throttled, files) };
            var best = runs.Min();
            var one = TimeRun(host, server, sequential, files);

            var ideal = files.Length * latency.TotalMilliseconds / Throttle;
            r.Add("files", "small files (2 KB) submitted", files.Length, "");
            r.Add("latencyMs", "sandbox latency per request", latency.TotalMilliseconds, "ms");
            r.Add("wallMs", $"wall, -ThrottleLimit {Throttle} (default)", best.TotalMilliseconds, "ms");
            r.Add("idealMs", $"ideal files × latency ÷ {Throttle}", ideal, "ms");
            r.AddTarget("percentOfIdeal", "% of ideal (ideal ÷ wall)", 100 * ideal / best.TotalMilliseconds, "%", 1, "≥ 85 %", 100 * ideal / best.TotalMilliseconds >= 85);
            r.Add("sequentialMs", "wall, -ThrottleLimit 1", one.TotalMilliseconds, "ms");
            r.AddTarget("speedup", "speed-up -ThrottleLimit 1 ÷ default", one / best, "×", 2, "≥ 3.5×", one / best >= 3.5);
            r.Add("filesPerSecond", $"files/s, -ThrottleLimit {Throttle}", files.Length / best.TotalSeconds, "/s");
            r.Notes.Add("throttle-4 runs (ms): " + string.Join(", ", runs.Select(t => t.TotalMilliseconds.ToString("F0"))) +
                        ". The sandbox runs in this process and shares its two cores with the module.");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Runs a submission and checks the sandbox processed exactly one create per file.</summary>
    private static TimeSpan TimeRun(EngineHost host, SandboxServer server, string script, string[] files)
    {
        host.Run("$null", RunLimit, ("files", files)); // set the variable outside the timing
        var before = server.Creates.Count;
        var clock = Stopwatch.StartNew();
        host.Run(script, RunLimit);
        var elapsed = clock.Elapsed;
        var created = server.Creates.Count - before;
        if (created != files.Length) throw new InvalidOperationException($"'{script}': expected {files.Length} creates, the sandbox processed {created}.");
        return elapsed;
    }

    /// <summary>Distinct JPEG-signed files of random bytes (one random buffer, a different prefix per file).</summary>
    private static string[] WriteImages(string folder, int count, int bytes)
    {
        var buffer = new byte[bytes];
        new Random(42).NextBytes(buffer);
        buffer[0] = 0xFF; buffer[1] = 0xD8; buffer[2] = 0xFF; buffer[3] = 0xE0;
        var files = new string[count];
        for (var i = 0; i < count; i++)
        {
            BitConverter.TryWriteBytes(buffer.AsSpan(4), i);
            files[i] = Path.Combine(folder, $"scan-{i:D4}.jpg");
            File.WriteAllBytes(files[i], buffer);
        }
        return files;
    }
}
