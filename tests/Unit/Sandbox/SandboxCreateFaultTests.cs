using Verifik.Sandbox;
using Xunit;

namespace Verifik.Unit.Tests.Sandbox;

/// <summary>
/// Faults on creates: which kinds leave nothing stored and which process (charge) the create before failing it,
/// and the Operations filter and per-operation Times.
/// </summary>
public class SandboxCreateFaultTests : RawSandboxTest
{
    private const string InternalError = """{"message":"internal_error","code":"ERROR"}""";

    private void Fault(FaultRule rule) => Server.Options.Faults.Add(rule);

    [Fact]
    public async Task TooManyRequests_Is429WithRetryAfter_AndNothingIsStored()
    {
        Fault(new FaultRule { Kind = FaultKind.TooManyRequests, RetryAfter = "3", Operations = FaultOperation.Create });

        using var response = await CreateAsync(Jpeg(1));

        await AssertAnswer(response, 429, """{"message":"Too many requests","code":"TooManyRequests"}""");
        Assert.Equal("3", response.Headers.GetValues("Retry-After").Single());
        Assert.Equal(0, Server.Creates.Count);
        Assert.Equal(0, Server.Records.Count);
    }

    [Fact]
    public async Task ServerError_IsThatStatus_AndNothingIsStored()
    {
        Fault(new FaultRule { Kind = FaultKind.ServerError, Status = 503, Operations = FaultOperation.Create });

        await AssertAnswer(await CreateAsync(Jpeg(1)), 503, InternalError);
        Assert.Equal(0, Server.Creates.Count);
    }

    [Fact]
    public async Task DropConnection_AbortsWithoutProcessing()
    {
        Fault(new FaultRule { Kind = FaultKind.DropConnection, Operations = FaultOperation.Create });

        await Assert.ThrowsAsync<HttpRequestException>(() => CreateAsync(Jpeg(1)));

        Assert.Equal(0, Server.Creates.Count);
        Assert.Equal(0, Assert.Single(Server.Requests.Snapshot()).Status);
    }

    [Fact]
    public async Task ServerErrorAfterBody_Is500_ButTheCreateWasProcessedAndStored()
    {
        Fault(new FaultRule { Kind = FaultKind.ServerErrorAfterBody, Operations = FaultOperation.Create });
        var image = Jpeg(2, 200_000);

        await AssertAnswer(await CreateAsync(image, "\"saveImage\":true,\"validateScreenReplay\":true"), 500, InternalError);

        var charged = Assert.Single(Server.Creates.Snapshot());
        Assert.Equal(image.Length, charged.ImageBytes);
        Assert.Equal(200, (int)(await GetAsync("v2/document-liveness/" + charged.Id)).StatusCode);
        Assert.True(Server.Images.Count == 1, "the saved image is kept too");
    }

    [Fact]
    public async Task DropAfterBody_AbortsAfterProcessingAndStoring()
    {
        Fault(new FaultRule { Kind = FaultKind.DropAfterBody, Operations = FaultOperation.Create });

        await Assert.ThrowsAsync<HttpRequestException>(() => CreateAsync(Jpeg(3)));

        var charged = Assert.Single(Server.Creates.Snapshot());
        Assert.Equal(200, (int)(await GetAsync("v2/document-liveness/" + charged.Id)).StatusCode);
        Assert.Contains(Server.Requests.Snapshot(), r => r.Method == "POST" && r.Status == 0);
    }

    [Fact]
    public async Task Slow_DelaysThenCreates()
    {
        Fault(new FaultRule { Kind = FaultKind.Slow, Delay = TimeSpan.FromMilliseconds(20), Operations = FaultOperation.Create });

        using var response = await CreateAsync(Jpeg(4));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(1, Server.Creates.Count);
    }

    [Fact]
    public async Task TruncatedBody_SendsHalfTheRecord_AfterStoringIt()
    {
        Fault(new FaultRule { Kind = FaultKind.TruncatedBody, Operations = FaultOperation.Create });

        using var response = await CreateAsync(Jpeg(5));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(200, (int)response.StatusCode);
        Assert.StartsWith("{\"data\":{\"_id\":", text);
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => System.Text.Json.JsonDocument.Parse(text));
        Assert.Equal(1, Server.Creates.Count);
    }

    [Theory]
    [InlineData(FaultKind.Unauthorized, 401)]
    [InlineData(FaultKind.Forbidden, 403)]
    [InlineData(FaultKind.HtmlPage, 502)]
    [InlineData(FaultKind.WrongContentType, 200)]
    [InlineData(FaultKind.RedirectToOtherHost, 302)]
    public async Task CannedFaults_ReplaceTheCreate_WithoutProcessingIt(FaultKind kind, int status)
    {
        Fault(new FaultRule { Kind = kind, Operations = FaultOperation.Create });

        using var response = await CreateAsync(Jpeg(6));

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(0, Server.Creates.Count);
    }

    [Fact]
    public async Task WrongStatus_KeepsTheRecordButChangesTheStatus()
    {
        Fault(new FaultRule { Kind = FaultKind.WrongStatus, Status = 202, Operations = FaultOperation.Create });

        using var response = await CreateAsync(Jpeg(7));

        Assert.Equal(202, (int)response.StatusCode);
        Assert.Equal(Server.Creates.Snapshot().Single().Id, (await JsonAsync(response)).GetProperty("data").GetProperty("_id").GetString());
    }

    [Fact]
    public async Task Times_CountsAllCreatesAsOneKey()
    {
        Fault(new FaultRule { Kind = FaultKind.ServerError, Times = 2, Operations = FaultOperation.Create });

        var statuses = new List<int>();
        for (var i = 0; i < 4; i++) statuses.Add((int)(await CreateAsync(Jpeg(10 + i))).StatusCode);

        Assert.Equal([500, 500, 200, 200], statuses); // different images, one budget
        Assert.Equal(2, Server.Creates.Count);
    }

    [Fact]
    public async Task Times_IsSeparatePerOperation()
    {
        Fault(new FaultRule { Kind = FaultKind.ServerError, Times = 1, Operations = FaultOperation.Create | FaultOperation.List });

        Assert.Equal(500, (int)(await GetAsync("v2/document-liveness")).StatusCode);
        Assert.Equal(200, (int)(await GetAsync("v2/document-liveness")).StatusCode);
        Assert.Equal(500, (int)(await CreateAsync(Jpeg(1))).StatusCode); // the list used its own count
        Assert.Equal(200, (int)(await CreateAsync(Jpeg(1))).StatusCode);
    }

    [Fact]
    public async Task OperationsFilter_KeepsCreateFaultsOffGetsAndListsAndViceVersa()
    {
        Server.Records.AddFlat("r1");
        Fault(new FaultRule { Kind = FaultKind.ServerError, Operations = FaultOperation.Create });

        Assert.Equal(200, (int)(await GetAsync("v2/document-liveness/r1")).StatusCode);
        Assert.Equal(200, (int)(await GetAsync("v2/document-liveness")).StatusCode);
        Assert.Equal(500, (int)(await CreateAsync(Jpeg(1))).StatusCode);

        Server.Options.Faults.Clear();
        Fault(new FaultRule { Kind = FaultKind.ServerError, Operations = FaultOperation.Get | FaultOperation.List });

        Assert.Equal(200, (int)(await CreateAsync(Jpeg(1))).StatusCode);
        Assert.Equal(500, (int)(await GetAsync("v2/document-liveness/r1")).StatusCode);
    }

    [Fact]
    public async Task RuleWithoutOperations_HitsCreatesAndSignIns_ButNeverImages()
    {
        Fault(new FaultRule { Kind = FaultKind.ServerError });
        Server.Images.Add("a", SampleImages.Jpeg(), "image/jpeg");

        Assert.Equal(500, (int)(await CreateAsync(Jpeg(1))).StatusCode);
        Assert.Equal(500, (int)(await PostJsonAsync("v2/projects/email-login", """{"email":"ana@example.com"}""", token: null)).StatusCode);
        Assert.Equal(200, (int)(await Http.GetAsync(Server.ImageUrl("a"))).StatusCode);
    }

    [Fact]
    public async Task IdsFilter_KeepsTheRuleToGetsOfThoseIds()
    {
        Fault(new FaultRule { Kind = FaultKind.ServerError, Ids = new HashSet<string> { "x" } });

        Assert.Equal(200, (int)(await CreateAsync(Jpeg(1))).StatusCode);
        Assert.Equal(500, (int)(await GetAsync("v2/document-liveness/x")).StatusCode);
    }

    [Fact]
    public async Task RetryAfterAServerErrorAfterBody_ChargesTwice_AndTheLogShowsIt()
    {
        // What a client that blindly retries creates would do: the log is how tests catch it.
        Fault(new FaultRule { Kind = FaultKind.ServerErrorAfterBody, Times = 1, Operations = FaultOperation.Create });
        var image = Jpeg(20);

        Assert.Equal(500, (int)(await CreateAsync(image)).StatusCode);
        Assert.Equal(200, (int)(await CreateAsync(image)).StatusCode);

        var creates = Server.Creates.Snapshot();
        Assert.Equal(2, creates.Count);
        Assert.Single(creates.Select(c => c.ImageSha256).Distinct());
        Assert.True(creates[0].At <= creates[1].At);
    }
}
