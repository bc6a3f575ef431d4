using System.Net.Http.Headers;
using Xunit;

namespace Verifik.Unit.Tests;

/// <summary>RetryDelay: Retry-After (seconds or HTTP-date, raw or parsed header) and jittered exponential back-off.</summary>
public class RetryDelayTests
{
    private static readonly DateTimeOffset Now = new(2025, 8, 22, 19, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("0", 0)]
    [InlineData("1", 1)]
    [InlineData("120", 120)]
    [InlineData("86400", 86400)]
    public void RawSeconds(string value, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), RetryDelay.FromRetryAfter(value, Now));

    [Fact]
    public void RawHttpDate_InTheFuture_IsTheDifference() =>
        Assert.Equal(TimeSpan.FromSeconds(90), RetryDelay.FromRetryAfter("Fri, 22 Aug 2025 19:01:30 GMT", Now));

    [Fact]
    public void RawHttpDate_InThePast_IsZero() =>
        Assert.Equal(TimeSpan.Zero, RetryDelay.FromRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", Now));

    [Fact]
    public void RawHttpDate_Now_IsZero() =>
        Assert.Equal(TimeSpan.Zero, RetryDelay.FromRetryAfter("Fri, 22 Aug 2025 19:00:00 GMT", Now));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("soon")]
    [InlineData("1.5")]
    [InlineData("-5")]
    [InlineData("+5")]
    [InlineData("2025-08-22T19:01:30Z")] // ISO 8601 is not an HTTP-date
    [InlineData("Fri, 32 Aug 2025 19:01:30 GMT")]
    public void RawGarbage_IsNull(string? value) => Assert.Null(RetryDelay.FromRetryAfter(value, Now));

    [Fact]
    public void Header_Null_IsNull() => Assert.Null(RetryDelay.FromRetryAfter((RetryConditionHeaderValue?)null, Now));

    [Fact]
    public void Header_Delta()
    {
        Assert.Equal(TimeSpan.FromSeconds(7), RetryDelay.FromRetryAfter(new RetryConditionHeaderValue(TimeSpan.FromSeconds(7)), Now));
        Assert.Equal(TimeSpan.Zero, RetryDelay.FromRetryAfter(RetryConditionHeaderValue.Parse("0"), Now));
        Assert.Equal(TimeSpan.FromSeconds(30), RetryDelay.FromRetryAfter(RetryConditionHeaderValue.Parse("30"), Now));
    }

    [Fact]
    public void Header_Date_FutureAndPast()
    {
        Assert.Equal(TimeSpan.FromMinutes(2), RetryDelay.FromRetryAfter(new RetryConditionHeaderValue(Now.AddMinutes(2)), Now));
        Assert.Equal(TimeSpan.Zero, RetryDelay.FromRetryAfter(new RetryConditionHeaderValue(Now.AddMinutes(-2)), Now));
        Assert.Equal(TimeSpan.FromSeconds(90), RetryDelay.FromRetryAfter(RetryConditionHeaderValue.Parse("Fri, 22 Aug 2025 19:01:30 GMT"), Now));
    }

    [Theory]
    [InlineData(1, 100)]
    [InlineData(2, 200)]
    [InlineData(3, 400)]
    [InlineData(4, 800)]
    [InlineData(5, 1000)] // capped by maxDelay
    [InlineData(60, 1000)]
    [InlineData(5000, 1000)] // 2^4999 overflows to infinity; still capped
    [InlineData(0, 100)]
    public void Backoff_StaysBetweenHalfTheCeilingAndTheCeiling(int attempt, double ceilingMs)
    {
        var baseDelay = TimeSpan.FromMilliseconds(100);
        var max = TimeSpan.FromSeconds(1);
        var seen = new HashSet<double>();
        for (var i = 0; i < 2000; i++)
        {
            var d = RetryDelay.Backoff(attempt, baseDelay, max);
            Assert.InRange(d.TotalMilliseconds, ceilingMs / 2, ceilingMs);
            Assert.True(d <= max);
            seen.Add(d.TotalMilliseconds);
        }
        Assert.True(seen.Count > 10, "the back-off should be jittered, got " + seen.Count + " distinct values");
    }

    [Fact]
    public void Backoff_NeverExceedsMax_ForAnyAttempt()
    {
        var max = TimeSpan.FromMilliseconds(250);
        for (var attempt = 1; attempt <= 64; attempt++)
        {
            for (var i = 0; i < 50; i++)
            {
                var d = RetryDelay.Backoff(attempt, TimeSpan.FromMilliseconds(10), max);
                Assert.True(d <= max, $"attempt {attempt}: {d}");
                Assert.True(d > TimeSpan.Zero);
            }
        }
    }

    [Fact]
    public void Backoff_IsNeverInstant_AndSpreadsOverTheUpperHalf()
    {
        var samples = Enumerable.Range(0, 5000).Select(_ => RetryDelay.Backoff(3, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1)).TotalSeconds).ToList();

        Assert.All(samples, s => Assert.InRange(s, 2.0, 4.0));
        // Both quarters of the jitter range are hit (a constant or one-sided generator would fail).
        Assert.Contains(samples, s => s < 2.5);
        Assert.Contains(samples, s => s > 3.5);
    }

    [Fact]
    public void Backoff_ZeroBase_IsZero() =>
        Assert.Equal(TimeSpan.Zero, RetryDelay.Backoff(3, TimeSpan.Zero, TimeSpan.FromSeconds(1)));
}
