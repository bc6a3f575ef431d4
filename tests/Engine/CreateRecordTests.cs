using Xunit;

namespace Verifik.Engine.Tests;

/// <summary>
/// What New-VerifikDocumentLiveness sends and writes: the body maps every parameter (calibrations only when given), and
/// each file gives one Verifik.DocumentLiveness like Get-VerifikDocumentLiveness's, plus SourcePath and the create-only fields.
/// </summary>
public class CreateRecordTests : CreateTestBase
{
    [Fact]
    public void The_body_maps_every_parameter_and_the_image_is_the_files_bytes()
    {
        var file = Jpeg("id.jpg", 70_000);
        var record = Host.Run("""
            $r = New-VerifikDocumentLiveness -LiteralPath $file -ScreenReplayCalibration soft -PrintedCopyCalibration Regular `
                -PortraitSubstitutionCalibration HARD -SaveImage -IgnoreDocumentCropped -IgnoreColourLess
            $r.ScreenReplayCalibration, $r.PrintedCopyCalibration, $r.PortraitSubstitutionCalibration -join ','
            $r.ImageSaved -and $r.IgnoreDocumentCroppedValidation -and $r.IgnoreColourLessValidation
            """, ("file", file));
        Assert.Empty(Host.Errors);
        Assert.Equal(new object[] { "SOFT,REGULAR,HARD", true }, record.Select(o => o.BaseObject));

        var create = Assert.Single(Server.Creates.Snapshot());
        Assert.Equal(Sha256(file), create.ImageSha256);
        Assert.Equal(70_000, create.ImageBytes);
        Assert.Equal(new Dictionary<string, string>
        {
            ["saveImage"] = "true",
            ["validateScreenReplay"] = "true",
            ["validatePrintedCopy"] = "true",
            ["validatePortraitSubstitution"] = "true",
            ["validateDigitalManipulation"] = "true",
            ["screenReplayCalibration"] = "\"SOFT\"",
            ["printedCopyCalibration"] = "\"REGULAR\"",
            ["portraitSubstitutionCalibration"] = "\"HARD\"",
            ["ignoreDocumentCroppedValidation"] = "true",
            ["ignoreColourLessValidation"] = "true",
        }, create.Members!.ToDictionary());
        Assert.NotNull(create.ImageUrl);
    }

    [Fact]
    public void Without_options_every_check_runs_no_calibration_is_sent_and_nothing_is_saved()
    {
        var file = Png("id.png");
        var answers = Host.Run("""
            $r = New-VerifikDocumentLiveness $file
            $r.ScreenReplayValidated -and $r.PrintedCopyValidated -and $r.PortraitSubstitutionValidated -and $r.DigitalManipulationValidated
            $r.ScreenReplayCalibration, $r.PrintedCopyCalibration, $r.PortraitSubstitutionCalibration -join ','
            $r.ImageSaved
            """, ("file", file));
        Assert.Empty(Host.Errors);
        Assert.Equal(new object[] { true, "REGULAR,REGULAR,REGULAR", false }, answers.Select(o => o.BaseObject));

        var members = Assert.Single(Server.Creates.Snapshot()).Members!;
        Assert.Equal(new[] { "ignoreColourLessValidation=false", "ignoreDocumentCroppedValidation=false", "saveImage=false",
            "validateDigitalManipulation=true", "validatePortraitSubstitution=true", "validatePrintedCopy=true", "validateScreenReplay=true" },
            members.Select(m => m.Key + "=" + m.Value).Order(StringComparer.Ordinal));
        Assert.Equal(0, Server.Images.Count);
    }

    [Fact]
    public void Checks_and_calibrations_tab_complete()
    {
        var answers = Host.Run("""
            foreach ($line in 'New-VerifikDocumentLiveness -Check ', 'New-VerifikDocumentLiveness -PrintedCopyCalibration ', 'New-VerifikDocumentLiveness -Check Sc') {
                (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText -join ','
            }
            """);

        Assert.Empty(Host.Errors);
        Assert.Equal(new object[] { "DigitalManipulation,PortraitSubstitution,PrintedCopy,ScreenReplay", "HARD,REGULAR,SOFT", "ScreenReplay" },
            answers.Select(o => o.BaseObject));
        Assert.Empty(Server.Requests.Snapshot());
    }

    [Fact]
    public void Each_file_gives_a_DocumentLiveness_with_SourcePath_and_the_create_only_fields()
    {
        var file = WebP("card.webp");
        var answers = Host.Run("""
            $r = New-VerifikDocumentLiveness -Path $file
            $r -is [Verifik.DocumentLiveness]
            $r.SourcePath -eq $file
            $r.Id -match '^[0-9a-f]{24}$'
            $r.IsLive -is [bool]
            $r.AggregateWarnings -is [Verifik.CodeList]
            $r.ChargesCount
            $r.CreatedAt.Kind
            (Get-Command New-VerifikDocumentLiveness).OutputType.Name
            """, ("file", file));

        Assert.Empty(Host.Errors);
        Assert.Equal(new object[] { true, true, true, true, true, 1, DateTimeKind.Utc, "Verifik.DocumentLiveness" },
            answers.Select(o => o.BaseObject));
    }

    [Fact]
    public void Get_VerifikDocumentLiveness_returns_the_created_record_afterwards_without_a_SourcePath()
    {
        var file = Jpeg("id.jpg");
        var answers = Host.Run("""
            $created = New-VerifikDocumentLiveness -Path $file
            $fetched = Get-VerifikDocumentLiveness -Id $created.Id
            $fetched.Id -eq $created.Id
            $fetched.AggregatedScore -eq $created.AggregatedScore
            $fetched.PortraitSubstitutionProbability -eq $created.PortraitSubstitutionProbability
            [string]::IsNullOrEmpty($fetched.SourcePath)
            $fetched.ChargesCount
            """, ("file", file));

        Assert.Empty(Host.Errors);
        Assert.Equal(new object[] { true, true, true, true, 1 }, answers.Select(o => o.BaseObject));
    }

    [Fact]
    public void The_default_view_is_the_same_table_as_Get_VerifikDocumentLiveness()
    {
        var file = Jpeg("id.jpg");
        var console = new CapturingHost(width: 120);
        using var host = new ModuleHost(console);
        host.Run("$script:created = New-VerifikDocumentLiveness -Path $file; $created | Out-Host", ("file", file));
        var created = Lines(console.Text);
        var id = (string)host.Run("$created.Id").Single().BaseObject;

        var fetchedHost = new CapturingHost(width: 120);
        using (var other = new ModuleHost(fetchedHost))
        {
            other.Run("Get-VerifikDocumentLiveness -Id $id | Out-Host", ("id", id));
        }
        var fetched = Lines(fetchedHost.Text);

        Assert.Empty(host.Errors);
        Assert.Equal(fetched[0], created[0]);                       // the same column headers
        Assert.Contains("Aggregated", created[0]);
        Assert.StartsWith(id, created.Single(l => l.StartsWith(id)));
        Assert.DoesNotContain(file, console.Text);                  // SourcePath is a property, not a column
        Assert.All(created, l => Assert.True(l.Length <= 120, l));
    }

    private static List<string> Lines(string text) =>
        System.Text.RegularExpressions.Regex.Replace(text, "\u001b\\[[0-9;]*m", "").Split('\n')
            .Select(l => l.TrimEnd()).Where(l => l.Length > 0).ToList();
}
