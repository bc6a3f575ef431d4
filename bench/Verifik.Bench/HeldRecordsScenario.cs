namespace Verifik.Bench;

/// <summary>
/// Memory a script pays to keep records: <c>$all = Get-VerifikDocumentLiveness</c> over N listed records, then the
/// GC heap that stays after a full collection, per record (PowerShell's own PSObject wrappers and the array included,
/// as a user pays them). The sandbox runs in a child process so its memory is not counted.
/// </summary>
internal static class HeldRecordsScenario
{
    private static readonly TimeSpan RunLimit = TimeSpan.FromMinutes(5);

    public static void Run(ScenarioResult r, Sizes sizes)
    {
        var n = sizes.HeldRecords;
        using var child = ChildSandbox.Start(n, TimeSpan.FromSeconds(60));
        using var host = new EngineHost();
        host.Connect(child.BaseUri, Sandbox.SandboxDefaults.Token);
        host.Run("$all = Get-VerifikDocumentLiveness -First 200; $all = $null", RunLimit); // JIT and connection warm-up

        MemorySampler.FullGc();
        var before = GC.GetTotalMemory(true);
        host.Run("$all = Get-VerifikDocumentLiveness -PageSize 100", RunLimit);
        MemorySampler.FullGc();
        var held = GC.GetTotalMemory(true) - before;

        var count = Convert.ToInt32(host.Run("$all.Count", RunLimit).Single().BaseObject);
        if (count != n) throw new InvalidOperationException($"Expected {n} held records, got {count}.");
        var jsonBytes = Convert.ToInt64(host.Run("$b = 0L; foreach ($x in $all) { $b += [System.Text.Encoding]::UTF8.GetByteCount($x.ToJson()) }; $b", RunLimit).Single().BaseObject);
        host.Run("$all = $null", RunLimit);

        r.Add("records", "records held ($all = Get-VerifikDocumentLiveness)", n, "");
        r.Add("heldMB", "GC heap kept for them after a full GC", held / (1024.0 * 1024), "MB", 1);
        r.AddTarget("bytesPerRecord", "bytes per held record", (double)held / n, "B", 0, "≤ 2,048 B", held / (double)n <= 2048);
        r.Add("jsonBytesPerRecord", "of which could be the API's JSON (UTF-8 length, for -Raw/ToJson())", (double)jsonBytes / n, "B", 0);
        r.Notes.Add($"Sandbox in child process {child.ProcessId}, {n:N0} synthetic flat records; module {BenchPaths.ModuleManifest}.");
    }
}
