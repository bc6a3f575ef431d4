using Xunit;

namespace Verifik.Unit.Tests;

/// <summary>An ID is always exactly one escaped path segment under v2/document-liveness/.</summary>
public class RecordPathTests
{
    private const string Prefix = "/v2/document-liveness/";

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("\t\r\n")]
    [InlineData(".")]
    [InlineData("..")]
    public void InvalidIds_AreRefused(string? id)
    {
        Assert.NotNull(RecordPath.Validate(id));
        Assert.Throws<ArgumentException>(() => RecordPath.ForDocumentLiveness(id!));
    }

    [Fact]
    public void Validate_ExplainsWhy()
    {
        Assert.Contains("null", RecordPath.Validate(null));
        Assert.Contains("empty", RecordPath.Validate(""));
        Assert.Contains("whitespace", RecordPath.Validate("   "));
        Assert.Contains("relative path segment", RecordPath.Validate(".."));
    }

    [Theory]
    [InlineData("68a8bf34d8207d5f3357b643")]
    [InlineData("...")]
    [InlineData(" .. ")]
    [InlineData("../x")]
    [InlineData("%2E%2E")]
    [InlineData("a b")]
    public void OddButNamableIds_AreValid(string id) => Assert.Null(RecordPath.Validate(id));

    [Fact]
    public void PlainId_IsAppendedAsIs()
    {
        Assert.Equal("v2/document-liveness/68a8bf34d8207d5f3357b643", RecordPath.ForDocumentLiveness("68a8bf34d8207d5f3357b643"));
        Assert.Equal("v2/document-liveness", RecordPath.DocumentLiveness);
    }

    [Theory]
    [InlineData("a/b", "a%2Fb")]
    [InlineData("a?b=1", "a%3Fb%3D1")]
    [InlineData("a#frag", "a%23frag")]
    [InlineData("100%", "100%25")]
    [InlineData("a\\b", "a%5Cb")]
    [InlineData("a b", "a%20b")]
    [InlineData("ñandú", "%C3%B1and%C3%BA")]
    [InlineData("a\u0001\u007Fb", "a%01%7Fb")]
    [InlineData("../x", "..%2Fx")]
    [InlineData("%2F", "%252F")]
    [InlineData("a+b&c=d;e", "a%2Bb%26c%3Dd%3Be")]
    public void SpecialCharacters_AreEscaped(string id, string segment) =>
        Assert.Equal("v2/document-liveness/" + segment, RecordPath.ForDocumentLiveness(id));

    [Theory]
    [InlineData("a/b")]
    [InlineData("a?b")]
    [InlineData("a#b")]
    [InlineData("%")]
    [InlineData("\\")]
    [InlineData(" a ")]
    [InlineData("ñ/é?#%\\ \u0001x")]
    [InlineData("../x")]
    [InlineData("../../../etc/passwd")]
    [InlineData("..\\..\\x")]
    [InlineData("./x")]
    [InlineData("...")]
    [InlineData("%2e%2e")]
    [InlineData("..%2F..")]
    [InlineData("/")]
    [InlineData("//evil.example/x")]
    [InlineData("http://evil.example/")]
    [InlineData("😀")]
    public void EscapedSegment_StaysUnderTheResource(string id)
    {
        var path = RecordPath.ForDocumentLiveness(id);
        var segment = path.Substring("v2/document-liveness/".Length);

        Assert.DoesNotContain("/", segment);
        Assert.DoesNotContain("?", segment);
        Assert.DoesNotContain("#", segment);
        Assert.DoesNotContain("\\", segment);

        var baseUri = new Uri("http://h/");
        var resolved = new Uri(baseUri, path);
        Assert.Equal("h", resolved.Host);
        Assert.StartsWith(Prefix, resolved.AbsolutePath);
        Assert.DoesNotContain("/", resolved.AbsolutePath.Substring(Prefix.Length));
        Assert.Equal(string.Empty, resolved.Query);
        Assert.Equal(string.Empty, resolved.Fragment);
        Assert.Equal(id, Uri.UnescapeDataString(resolved.AbsolutePath.Substring(Prefix.Length)));
    }

    [Fact]
    public void UnderAGatewayPrefix_TheIdStaysUnderThePrefix()
    {
        var baseUri = VerifikClient.NormalizeBaseUri(new Uri("https://gw.example/verifik"));
        var resolved = new Uri(baseUri, RecordPath.ForDocumentLiveness("../../x"));

        Assert.Equal("/verifik/v2/document-liveness/..%2F..%2Fx", resolved.AbsolutePath);
    }
}
