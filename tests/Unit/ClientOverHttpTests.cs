using Verifik.Sandbox;
using Xunit;

namespace Verifik.Unit.Tests;

/// <summary>VerifikClient.GetDocumentLivenessAsync against the real loopback sandbox (127.0.0.1, port 0).</summary>
public class ClientOverHttpTests : SandboxTest
{
    [Fact]
    public async Task FlatRecord_IsFetchedAndParsed()
    {
        DocumentedPayloads.SeedDocumented(Server.Records);

        var fetched = await Client().GetDocumentLivenessAsync(DocumentedPayloads.FlatId);

        Assert.Empty(fetched.Problems);
        var r = fetched.Record;
        Assert.Equal(DocumentedPayloads.FlatId, r.Id);
        Assert.Equal(0.4201007, r.ScreenReplayScore);
        Assert.Equal("REGULAR", r.ScreenReplayCalibration);
        Assert.Equal(-0.124236, r.DigitalManipulationScore);
        Assert.Equal("GLARE_ON_IMAGE", r.PortraitSubstitutionWarnings.ToString());
        Assert.Equal(new DateTime(2025, 8, 22, 19, 4, 25, 503, DateTimeKind.Utc), r.CreatedAt);
        Assert.Contains("\"sreenReplayScore\"", r.ToJson());

        var request = Assert.Single(Server.Requests.Snapshot());
        Assert.Equal("GET", request.Method);
        Assert.Equal("/v2/document-liveness/" + DocumentedPayloads.FlatId, request.RawTarget);
        Assert.Equal("Bearer " + SandboxDefaults.Token, request.Authorization);
        Assert.Equal(200, request.Status);
    }

    [Fact]
    public async Task NestedRecord_IsFetchedAndParsed()
    {
        DocumentedPayloads.SeedDocumented(Server.Records);

        var fetched = await Client().GetDocumentLivenessAsync(DocumentedPayloads.NestedId);

        Assert.Empty(fetched.Problems);
        var r = fetched.Record;
        Assert.Equal(DocumentedPayloads.NestedId, r.Id);
        Assert.Equal("completed", r.Status);
        Assert.Equal("app_registration_123456789", r.AppRegistration);
        Assert.True(r.ScreenReplayValidated);
        Assert.True(r.PortraitSubstitutionPassed);
        Assert.Equal(0.92, r.DigitalManipulationScore);
        Assert.Equal(0.05, r.RiskScore);
        Assert.Equal(0.91, r.Confidence);
        Assert.Equal(new DateTime(2024, 1, 15, 10, 32, 0, DateTimeKind.Utc), r.CompletedAt);
        Assert.DoesNotContain("signature", r.ToJson()); // the envelope is not part of the record
    }

    [Fact]
    public async Task WrongTypedField_OverHttp_IsReportedAsAProblem()
    {
        Server.Records.Add("odd", """{"_id":"odd","sreenReplayScore":"high","createdAt":12}""");

        var fetched = await Client().GetDocumentLivenessAsync("odd");

        Assert.Equal("odd", fetched.Record.Id);
        Assert.Null(fetched.Record.ScreenReplayScore);
        Assert.Equal(2, fetched.Problems.Count);
    }

    [Theory]
    [InlineData(NotFoundStyle.Flat, "NotFound", "Record not found.")]
    [InlineData(NotFoundStyle.Nested, "DOCUMENT_LIVENESS_NOT_FOUND", "Document liveness not found")]
    public async Task UnknownId_IsNotFound(NotFoundStyle style, string code, string message)
    {
        Server.Options.NotFoundStyle = style;

        var ex = await Assert.ThrowsAsync<VerifikApiException>(() => Client().GetDocumentLivenessAsync("no-such-id"));

        Assert.Equal(VerifikFailure.NotFound, ex.Failure);
        Assert.Equal("no-such-id", ex.ResourceId);
        Assert.Equal(404, ex.StatusCode);
        Assert.Equal(code, ex.ApiError?.Code);
        Assert.Equal(message, ex.ApiError?.Message);
        Assert.Contains("no-such-id", ex.Message);
        Assert.False(ex.IsAuthenticationFailure);
        Assert.Single(Server.Requests.Snapshot()); // a 404 is not retried
    }

    [Fact]
    public async Task WrongToken_IsUnauthorized_AndNeverLeaksTheToken()
    {
        var wrong = SandboxDefaults.MakeToken("someone_else", DateTimeOffset.UtcNow.AddDays(1));
        DocumentedPayloads.SeedDocumented(Server.Records);

        var ex = await Assert.ThrowsAsync<VerifikApiException>(() => Client(token: wrong).GetDocumentLivenessAsync(DocumentedPayloads.FlatId));

        Assert.Equal(VerifikFailure.Unauthorized, ex.Failure);
        Assert.Equal(401, ex.StatusCode);
        Assert.True(ex.IsAuthenticationFailure);
        Assert.Equal("Protected resource, use Authorization header to get access", ex.ApiError?.Message);
        Assert.DoesNotContain(wrong, ex.Message);
        Assert.DoesNotContain(wrong, ex.ToString());
        Assert.Single(Server.Requests.Snapshot()); // a 401 is not retried
    }

    [Fact]
    public async Task ForbiddenFault_IsForbidden()
    {
        Server.Options.Faults.Add(new FaultRule { Kind = FaultKind.Forbidden });

        var ex = await Assert.ThrowsAsync<VerifikApiException>(() => Client().GetDocumentLivenessAsync("x"));

        Assert.Equal(VerifikFailure.Forbidden, ex.Failure);
        Assert.Equal(403, ex.StatusCode);
        Assert.Equal("FORBIDDEN", ex.ApiError?.Code);
        Assert.True(ex.IsAuthenticationFailure);
        Assert.Single(Server.Requests.Snapshot());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(".")]
    [InlineData("..")]
    public async Task InvalidId_IsRefused_WithoutARequest(string? id)
    {
        var ex = await Assert.ThrowsAsync<VerifikApiException>(() => Client().GetDocumentLivenessAsync(id!));

        Assert.Equal(VerifikFailure.InvalidId, ex.Failure);
        Assert.Equal(id, ex.ResourceId);
        Assert.Null(ex.StatusCode);
        Assert.Empty(Server.Requests.Snapshot());
    }

    [Theory]
    [InlineData("a/b", "a%2Fb")]
    [InlineData("a?limit=1", "a%3Flimit%3D1")]
    [InlineData("a#b", "a%23b")]
    [InlineData("100%", "100%25")]
    [InlineData("a b", "a%20b")]
    [InlineData("ñandú", "%C3%B1and%C3%BA")]
    [InlineData("../x", "..%2Fx")]
    [InlineData("..%2F..", "..%252F..")]
    [InlineData("a\\b", "a%5Cb")]
    public async Task SpecialIds_TravelAsOneEscapedSegment(string id, string segment)
    {
        Server.Records.AddFlat(id);

        var fetched = await Client().GetDocumentLivenessAsync(id);

        Assert.Equal(id, fetched.Record.Id); // the sandbox found the record under exactly this id
        var request = Assert.Single(Server.Requests.Snapshot());
        Assert.Equal("/v2/document-liveness/" + segment, request.RawTarget);
        Assert.Equal(200, request.Status);
    }

    [Fact]
    public async Task SpecialId_NotFound_StillOneSegment()
    {
        var ex = await Assert.ThrowsAsync<VerifikApiException>(() => Client().GetDocumentLivenessAsync("x/../../v2/document-liveness"));

        Assert.Equal(VerifikFailure.NotFound, ex.Failure);
        Assert.Equal("/v2/document-liveness/x%2F..%2F..%2Fv2%2Fdocument-liveness", Assert.Single(RecordTargets()));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("0")]
    public async Task TooManyRequests_Twice_ThenSuccess(string? retryAfter)
    {
        Server.Records.AddFlat("r1");
        Server.Options.Faults.Add(new FaultRule { Kind = FaultKind.TooManyRequests, Ids = new HashSet<string> { "r1" }, Times = 2, RetryAfter = retryAfter });
        var notices = new List<RetryNotice>();

        var fetched = await Client().GetDocumentLivenessAsync("r1", onRetry: n => { lock (notices) notices.Add(n); });

        Assert.Equal("r1", fetched.Record.Id);
        Assert.Equal(new[] { 429, 429, 200 }, Server.Requests.Snapshot().Select(r => r.Status));
        Assert.Equal(2, notices.Count);
        Assert.Equal(new[] { 1, 2 }, notices.Select(n => n.Attempt));
        Assert.All(notices, n =>
        {
            Assert.Equal("r1", n.Target);
            Assert.Equal(3, n.MaxRetry);
            Assert.Contains("429", n.Reason);
            Assert.DoesNotContain(SandboxDefaults.Token, n.ToString());
        });
        if (retryAfter == "0") Assert.All(notices, n => Assert.Equal(TimeSpan.Zero, n.Delay));
        else Assert.All(notices, n => Assert.InRange(n.Delay, TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(50)));
    }

    [Fact]
    public async Task TooManyRequests_BeyondMaxRetry_IsRateLimited()
    {
        Server.Options.Faults.Add(new FaultRule { Kind = FaultKind.TooManyRequests, RetryAfter = "0" });

        var ex = await Assert.ThrowsAsync<VerifikApiException>(() => Client(maxRetry: 2).GetDocumentLivenessAsync("r1"));

        Assert.Equal(VerifikFailure.RateLimited, ex.Failure);
        Assert.Equal(429, ex.StatusCode);
        Assert.Equal(3, Server.Requests.Count);
    }

    [Fact]
    public async Task HugeRetryAfter_IsCutToMaxRetryAfter()
    {
        Server.Records.AddFlat("r1");
        Server.Options.Faults.Add(new FaultRule { Kind = FaultKind.TooManyRequests, Times = 1, RetryAfter = "3600" });
        var settings = new RequestSettings { MaxRetry = 1, MaxRetryAfter = TimeSpan.FromMilliseconds(20), BaseDelay = TimeSpan.FromMilliseconds(10) };
        var notices = new List<RetryNotice>();

        var fetched = await Client().GetDocumentLivenessAsync("r1", settings, n => notices.Add(n));

        Assert.Equal("r1", fetched.Record.Id);
        Assert.Equal(TimeSpan.FromMilliseconds(20), Assert.Single(notices).Delay);
    }

    [Fact]
    public async Task ServerError_MoreTimesThanMaxRetry_IsServerError_AfterMaxRetryPlusOneRequests()
    {
        Server.Records.AddFlat("r1");
        Server.Options.Faults.Add(new FaultRule { Kind = FaultKind.ServerError, Times = 10 });
        var notices = 0;

        var ex = await Assert.ThrowsAsync<VerifikApiException>(() =>
            Client(maxRetry: 3).GetDocumentLivenessAsync("r1", onRetry: _ => Interlocked.Increment(ref notices)));

        Assert.Equal(VerifikFailure.ServerError, ex.Failure);
        Assert.Equal(500, ex.StatusCode);
        Assert.Equal("ERROR", ex.ApiError?.Code);
        Assert.Equal("r1", ex.ResourceId);
        Assert.Equal(4, Server.Requests.Count);
        Assert.All(Server.Requests.Snapshot(), r => Assert.Equal(500, r.Status));
        Assert.Equal(3, notices);
    }

    [Theory]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task OtherTransientStatuses_AreRetried(int status)
    {
        Server.Records.AddFlat("r1");
        Server.Options.Faults.Add(new FaultRule { Kind = FaultKind.ServerError, Status = status, Times = 1 });

        var fetched = await Client().GetDocumentLivenessAsync("r1");

        Assert.Equal("r1", fetched.Record.Id);
        Assert.Equal(new[] { status, 200 }, Server.Requests.Snapshot().Select(r => r.Status));
    }

    [Theory]
    [InlineData(400, VerifikFailure.BadRequest)]
    [InlineData(409, VerifikFailure.BadRequest)]
    [InlineData(422, VerifikFailure.BadRequest)]
    [InlineData(501, VerifikFailure.ServerError)] // 5xx but not transient: not retried either
    public async Task NonTransientStatus_IsNotRetried(int status, VerifikFailure failure)
    {
        Server.Records.AddFlat("r1");
        Server.Options.Faults.Add(new FaultRule { Kind = FaultKind.WrongStatus, Status = status });
        var retried = false;

        var ex = await Assert.ThrowsAsync<VerifikApiException>(() => Client().GetDocumentLivenessAsync("r1", onRetry: _ => retried = true));

        Assert.Equal(failure, ex.Failure);
        Assert.Equal(status, ex.StatusCode);
        Assert.Equal(1, Server.Requests.Count);
        Assert.False(retried);
    }

    [Fact]
    public async Task TruncatedBody_IsInvalidResponse()
    {
        Server.Records.AddFlat("r1");
        Server.Options.Faults.Add(new FaultRule { Kind = FaultKind.TruncatedBody });

        var ex = await Assert.ThrowsAsync<VerifikApiException>(() => Client().GetDocumentLivenessAsync("r1"));

        Assert.Equal(VerifikFailure.InvalidResponse, ex.Failure);
        Assert.Equal(200, ex.StatusCode);
        Assert.Equal("r1", ex.ResourceId);
        Assert.Contains("not valid JSON", ex.Message);
        Assert.Equal(1, Server.Requests.Count); // a complete 200 with a bad body is not retried
    }

    [Fact]
    public async Task WrongContentType_PlainTextBody_IsInvalidResponse()
    {
        Server.Records.AddFlat("r1");
        Server.Options.Faults.Add(new FaultRule { Kind = FaultKind.WrongContentType });

        var ex = await Assert.ThrowsAsync<VerifikApiException>(() => Client().GetDocumentLivenessAsync("r1"));

        Assert.Equal(VerifikFailure.InvalidResponse, ex.Failure);
        Assert.Equal(200, ex.StatusCode);
        Assert.Contains("text/plain", ex.Message);
        Assert.Equal(1, Server.Requests.Count);
    }

    [Fact]
    public async Task HtmlGatewayPage_Is502_SoServerErrorWithAnExcerpt_WhenNotRetried()
    {
        Server.Records.AddFlat("r1");
        Server.Options.Faults.Add(new FaultRule { Kind = FaultKind.HtmlPage });

        var ex = await Assert.ThrowsAsync<VerifikApiException>(() => Client(maxRetry: 0).GetDocumentLivenessAsync("r1"));

        // The 502 status decides: it is a server error (retried when retries are allowed), not InvalidResponse.
        Assert.Equal(VerifikFailure.ServerError, ex.Failure);
        Assert.Equal(502, ex.StatusCode);
        Assert.Null(ex.ApiError);
        Assert.Contains("502 Bad Gateway", ex.Message);
        Assert.Contains("text/html", ex.Message);
        Assert.Equal(1, Server.Requests.Count);
    }

    [Fact]
    public async Task HtmlGatewayPage_IsRetried_ThenServerError()
    {
        Server.Options.Faults.Add(new FaultRule { Kind = FaultKind.HtmlPage });

        var ex = await Assert.ThrowsAsync<VerifikApiException>(() => Client(maxRetry: 2).GetDocumentLivenessAsync("r1"));

        Assert.Equal(VerifikFailure.ServerError, ex.Failure);
        Assert.Equal(3, Server.Requests.Count);
    }

    [Fact]
    public async Task HtmlGatewayPage_Once_ThenSuccess()
    {
        Server.Records.AddFlat("r1");
        Server.Options.Faults.Add(new FaultRule { Kind = FaultKind.HtmlPage, Times = 1 });

        var fetched = await Client().GetDocumentLivenessAsync("r1");

        Assert.Equal("r1", fetched.Record.Id);
        Assert.Equal(new[] { 502, 200 }, Server.Requests.Snapshot().Select(r => r.Status));
    }

    [Fact]
    public async Task DroppedConnection_Once_SucceedsAfterOneRetry()
    {
        Server.Records.AddFlat("r1");
        Server.Options.Faults.Add(new FaultRule { Kind = FaultKind.DropConnection, Times = 1 });
        var notices = new List<RetryNotice>();

        var fetched = await Client().GetDocumentLivenessAsync("r1", onRetry: n => { lock (notices) notices.Add(n); });

        Assert.Equal("r1", fetched.Record.Id);
        Assert.Equal(new[] { 0, 200 }, Server.Requests.Snapshot().Select(r => r.Status));
        Assert.Equal(1, Assert.Single(notices).Attempt);
    }

    [Fact]
    public async Task DroppedConnection_Always_IsConnectionFailure()
    {
        Server.Options.Faults.Add(new FaultRule { Kind = FaultKind.DropConnection });

        var ex = await Assert.ThrowsAsync<VerifikApiException>(() => Client(maxRetry: 1).GetDocumentLivenessAsync("r1"));

        Assert.Equal(VerifikFailure.Connection, ex.Failure);
        Assert.Equal("r1", ex.ResourceId);
        Assert.Equal(2, Server.Requests.Count);
    }

    [Fact]
    public async Task SlowAnswer_BeyondTheTimeout_IsTimeout()
    {
        Server.Options.Faults.Add(new FaultRule { Kind = FaultKind.Slow, Delay = TimeSpan.FromSeconds(30) });
        var settings = new RequestSettings { MaxRetry = 0, Timeout = TimeSpan.FromMilliseconds(200) };

        var ex = await Assert.ThrowsAsync<VerifikApiException>(() => Client().GetDocumentLivenessAsync("r1", settings));

        Assert.Equal(VerifikFailure.Timeout, ex.Failure);
        Assert.Equal("r1", ex.ResourceId);
    }

    [Fact]
    public async Task CallerCancellation_IsOperationCanceled_NotAVerifikFailure()
    {
        Server.Options.Faults.Add(new FaultRule { Kind = FaultKind.Slow, Delay = TimeSpan.FromSeconds(30) });
        using var cts = new CancellationTokenSource();
        var task = Client().GetDocumentLivenessAsync("r1", ct: cts.Token);

        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task);
    }

    [Fact]
    public async Task RedirectToAnotherHost_IsRefused_AndTheTokenNotSentThere()
    {
        Server.Records.AddFlat("r1");
        Server.Options.Faults.Add(new FaultRule { Kind = FaultKind.RedirectToOtherHost });
        var client = new VerifikClient(Server.BaseUri, BearerToken.FromPlainText(SandboxDefaults.Token),
            new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }), Settings());

        var ex = await Assert.ThrowsAsync<VerifikApiException>(() => client.GetDocumentLivenessAsync("r1"));

        Assert.Equal(VerifikFailure.Redirect, ex.Failure);
        Assert.Contains("localhost", ex.Message);
        var request = Assert.Single(Server.Requests.Snapshot());
        Assert.Equal(302, request.Status);
    }

    [Fact]
    public async Task BodyLargerThanMaxResponseBytes_IsInvalidResponse()
    {
        Server.Records.AddFlat("r1");
        var settings = Settings(maxRetry: 0);
        settings.MaxResponseBytes = 100;

        var ex = await Assert.ThrowsAsync<VerifikApiException>(() => Client().GetDocumentLivenessAsync("r1", settings));

        Assert.Equal(VerifikFailure.InvalidResponse, ex.Failure);
        Assert.Equal(200, ex.StatusCode);
        Assert.Contains("larger than", ex.Message);
        Assert.Equal(1, Server.Requests.Count);
    }

    [Fact]
    public async Task OkStatusWithAnErrorBody_IsNotAnEmptyRecord()
    {
        Server.Options.Faults.Add(new FaultRule { Kind = FaultKind.WrongStatus, Status = 200 });

        var ex = await Record.ExceptionAsync(() => Client().GetDocumentLivenessAsync("no-such-id"));

        Assert.Equal(VerifikFailure.InvalidResponse, Assert.IsType<VerifikApiException>(ex).Failure);
    }

    [Fact]
    public async Task SyntheticRecords_AreServed()
    {
        Server.Options.SyntheticCount = 3;

        var fetched = await Client().GetDocumentLivenessAsync(SyntheticRecords.Id(2));

        Assert.Equal("dl-0000002", fetched.Record.Id);
        Assert.Empty(fetched.Problems);
        Assert.NotNull(fetched.Record.ScreenReplayScore);
    }

    [Fact]
    public void Constructor_NormalizesTheBaseUri_AndRefusesNulls()
    {
        var token = BearerToken.FromPlainText(SandboxDefaults.Token);
        var client = new VerifikClient(new Uri("http://127.0.0.1:5080/prefix?q=1"), token, new HttpClient());

        Assert.Equal("http://127.0.0.1:5080/prefix/", client.BaseUri.AbsoluteUri);
        Assert.Equal(RequestSettings.DefaultMaxRetry, client.Defaults.MaxRetry);
        Assert.Same(token, client.Token);
        Assert.Throws<ArgumentNullException>(() => new VerifikClient(null!, token, new HttpClient()));
        Assert.Throws<ArgumentNullException>(() => new VerifikClient(new Uri("http://127.0.0.1/"), null!, new HttpClient()));
        Assert.Throws<ArgumentNullException>(() => new VerifikClient(new Uri("http://127.0.0.1/"), token, null!));
    }
}

/// <summary>With an HttpClient that follows redirects itself (the default handler), the token still never crosses hosts.</summary>
public class AutoRedirectTests : SandboxTest
{
    [Fact]
    public async Task DefaultHttpClient_FollowingACrossHostRedirect_DoesNotForwardTheToken()
    {
        Server.Records.AddFlat("r1");
        Server.Options.Faults.Add(new FaultRule { Kind = FaultKind.RedirectToOtherHost, Times = 1 });

        var ex = await Record.ExceptionAsync(() => Client().GetDocumentLivenessAsync("r1"));

        var requests = Server.Requests.Snapshot();
        Assert.Equal(2, requests.Count);
        Assert.Equal(302, requests[0].Status);
        Assert.Equal("Bearer " + SandboxDefaults.Token, requests[0].Authorization);
        Assert.StartsWith("localhost:", requests[1].Host);
        Assert.Null(requests[1].Authorization); // the handler dropped the token when it changed host
        // Without the token the other host answers 401, which the client reports as such.
        Assert.Equal(401, requests[1].Status);
        Assert.Equal(VerifikFailure.Unauthorized, Assert.IsType<VerifikApiException>(ex).Failure);
    }
}
