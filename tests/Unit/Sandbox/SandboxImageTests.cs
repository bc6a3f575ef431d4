using System.Text.Json;
using Verifik.Sandbox;
using Xunit;

namespace Verifik.Unit.Tests.Sandbox;

/// <summary>The image (CDN) listener: its own origin, stored and generated images, latency and faults.</summary>
public class SandboxImageTests : RawSandboxTest
{
    private const string ImageNotFound = """{"message":"Image not found.","code":"NotFound"}""";

    [Fact]
    public void CdnBaseUri_IsAnotherLoopbackOrigin()
    {
        Assert.Equal("127.0.0.1", Server.CdnBaseUri.Host);
        Assert.NotEqual(Server.BaseUri.Port, Server.CdnBaseUri.Port);
        Assert.EndsWith("/", Server.CdnBaseUri.AbsoluteUri);
    }

    [Fact]
    public async Task ImageListener_HasNoApiRoutes_AndTheApiHasNoImageRoutes()
    {
        Server.Records.AddFlat("r1");
        Server.Images.Add("r1", SampleImages.Jpeg(), "image/jpeg");

        await AssertAnswer(await SendAsync(HttpMethod.Get, Cdn("v2/document-liveness/r1"), null, SandboxDefaults.Token), 404, ImageNotFound);
        await AssertAnswer(await SendAsync(HttpMethod.Get, Cdn("health"), null, null), 404, ImageNotFound);
        await AssertAnswer(await SendAsync(HttpMethod.Post, Cdn("v2/document-liveness"), new StringContent(CreateBody(Jpeg(1))), SandboxDefaults.Token),
            405, """{"message":"Method not allowed.","code":"MethodNotAllowed"}""");
        await AssertAnswer(await GetAsync("document-liveness/r1"), 404, """{"message":"Record not found.","code":"NotFound"}""");
        Assert.Equal(0, Server.Creates.Count);
    }

    [Fact]
    public async Task AddedImages_AreServedWithTheirContentType_OrNone()
    {
        var png = SampleImages.Png();
        Server.Images.Add("with type", png, "image/png");
        Server.Images.Add("bare", SampleImages.Jpeg(), null);

        using var typed = await Http.GetAsync(Server.ImageUrl("with type"));
        using var bare = await Http.GetAsync(Server.ImageUrl("bare"));

        Assert.Equal("image/png", typed.Content.Headers.ContentType?.MediaType);
        Assert.Equal(png, await typed.Content.ReadAsByteArrayAsync());
        Assert.Equal(png.Length, typed.Content.Headers.ContentLength);
        Assert.Null(bare.Content.Headers.ContentType);
        Assert.Equal(SampleImages.Jpeg(), await bare.Content.ReadAsByteArrayAsync());
        Assert.EndsWith("/document-liveness/with%20type", Server.ImageUrl("with type").AbsoluteUri);
    }

    [Fact]
    public async Task UnknownImage_Is404WithAJsonBody() =>
        await AssertAnswer(await Http.GetAsync(Server.ImageUrl("nope")), 404, ImageNotFound);

    [Fact]
    public async Task ImagesLiveInATempFolder_DeletedOnDispose()
    {
        await using var server = await SandboxServer.StartAsync();
        server.Images.Add("a", new byte[1000], "image/jpeg");
        var folder = server.Images.Folder;
        Assert.Single(Directory.GetFiles(folder));

        await server.DisposeAsync();

        Assert.False(Directory.Exists(folder));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(21)]
    [InlineData(65536)]
    [InlineData(5_000_001)]
    public async Task GeneratedImage_HasExactlyThatManyBytes_AndAJpegSignature(long bytes)
    {
        using var response = await Http.GetAsync(Server.GeneratedImageUrl(bytes, "scan"), HttpCompletionOption.ResponseHeadersRead);
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(bytes, response.Content.Headers.ContentLength);
        Assert.Equal(bytes, body.LongLength);
        byte[] jfif = [0xFF, 0xD8, 0xFF, 0xE0];
        Assert.Equal(jfif.Take((int)Math.Min(bytes, 4)), body.Take(4));
        if (bytes >= 22) Assert.Equal([0xFF, 0xD9], body[^2..]);
    }

    /// <summary>
    /// From GeneratedImage.DecodableLength bytes on, a generated image is a well-formed baseline JPEG (what a browser
    /// shows on the review page): SOI, JFIF, then only comment segments or FF fill bytes until the picture's segments
    /// (one frame of 128×80, three components), a scan, and EOI at the very end. Sizes around the edges of a comment
    /// segment (65,537 bytes) and of the fill bytes (1–3 left over) included.
    /// </summary>
    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(2L)]
    [InlineData(3L)]
    [InlineData(4L)]
    [InlineData(5L)]
    [InlineData(65_537L)]
    [InlineData(65_538L)]
    [InlineData(65_540L)]
    [InlineData(131_074L)]
    [InlineData(2_097_152L)]
    public async Task GeneratedImage_FromItsDecodableLength_IsAWellFormedJpegOfTheCardSketch(long extra)
    {
        var length = GeneratedImage.DecodableLength + extra;
        var body = await Http.GetByteArrayAsync(Server.GeneratedImageUrl(length, "card"));

        Assert.Equal(length, body.LongLength);
        Assert.Equal([0xFF, 0xD8, 0xFF, 0xE0], body[..4]);
        var markers = new List<byte>();
        var at = 2;
        while (true)
        {
            Assert.Equal(0xFF, body[at]);
            while (body[at + 1] == 0xFF) at++; // fill bytes
            var marker = body[at + 1];
            markers.Add(marker);
            var size = (body[at + 2] << 8) | body[at + 3];
            if (marker == 0xC0)
            {
                Assert.Equal(80, (body[at + 5] << 8) | body[at + 6]);
                Assert.Equal(128, (body[at + 7] << 8) | body[at + 8]);
                Assert.Equal(3, body[at + 9]);
            }
            at += 2 + size;
            if (marker == 0xDA) break;
        }
        Assert.Equal([0xFF, 0xD9], body[^2..]);
        for (var i = at; i < body.Length - 2; i++)
        {
            // Inside the scan an FF is always stuffed (FF 00): the only marker after it is EOI.
            if (body[i] == 0xFF) Assert.Equal(0x00, body[++i]);
        }
        var pictureMarkers = markers.Where(m => m != 0xFE).ToArray();
        Assert.Equal([0xE0, 0xDB, 0xC0, 0xC4, 0xDA], pictureMarkers);
        Assert.Equal(markers.Count - 5, markers.Count(m => m == 0xFE));
        Assert.True(markers.IndexOf(0xDB) > markers.LastIndexOf(0xFE), "comment segments come before the picture");
    }

    [Fact]
    public void SampleJpeg_IsDecodable()
    {
        Assert.True(SampleImages.Jpeg().Length >= GeneratedImage.DecodableLength);
    }

    [Fact]
    public async Task GeneratedImage_IsDeterministic()
    {
        var first = await Http.GetByteArrayAsync(Server.GeneratedImageUrl(200_000, "a"));
        var second = await Http.GetByteArrayAsync(Server.GeneratedImageUrl(200_000, "b"));

        Assert.Equal(first, second);
        Assert.EndsWith("/generated/200000/a.jpg", Server.GeneratedImageUrl(200_000, "a").AbsoluteUri);
    }

    [Fact]
    public async Task AddFlat_CanPointImageUrlAtTheImageListener()
    {
        Server.Images.Add("doc-1", SampleImages.Jpeg(), "image/jpeg");
        Server.Records.AddFlat("r1", imageUrl: Server.ImageUrl("doc-1").AbsoluteUri);

        var url = (await JsonAsync(await GetAsync("v2/document-liveness/r1"))).GetProperty("data").GetProperty("imageUrl").GetString();

        Assert.Equal(Server.ImageUrl("doc-1").AbsoluteUri, url);
        Assert.Equal(SampleImages.Jpeg(), await Http.GetByteArrayAsync(url));
    }

    [Fact]
    public async Task AddFlat_WithoutImageUrl_KeepsTheDocumentedOne()
    {
        Server.Records.AddFlat("r1");
        var url = (await JsonAsync(await GetAsync("v2/document-liveness/r1"))).GetProperty("data").GetProperty("imageUrl").GetString();
        Assert.Equal("https://cdn.verifik.co/document-liveness/document-liveness-1755889460500", url);
    }

    [Fact]
    public async Task SyntheticImageBytes_PointsSyntheticRecordsAtGeneratedImages()
    {
        Server.Options.SyntheticCount = 3;
        Server.Options.SyntheticImageBytes = 12_345;

        var list = await JsonAsync(await GetAsync("v2/document-liveness"));
        var one = (await JsonAsync(await GetAsync("v2/document-liveness/" + SyntheticRecords.Id(1)))).GetProperty("data");

        foreach (var record in list.GetProperty("data").EnumerateArray().Append(one))
        {
            Assert.True(record.GetProperty("imageSaved").GetBoolean());
            var url = record.GetProperty("imageUrl").GetString()!;
            Assert.Equal(Server.GeneratedImageUrl(12_345, record.GetProperty("_id").GetString()!).AbsoluteUri, url);
        }
        var bytes = await Http.GetByteArrayAsync(one.GetProperty("imageUrl").GetString());
        Assert.Equal(12_345, bytes.Length);
    }

    [Fact]
    public async Task WithoutSyntheticImageBytes_SyntheticRecordsKeepTheCdnVerifikUrl()
    {
        Server.Options.SyntheticCount = 1;
        var one = (await JsonAsync(await GetAsync("v2/document-liveness/" + SyntheticRecords.Id(0)))).GetProperty("data");
        Assert.StartsWith("https://cdn.verifik.co/document-liveness/document-liveness-", one.GetProperty("imageUrl").GetString());
    }

    [Fact]
    public async Task Latency_AppliesToImages()
    {
        Server.Options.Latency = TimeSpan.FromHours(1);
        using var cancel = new CancellationTokenSource();
        var pending = Http.GetAsync(Server.SampleImageUrl("a"), cancel.Token);

        Assert.True(SpinWait.SpinUntil(() => Server.Requests.Arrived == 1, TimeSpan.FromSeconds(20)), "the request never arrived");

        Assert.False(pending.IsCompleted);
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
    }

    [Fact]
    public async Task ImageFaults_FireOnlyForRulesNamingImages()
    {
        Server.Options.Faults.Add(new FaultRule { Kind = FaultKind.ServerError, Status = 503, Operations = FaultOperation.Image, Times = 1 });

        Assert.Equal(200, (int)(await GetAsync("v2/document-liveness")).StatusCode);
        await AssertAnswer(await Http.GetAsync(Server.SampleImageUrl("a")), 503, """{"message":"internal_error","code":"ERROR"}""");
        Assert.Equal(200, (int)(await Http.GetAsync(Server.SampleImageUrl("a"))).StatusCode);
    }

    [Theory]
    [InlineData(FaultKind.DropConnection)]
    [InlineData(FaultKind.DropAfterBody)]
    public async Task DroppingImageFaults_AbortTheConnection(FaultKind kind)
    {
        Server.Options.Faults.Add(new FaultRule { Kind = kind, Operations = FaultOperation.Image });
        await Assert.ThrowsAsync<HttpRequestException>(() => Http.GetAsync(Server.SampleImageUrl("a")));
    }

    [Fact]
    public async Task TruncatedBodyFault_OnAnImage_SendsACompleteHalf()
    {
        Server.Options.Faults.Add(new FaultRule { Kind = FaultKind.TruncatedBody, Operations = FaultOperation.Image });

        var body = await Http.GetByteArrayAsync(Server.GeneratedImageUrl(10_000, "a"));

        Assert.Equal(5_000, body.Length);
    }

    [Fact]
    public async Task Creates_SavedImage_IsGoneAfterDispose()
    {
        await CreateAsync(Jpeg(1), "\"saveImage\":true,\"validateScreenReplay\":true");
        var folder = Server.Images.Folder;
        Assert.Single(Directory.GetFiles(folder));

        await Server.DisposeAsync();

        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public async Task FoldersOfDeadSandboxes_AreRemoved_ThoseOfLiveOnesKept()
    {
        var orphan = Path.Combine(Path.GetTempPath(), $"verifik-sandbox-images-{int.MaxValue}-{Guid.NewGuid():N}"); // no such process
        Directory.CreateDirectory(orphan);
        File.WriteAllBytes(Path.Combine(orphan, "000001.img"), new byte[10]);
        Server.Images.Add("mine", SampleImages.Jpeg(), "image/jpeg"); // a live sandbox's folder (this process)

        await using var other = await SandboxServer.StartAsync();
        other.Images.Add("a", SampleImages.Jpeg(), "image/jpeg");

        Assert.False(Directory.Exists(orphan));
        Assert.True(Directory.Exists(Server.Images.Folder));
        Assert.Equal(SampleImages.Jpeg(), await Http.GetByteArrayAsync(Server.ImageUrl("mine")));
    }
}
