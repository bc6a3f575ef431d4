using Xunit;

namespace Verifik.Unit.Tests;

/// <summary>Plain http is allowed only to loopback; https everywhere; and the base URI is normalised.</summary>
public class TransportPolicyTests
{
    [Theory]
    [InlineData("http://localhost/")]
    [InlineData("http://LOCALHOST:5080/")]
    [InlineData("http://127.0.0.1:5080/")]
    [InlineData("http://127.0.0.2/")]
    [InlineData("http://127.255.255.254:1/")]
    [InlineData("http://[::1]:5080/")]
    [InlineData("http://[::1]/")]
    public void Http_ToLoopback_IsAllowed(string uri)
    {
        Assert.Null(TransportPolicy.Check(new Uri(uri)));
        Assert.True(TransportPolicy.IsLoopback(new Uri(uri)));
    }

    [Theory]
    [InlineData("http://api.verifik.co/")]
    [InlineData("http://10.0.0.1/")]
    [InlineData("http://192.168.1.10:5080/")]
    [InlineData("http://0.0.0.0/")]
    [InlineData("http://[::]/")]
    [InlineData("http://128.0.0.1/")]
    [InlineData("http://localhost.evil.example/")]
    [InlineData("http://127.0.0.1.nip.io/")]
    [InlineData("http://[2001:db8::1]/")]
    public void Http_Elsewhere_IsRefused(string uri)
    {
        var problem = TransportPolicy.Check(new Uri(uri));

        Assert.NotNull(problem);
        Assert.Contains("plain http", problem);
        Assert.False(TransportPolicy.IsLoopback(new Uri(uri)));
    }

    [Theory]
    [InlineData("https://api.verifik.co/")]
    [InlineData("https://10.0.0.1:8443/verifik/")]
    [InlineData("https://localhost/")]
    public void Https_IsAllowed(string uri) => Assert.Null(TransportPolicy.Check(new Uri(uri)));

    [Theory]
    [InlineData("ftp://api.verifik.co/")]
    [InlineData("file:///tmp/x")]
    [InlineData("ws://localhost/")]
    public void OtherSchemes_AreRefused(string uri) => Assert.Contains("neither http nor https", TransportPolicy.Check(new Uri(uri)));

    [Fact]
    public void RelativeUri_IsRefused() =>
        Assert.Contains("not an absolute URI", TransportPolicy.Check(new Uri("v2/x", UriKind.Relative)));

    [Fact]
    public void RefusalMessage_NamesTheOriginOnly()
    {
        var problem = TransportPolicy.Check(new Uri("http://api.verifik.co:8080/some/path?q=1"))!;

        Assert.Contains("'http://api.verifik.co:8080'", problem);
        Assert.DoesNotContain("some/path", problem);
        Assert.DoesNotContain("q=1", problem);
    }

    [Theory]
    [InlineData("https://api.verifik.co", "https://api.verifik.co/")]
    [InlineData("https://api.verifik.co/", "https://api.verifik.co/")]
    [InlineData("https://gw.example/verifik", "https://gw.example/verifik/")]
    [InlineData("https://gw.example/verifik/", "https://gw.example/verifik/")]
    [InlineData("https://gw.example/verifik?x=1#frag", "https://gw.example/verifik/")]
    [InlineData("http://127.0.0.1:5080", "http://127.0.0.1:5080/")]
    public void NormalizeBaseUri_TrailingSlash_NoQueryOrFragment(string input, string expected) =>
        Assert.Equal(expected, VerifikClient.NormalizeBaseUri(new Uri(input)).AbsoluteUri);

    [Fact]
    public void NormalizeBaseUri_Relative_Throws() =>
        Assert.Throws<ArgumentException>(() => VerifikClient.NormalizeBaseUri(new Uri("api", UriKind.Relative)));
}
