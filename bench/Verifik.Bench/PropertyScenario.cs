using System.Diagnostics;
using System.Globalization;

namespace Verifik.Bench;

/// <summary>
/// 14 The property-based tests of tests/Unit (PureProperties: the response parser, SafeFileName, Printable.Escape, the
/// record path segment, the JWT reader), each run for a long time instead of CI's bounded count. They need CsCheck and
/// the client's internals, not the module, so they run in a child "dotnet test" (VERIFIK_PROPERTY_SECONDS per property),
/// which reports how many inputs each property was tried on (VERIFIK_PROPERTY_REPORT).
/// </summary>
internal static class PropertyScenario
{
    public static void Run(ScenarioResult r, bool quick)
    {
        var seconds = quick ? 10 : 60;
        var report = Path.Combine(Path.GetTempPath(), $"verifik-properties-{Guid.NewGuid():N}.tsv");
        var project = Path.Combine(BenchPaths.Root, "tests", "Unit", "Verifik.Unit.Tests.csproj");
        var psi = new ProcessStartInfo(BenchPaths.DotnetHost())
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = BenchPaths.Root,
        };
        foreach (var a in new[] { "test", project, "-c", "Release", "--nologo", "--filter", "FullyQualifiedName~PureProperties" }) psi.ArgumentList.Add(a);
        psi.Environment["VERIFIK_PROPERTY_SECONDS"] = seconds.ToString(CultureInfo.InvariantCulture);
        psi.Environment["VERIFIK_PROPERTY_REPORT"] = report;
        try
        {
            using var child = Process.Start(psi)!;
            var output = child.StandardOutput.ReadToEndAsync();
            var errors = child.StandardError.ReadToEndAsync();
            child.WaitForExit();
            if (child.ExitCode != 0)
            {
                var text = (output.Result + errors.Result).ReplaceLineEndings(" ");
                r.Error = "a property failed (dotnet test exited with " + child.ExitCode + "): " + (text.Length > 2000 ? text[^2000..] : text);
            }
            foreach (var line in File.Exists(report) ? File.ReadAllLines(report) : [])
            {
                var parts = line.Split('\t');
                if (parts.Length != 3) continue;
                var key = "inputs." + new string(parts[0].Where(char.IsLetterOrDigit).ToArray());
                r.Add(key, $"{parts[0]}: inputs tried in {parts[2]} s", double.Parse(parts[1], CultureInfo.InvariantCulture), "inputs");
            }
            r.Notes.Add($"each property ran for {seconds} s on {Environment.ProcessorCount} threads (CsCheck's default); CI runs a fixed count, a few seconds in all");
        }
        finally
        {
            File.Delete(report);
        }
    }
}
