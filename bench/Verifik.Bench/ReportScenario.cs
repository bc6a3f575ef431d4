using Verifik.Sandbox;

namespace Verifik.Bench;

/// <summary>
/// Export-VerifikDocumentLivenessReport: a page of 10,000 listed records of which 1,000 have a stored image (200 KB
/// generated JPEGs at 20 ms latency, sandbox in a child process): the wall time and the peak memory of the first run
/// (the downloads included), of a second run over the same folder (nothing left to download), and of -NoImage. The
/// records are listed before the timing; holding them is not the cost measured (scenario 5 is).
/// </summary>
internal static class ReportScenario
{
    private const int Throttle = 8; // the -ThrottleLimit default
    private const long ImageBytes = 200 * 1024;
    private static readonly TimeSpan RunLimit = TimeSpan.FromMinutes(10);
    private const double Mb = 1024 * 1024;

    public static void Run(ScenarioResult r, bool quick)
    {
        var records = quick ? 2_000 : 10_000;
        var images = records / 10;
        var latency = TimeSpan.FromMilliseconds(20);
        using var child = ChildSandbox.Start(records, TimeSpan.FromSeconds(60), "--synthetic-image-bytes", ImageBytes.ToString(),
            "--latency-ms", latency.TotalMilliseconds.ToString());
        using var host = new EngineHost();
        host.Connect(child.BaseUri, SandboxDefaults.Token);
        // Every tenth record keeps its image; the others look like records created without saveImage.
        host.Run($"$records = @(Get-VerifikDocumentLiveness -First {records}); " +
                 "for ($i = 0; $i -lt $records.Count; $i++) { if ($i % 10) { $records[$i].ImageUrl = $null } }", RunLimit);

        var folder = Path.Combine(Path.GetTempPath(), "verifik-bench-report-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var page = Path.Combine(folder, "review.html");
            const string export = "$records | Export-VerifikDocumentLivenessReport -Path $p -FlagWhere { $_.PortraitSubstitutionProbability -gt 0.8 }";
            host.Run("$null", RunLimit, ("p", page));
            var first = MemoryRun.Measure(() => host.Run(export, RunLimit));
            var saved = Directory.GetFiles(Path.Combine(folder, "review_files"));
            if (saved.Length != images || saved.Any(f => new FileInfo(f).Length != ImageBytes))
                throw new InvalidOperationException($"Expected {images} images of {ImageBytes:N0} bytes; found {saved.Length}.");
            var pageBytes = new FileInfo(page).Length;
            var again = MemoryRun.Measure(() => host.Run(export, RunLimit));
            host.Run("$null", RunLimit, ("p", Path.Combine(folder, "numbers.html")));
            var noImage = MemoryRun.Measure(() => host.Run("$records | Export-VerifikDocumentLivenessReport -Path $p -NoImage", RunLimit));

            var ideal = images * latency.TotalMilliseconds / Throttle;
            r.Add("records", "records on the page", records, "");
            r.Add("images", "images downloaded", images, "");
            r.Add("imageKB", "image size", ImageBytes / 1024.0, "KB");
            r.Add("pageMB", "page size", pageBytes / Mb, "MB", 1);
            r.Add("wallMs", "wall, first run (downloads included)", first.Elapsed.TotalMilliseconds, "ms");
            r.Add("idealDownloadMs", "ideal downloads alone: images × latency ÷ 8", ideal, "ms");
            r.Add("workingSetGrowthMB", "peak working-set growth, first run", first.WorkingSetGrowth / Mb, "MB", 1);
            r.Add("managedGrowthMB", "peak GC-heap growth, first run", first.ManagedGrowth / Mb, "MB", 1);
            r.Add("resumeWallMs", "wall, second run (nothing to download)", again.Elapsed.TotalMilliseconds, "ms");
            r.Add("resumeWorkingSetGrowthMB", "peak working-set growth, second run", again.WorkingSetGrowth / Mb, "MB", 1);
            r.Add("noImageWallMs", "wall, -NoImage", noImage.Elapsed.TotalMilliseconds, "ms");
            r.Add("noImageManagedGrowthMB", "peak GC-heap growth, -NoImage", noImage.ManagedGrowth / Mb, "MB", 1);
            r.Notes.Add($"Sandbox in child process {child.ProcessId} at {latency.TotalMilliseconds:N0} ms latency; this process sampled every 50 ms " +
                        $"({first.Samples} samples in the first run); baseline working set {first.BaselineWorkingSet / Mb:F1} MB with the records held.");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
