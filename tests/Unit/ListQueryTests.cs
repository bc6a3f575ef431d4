using Xunit;

namespace Verifik.Unit.Tests;

/// <summary>ListQuery.ToRelativeUri: only page, limit and status, in range, escaped.</summary>
public class ListQueryTests
{
    [Fact]
    public void Defaults_FirstPageOfOneHundred()
    {
        var q = new ListQuery();

        Assert.Equal("v2/document-liveness?page=1&limit=100", q.ToRelativeUri());
        Assert.Equal(100, ListQuery.MaxLimit);
    }

    [Theory]
    [InlineData(1, 1, "v2/document-liveness?page=1&limit=1")]
    [InlineData(3, 10, "v2/document-liveness?page=3&limit=10")]
    [InlineData(2147483647, 100, "v2/document-liveness?page=2147483647&limit=100")]
    public void PageAndLimit(int page, int limit, string expected) =>
        Assert.Equal(expected, new ListQuery { Page = page, Limit = limit }.ToRelativeUri());

    [Fact]
    public void Status_IsSentAndEscaped()
    {
        Assert.Equal("v2/document-liveness?page=1&limit=10&status=completed",
            new ListQuery { Limit = 10, Status = "completed" }.ToRelativeUri());
        Assert.Equal("v2/document-liveness?page=1&limit=10&status=a%20b%26limit%3D1%23x",
            new ListQuery { Limit = 10, Status = "a b&limit=1#x" }.ToRelativeUri());
    }

    [Fact]
    public void EmptyStatus_IsOmitted() =>
        Assert.Equal("v2/document-liveness?page=1&limit=5", new ListQuery { Limit = 5, Status = "" }.ToRelativeUri());

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void PageBelowOne_Throws(int page) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ListQuery { Page = page }.ToRelativeUri());

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    [InlineData(101)]
    public void LimitOutOfRange_Throws(int limit) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ListQuery { Limit = limit }.ToRelativeUri());

    [Fact]
    public void ResolvesUnderTheBaseUri()
    {
        var uri = new Uri(VerifikClient.NormalizeBaseUri(new Uri("http://127.0.0.1:5080")), new ListQuery { Page = 2, Limit = 10 }.ToRelativeUri());

        Assert.Equal("/v2/document-liveness", uri.AbsolutePath);
        Assert.Equal("?page=2&limit=10", uri.Query);
    }

    [Fact]
    public void ToString_DescribesThePage()
    {
        Assert.Equal("page 2", new ListQuery { Page = 2 }.ToString());
        Assert.Equal("page 1 (status failed)", new ListQuery { Status = "failed" }.ToString());
    }
}
