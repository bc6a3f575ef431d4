using System.Net.Http.Headers;
using Xunit;

namespace Verifik.Unit.Tests;

/// <summary>Lone surrogates in IDs and Retry-After values past Int32.</summary>
public class HostileValueInputTests
{
    [Theory]
    // Built from code units: xUnit would turn a lone surrogate in an InlineData string into U+FFFD.
    [InlineData("a", 0xD800, "b", 2)]
    [InlineData("", 0xDC00, "", 1)]
    [InlineData("end", 0xD83D, "", 4)]
    [InlineData("x", 0xDE00, "\u00e9", 2)] // a low half with no high half before it
    public void LoneSurrogate_IsRefused_NamingWhere(string before, int surrogate, string after, int position)
    {
        var id = before + (char)surrogate + after;
        var problem = RecordPath.Validate(id);

        Assert.NotNull(problem);
        Assert.Contains("lone UTF-16 surrogate", problem);
        Assert.Contains("position " + position, problem);
        Assert.Throws<ArgumentException>(() => RecordPath.ForDocumentLiveness(id));
    }

    [Fact]
    public void SurrogatePair_IsAnOrdinaryId()
    {
        Assert.Null(RecordPath.Validate("ok\uD83D\uDE00"));
        Assert.Equal("v2/document-liveness/ok%F0%9F%98%80", RecordPath.ForDocumentLiveness("ok\uD83D\uDE00"));
    }

    [Theory]
    [InlineData("99999999999")]
    [InlineData(" 2147483648 ")]
    public void RawRetryAfterAboveInt32_IsTheLongestDelta(string value) =>
        Assert.Equal(TimeSpan.FromSeconds(int.MaxValue), RetryDelay.FromRetryAfter(value, DateTimeOffset.UtcNow));

    [Fact]
    public void HeaderOf_ReadsTheRawValueWhenTheTypedParseGivesUp()
    {
        using var response = new HttpResponseMessage();
        response.Headers.TryAddWithoutValidation("Retry-After", "99999999999");

        Assert.Null(response.Headers.RetryAfter);
        Assert.Equal(TimeSpan.FromSeconds(int.MaxValue), RetryDelay.HeaderOf(response.Headers)!.Delta);
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("-99999999999")]
    public void HeaderOf_GarbageIsStillNoHeader(string value)
    {
        using var response = new HttpResponseMessage();
        response.Headers.TryAddWithoutValidation("Retry-After", value);

        Assert.Null(RetryDelay.HeaderOf(response.Headers));
    }

    [Fact]
    public void HeaderOf_AValidHeaderIsTheTypedOne()
    {
        using var response = new HttpResponseMessage();
        response.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(5));

        Assert.Equal(TimeSpan.FromSeconds(5), RetryDelay.HeaderOf(response.Headers)!.Delta);
    }
}
