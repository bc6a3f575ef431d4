using Xunit;

namespace Verifik.Engine.Tests;

/// <summary>
/// The README recipe of tests/Pester/CsvRoundTrip.Tests.ps1 (a CSV of IDs in, a CSV of records and a CSV of the IDs
/// not found out), run in the hosted engine. Import-Csv and Export-Csv are not in it, so each is stood in for by
/// what it does: the rows in are the [pscustomobject]s with string columns that Import-Csv yields (only Id, as
/// Export-Csv wrote ids.csv, or with a column the cmdlet does not know, as a hand-written file has); the rows out are
/// made as Export-Csv makes them: the first object's property names as the columns, each cell the value's
/// ToString() (empty for null).
/// </summary>
public class CsvRoundTripTests : SandboxTestBase
{
    private const string FlatId = DocumentedPayloads.FlatId;
    private static readonly string[] InputIds = { "c1", "gone-1", "c2", "c1", FlatId, "gone-2", "c3" };
    private static readonly string[] ExpectedFound = { "c1", "c2", "c1", FlatId, "c3" };
    private static readonly string[] ExpectedMissing = { "gone-1", "gone-2" };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Server.Records.Add(FlatId, DocumentedPayloads.RecordJson("flat-response.json"));
        Server.Records.AddFlat("c1", warnings: new[] { "GLARE_ON_IMAGE" });
        Server.Records.AddFlat("c2", warnings: new[] { "GLARE_ON_IMAGE", "IMAGE_TOO_BLURRY" }, errors: new[] { "DOCUMENT_CROPPED" });
        Server.Records.AddFlat("c3", warnings: Array.Empty<string>());
        Connect();
    }

    private sealed record Outcome(List<string> Columns, List<Dictionary<string, string>> Rows, List<(string Id, string Reason)> Missing, int InputRows);

    /// <summary>The recipe; <paramref name="withComment"/> adds the column a hand-written ids.csv has.</summary>
    private Outcome RunRecipe(bool withComment)
    {
        var lines = Host.Run("""
            $rows = @(foreach ($id in $inputIds) {
                if ($withComment) { [pscustomobject]@{ Id = $id; Comment = 'from the spreadsheet' } } else { [pscustomobject]@{ Id = $id } }
            })
            "IN`t$($rows.Count)"
            # Import-Csv ids.csv | Get-VerifikDocumentLiveness -ErrorVariable notFound -ErrorAction SilentlyContinue | Export-Csv out.csv
            $records = @($rows | Get-VerifikDocumentLiveness -ErrorVariable notFound -ErrorAction SilentlyContinue)
            $columns = @($records[0].PSObject.Properties | ForEach-Object Name)
            "H`t" + ($columns -join "`t")
            foreach ($record in $records) {
                "R`t" + (@(foreach ($name in $columns) { $value = $record.PSObject.Properties[$name].Value; if ($null -eq $value) { '' } else { $value.ToString() } }) -join "`t")
            }
            # $notFound | ForEach-Object { [pscustomobject]@{ Id = $_.TargetObject; Reason = $_.CategoryInfo.Category } } | Export-Csv missing.csv
            foreach ($e in $notFound) { "M`t{0}`t{1}" -f $e.TargetObject, $e.CategoryInfo.Category.ToString() }
            """, ("inputIds", InputIds), ("withComment", withComment)).Select(o => o.ToString()!.Split('\t')).ToList();
        Assert.Empty(Host.Errors); // -ErrorAction SilentlyContinue: the errors are only in $notFound
        var columns = lines.Single(l => l[0] == "H").Skip(1).ToList();
        var rows = lines.Where(l => l[0] == "R").Select(l => columns.Zip(l.Skip(1)).ToDictionary(p => p.First, p => p.Second)).ToList();
        var missing = lines.Where(l => l[0] == "M").Select(l => (l[1], l[2])).ToList();
        return new Outcome(columns, rows, missing, int.Parse(lines.Single(l => l[0] == "IN")[1]));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Every_input_row_is_read_and_answered_by_a_record_or_an_error(bool withComment)
    {
        var outcome = RunRecipe(withComment);
        Assert.Equal(InputIds.Length, outcome.InputRows);
        Assert.Equal(InputIds.Length, outcome.Rows.Count + outcome.Missing.Count);
        Assert.Equal(InputIds.Where(id => !id.StartsWith("gone-")), outcome.Rows.Select(r => r["Id"]));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void One_row_per_found_input_row_duplicates_answered_each_time_in_input_order(bool withComment)
    {
        Assert.Equal(ExpectedFound, RunRecipe(withComment).Rows.Select(r => r["Id"]));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Every_property_of_the_record_is_a_column(bool withComment)
    {
        var outcome = RunRecipe(withComment);
        var properties = Host.Run("(Get-VerifikDocumentLiveness -Id 'c1').PSObject.Properties | ForEach-Object Name").Select(o => (string)o.BaseObject);
        Assert.Equal(properties, outcome.Columns);
        Assert.Superset(new HashSet<string> { "Id", "CreatedAt", "AggregatedScore", "ScreenReplayScore", "ScreenReplayProbability",
            "ScreenReplayCalibration", "ScreenReplayWarnings", "PrintedCopyWarnings", "PortraitSubstitutionErrors", "DigitalManipulationWarnings" }, outcome.Columns.ToHashSet());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_cells_keep_the_typo_field_and_the_scores(bool withComment)
    {
        var flat = Assert.Single(RunRecipe(withComment).Rows, r => r["Id"] == FlatId);
        // Export-Csv writes numbers with the current culture; read them back the same way.
        Assert.Equal(0.4201007, double.Parse(flat["ScreenReplayScore"], System.Globalization.CultureInfo.CurrentCulture));
        Assert.Equal(0.000001, double.Parse(flat["AggregatedScore"], System.Globalization.CultureInfo.CurrentCulture));
        Assert.Equal("REGULAR", flat["ScreenReplayCalibration"]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Lists_are_readable_cells_joined_with_semicolons(bool withComment)
    {
        var rows = RunRecipe(withComment).Rows;
        var c1 = rows.Where(r => r["Id"] == "c1").ToList();
        var c2 = rows.Single(r => r["Id"] == "c2");
        var c3 = rows.Single(r => r["Id"] == "c3");
        Assert.Equal(2, c1.Count);
        Assert.Equal("GLARE_ON_IMAGE", c1[0]["ScreenReplayWarnings"]);
        Assert.Equal("GLARE_ON_IMAGE", c1[1]["PrintedCopyWarnings"]);
        Assert.Equal("GLARE_ON_IMAGE;IMAGE_TOO_BLURRY", c2["PrintedCopyWarnings"]);
        Assert.Equal("DOCUMENT_CROPPED", c2["DigitalManipulationErrors"]);
        Assert.Equal("", c3["ScreenReplayWarnings"]);
        Assert.Equal("", c3["ScreenReplayErrors"]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void No_cell_is_a_type_name_instead_of_a_list(bool withComment)
    {
        var cells = RunRecipe(withComment).Rows.SelectMany(r => r.Values).ToList();
        Assert.NotEmpty(cells);
        Assert.DoesNotContain(cells, c => c.Contains("System.String[]") || c.Contains("CodeList") || c.Contains("System.Collections"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Exactly_the_missing_ids_are_collected_as_ObjectNotFound(bool withComment)
    {
        var missing = RunRecipe(withComment).Missing;
        Assert.Equal(ExpectedMissing, missing.Select(m => m.Id));
        Assert.All(missing, m => Assert.Equal("ObjectNotFound", m.Reason));
    }
}
