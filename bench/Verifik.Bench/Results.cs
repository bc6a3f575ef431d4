using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Verifik.Bench;

/// <summary>One measured figure; those with a target carry its description and whether it was met.</summary>
internal sealed record Figure(string Key, string Label, double Value, string Unit, int Decimals = 0)
{
    public string? Target { get; init; }
    public bool? Pass { get; init; }

    public string Formatted => Value.ToString("N" + Decimals, CultureInfo.InvariantCulture) + (Unit.Length == 0 ? "" : Unit == "%" || Unit == "×" ? Unit : " " + Unit);
}

internal sealed class ScenarioResult
{
    public ScenarioResult(string key, string title) { Key = key; Title = title; }

    public string Key { get; }
    public string Title { get; }
    public List<Figure> Figures { get; } = new();
    public List<string> Notes { get; } = new();
    public string? Error { get; set; }
    public TimeSpan Duration { get; set; }

    /// <summary>Null when the scenario has no target or did not run.</summary>
    public bool? Pass => Error != null ? false : Figures.Any(f => f.Pass.HasValue) ? Figures.Where(f => f.Pass.HasValue).All(f => f.Pass!.Value) : null;

    public Figure Add(string key, string label, double value, string unit, int decimals = 0)
    {
        var f = new Figure(key, label, value, unit, decimals);
        Figures.Add(f);
        return f;
    }

    public void AddTarget(string key, string label, double value, string unit, int decimals, string target, bool pass) =>
        Figures.Add(new Figure(key, label, value, unit, decimals) { Target = target, Pass = pass });
}

internal static class Report
{
    public static string Table(IEnumerable<ScenarioResult> results)
    {
        var rows = new List<string[]> { new[] { "Scenario", "Figure", "Value", "Target", "Result" } };
        foreach (var r in results)
        {
            var first = true;
            if (r.Error != null)
            {
                var message = r.Error.ReplaceLineEndings(" ");
                rows.Add(new[] { r.Title, "ERROR: " + (message.Length > 90 ? message[..90] + "…" : message), "", "", "error" });
                first = false;
            }
            foreach (var f in r.Figures)
            {
                rows.Add(new[] { first ? r.Title : "", f.Label, f.Formatted, f.Target ?? "", f.Pass switch { true => "pass", false => "MISS", null => "" } });
                first = false;
            }
            rows.Add(Array.Empty<string>());
        }
        var widths = Enumerable.Range(0, 5).Select(c => rows.Where(x => x.Length > 0).Max(x => x[c].Length)).ToArray();
        var sb = new StringBuilder();
        var rule = string.Join("-+-", widths.Select(w => new string('-', w)));
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            if (row.Length == 0) { if (i < rows.Count - 1) sb.AppendLine(rule); continue; }
            sb.AppendLine(string.Join(" | ", row.Select((cell, c) => c == 2 ? cell.PadLeft(widths[c]) : cell.PadRight(widths[c]))).TrimEnd());
            if (i == 0) sb.AppendLine(rule);
        }
        return sb.ToString();
    }

    public static JsonObject Json(JsonObject machine, IEnumerable<ScenarioResult> results, bool quick)
    {
        var scenarios = new JsonArray();
        foreach (var r in results)
        {
            var figures = new JsonObject();
            var targets = new JsonArray();
            foreach (var f in r.Figures)
            {
                figures[f.Key] = new JsonObject { ["value"] = Math.Round(f.Value, 3), ["unit"] = f.Unit, ["label"] = f.Label };
                if (f.Target != null) targets.Add(new JsonObject { ["figure"] = f.Key, ["target"] = f.Target, ["actual"] = f.Formatted, ["pass"] = f.Pass });
            }
            var s = new JsonObject
            {
                ["key"] = r.Key,
                ["title"] = r.Title,
                ["pass"] = r.Pass,
                ["durationSeconds"] = Math.Round(r.Duration.TotalSeconds, 1),
                ["figures"] = figures,
                ["targets"] = targets,
            };
            if (r.Notes.Count > 0) s["notes"] = new JsonArray(r.Notes.Select(n => (JsonNode)JsonValue.Create(n)!).ToArray());
            if (r.Error != null) s["error"] = r.Error;
            scenarios.Add(s);
        }
        return new JsonObject
        {
            ["benchmark"] = "Verifik.Bench",
            ["quick"] = quick,
            ["machine"] = machine,
            ["scenarios"] = scenarios,
            ["missed"] = new JsonArray(results.SelectMany(r => r.Figures.Where(f => f.Pass == false).Select(f => (JsonNode)JsonValue.Create(r.Key + "." + f.Key)!))
                .Concat(results.Where(r => r.Error != null).Select(r => (JsonNode)JsonValue.Create(r.Key + ": error")!)).ToArray()),
        };
    }

    public static void Write(string path, JsonObject json) =>
        File.WriteAllText(path, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n");
}
