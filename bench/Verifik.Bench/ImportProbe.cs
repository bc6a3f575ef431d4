using System.Diagnostics;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace Verifik.Bench;

/// <summary>
/// "Verifik.Bench --import-probe [cold|engine-warm]": times one Import-Module of the module in this (fresh) process
/// and prints the milliseconds. Run as a child of the benchmark so every sample is really the first in its process.
/// </summary>
internal static class ImportProbe
{
    public const string Argument = "--import-probe";

    public static int Run(string mode)
    {
        var engineWarm = mode == "engine-warm";
        string? dummyDir = null;
        try
        {
            if (engineWarm)
            {
                // A manifest-only module: warms Import-Module's own code path without loading any Verifik assembly.
                dummyDir = Path.Combine(Path.GetTempPath(), "verifik-bench-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
                Directory.CreateDirectory(dummyDir);
                var manifest = Path.Combine(dummyDir, "BenchDummy.psd1");
                File.WriteAllText(manifest, "@{ ModuleVersion = '1.0.0'; GUID = '0b7e5a2c-1d34-4f6e-8a9b-2c3d4e5f6a7b'; FunctionsToExport = @(); CmdletsToExport = @() }");
                using var warmRunspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
                warmRunspace.Open();
                using var warm = PowerShell.Create();
                warm.Runspace = warmRunspace;
                warm.AddCommand("Import-Module").AddParameter("Name", manifest).AddParameter("ErrorAction", "Stop").Invoke();
            }

            using var runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
            runspace.Open();
            Console.WriteLine(TimeImport(runspace).TotalMilliseconds.ToString("F3", CultureInfo.InvariantCulture));
            return 0;
        }
        finally
        {
            if (dummyDir != null) try { Directory.Delete(dummyDir, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>Times one Import-Module of the built module in an open runspace (only the call itself).</summary>
    public static TimeSpan TimeImport(Runspace runspace)
    {
        using var ps = PowerShell.Create();
        ps.Runspace = runspace;
        ps.AddCommand("Import-Module").AddParameter("Name", BenchPaths.ModuleManifest).AddParameter("ErrorAction", "Stop");
        var sw = Stopwatch.StartNew();
        ps.Invoke();
        sw.Stop();
        if (ps.HadErrors) throw new InvalidOperationException("Import-Module failed: " + ps.Streams.Error.FirstOrDefault());
        return sw.Elapsed;
    }

    /// <summary>Starts this program as a child in probe mode and returns the milliseconds it measured.</summary>
    public static double RunChild(bool engineWarm)
    {
        var psi = new ProcessStartInfo(BenchPaths.DotnetHost())
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.ArgumentList.Add(typeof(ImportProbe).Assembly.Location);
        psi.ArgumentList.Add(Argument);
        psi.ArgumentList.Add(engineWarm ? "engine-warm" : "cold");
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("Could not start the import probe.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
        {
            process.Kill();
            process.WaitForExit(10_000);
            throw new TimeoutException("The import probe did not finish within 60 s.");
        }
        if (process.ExitCode != 0) throw new InvalidOperationException($"The import probe failed ({process.ExitCode}): {stderr.Result.Trim()}");
        var lines = stdout.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return double.Parse(lines[^1], CultureInfo.InvariantCulture);
    }
}
