using System.Text;
using Xunit;

namespace Verifik.Unit.Tests;

/// <summary>
/// The record's compact storage (optional values in the space of plain ones, rare fields in a side object, the JSON as
/// UTF-8) must give back exactly what was put in, null included.
/// </summary>
public class DocumentLivenessStorageTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.0)]
    [InlineData(0.4201007)]
    [InlineData(-0.124236)]
    [InlineData(10.7250834)]
    [InlineData(double.MaxValue)]
    [InlineData(double.Epsilon)]
    public void Optional_numbers_round_trip_and_zero_is_not_null(double value)
    {
        var r = new DocumentLiveness { ScreenReplayScore = value, RiskScore = value };
        Assert.Equal(value, r.ScreenReplayScore);
        Assert.Equal(BitConverter.DoubleToInt64Bits(value), BitConverter.DoubleToInt64Bits(r.ScreenReplayScore!.Value));
        Assert.Equal(value, r.RiskScore);
    }

    [Fact]
    public void Unset_and_nulled_values_read_as_null()
    {
        var r = new DocumentLiveness();
        Assert.Null(r.AggregatedScore);
        Assert.Null(r.CreatedAt);
        Assert.Null(r.ImageSaved);
        Assert.Null(r.Status);
        Assert.Null(r.ChargesCount);
        Assert.Empty(r.AggregateWarnings);

        r.AggregatedScore = 0.5;
        r.AggregatedScore = null;
        r.ImageSaved = false;
        r.ImageSaved = null;
        r.Status = "completed";
        r.Status = null;
        Assert.Null(r.AggregatedScore);
        Assert.Null(r.ImageSaved);
        Assert.Null(r.Status);
    }

    [Fact]
    public void Flags_keep_false_apart_from_null()
    {
        var r = new DocumentLiveness { ImageSaved = false, ScreenReplayPassed = false, IsLive = true, ScreenReplayValidated = true };
        Assert.False(r.ImageSaved);
        Assert.False(r.ScreenReplayPassed);
        Assert.True(r.IsLive);
        Assert.True(r.ScreenReplayValidated);
        Assert.Null(r.PrintedCopyPassed);
    }

    [Theory]
    [InlineData(DateTimeKind.Utc)]
    [InlineData(DateTimeKind.Local)]
    [InlineData(DateTimeKind.Unspecified)]
    public void Dates_keep_their_value_and_kind(DateTimeKind kind)
    {
        var when = new DateTime(2025, 8, 22, 19, 4, 25, 503, kind);
        var r = new DocumentLiveness { CreatedAt = when, CompletedAt = when };
        Assert.Equal(when, r.CreatedAt);
        Assert.Equal(kind, r.CreatedAt!.Value.Kind);
        Assert.Equal(when, r.CompletedAt);
    }

    [Fact]
    public void Rare_fields_hold_their_values()
    {
        var warnings = new CodeList(new[] { "GLARE_ON_IMAGE" });
        var r = new DocumentLiveness
        {
            AppRegistration = "app", SourcePath = "/scans/a.jpg", ChargesCount = 1, AggregateWarnings = warnings,
            ScreenReplayDetails = "No screen replay detected", DigitalManipulationPassed = true, Confidence = 0.91,
        };
        Assert.Equal("app", r.AppRegistration);
        Assert.Equal("/scans/a.jpg", r.SourcePath);
        Assert.Equal(1, r.ChargesCount);
        Assert.Same(warnings, r.AggregateWarnings);
        Assert.Equal("No screen replay detected", r.ScreenReplayDetails);
        Assert.True(r.DigitalManipulationPassed);
        Assert.Equal(0.91, r.Confidence);
        r.AggregateWarnings = null!;
        Assert.Empty(r.AggregateWarnings);
    }

    [Fact]
    public void The_json_comes_back_exactly_as_given_non_ascii_included()
    {
        const string json = "{\"_id\":\"ünï-1\",\"note\":\"日本 ✓\",\"n\":1.50}";
        Assert.Equal(json, new DocumentLiveness(json).ToJson());
        Assert.Equal("{}", new DocumentLiveness().ToJson());
        Assert.Equal(json, new DocumentLiveness(Encoding.UTF8.GetBytes(json)).ToJson());
    }
}
