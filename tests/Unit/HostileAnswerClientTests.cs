using System.Net;
using System.Text.Json;
using Verifik.Sandbox;
using Xunit;

namespace Verifik.Unit.Tests;

/// <summary>VerifikClient against the sandbox's hostile answers: bodies that lie about their encoding, BOMs, deep nesting, success:false.</summary>
public class HostileAnswerClientTests : SandboxTest
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "verifik-hostile-" + Guid.NewGuid().ToString("N"));

    /// <summary>A client that decodes gzip and deflate, as the module's shared clients do.</summary>
    private VerifikClient DecodingClient(RequestSettings? settings = null) =>
        new(Server.BaseUri, BearerToken.FromPlainText(SandboxDefaults.Token),
            new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate, UseProxy = false }),
            settings ?? Settings());

    private void Fault(FaultKind kind, string? id = null, FaultOperation? on = null, string? retryAfter = null, int? times = null) =>
        Server.Options.Faults.Add(new FaultRule { Kind = kind, Ids = id == null ? null : new HashSet<string> { id }, Operations = on, RetryAfter = retryAfter, Times = times });

    [Theory]
    [InlineData(FaultKind.BadGzip)]
    [InlineData(FaultKind.BadGzipCrc)]
    [InlineData(FaultKind.BadDeflate)]
    public async Task UndecodableRecord_IsInvalidResponse_NotRetried(FaultKind kind)
    {
        Server.Records.AddFlat("z");
        Fault(kind, "z");

        var ex = await Assert.ThrowsAsync<VerifikApiException>(() => DecodingClient().GetDocumentLivenessAsync("z"));

        Assert.Equal(VerifikFailure.InvalidResponse, ex.Failure);
        Assert.Equal("z", ex.ResourceId);
        Assert.IsType<InvalidDataException>(ex.InnerException);
        Assert.Contains("could not be decoded", ex.Message);
        Assert.Single(RecordTargets());
    }

    [Theory]
    [InlineData(FaultKind.BadGzip)]
    [InlineData(FaultKind.BadGzipCrc)]
    [InlineData(FaultKind.BadDeflate)]
    public async Task UndecodableImage_IsInvalidResponse_NotRetried(FaultKind kind)
    {
        Directory.CreateDirectory(_folder);
        try
        {
            Server.Images.Add("i", SampleImages.Jpeg(), "image/jpeg");
            Fault(kind, on: FaultOperation.Image);

            var ex = await Assert.ThrowsAsync<VerifikApiException>(() =>
                DecodingClient().DownloadImageAsync("rec", Server.ImageUrl("i"), Path.Combine(_folder, ".i.partial"), 1024 * 1024));

            Assert.Equal(VerifikFailure.InvalidResponse, ex.Failure);
            Assert.Equal("rec", ex.ResourceId);
            Assert.Single(Server.Requests.Snapshot(), r => r.Origin == Server.CdnBaseUri.GetLeftPart(UriPartial.Authority));
        }
        finally
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task Utf8Bom_RecordAndPage_AreRead()
    {
        Server.Records.AddFlat("b");
        Fault(FaultKind.Utf8Bom);

        Assert.Equal("b", (await Client().GetDocumentLivenessAsync("b")).Record.Id);
        Assert.Equal("b", Assert.Single((await Client().ListDocumentLivenessAsync(new ListQuery { Limit = 10 })).Records).Record.Id);
    }

    [Fact]
    public async Task Utf8Bom_SignInAnswer_IsRead()
    {
        Fault(FaultKind.Utf8Bom, on: FaultOperation.SignIn);
        var code = new System.Security.SecureString();
        foreach (var c in SandboxDefaults.OneTimeCode) code.AppendChar(c);
        var signIn = new VerifikSignIn(Server.BaseUri, new HttpClient(), Settings());

        await signIn.SendEmailCodeAsync("ana@example.com");
        using var token = await signIn.ConfirmEmailCodeAsync("ana@example.com", code);

        Assert.NotNull(token);
    }

    [Fact]
    public void ApiErrorReader_SkipsABom() =>
        Assert.Equal("NotFound", ApiErrorReader.TryParse([0xEF, 0xBB, 0xBF, .. "{\"message\":\"Record not found.\",\"code\":\"NotFound\"}"u8.ToArray()])!.Code);

    [Theory]
    [InlineData(65)]  // one past the reader's default of 64, envelope and record included
    [InlineData(256)] // the limit itself
    public async Task DeepRecord_IsRead_WithItsExactRawText(int depth)
    {
        var json = "{\"_id\":\"d\",\"x\":" + new string('[', depth - 2) + new string(']', depth - 2) + "}";
        Server.Records.Add("d", json);

        var fetched = await Client().GetDocumentLivenessAsync("d");

        Assert.Equal(json, fetched.Record.ToJson());
    }

    [Fact]
    public async Task TooDeepRecord_SaysHowDeep_NotInvalidJson()
    {
        Server.Records.Add("d", "{\"_id\":\"d\",\"x\":" + new string('[', 300) + new string(']', 300) + "}");

        var ex = await Assert.ThrowsAsync<VerifikApiException>(() => Client().GetDocumentLivenessAsync("d"));

        Assert.Equal(VerifikFailure.InvalidResponse, ex.Failure);
        Assert.Contains("nested deeper than 256 levels", ex.Message);
    }

    [Fact]
    public async Task BracketsInsideStrings_DoNotCountAsDepth_BrokenJsonIsStillNotValidJson()
    {
        // 300 brackets in a string, then a missing brace: invalid JSON, not "too deep".
        Server.Records.Add("s", "{\"_id\":\"s\",\"x\":\"" + new string('[', 300) + "\\\"\"}");
        Fault(FaultKind.TruncatedBody, "s");

        var ex = await Assert.ThrowsAsync<VerifikApiException>(() => Client().GetDocumentLivenessAsync("s"));

        Assert.Contains("not valid JSON", ex.Message);
    }

    [Fact]
    public async Task SuccessFalseRecord_IsUnsuccessful_WithTheApisError()
    {
        Server.Records.AddFlat("l");
        Fault(FaultKind.Unsuccessful, "l");

        var ex = await Assert.ThrowsAsync<VerifikApiException>(() => Client().GetDocumentLivenessAsync("l"));

        Assert.Equal(VerifikFailure.Unsuccessful, ex.Failure);
        Assert.Equal(200, ex.StatusCode);
        Assert.Equal("RECORD_LOCKED", ex.ApiError!.Code);
        Assert.Equal("Record is locked for review", ex.ApiError.Message);
    }

    [Theory]
    [InlineData(FaultKind.Unsuccessful)]
    [InlineData(FaultKind.UnsuccessfulNoData)]
    public async Task SuccessFalsePage_IsUnsuccessful(FaultKind kind)
    {
        Server.Records.AddFlat("l");
        Fault(kind, on: FaultOperation.List);

        var ex = await Assert.ThrowsAsync<VerifikApiException>(() => Client().ListDocumentLivenessAsync(new ListQuery { Limit = 10 }));

        Assert.Equal(VerifikFailure.Unsuccessful, ex.Failure);
        Assert.Equal("list page 1", ex.ResourceId);
    }

    [Fact]
    public async Task SuccessTrue_AndNoSuccessField_AreRecords()
    {
        Server.Records.Add("t", "{\"_id\":\"t\",\"success\":false}"); // a field of the record, not the envelope
        Assert.Equal("t", (await Client().GetDocumentLivenessAsync("t")).Record.Id);
    }

    [Fact]
    public async Task AnotherRecordsId_IsReturned_WithAProblemNamingBoth()
    {
        Server.Records.AddFlat("asked");
        Fault(FaultKind.OtherRecordId, "asked");

        var fetched = await Client().GetDocumentLivenessAsync("asked");

        Assert.Equal("other-record", fetched.Record.Id);
        Assert.Contains(fetched.Problems, p => p.Contains("'asked'"));
    }

    [Fact]
    public async Task RetryAfterAboveInt32_IsCappedAtMaxRetryAfter()
    {
        Server.Records.AddFlat("r");
        Fault(FaultKind.TooManyRequests, "r", retryAfter: "99999999999", times: 1);
        var settings = Settings();
        settings.MaxRetryAfter = TimeSpan.FromMilliseconds(300);
        var notices = new List<RetryNotice>();

        await Client().GetDocumentLivenessAsync("r", settings, notices.Add);

        Assert.Equal(TimeSpan.FromMilliseconds(300), Assert.Single(notices).Delay);
    }

    [Fact]
    public async Task HostileErrorText_IsEscapedInTheMessage_KeptInApiError()
    {
        Server.Records.AddFlat("h");
        Fault(FaultKind.HostileText, "h");

        var ex = await Assert.ThrowsAsync<VerifikApiException>(() => Client().GetDocumentLivenessAsync("h"));

        Assert.DoesNotContain(ex.Message, Printable.IsControl);
        Assert.Contains(@"\x1B[31mAccess", ex.Message);
        Assert.Contains('\u001b', ex.ApiError!.Message!);
    }

    [Fact]
    public void WrongTypeValue_IsEscapedInTheProblem()
    {
        using var doc = JsonDocument.Parse("{\"_id\":\"x\",\"riskScore\":\"\\u001b[2J\\u009b\"}");
        var problems = new List<string>();

        DocumentLivenessParser.Parse(doc.RootElement, problems);

        Assert.Contains(@"\x1B[2J\x9B", Assert.Single(problems));
    }

    [Theory]
    [InlineData("12:00")]
    [InlineData("May 2024")]
    [InlineData("01/02/2024")]
    [InlineData("2024-1-5")]
    [InlineData("2024-01-15T10:30:00ZZ")]
    public void Dates_NotIso8601_AreNullWithAProblem(string value)
    {
        using var doc = JsonDocument.Parse("{\"_id\":\"x\",\"createdAt\":\"" + value + "\"}");
        var problems = new List<string>();

        var r = DocumentLivenessParser.Parse(doc.RootElement, problems);

        Assert.Null(r.CreatedAt);
        Assert.Contains("ISO 8601", Assert.Single(problems));
    }

    [Fact]
    public void Dates_Iso8601WithMinutesOnly_AreRead()
    {
        using var doc = JsonDocument.Parse("{\"_id\":\"x\",\"createdAt\":\"2024-01-15T10:30\"}");
        var problems = new List<string>();

        Assert.Equal(new DateTime(2024, 1, 15, 10, 30, 0, DateTimeKind.Utc), DocumentLivenessParser.Parse(doc.RootElement, problems).CreatedAt);
        Assert.Empty(problems);
    }
}
