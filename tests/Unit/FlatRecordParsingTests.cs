using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace Verifik.Unit.Tests;

/// <summary>The flat record of the newer docs (what the live API returns), field by field.</summary>
public class FlatRecordParsingTests
{
    private static readonly DateTime Documented = new(2025, 8, 22, 19, 4, 25, 503, DateTimeKind.Utc);

    [Fact]
    public void DocumentedFlatRecord_TopLevelFields()
    {
        var (r, problems) = TestFixtures.Parse(DocumentedPayloads.RecordJson("flat-response.json"));

        Assert.Empty(problems);
        Assert.Equal("68a8bf34d8207d5f3357b643", r.Id);
        Assert.Equal("613375a1eab2fe08527f81e2", r.Client);
        Assert.Null(r.AppRegistration);
        Assert.Null(r.Status);
        Assert.True(r.ImageSaved);
        Assert.Equal("https://cdn.verifik.co/document-liveness/document-liveness-1755889460500", r.ImageUrl);
        Assert.Equal(0.000001, r.AggregatedScore);
        Assert.Null(r.RiskScore);
        Assert.Null(r.Confidence);
        Assert.False(r.IgnoreDocumentCroppedValidation);
        Assert.False(r.IgnoreColourLessValidation);
        Assert.Null(r.CompletedAt);
    }

    [Fact]
    public void DocumentedFlatRecord_DatesAreUtc()
    {
        var (r, _) = TestFixtures.Parse(DocumentedPayloads.RecordJson("flat-response.json"));

        Assert.Equal(Documented, r.CreatedAt);
        Assert.Equal(DateTimeKind.Utc, r.CreatedAt!.Value.Kind);
        Assert.Equal(Documented, r.UpdatedAt);
        Assert.Equal(DateTimeKind.Utc, r.UpdatedAt!.Value.Kind);
    }

    [Fact]
    public void DocumentedFlatRecord_ScreenReplay_ReadFromTheTypoedNames()
    {
        var (r, _) = TestFixtures.Parse(DocumentedPayloads.RecordJson("flat-response.json"));

        Assert.True(r.ScreenReplayValidated);
        Assert.Equal(0.4201007, r.ScreenReplayScore);          // "sreenReplayScore"
        Assert.Equal(0.0019733, r.ScreenReplayProbability);
        Assert.Equal("REGULAR", r.ScreenReplayCalibration);    // "sreenReplayCalibration"
        Assert.Null(r.ScreenReplayPassed);
        Assert.Null(r.ScreenReplayDetails);
        Assert.Equal(new[] { "GLARE_ON_IMAGE" }, r.ScreenReplayWarnings);
        Assert.Empty(r.ScreenReplayErrors);
    }

    [Fact]
    public void DocumentedFlatRecord_PrintedCopy()
    {
        var (r, _) = TestFixtures.Parse(DocumentedPayloads.RecordJson("flat-response.json"));

        Assert.True(r.PrintedCopyValidated);
        Assert.Equal(2.7406464, r.PrintedCopyScore);
        Assert.Equal(0.000001, r.PrintedCopyProbability);
        Assert.Equal("REGULAR", r.PrintedCopyCalibration);
        Assert.Null(r.PrintedCopyPassed);
        Assert.Null(r.PrintedCopyDetails);
        Assert.Equal(new[] { "GLARE_ON_IMAGE" }, r.PrintedCopyWarnings);
        Assert.Empty(r.PrintedCopyErrors);
    }

    [Fact]
    public void DocumentedFlatRecord_PortraitSubstitution()
    {
        var (r, _) = TestFixtures.Parse(DocumentedPayloads.RecordJson("flat-response.json"));

        Assert.True(r.PortraitSubstitutionValidated);
        Assert.Equal(10.7250834, r.PortraitSubstitutionScore);
        Assert.Equal(0.948844, r.PortraitSubstitutionProbability);
        Assert.Equal("REGULAR", r.PortraitSubstitutionCalibration);
        Assert.Null(r.PortraitSubstitutionPassed);
        Assert.Null(r.PortraitSubstitutionDetails);
        Assert.Equal(new[] { "GLARE_ON_IMAGE" }, r.PortraitSubstitutionWarnings);
        Assert.Empty(r.PortraitSubstitutionErrors);
    }

    [Fact]
    public void DocumentedFlatRecord_DigitalManipulation_NegativeScoreKept()
    {
        var (r, _) = TestFixtures.Parse(DocumentedPayloads.RecordJson("flat-response.json"));

        Assert.True(r.DigitalManipulationValidated);
        Assert.Equal(-0.124236, r.DigitalManipulationScore);
        Assert.Equal(0.3582724, r.DigitalManipulationProbability);
        Assert.Equal("REGULAR", r.DigitalManipulationCalibration);
        Assert.Null(r.DigitalManipulationPassed);
        Assert.Null(r.DigitalManipulationDetails);
        Assert.Equal(new[] { "GLARE_ON_IMAGE" }, r.DigitalManipulationWarnings);
        Assert.Empty(r.DigitalManipulationErrors);
    }

    [Fact]
    public void ToJson_ReturnsTheRecordAsSent_AndToStringIsTheId()
    {
        var raw = DocumentedPayloads.Read("flat-response.json");
        using var doc = JsonDocument.Parse(raw);
        var data = doc.RootElement.GetProperty("data");
        var r = DocumentLivenessParser.Parse(data, new List<string>());

        Assert.Equal(data.GetRawText(), r.ToJson());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(data.GetRawText()), JsonNode.Parse(r.ToJson())));
        Assert.Contains("\"__v\": 0", r.ToJson()); // fields the type lacks are still there
        Assert.Equal("68a8bf34d8207d5f3357b643", r.ToString());
    }

    [Fact]
    public void CorrectSpelling_ScreenReplayScoreAndCalibration_AlsoAccepted()
    {
        var node = DocumentedPayloads.RecordNode("flat-response.json");
        node.Remove("sreenReplayScore");
        node.Remove("sreenReplayCalibration");
        node["screenReplayScore"] = 1.25;
        node["screenReplayCalibration"] = "HARD";

        var (r, problems) = TestFixtures.Parse(node);

        Assert.Empty(problems);
        Assert.Equal(1.25, r.ScreenReplayScore);
        Assert.Equal("HARD", r.ScreenReplayCalibration);
    }

    [Fact]
    public void BothSpellingsPresent_TheApiTypoWins()
    {
        var node = DocumentedPayloads.RecordNode("flat-response.json");
        node["screenReplayScore"] = 9.0;
        node["screenReplayCalibration"] = "HARD";

        var (r, _) = TestFixtures.Parse(node);

        Assert.Equal(0.4201007, r.ScreenReplayScore);
        Assert.Equal("REGULAR", r.ScreenReplayCalibration);
    }

    [Fact]
    public void Warnings_AreCodeLists_JoinedWithSemicolon()
    {
        var node = DocumentedPayloads.RecordNode("flat-response.json");
        node["printedCopyWarnings"] = new JsonArray("GLARE_ON_IMAGE", "IMAGE_TOO_BLURRY", "LOW_RESOLUTION");
        node["printedCopyErrors"] = new JsonArray("DOCUMENT_CROPPED");

        var (r, _) = TestFixtures.Parse(node);

        Assert.IsType<CodeList>(r.PrintedCopyWarnings);
        Assert.Equal(3, r.PrintedCopyWarnings.Count);
        Assert.Equal("GLARE_ON_IMAGE;IMAGE_TOO_BLURRY;LOW_RESOLUTION", r.PrintedCopyWarnings.ToString());
        Assert.Contains("IMAGE_TOO_BLURRY", r.PrintedCopyWarnings);
        Assert.Equal("DOCUMENT_CROPPED", r.PrintedCopyErrors.ToString());
        Assert.Equal("GLARE_ON_IMAGE", r.ScreenReplayWarnings.ToString());
        Assert.Equal(string.Empty, r.ScreenReplayErrors.ToString());
    }

    [Fact]
    public void CodeList_FromEmpty_IsTheSharedEmptyInstance()
    {
        Assert.Same(CodeList.Empty, CodeList.From(Array.Empty<string>()));
        Assert.Equal(";", CodeList.Separator);
        Assert.Equal("A;B", CodeList.From(new[] { "A", "B" }).ToString());
    }

    [Fact]
    public void UnknownFields_DoNotBreakParsing()
    {
        var node = DocumentedPayloads.RecordNode("flat-response.json");
        node["isLive"] = true;
        node["aggregateWarnings"] = new JsonArray("GLARE_ON_IMAGE");
        node["chargesCount"] = 3;
        node["rawResponse"] = new JsonObject { ["deep"] = new JsonObject { ["x"] = new JsonArray(1, 2, null) } };
        node["someFutureField"] = JsonValue.Create("whatever");

        var (r, problems) = TestFixtures.Parse(node);

        Assert.Empty(problems);
        Assert.Equal(DocumentedPayloads.FlatId, r.Id);
        Assert.Equal(0.4201007, r.ScreenReplayScore);
        Assert.Contains("rawResponse", r.ToJson());
    }

    [Fact]
    public void NullsEverywhere_GiveNullProperties_AndNoProblems()
    {
        var node = DocumentedPayloads.RecordNode("flat-response.json");
        foreach (var key in node.Select(p => p.Key).ToList()) node[key] = null;
        foreach (var key in new[] { "appRegistration", "status", "riskScore", "confidence", "completedAt", "validationResults",
                     "calibrationSettings", "validationFlags", "screenReplayScore", "screenReplayCalibration" })
        {
            node[key] = null;
        }

        var (r, problems) = TestFixtures.Parse(node);

        Assert.Empty(problems);
        Assert.Null(r.Id);
        Assert.Null(r.Client);
        Assert.Null(r.ImageSaved);
        Assert.Null(r.ImageUrl);
        Assert.Null(r.AggregatedScore);
        Assert.Null(r.CreatedAt);
        Assert.Null(r.UpdatedAt);
        Assert.Null(r.IgnoreDocumentCroppedValidation);
        Assert.Null(r.IgnoreColourLessValidation);
        Assert.Null(r.ScreenReplayValidated);
        Assert.Null(r.ScreenReplayScore);
        Assert.Null(r.ScreenReplayProbability);
        Assert.Null(r.ScreenReplayCalibration);
        Assert.Null(r.PrintedCopyValidated);
        Assert.Null(r.PortraitSubstitutionScore);
        Assert.Null(r.DigitalManipulationCalibration);
        Assert.Empty(r.ScreenReplayWarnings);
        Assert.Empty(r.DigitalManipulationErrors);
        Assert.Equal(string.Empty, r.ToString());
    }

    [Fact]
    public void EmptyObject_ParsesToAnEmptyRecord()
    {
        var (r, problems) = TestFixtures.Parse("{}");

        Assert.Empty(problems);
        Assert.Null(r.Id);
        Assert.Same(CodeList.Empty, r.ScreenReplayWarnings);
        Assert.Equal("{}", r.ToJson());
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"x\"")]
    [InlineData("null")]
    [InlineData("42")]
    public void NonObjectRecord_Throws_JsonException(string json)
    {
        using var doc = JsonDocument.Parse(json);
        Assert.Throws<JsonException>(() => DocumentLivenessParser.Parse(doc.RootElement, new List<string>()));
    }

    [Fact]
    public void IdWithoutUnderscore_IsAccepted()
    {
        var (r, _) = TestFixtures.Parse("""{"id":"abc"}""");
        Assert.Equal("abc", r.Id);
    }

    [Fact]
    public void PopulatedClientObject_GivesItsId()
    {
        var (r, problems) = TestFixtures.Parse("""{"_id":"x","client":{"_id":"client_1","name":"Acme"},"appRegistration":{"_id":"app_1"}}""");

        Assert.Empty(problems);
        Assert.Equal("client_1", r.Client);
        Assert.Equal("app_1", r.AppRegistration);
    }

    [Theory]
    [InlineData("2024-01-15T10:30:00Z")]
    [InlineData("2024-01-15T12:30:00+02:00")]
    [InlineData("2024-01-15T10:30:00.000Z")]
    [InlineData("2024-01-15T10:30:00")] // no zone: taken as UTC, never as local time
    public void Dates_AreConvertedToUtc(string value)
    {
        var (r, problems) = TestFixtures.Parse("{\"createdAt\":\"" + value + "\"}");

        Assert.Empty(problems);
        Assert.Equal(new DateTime(2024, 1, 15, 10, 30, 0, DateTimeKind.Utc), r.CreatedAt);
        Assert.Equal(DateTimeKind.Utc, r.CreatedAt!.Value.Kind);
    }
}
