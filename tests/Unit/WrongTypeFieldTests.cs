using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace Verifik.Unit.Tests;

/// <summary>A field of the wrong JSON type is left null and named in the problem list; the record still parses.</summary>
public class WrongTypeFieldTests
{
    private static (DocumentLiveness Record, List<string> Problems) FlatWith(string field, JsonNode? value)
    {
        var node = DocumentedPayloads.RecordNode("flat-response.json");
        node[field] = value;
        return TestFixtures.Parse(node);
    }

    [Fact]
    public void ScoreAsWord_IsNull_AndProblemNamesTheField()
    {
        var (r, problems) = FlatWith("sreenReplayScore", "high");

        Assert.Null(r.ScreenReplayScore);
        var problem = Assert.Single(problems);
        Assert.Contains("'sreenReplayScore'", problem);
        Assert.Contains("a number", problem);
        Assert.Contains("\"high\"", problem);
        // The rest of the record is intact.
        Assert.Equal(DocumentedPayloads.FlatId, r.Id);
        Assert.Equal(2.7406464, r.PrintedCopyScore);
        Assert.Equal("REGULAR", r.ScreenReplayCalibration);
    }

    [Fact]
    public void CreatedAtAsNumber_IsNull_AndProblemNamesTheField()
    {
        var (r, problems) = FlatWith("createdAt", 12);

        Assert.Null(r.CreatedAt);
        var problem = Assert.Single(problems);
        Assert.Contains("'createdAt'", problem);
        Assert.Contains("the number 12", problem);
        Assert.NotNull(r.UpdatedAt);
    }

    [Fact]
    public void CreatedAtNotADate_IsNull_AndProblemNamesTheField()
    {
        var (r, problems) = FlatWith("createdAt", "yesterday");

        Assert.Null(r.CreatedAt);
        Assert.Contains("'createdAt'", Assert.Single(problems));
    }

    [Fact]
    public void WarningsAsString_IsEmpty_AndProblemNamesTheField()
    {
        var (r, problems) = FlatWith("screenReplayWarnings", "GLARE_ON_IMAGE");

        Assert.Empty(r.ScreenReplayWarnings);
        var problem = Assert.Single(problems);
        Assert.Contains("'screenReplayWarnings'", problem);
        Assert.Contains("an array of strings", problem);
        Assert.Equal(new[] { "GLARE_ON_IMAGE" }, r.PrintedCopyWarnings);
    }

    [Fact]
    public void WarningsArrayWithANumber_KeepsTheStrings_AndReportsTheRest()
    {
        var (r, problems) = FlatWith("printedCopyWarnings", new JsonArray("GLARE_ON_IMAGE", 7, "LOW_RESOLUTION"));

        Assert.Equal("GLARE_ON_IMAGE;LOW_RESOLUTION", r.PrintedCopyWarnings.ToString());
        var problem = Assert.Single(problems);
        Assert.Contains("'printedCopyWarnings'", problem);
        Assert.Contains("the number 7", problem);
    }

    [Fact]
    public void BooleanGivenAsYes_IsNull_AndProblemNamesTheField()
    {
        var (r, problems) = FlatWith("imageSaved", "yes");

        Assert.Null(r.ImageSaved);
        var problem = Assert.Single(problems);
        Assert.Contains("'imageSaved'", problem);
        Assert.Contains("true or false", problem);
    }

    [Fact]
    public void BooleanGivenAsTheStringTrue_IsAlsoRejected()
    {
        // Unlike numbers, booleans are not read out of strings.
        var (r, problems) = FlatWith("validatePrintedCopy", "true");

        Assert.Null(r.PrintedCopyValidated);
        Assert.Contains("'validatePrintedCopy'", Assert.Single(problems));
    }

    [Fact]
    public void SeveralWrongFields_AreAllReported()
    {
        var node = DocumentedPayloads.RecordNode("flat-response.json");
        node["sreenReplayScore"] = "high";
        node["createdAt"] = 12;
        node["screenReplayWarnings"] = "GLARE_ON_IMAGE";
        node["imageSaved"] = "yes";

        var (r, problems) = TestFixtures.Parse(node);

        Assert.Equal(4, problems.Count);
        foreach (var field in new[] { "sreenReplayScore", "createdAt", "screenReplayWarnings", "imageSaved" })
        {
            Assert.Contains(problems, p => p.Contains("'" + field + "'"));
        }
        Assert.Equal(DocumentedPayloads.FlatId, r.Id);
    }

    [Theory]
    [InlineData("0.5", 0.5)]
    [InlineData("-0.124236", -0.124236)]
    [InlineData("1e-3", 0.001)]
    [InlineData(" 2.5 ", 2.5)]
    [InlineData("10", 10.0)]
    public void NumericStrings_AreAcceptedAsNumbers_WithoutProblems(string text, double expected)
    {
        var (r, problems) = FlatWith("aggregatedScore", text);

        Assert.Empty(problems);
        Assert.Equal(expected, r.AggregatedScore);
    }

    [Theory]
    [InlineData("0,5")]     // a decimal comma is not a number (invariant culture)
    [InlineData("1.000,5")]
    [InlineData("")]
    [InlineData("0x10")]
    public void NonNumericStrings_AreRejected(string text)
    {
        var (r, problems) = FlatWith("aggregatedScore", text);

        Assert.Null(r.AggregatedScore);
        Assert.Contains("'aggregatedScore'", Assert.Single(problems));
    }

    [Fact]
    public void NumericStringInTheTypoedScore_IsAccepted()
    {
        var (r, problems) = FlatWith("sreenReplayScore", "0.5");

        Assert.Empty(problems);
        Assert.Equal(0.5, r.ScreenReplayScore);
    }

    [Fact]
    public void WrongTypedTypo_DoesNotFallBackToTheCorrectSpelling()
    {
        var node = DocumentedPayloads.RecordNode("flat-response.json");
        node["sreenReplayScore"] = "high";
        node["screenReplayScore"] = 0.75;

        var (r, problems) = TestFixtures.Parse(node);

        Assert.Null(r.ScreenReplayScore);
        Assert.Contains("'sreenReplayScore'", Assert.Single(problems));
    }

    [Fact]
    public void NumberForAStringField_IsKeptAsItsText()
    {
        var (r, problems) = FlatWith("client", 12345);

        Assert.Empty(problems);
        Assert.Equal("12345", r.Client);
    }

    [Fact]
    public void ArrayForAStringField_IsNull_AndReported()
    {
        var (r, problems) = FlatWith("imageUrl", new JsonArray("a"));

        Assert.Null(r.ImageUrl);
        var problem = Assert.Single(problems);
        Assert.Contains("'imageUrl'", problem);
        Assert.Contains("an array", problem);
    }

    [Fact]
    public void ValidationResultsNotAnObject_IsReported_AndTheRestParses()
    {
        var node = DocumentedPayloads.RecordNode("nested-response.json");
        node["validationResults"] = "all good";

        var (r, problems) = TestFixtures.Parse(node);

        Assert.Contains("'validationResults'", Assert.Single(problems));
        Assert.Null(r.ScreenReplayScore);
        Assert.Null(r.ScreenReplayValidated);
        Assert.Equal(0.05, r.RiskScore);
        Assert.Equal("REGULAR", r.ScreenReplayCalibration);
    }

    [Fact]
    public void WrongTypeInsideValidationResults_IsReportedWithItsPath()
    {
        var node = DocumentedPayloads.RecordNode("nested-response.json");
        node["validationResults"]!["screenReplay"]!["score"] = "high";
        node["validationResults"]!["printedCopy"]!["passed"] = "yes";
        node["calibrationSettings"]!["portraitSubstitutionCalibration"] = new JsonArray();

        var (r, problems) = TestFixtures.Parse(node);

        Assert.Null(r.ScreenReplayScore);
        Assert.Null(r.PrintedCopyPassed);
        Assert.Null(r.PortraitSubstitutionCalibration);
        Assert.Contains(problems, p => p.Contains("'validationResults.screenReplay.score'"));
        Assert.Contains(problems, p => p.Contains("'validationResults.printedCopy.passed'"));
        Assert.Contains(problems, p => p.Contains("'calibrationSettings.portraitSubstitutionCalibration'"));
        Assert.Equal(3, problems.Count);
        Assert.True(r.ScreenReplayPassed);
    }

    [Fact]
    public void LongWrongStringValue_IsShortenedInTheProblem()
    {
        var (_, problems) = FlatWith("imageSaved", new string('x', 500));

        var problem = Assert.Single(problems);
        Assert.True(problem.Length < 200, problem);
        Assert.Contains("…", problem);
    }

    [Fact]
    public void NonFiniteNumbers_AreRejected()
    {
        var (r1, p1) = TestFixtures.Parse("""{"sreenReplayScore":1e400}""");
        var (r2, p2) = TestFixtures.Parse("""{"sreenReplayScore":"NaN","printedCopyScore":"Infinity","aggregatedScore":"1e400"}""");

        Assert.Null(r1.ScreenReplayScore);
        Assert.Contains("'sreenReplayScore'", Assert.Single(p1));
        Assert.Null(r2.ScreenReplayScore);
        Assert.Null(r2.PrintedCopyScore);
        Assert.Null(r2.AggregatedScore);
        Assert.Equal(3, p2.Count);
    }

    [Fact]
    public void InvalidUtf8InAStringField_DoesNotThrowInvalidOperationException()
    {
        var bytes = Encoding.ASCII.GetBytes("{\"_id\":\"ok\",\"client\":\"__\"}");
        bytes[Array.IndexOf(bytes, (byte)'_', 15)] = 0xFF;
        bytes[Array.IndexOf(bytes, (byte)'_', 15)] = 0xFE;
        using var doc = JsonDocument.Parse(bytes);
        var problems = new List<string>();

        var ex = Record.Exception(() => DocumentLivenessParser.Parse(doc.RootElement, problems));

        Assert.True(ex is null || ex is JsonException, "threw " + ex?.GetType().Name + ": " + ex?.Message);
    }
}
