using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace Verifik.Unit.Tests;

/// <summary>The nested record of the older docs (validationResults / calibrationSettings / validationFlags).</summary>
public class NestedRecordParsingTests
{
    private static (DocumentLiveness Record, List<string> Problems) Documented() =>
        TestFixtures.Parse(DocumentedPayloads.RecordJson("nested-response.json"));

    [Fact]
    public void DocumentedNestedRecord_TopLevelFields()
    {
        var (r, problems) = Documented();

        Assert.Empty(problems);
        Assert.Equal("document_liveness_123456789", r.Id);
        Assert.Equal("client_123456789", r.Client);
        Assert.Equal("app_registration_123456789", r.AppRegistration);
        Assert.True(r.ImageSaved);
        Assert.Equal("https://cdn.verifik.co/images/document_123456789.jpg", r.ImageUrl);
        Assert.Equal("completed", r.Status);
        Assert.Equal(0.05, r.RiskScore);
        Assert.Equal(0.91, r.Confidence);
        Assert.Null(r.AggregatedScore);
    }

    [Fact]
    public void DocumentedNestedRecord_DatesIncludingCompletedAt_AreUtc()
    {
        var (r, _) = Documented();

        Assert.Equal(new DateTime(2024, 1, 15, 10, 30, 0, DateTimeKind.Utc), r.CreatedAt);
        Assert.Equal(new DateTime(2024, 1, 15, 10, 32, 0, DateTimeKind.Utc), r.UpdatedAt);
        Assert.Equal(new DateTime(2024, 1, 15, 10, 32, 0, DateTimeKind.Utc), r.CompletedAt);
        Assert.Equal(DateTimeKind.Utc, r.CompletedAt!.Value.Kind);
    }

    [Fact]
    public void DocumentedNestedRecord_ValidationResults()
    {
        var (r, _) = Documented();

        Assert.True(r.ScreenReplayPassed);
        Assert.Equal(0.95, r.ScreenReplayScore);
        Assert.Equal("No screen replay detected", r.ScreenReplayDetails);

        Assert.True(r.PrintedCopyPassed);
        Assert.Equal(0.90, r.PrintedCopyScore);
        Assert.Equal("No printed copy detected", r.PrintedCopyDetails);

        Assert.True(r.PortraitSubstitutionPassed);
        Assert.Equal(0.88, r.PortraitSubstitutionScore);
        Assert.Equal("No portrait substitution detected", r.PortraitSubstitutionDetails);

        Assert.True(r.DigitalManipulationPassed);
        Assert.Equal(0.92, r.DigitalManipulationScore);
        Assert.Equal("No digital manipulation detected", r.DigitalManipulationDetails);

        // The nested shape has no probabilities and no warning/error lists.
        Assert.Null(r.ScreenReplayProbability);
        Assert.Null(r.DigitalManipulationProbability);
        Assert.Empty(r.ScreenReplayWarnings);
        Assert.Empty(r.PortraitSubstitutionErrors);
    }

    [Fact]
    public void DocumentedNestedRecord_ChecksPresentInValidationResults_AreValidated()
    {
        var (r, _) = Documented();

        Assert.True(r.ScreenReplayValidated);
        Assert.True(r.PrintedCopyValidated);
        Assert.True(r.PortraitSubstitutionValidated);
        Assert.True(r.DigitalManipulationValidated);
    }

    [Fact]
    public void CheckMissingFromValidationResults_IsNotValidated()
    {
        var node = DocumentedPayloads.RecordNode("nested-response.json");
        node["validationResults"]!.AsObject().Remove("digitalManipulation");

        var (r, problems) = TestFixtures.Parse(node);

        Assert.Empty(problems);
        Assert.Null(r.DigitalManipulationValidated);
        Assert.Null(r.DigitalManipulationPassed);
        Assert.Null(r.DigitalManipulationScore);
        Assert.True(r.ScreenReplayValidated);
    }

    [Fact]
    public void DocumentedNestedRecord_CalibrationSettings()
    {
        var (r, _) = Documented();

        Assert.Equal("REGULAR", r.ScreenReplayCalibration);
        Assert.Equal("REGULAR", r.PrintedCopyCalibration);
        Assert.Equal("REGULAR", r.PortraitSubstitutionCalibration);
        Assert.Null(r.DigitalManipulationCalibration); // not in the documented calibrationSettings
    }

    [Fact]
    public void CalibrationSettings_DistinctValues_MapToTheirChecks()
    {
        var node = DocumentedPayloads.RecordNode("nested-response.json");
        node["calibrationSettings"] = new JsonObject
        {
            ["screenReplayCalibration"] = "SOFT",
            ["printedCopyCalibration"] = "HARD",
            ["portraitSubstitutionCalibration"] = "REGULAR",
        };

        var (r, _) = TestFixtures.Parse(node);

        Assert.Equal("SOFT", r.ScreenReplayCalibration);
        Assert.Equal("HARD", r.PrintedCopyCalibration);
        Assert.Equal("REGULAR", r.PortraitSubstitutionCalibration);
    }

    [Fact]
    public void ValidationFlags_AreRead()
    {
        var node = DocumentedPayloads.RecordNode("nested-response.json");
        node["validationFlags"] = new JsonObject { ["ignoreDocumentCroppedValidation"] = true, ["ignoreColourLessValidation"] = false };

        var (r, _) = TestFixtures.Parse(node);

        Assert.True(r.IgnoreDocumentCroppedValidation);
        Assert.False(r.IgnoreColourLessValidation);

        var (documented, _) = Documented();
        Assert.False(documented.IgnoreDocumentCroppedValidation);
        Assert.False(documented.IgnoreColourLessValidation);
    }

    [Fact]
    public void PassedFalse_IsKept()
    {
        var node = DocumentedPayloads.RecordNode("nested-response.json");
        node["validationResults"]!["printedCopy"]!["passed"] = false;

        var (r, _) = TestFixtures.Parse(node);

        Assert.False(r.PrintedCopyPassed);
        Assert.True(r.ScreenReplayPassed);
    }

    [Fact]
    public void NestedWarningsAndErrors_AreRead()
    {
        var node = DocumentedPayloads.RecordNode("nested-response.json");
        node["validationResults"]!["screenReplay"]!["warnings"] = new JsonArray("GLARE_ON_IMAGE", "LOW_RESOLUTION");
        node["validationResults"]!["screenReplay"]!["errors"] = new JsonArray("DOCUMENT_NOT_FOUND");

        var (r, _) = TestFixtures.Parse(node);

        Assert.Equal("GLARE_ON_IMAGE;LOW_RESOLUTION", r.ScreenReplayWarnings.ToString());
        Assert.Equal(new[] { "DOCUMENT_NOT_FOUND" }, r.ScreenReplayErrors);
    }

    [Fact]
    public void ToJson_IsTheNestedRecord_NotTheEnvelope()
    {
        var raw = DocumentedPayloads.Read("nested-response.json");
        using var doc = JsonDocument.Parse(raw);
        var data = doc.RootElement.GetProperty("data");

        var r = DocumentLivenessParser.Parse(data, new List<string>());

        Assert.Equal(data.GetRawText(), r.ToJson());
        Assert.DoesNotContain("signature", r.ToJson());
        Assert.Contains("validationResults", r.ToJson());
    }

    [Fact]
    public void UnknownNestedFields_DoNotBreakParsing()
    {
        var node = DocumentedPayloads.RecordNode("nested-response.json");
        node["validationResults"]!["screenReplay"]!["model"] = new JsonObject { ["v"] = 2 };
        node["validationResults"]!["somethingNew"] = new JsonObject { ["passed"] = "maybe" };
        node["validationFlags"]!["ignoreSomethingElse"] = "x";

        var (r, problems) = TestFixtures.Parse(node);

        Assert.Empty(problems);
        Assert.Equal(0.95, r.ScreenReplayScore);
    }

    [Fact]
    public void NullNestedSections_GiveNullsAndNoProblems()
    {
        var node = DocumentedPayloads.RecordNode("nested-response.json");
        node["validationResults"] = null;
        node["calibrationSettings"] = null;
        node["validationFlags"] = null;
        node["riskScore"] = null;
        node["confidence"] = null;
        node["completedAt"] = null;
        node["status"] = null;

        var (r, problems) = TestFixtures.Parse(node);

        Assert.Empty(problems);
        Assert.Null(r.ScreenReplayValidated);
        Assert.Null(r.ScreenReplayScore);
        Assert.Null(r.PrintedCopyCalibration);
        Assert.Null(r.IgnoreColourLessValidation);
        Assert.Null(r.RiskScore);
        Assert.Null(r.Confidence);
        Assert.Null(r.CompletedAt);
        Assert.Null(r.Status);
        Assert.Equal(DocumentedPayloads.NestedId, r.Id);
    }
}
