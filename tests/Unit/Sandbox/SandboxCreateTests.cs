using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Verifik.Sandbox;
using Xunit;

namespace Verifik.Unit.Tests.Sandbox;

/// <summary>POST /v2/document-liveness: the success record, storage, and every validation answer in its order.</summary>
public class SandboxCreateTests : RawSandboxTest
{
    private const string MissingImage = """{"message":"Missing parameter: image.","code":"MissingParameter"}""";
    private const string NoValidation = """{"message":"At least one validation must be selected. Set validateScreenReplay, validatePrintedCopy, validatePortraitSubstitution or validateDigitalManipulation to true.","code":"MissingParameter"}""";
    private const string InvalidBody = """{"success":false,"error":"Invalid request body","code":"INVALID_BODY"}""";
    private const string InvalidCalibration = """{"success":false,"error":"Invalid calibration","code":"INVALID_PARAMETERS"}""";
    private const string InvalidImage = """{"success":false,"error":"Invalid image format","code":"INVALID_IMAGE_FORMAT"}""";
    private const string TooLarge = """{"success":false,"error":"Image too large","code":"IMAGE_TOO_LARGE"}""";

    private static readonly string[] FlatMembers =
    [
        "_id", "client", "imageSaved", "imageUrl",
        "validateScreenReplay", "validatePrintedCopy", "validatePortraitSubstitution", "validateDigitalManipulation",
        "sreenReplayScore", "printedCopyScore", "portraitSubstitutionScore", "digitalManipulationScore",
        "screenReplayProbability", "printedCopyProbability", "portraitSubstitutionProbability", "digitalManipulationProbability",
        "sreenReplayCalibration", "printedCopyCalibration", "portraitSubstitutionCalibration", "digitalManipulationCalibration",
        "ignoreDocumentCroppedValidation", "ignoreColourLessValidation",
        "screenReplayWarnings", "printedCopyWarnings", "portraitSubstitutionWarnings", "digitalManipulationWarnings",
        "screenReplayErrors", "printedCopyErrors", "portraitSubstitutionErrors", "digitalManipulationErrors",
        "aggregatedScore", "isLive", "aggregateWarnings", "chargesCount", "updatedAt", "createdAt", "__v",
    ];

    [Fact]
    public async Task Create_AnswersOneFlatRecord_WithEveryMember()
    {
        var response = await CreateAsync(Jpeg(1), "\"validateScreenReplay\":true,\"validatePortraitSubstitution\":true," +
            "\"screenReplayCalibration\":\"HARD\",\"ignoreColourLessValidation\":true");

        Assert.Equal(200, (int)response.StatusCode);
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.ToString());
        var data = (await JsonAsync(response)).GetProperty("data");
        Assert.Equal(FlatMembers, data.EnumerateObject().Select(p => p.Name).ToArray());

        Assert.Matches("^[0-9a-f]{24}$", data.GetProperty("_id").GetString());
        Assert.Equal(SandboxDefaults.ClientId, data.GetProperty("client").GetString());
        Assert.False(data.GetProperty("imageSaved").GetBoolean());
        Assert.Equal(JsonValueKind.Null, data.GetProperty("imageUrl").ValueKind);
        Assert.True(data.GetProperty("validateScreenReplay").GetBoolean());
        Assert.False(data.GetProperty("validatePrintedCopy").GetBoolean());
        Assert.True(data.GetProperty("validatePortraitSubstitution").GetBoolean());
        Assert.Equal(JsonValueKind.Number, data.GetProperty("sreenReplayScore").ValueKind);
        Assert.Equal(JsonValueKind.Null, data.GetProperty("printedCopyScore").ValueKind);      // not checked
        Assert.Equal(JsonValueKind.Null, data.GetProperty("printedCopyProbability").ValueKind);
        Assert.InRange(data.GetProperty("portraitSubstitutionProbability").GetDouble(), 0, 1);
        Assert.Equal("HARD", data.GetProperty("sreenReplayCalibration").GetString());
        Assert.Equal("REGULAR", data.GetProperty("printedCopyCalibration").GetString());      // the default
        Assert.False(data.GetProperty("ignoreDocumentCroppedValidation").GetBoolean());
        Assert.True(data.GetProperty("ignoreColourLessValidation").GetBoolean());
        Assert.Empty(data.GetProperty("printedCopyWarnings").EnumerateArray());
        Assert.InRange(data.GetProperty("aggregatedScore").GetDouble(), 0, 1);
        Assert.Equal(1, data.GetProperty("chargesCount").GetInt32());
        Assert.Equal(JsonValueKind.Array, data.GetProperty("aggregateWarnings").ValueKind);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", data.GetProperty("createdAt").GetString());
        Assert.Equal(data.GetProperty("createdAt").GetString(), data.GetProperty("updatedAt").GetString());
        Assert.Equal(0, data.GetProperty("__v").GetInt32());
    }

    [Fact]
    public async Task SameImage_ScoresTheSame_OtherImageScoresDifferently()
    {
        static string Scores(JsonElement d) => string.Join(",", new[] { "sreenReplayScore", "screenReplayProbability", "aggregatedScore" }
            .Select(n => d.GetProperty(n).GetRawText())) + d.GetProperty("screenReplayWarnings").GetRawText();

        var a1 = (await JsonAsync(await CreateAsync(Jpeg(1)))).GetProperty("data");
        var a2 = (await JsonAsync(await CreateAsync(Jpeg(1)))).GetProperty("data");
        var b = (await JsonAsync(await CreateAsync(Jpeg(2)))).GetProperty("data");

        Assert.Equal(Scores(a1), Scores(a2));
        Assert.NotEqual(Scores(a1), Scores(b));
        Assert.NotEqual(a1.GetProperty("_id").GetString(), a2.GetProperty("_id").GetString()); // two creates, two records
    }

    [Fact]
    public async Task CreatedRecord_IsStored_ForGetAndList_AndLogged()
    {
        Server.Records.Clear();
        var image = Jpeg(3);
        var created = (await JsonAsync(await CreateAsync(image))).GetProperty("data");
        var id = created.GetProperty("_id").GetString()!;

        var fetched = await GetAsync("v2/document-liveness/" + id);
        Assert.Equal(200, (int)fetched.StatusCode);
        Assert.Equal(created.GetRawText(), (await JsonAsync(fetched)).GetProperty("data").GetRawText());

        var list = await JsonAsync(await GetAsync("v2/document-liveness"));
        Assert.Equal(id, Assert.Single(list.GetProperty("data").EnumerateArray()).GetProperty("_id").GetString());

        var logged = Assert.Single(Server.Creates.Snapshot());
        Assert.Equal(id, logged.Id);
        Assert.Equal(SandboxDefaults.ClientId, logged.ClientId);
        Assert.Equal(image.Length, logged.ImageBytes);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(image)), logged.ImageSha256);
        Assert.Null(logged.ImageUrl);
    }

    [Fact]
    public async Task SaveImage_ServesTheSameBytes_FromTheImageListener()
    {
        var image = Jpeg(4, 3 * 1024 * 1024 + 17); // several decode chunks, not a multiple of 3
        var data = (await JsonAsync(await CreateAsync(image, "\"saveImage\":true,\"validatePrintedCopy\":true"))).GetProperty("data");

        Assert.True(data.GetProperty("imageSaved").GetBoolean());
        var url = data.GetProperty("imageUrl").GetString()!;
        Assert.Matches(@"/document-liveness/document-liveness-\d{13}-\d+$", url);
        Assert.StartsWith(Server.CdnBaseUri.AbsoluteUri + "document-liveness/", url);
        Assert.Equal(url, Assert.Single(Server.Creates.Snapshot()).ImageUrl);

        using var served = await Http.GetAsync(url);
        Assert.Equal(200, (int)served.StatusCode);
        Assert.Equal("image/jpeg", served.Content.Headers.ContentType?.MediaType);
        Assert.Equal(image, await served.Content.ReadAsByteArrayAsync());
        Assert.Equal(1, Server.Images.Count);
    }

    [Theory]
    [InlineData("png", "image/png")]
    [InlineData("webp", "image/webp")]
    public async Task PngAndWebp_AreAccepted_AndSavedWithTheirType(string kind, string contentType)
    {
        byte[] image = kind == "png"
            ? SampleImages.Png()
            : [.. "RIFF"u8.ToArray(), 0x24, 0, 0, 0, .. "WEBPVP8 "u8.ToArray(), 1, 2, 3, 4];

        var data = (await JsonAsync(await CreateAsync(image, "\"saveImage\":true,\"validateDigitalManipulation\":true"))).GetProperty("data");

        using var served = await Http.GetAsync(data.GetProperty("imageUrl").GetString());
        Assert.Equal(contentType, served.Content.Headers.ContentType?.MediaType);
        Assert.Equal(image, await served.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task JsonEscapedBase64_DecodesToTheSameImage()
    {
        // System.Text.Json writes "+" as \u002B by default; some writers escape "/" as \/.
        var image = Jpeg(5, 3000);
        var b64 = Convert.ToBase64String(image);
        Assert.Contains('+', b64);
        Assert.Contains('/', b64);
        // MIME-style line breaks, each line escaped.
        var wrapped = string.Join("\\r\\n", b64.Chunk(76).Select(c => new string(c).Replace("+", "\\u002B").Replace("/", "\\/")));

        await CreateAsync(image);
        await PostJsonAsync("v2/document-liveness", "{\"image\":\"" + wrapped + "\",\"validateScreenReplay\":true}");

        var creates = Server.Creates.Snapshot();
        Assert.Equal(2, creates.Count);
        Assert.Equal(creates[0].ImageSha256, creates[1].ImageSha256);
        Assert.Equal(image.Length, creates[1].ImageBytes);
    }

    [Fact]
    public async Task ChunkedBody_WithoutContentLength_IsAccepted()
    {
        var body = Encoding.UTF8.GetBytes(CreateBody(Jpeg(6, 100_000)));
        using var request = new HttpRequestMessage(HttpMethod.Post, Api("v2/document-liveness")) { Content = new ByteArrayContent(body) };
        request.Headers.Authorization = new("Bearer", SandboxDefaults.Token);
        request.Headers.TransferEncodingChunked = true;

        using var response = await Http.SendAsync(request);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Null(Assert.Single(Server.Requests.Snapshot()).ContentLength); // it really went chunked
        Assert.Equal(1, Server.Creates.Count);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("\"image\"")]
    [InlineData("null")]
    [InlineData("{\"image\":")]
    [InlineData("{} {}")]
    public async Task BodyThatIsNotOneJsonObject_Is400InvalidBody(string body)
    {
        await AssertAnswer(await PostJsonAsync("v2/document-liveness", body), 400, InvalidBody);
        Assert.Equal(0, Server.Creates.Count);
    }

    [Theory]
    [InlineData("{\"validateScreenReplay\":true}")]
    [InlineData("{\"image\":\"\",\"validateScreenReplay\":true}")]
    [InlineData("{\"image\":null,\"validateScreenReplay\":true}")]
    [InlineData("{}")] // missing image comes before "no validation"
    public async Task MissingOrEmptyImage_Is409(string body) =>
        await AssertAnswer(await PostJsonAsync("v2/document-liveness", body), 409, MissingImage);

    [Theory]
    [InlineData("")]
    [InlineData("\"validateScreenReplay\":false,\"validatePrintedCopy\":false")]
    [InlineData("\"validateScreenReplay\":\"true\"")]            // a string is not true
    [InlineData("\"saveImage\":true,\"screenReplayCalibration\":\"BAD\"")] // before the calibration check
    public async Task NoValidationSelected_Is409(string extra) =>
        await AssertAnswer(await CreateAsync(Jpeg(1), extra), 409, NoValidation);

    [Theory]
    [InlineData("\"screenReplayCalibration\":\"EXTREME\"")]
    [InlineData("\"printedCopyCalibration\":\"soft\"")]
    [InlineData("\"portraitSubstitutionCalibration\":2")]
    public async Task CalibrationOutsideSoftRegularHard_Is400(string calibration)
    {
        // Checked before the image: a bad image does not hide a bad calibration.
        var body = "{\"image\":\"%%%\",\"validateScreenReplay\":true," + calibration + "}";
        await AssertAnswer(await PostJsonAsync("v2/document-liveness", body), 400, InvalidCalibration);
    }

    [Theory]
    [InlineData("SOFT")]
    [InlineData("REGULAR")]
    [InlineData("HARD")]
    public async Task EveryDocumentedCalibration_IsAccepted(string calibration)
    {
        var data = (await JsonAsync(await CreateAsync(Jpeg(1), $"\"validatePrintedCopy\":true,\"printedCopyCalibration\":\"{calibration}\""))).GetProperty("data");
        Assert.Equal(calibration, data.GetProperty("printedCopyCalibration").GetString());
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("/9j/4A")]                     // JPEG start, but missing padding
    [InlineData("data:image/jpeg;base64,/9j/4AAQ")] // a data: URL is not the file's base64
    [InlineData("R0lGODlhAQABAAAAACw=")]       // a GIF: valid base64, wrong signature
    [InlineData("/9j/4AA=AAAA")]               // padding in the middle
    public async Task ImageNotBase64OfJpegPngOrWebp_Is400(string image) =>
        await AssertAnswer(await PostJsonAsync("v2/document-liveness", "{\"image\":\"" + image + "\",\"validateScreenReplay\":true}"), 400, InvalidImage);

    [Fact]
    public async Task ImageThatIsNotAString_Is400InvalidImage() =>
        await AssertAnswer(await PostJsonAsync("v2/document-liveness", "{\"image\":12345,\"validateScreenReplay\":true}"), 400, InvalidImage);

    [Fact]
    public async Task InvalidImage_ComesBeforeTooLarge()
    {
        Server.Options.MaxImageBytes = 10;
        var gif = new byte[100];
        "GIF89a"u8.CopyTo(gif);
        await AssertAnswer(await CreateAsync(gif), 400, InvalidImage);
    }

    [Fact]
    public async Task ImageOverMaxImageBytes_Is413_AndNothingIsStored()
    {
        Server.Options.MaxImageBytes = 1000;

        await AssertAnswer(await CreateAsync(Jpeg(7, 1001), "\"saveImage\":true,\"validateScreenReplay\":true"), 413, TooLarge);
        var ok = await CreateAsync(Jpeg(7, 1000));

        Assert.Equal(200, (int)ok.StatusCode); // exactly the limit is fine
        Assert.Equal(1000, Assert.Single(Server.Creates.Snapshot()).ImageBytes);
        Assert.Equal(0, Server.Images.Count);
    }

    [Fact]
    public void DefaultMaxImageBytes_Is20MB() => Assert.Equal(20L * 1024 * 1024, new SandboxOptions().MaxImageBytes);

    [Fact]
    public async Task DeclaredBodyFarOverTheLimit_Is413_BeforeAnyOfItIsSent()
    {
        // Headers only: the sandbox must answer without waiting for (or buffering) 100 MB.
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, Server.BaseUri.Port);
        var stream = tcp.GetStream();
        var head = $"POST /v2/document-liveness HTTP/1.1\r\nHost: {Server.BaseUri.Authority}\r\nAuthorization: Bearer {SandboxDefaults.Token}\r\n" +
            "Content-Type: application/json\r\nContent-Length: 100000000\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));

        var answer = await ReadResponseAsync(stream);

        Assert.StartsWith("HTTP/1.1 413 ", answer);
        Assert.EndsWith(TooLarge, answer);
        Assert.Equal(0, Server.Creates.Count);
    }

    [Fact]
    public async Task ChunkedBodyOverTheLimit_Is413()
    {
        Server.Options.MaxImageBytes = 1000; // body limit 1000*4/3 + 1 MB
        using var request = new HttpRequestMessage(HttpMethod.Post, Api("v2/document-liveness")) { Content = new StringContent(CreateBody(Jpeg(8, 1_200_000))) };
        request.Headers.Authorization = new("Bearer", SandboxDefaults.Token);
        request.Headers.TransferEncodingChunked = true;

        using var response = await Http.SendAsync(request);

        await AssertAnswer(response, 413, TooLarge);
        Assert.Equal(0, Server.Creates.Count);
    }

    [Fact]
    public async Task ImageABitOverTheLimit_ReachesTheSizeCheck_EvenAboveKestrelsDefaultBodyLimit()
    {
        // Kestrel refuses bodies over 30,000,000 bytes by default; a 25 MB image is a ~33 MB body.
        Server.Options.MaxImageBytes = 25L * 1024 * 1024;
        var image = Jpeg(9, 25 * 1024 * 1024 + 1);

        await AssertAnswer(await CreateAsync(image), 413, TooLarge);
        Assert.Equal(0, Server.Creates.Count);
    }

    [Fact]
    public async Task WithoutToken_Is401_AndNothingIsStored()
    {
        var response = await CreateAsync(Jpeg(1), token: null);

        await AssertAnswer(response, 401, """{"error":"Protected resource, use Authorization header to get access"}""");
        Assert.Equal(0, Server.Creates.Count);
    }

    [Theory]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    [InlineData("PATCH")]
    public async Task OtherMethodsOnTheCollection_Are405_AllowingGetAndPost(string method)
    {
        using var response = await SendAsync(new HttpMethod(method), Api("v2/document-liveness"), new StringContent("{}"), SandboxDefaults.Token);

        Assert.Equal(405, (int)response.StatusCode);
        Assert.Equal("GET, POST", string.Join(", ", response.Content.Headers.Allow));
    }

    [Fact]
    public async Task PostToARecord_Is405_AllowingGet()
    {
        using var response = await PostJsonAsync("v2/document-liveness/" + SampleRecords.FlatExampleId, CreateBody(Jpeg(1)));

        Assert.Equal(405, (int)response.StatusCode);
        Assert.Equal(["GET"], response.Content.Headers.Allow);
        Assert.Equal(0, Server.Creates.Count);
    }

    [Fact]
    public async Task Latency_AppliesToCreates_BeforeTheyAreProcessed()
    {
        Server.Options.Latency = TimeSpan.FromHours(1);
        using var cancel = new CancellationTokenSource();
        var request = new HttpRequestMessage(HttpMethod.Post, Api("v2/document-liveness")) { Content = new StringContent(CreateBody(Jpeg(1))) };
        request.Headers.Authorization = new("Bearer", SandboxDefaults.Token);
        var pending = Http.SendAsync(request, cancel.Token);

        Assert.True(SpinWait.SpinUntil(() => Server.Requests.Arrived == 1, TimeSpan.FromSeconds(20)), "the create never arrived");

        Assert.False(pending.IsCompleted);
        Assert.Equal(0, Server.Creates.Count);
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
    }

    /// <summary>Reads one HTTP/1.1 response with a Content-Length from a raw stream.</summary>
    private static async Task<string> ReadResponseAsync(Stream stream)
    {
        var buffer = new byte[64 * 1024];
        var text = new StringBuilder();
        while (true)
        {
            var n = await stream.ReadAsync(buffer);
            if (n == 0) break;
            text.Append(Encoding.ASCII.GetString(buffer, 0, n));
            var s = text.ToString();
            var end = s.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            var m = System.Text.RegularExpressions.Regex.Match(s, @"Content-Length: (\d+)", System.Text.RegularExpressions.RegexOptions.IgnoreCase);
            if (end >= 0 && m.Success && s.Length >= end + 4 + int.Parse(m.Groups[1].Value)) break;
        }
        return text.ToString();
    }
}
