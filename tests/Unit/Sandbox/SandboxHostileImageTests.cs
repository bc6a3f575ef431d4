using System.Net;
using System.Net.Sockets;
using System.Text;
using Verifik.Sandbox;
using Xunit;

namespace Verifik.Unit.Tests.Sandbox;

/// <summary>Every <see cref="HostileImage"/> variant, checked on the wire (redirects are not followed).</summary>
public class SandboxHostileImageTests : RawSandboxTest
{
    private Uri Url(HostileImage kind, long bytes = 64 * 1024) => Server.HostileImageUrl(kind, "doc 1", bytes);

    [Fact]
    public async Task HtmlPage_Is200TextHtml()
    {
        using var response = await Http.GetAsync(Url(HostileImage.HtmlPage));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("<!DOCTYPE html>", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Oversized_DeclaresAndSendsOneByteMoreThanTheUrlSays()
    {
        using var response = await Http.GetAsync(Url(HostileImage.Oversized, 1_000_000), HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(1_000_001, response.Content.Headers.ContentLength);
        Assert.Equal(1_000_001, (await response.Content.ReadAsByteArrayAsync()).Length);
        Assert.Contains("/hostile/oversized/1000000/doc%201", Url(HostileImage.Oversized, 1_000_000).AbsoluteUri);
    }

    [Fact]
    public async Task OversizedChunked_HasNoContentLength_AndSendsOneByteMore()
    {
        using var response = await Http.GetAsync(Url(HostileImage.OversizedChunked, 300_000), HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
        Assert.Null(response.Content.Headers.ContentLength);
        Assert.True(response.Headers.TransferEncodingChunked);
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(300_001, body.Length);
        Assert.Equal([0xFF, 0xD8, 0xFF], body[..3]);
    }

    [Fact]
    public async Task RedirectOtherHost_Swaps127AndLocalhost_OnTheSamePort_WhereARealImageIsServed()
    {
        using var response = await Http.GetAsync(Url(HostileImage.RedirectOtherHost));

        Assert.Equal(302, (int)response.StatusCode);
        var location = response.Headers.Location!;
        Assert.Equal("localhost", location.Host);
        Assert.Equal(Server.CdnBaseUri.Port, location.Port);

        using var target = await Http.GetAsync(location);
        Assert.Equal(200, (int)target.StatusCode);
        Assert.Equal("image/jpeg", target.Content.Headers.ContentType?.MediaType);
        Assert.Equal(SampleImages.Jpeg(), await target.Content.ReadAsByteArrayAsync());
        Assert.StartsWith("localhost:", Server.Requests.Snapshot().Last().Host);
    }

    [Fact]
    public async Task RedirectToApi_PointsAtTheApiOrigin()
    {
        using var response = await Http.GetAsync(Url(HostileImage.RedirectToApi));

        Assert.Equal(302, (int)response.StatusCode);
        Assert.Equal(new Uri(Server.BaseUri, "v2/document-liveness/doc%201"), response.Headers.Location);
        Assert.Equal(Server.BaseUri.GetLeftPart(UriPartial.Authority), response.Headers.Location!.GetLeftPart(UriPartial.Authority));
    }

    [Fact]
    public async Task RedirectToApi_FollowedByAClientThatDropsItsToken_ReachesTheApiWithoutOne()
    {
        // What a careful client does: it follows, but the API sees no bearer token (and answers 401).
        using var following = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = true, UseProxy = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, Url(HostileImage.RedirectToApi));
        request.Headers.Authorization = new("Bearer", SandboxDefaults.Token); // HttpClient strips it on redirect

        using var response = await following.SendAsync(request);

        Assert.Equal(401, (int)response.StatusCode);
        var atApi = Assert.Single(Server.Requests.Snapshot(), r => r.Origin == Server.BaseUri.GetLeftPart(UriPartial.Authority));
        Assert.Null(atApi.TokenId);
    }

    [Fact]
    public async Task RedirectOtherScheme_PointsAtHttpsOnTheSameHostAndPort()
    {
        using var response = await Http.GetAsync(Url(HostileImage.RedirectOtherScheme));

        Assert.Equal(302, (int)response.StatusCode);
        var location = response.Headers.Location!;
        Assert.Equal("https", location.Scheme);
        Assert.Equal(Server.CdnBaseUri.Host, location.Host);
        Assert.Equal(Server.CdnBaseUri.Port, location.Port);
        Assert.Equal("/document-liveness/doc%201", location.AbsolutePath);
    }

    [Fact]
    public async Task Truncated_DeclaresTheFullLength_SendsAboutHalf_ThenAborts()
    {
        // Raw socket: HttpClient would only report an error, not how much arrived.
        var url = Url(HostileImage.Truncated, 100_000);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, url.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET {url.PathAndQuery} HTTP/1.1\r\nHost: {url.Authority}\r\n\r\n"));

        var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        try
        {
            int n;
            while ((n = await stream.ReadAsync(buffer)) > 0) received.Write(buffer, 0, n);
        }
        catch (IOException) { } // a reset is one way the abort shows

        var all = received.ToArray();
        var text = Encoding.ASCII.GetString(all);
        var headerEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 200 ", text);
        var headers = text[..(headerEnd + 2)];
        Assert.Contains("Content-Length: 100000\r\n", headers);
        Assert.Contains("Content-Type: image/jpeg\r\n", headers);
        Assert.Equal(50_000, all.Length - headerEnd - 4);
        Assert.Equal(200, Server.Requests.Snapshot().Single().Status); // logged as the status it sent
    }

    [Fact]
    public async Task Truncated_MakesHttpClientFail()
    {
        using var response = await Http.GetAsync(Url(HostileImage.Truncated, 100_000), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(100_000, response.Content.Headers.ContentLength);
        await Assert.ThrowsAnyAsync<Exception>(() => response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Stall_SendsAFirstChunk_ThenWaitsUntilTheClientLeaves()
    {
        using var response = await Http.GetAsync(Url(HostileImage.Stall, 1_000_000), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(1_000_000, response.Content.Headers.ContentLength);
        Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
        var stream = await response.Content.ReadAsStreamAsync();

        var first = new byte[4096];
        await stream.ReadExactlyAsync(first);
        Assert.Equal([0xFF, 0xD8, 0xFF], first[..3]);

        using var cancel = new CancellationTokenSource();
        var more = stream.ReadAsync(new byte[1], cancel.Token).AsTask();
        Assert.False(more.IsCompleted);
        cancel.Cancel(); // the caller gives up: the read ends, the server lets go
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => more);
    }

    [Fact]
    public async Task Stall_EndsWhenTheServerStops()
    {
        using var response = await Http.GetAsync(Url(HostileImage.Stall), HttpCompletionOption.ResponseHeadersRead);
        var stream = await response.Content.ReadAsStreamAsync();
        await stream.ReadExactlyAsync(new byte[4096]);

        var rest = stream.CopyToAsync(Stream.Null);
        await Server.DisposeAsync();

        await Assert.ThrowsAnyAsync<Exception>(() => rest); // cut off before its Content-Length
    }

    [Fact]
    public async Task NoContentType_IsAJpegWithoutTheHeader()
    {
        using var response = await Http.GetAsync(Url(HostileImage.NoContentType));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Null(response.Content.Headers.ContentType);
        Assert.Equal(SampleImages.Jpeg(), await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task NoContentTypeWebP_IsAWebPWithoutTheHeader()
    {
        using var response = await Http.GetAsync(Url(HostileImage.NoContentTypeWebP));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Null(response.Content.Headers.ContentType);
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(SampleImages.WebP(), body);
        Assert.Equal("RIFF"u8.ToArray(), body[..4]);
        Assert.Equal("WEBP"u8.ToArray(), body[8..12]);
    }

    [Fact]
    public async Task OctetStream_IsAPngAsApplicationOctetStream()
    {
        using var response = await Http.GetAsync(Url(HostileImage.OctetStream));

        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(SampleImages.Png(), body);
        Assert.Equal([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], body[..8]);
    }

    [Fact]
    public async Task HtmlAsJpeg_IsAnHtmlPageLabelledImageJpeg()
    {
        using var response = await Http.GetAsync(Url(HostileImage.HtmlAsJpeg));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("<!DOCTYPE html>", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task PngAsJpeg_IsThePngLabelledImageJpeg()
    {
        using var response = await Http.GetAsync(Url(HostileImage.PngAsJpeg));

        Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(SampleImages.Png(), await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public void EveryVariant_HasItsOwnStablePath()
    {
        var urls = Enum.GetValues<HostileImage>().Select(k => Server.HostileImageUrl(k, "x", 10).AbsoluteUri).ToArray();

        Assert.Equal(urls.Length, urls.Distinct().Count());
        Assert.All(urls, u => Assert.StartsWith(Server.CdnBaseUri.AbsoluteUri + "hostile/", u));
        Assert.Equal(urls, Enum.GetValues<HostileImage>().Select(k => Server.HostileImageUrl(k, "x", 10).AbsoluteUri));
    }

    [Fact]
    public async Task SampleImage_IsASmallJpeg()
    {
        using var response = await Http.GetAsync(Server.SampleImageUrl("any"));

        Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.InRange(body.Length, 100, 1000);
        Assert.Equal([0xFF, 0xD8, 0xFF, 0xE0], body[..4]);
    }
}
