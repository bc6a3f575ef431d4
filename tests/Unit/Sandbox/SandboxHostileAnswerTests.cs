using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Verifik.Sandbox;
using Xunit;

namespace Verifik.Unit.Tests.Sandbox;

/// <summary>The hostile fault kinds, as they look on the wire (a plain HttpClient: nothing decoded).</summary>
public class SandboxHostileAnswerTests : RawSandboxTest
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        for (var i = 0; i < 25; i++) Server.Records.AddFlat("r" + i.ToString("D2"));
    }

    private void Fault(FaultKind kind, FaultOperation? on = null) =>
        Server.Options.Faults.Add(new FaultRule { Kind = kind, Operations = on });

    private static async Task<(HttpResponseMessage Response, byte[] Body)> ReadAsync(Task<HttpResponseMessage> send)
    {
        var response = await send;
        return (response, await response.Content.ReadAsByteArrayAsync());
    }

    private static JsonElement Json(byte[] body) => JsonDocument.Parse(body).RootElement.Clone();

    [Fact]
    public async Task BadGzip_IsThePlainBodyLabelledGzip()
    {
        Fault(FaultKind.BadGzip);
        var (response, body) = await ReadAsync(GetAsync("v2/document-liveness/r00"));

        Assert.Equal(new[] { "gzip" }, response.Content.Headers.ContentEncoding);
        Assert.Equal("r00", Json(body).GetProperty("data").GetProperty("_id").GetString());
    }

    [Fact]
    public async Task BadGzipCrc_IsGzipWhoseCrcFails()
    {
        Fault(FaultKind.BadGzipCrc);
        var (response, body) = await ReadAsync(GetAsync("v2/document-liveness/r00"));

        Assert.Equal(new[] { "gzip" }, response.Content.Headers.ContentEncoding);
        Assert.Equal(new byte[] { 0x1F, 0x8B }, body[..2]);
        Assert.Throws<InvalidDataException>(() => new GZipStream(new MemoryStream(body), CompressionMode.Decompress).CopyTo(Stream.Null));
    }

    [Fact]
    public async Task BadDeflate_IsNoDeflateStream()
    {
        Fault(FaultKind.BadDeflate);
        var (response, body) = await ReadAsync(GetAsync("v2/document-liveness?limit=5"));

        Assert.Equal(new[] { "deflate" }, response.Content.Headers.ContentEncoding);
        Assert.All(body, b => Assert.Equal(0xFF, b));
    }

    [Fact]
    public async Task BadGzip_OnTheImageListener_IsTheSampleJpegLabelledGzip()
    {
        Server.Images.Add("i", SampleImages.Png(), "image/png");
        Fault(FaultKind.BadGzip, FaultOperation.Image);
        var (response, body) = await ReadAsync(Http.GetAsync(Server.ImageUrl("i")));

        Assert.Equal(new[] { "gzip" }, response.Content.Headers.ContentEncoding);
        Assert.Equal(SampleImages.Jpeg(), body);
    }

    [Fact]
    public async Task Utf8Bom_PrefixesTheRealBody()
    {
        Fault(FaultKind.Utf8Bom);
        var (_, body) = await ReadAsync(GetAsync("v2/document-liveness/r01"));

        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF, (byte)'{' }, body[..4]);
        Assert.Equal("r01", Json(body[3..]).GetProperty("data").GetProperty("_id").GetString());
    }

    [Fact]
    public async Task Unsuccessful_KeepsARecordsData_ButEmptiesAPage()
    {
        Fault(FaultKind.Unsuccessful);
        var record = Json((await ReadAsync(GetAsync("v2/document-liveness/r02"))).Body);
        var page = Json((await ReadAsync(GetAsync("v2/document-liveness?limit=5"))).Body);

        Assert.False(record.GetProperty("success").GetBoolean());
        Assert.Equal("RECORD_LOCKED", record.GetProperty("code").GetString());
        Assert.Equal("r02", record.GetProperty("data").GetProperty("_id").GetString());
        Assert.Equal(0, page.GetProperty("data").GetArrayLength());
        Assert.False(page.TryGetProperty("pagination", out _));
    }

    [Fact]
    public async Task UnsuccessfulNoData_HasNullData()
    {
        Fault(FaultKind.UnsuccessfulNoData);
        var (response, body) = await ReadAsync(GetAsync("v2/document-liveness?limit=5"));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(JsonValueKind.Null, Json(body).GetProperty("data").ValueKind);
    }

    [Fact]
    public async Task OtherRecordId_AnswersWithAnotherId()
    {
        Fault(FaultKind.OtherRecordId);
        var record = Json((await ReadAsync(GetAsync("v2/document-liveness/r03"))).Body);

        Assert.Equal("other-record", record.GetProperty("data").GetProperty("_id").GetString());
    }

    [Theory]
    [InlineData(ListShape.TopLevel)]
    [InlineData(ListShape.Pagination)]
    [InlineData(ListShape.DataDocs)]
    public async Task ListEndless_SaysOneMorePage(ListShape shape)
    {
        Server.Options.ListShape = shape;
        Fault(FaultKind.ListEndless);
        var page = Json((await ReadAsync(GetAsync("v2/document-liveness?page=2&limit=10"))).Body);

        var counts = shape switch
        {
            ListShape.Pagination => page.GetProperty("pagination"),
            ListShape.DataDocs => page.GetProperty("data"),
            _ => page,
        };
        Assert.Equal(3, counts.GetProperty("pages").GetInt64());
        Assert.Equal(30, counts.GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task ListRepeat_IsPageOneWithoutCounts()
    {
        Fault(FaultKind.ListRepeat);
        var page = Json((await ReadAsync(GetAsync("v2/document-liveness?page=3&limit=10"))).Body);

        Assert.Equal("r00", page.GetProperty("data")[0].GetProperty("_id").GetString());
        Assert.Equal(10, page.GetProperty("data").GetArrayLength());
        Assert.False(page.TryGetProperty("pagination", out _));
        Assert.False(page.TryGetProperty("total", out _));
    }

    [Fact]
    public async Task ListEmptyAfterFirst_EmptiesLaterPages_KeepingTheCounts()
    {
        Fault(FaultKind.ListEmptyAfterFirst);
        var first = Json((await ReadAsync(GetAsync("v2/document-liveness?page=1&limit=10"))).Body);
        var second = Json((await ReadAsync(GetAsync("v2/document-liveness?page=2&limit=10"))).Body);

        Assert.Equal(10, first.GetProperty("data").GetArrayLength());
        Assert.Equal(0, second.GetProperty("data").GetArrayLength());
        Assert.Equal(25, second.GetProperty("pagination").GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task ListHugePages_CountsPastInt32()
    {
        Fault(FaultKind.ListHugePages);
        var page = Json((await ReadAsync(GetAsync("v2/document-liveness?limit=10"))).Body);

        Assert.Equal(2147483649L, page.GetProperty("pagination").GetProperty("pages").GetInt64());
        Assert.Equal(25, page.GetProperty("pagination").GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task HostileText_Is400WithEscapeSequences()
    {
        Fault(FaultKind.HostileText);
        var (response, body) = await ReadAsync(GetAsync("v2/document-liveness/r04"));

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains("\u001b[31m", Json(body).GetProperty("message").GetString());
        Assert.Contains('\u001b', Json(body).GetProperty("code").GetString()!);
        Assert.DoesNotContain((byte)0x1B, body); // escaped as JSON, \u001b, on the wire
        Assert.Contains("\\u001B", Encoding.ASCII.GetString(body), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task HostileSignIn_SpoofsStep1sGatewayAndStatus_AndLeavesTheConfirmation()
    {
        Fault(FaultKind.HostileSignIn, FaultOperation.SignIn);
        var (_, sent) = await ReadAsync(PostJsonAsync("v2/projects/phone-login", """{"countryCode":"+57","phone":3001234567,"type":"login"}""", token: null));
        var (_, confirmed) = await ReadAsync(PostJsonAsync("v2/projects/phone-login/confirm", """{"countryCode":"+57","phone":3001234567,"otp":"123456"}""", token: null));

        var data = Json(sent).GetProperty("data");
        Assert.Equal(Verifik.Sandbox.HostileText.PhoneGateway, data.GetProperty("phoneGateway").GetString());
        Assert.Equal(Verifik.Sandbox.HostileText.Status, data.GetProperty("status").GetString());
        Assert.True(data.TryGetProperty("otp", out _)); // the rest of the answer as it was
        Assert.Equal(Server.SignIns.Tokens.Single(), Json(confirmed).GetProperty("data").GetProperty("accessToken").GetString());
    }

    [Fact]
    public async Task HugeAccessToken_Is15MB_InTheConfirmationOnly()
    {
        Fault(FaultKind.HugeAccessToken, FaultOperation.SignIn);
        var (_, sent) = await ReadAsync(PostJsonAsync("v2/projects/email-login", """{"email":"ana@example.com"}""", token: null));
        var (response, confirmed) = await ReadAsync(PostJsonAsync("v2/projects/email-login/confirm", """{"email":"ana@example.com","otp":"123456"}""", token: null));

        Assert.Equal("sent", Json(sent).GetProperty("data").GetProperty("status").GetString());
        Assert.Equal(200, (int)response.StatusCode);
        var token = Json(confirmed).GetProperty("data").GetProperty("accessToken").GetString()!;
        Assert.Equal(15 * 1024 * 1024, token.Length);
        Assert.All(token, ch => Assert.Equal('A', ch));
        Assert.InRange(confirmed.Length, 15 * 1024 * 1024, 16 * 1024 * 1024 - 1); // under the client's body cap
    }
}
