using Verifik.Sandbox;
using Xunit;

namespace Verifik.Unit.Tests;

/// <summary>VerifikClient.CreateDocumentLivenessAsync against the real loopback sandbox: what arrives, and when it is (not) sent again.</summary>
public sealed class CreateOverHttpTests : SandboxTest, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("verifik-create-client-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private DocumentLivenessSubmission Jpeg(int length, int seed = 1)
    {
        var submission = TestImages.Jpeg(_folder, length, seed);
        submission.ScreenReplayCalibration = "HARD";
        return submission;
    }

    private List<LoggedRequest> Creates() => Server.Requests.Snapshot().Where(r => r.Method == "POST").ToList();

    [Fact]
    public async Task A_create_sends_the_file_with_an_exact_Content_Length_and_returns_the_record_with_its_SourcePath()
    {
        var submission = Jpeg(300_000);

        var created = await Client().CreateDocumentLivenessAsync(submission);

        var processed = Assert.Single(Server.Creates.Snapshot());
        Assert.Equal(processed.Id, created.Record.Id);
        Assert.Equal(submission.Path, created.Record.SourcePath);
        Assert.Equal(300_000, processed.ImageBytes);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(submission.Path))), processed.ImageSha256);
        Assert.Equal("HARD", created.Record.ScreenReplayCalibration);
        var request = Assert.Single(Creates());
        Assert.Equal(submission.CreateContent().Headers.ContentLength, request.ContentLength);
        Assert.Equal("Bearer " + SandboxDefaults.Token, request.Authorization);
    }

    [Fact]
    public async Task A_500_after_the_body_is_not_sent_again_and_is_flagged_OutcomeUnknown()
    {
        Server.Options.Faults.Add(new FaultRule { Kind = FaultKind.ServerErrorAfterBody, Times = 1, Operations = FaultOperation.Create });

        var ex = await Assert.ThrowsAsync<VerifikApiException>(() => Client(maxRetry: 3).CreateDocumentLivenessAsync(Jpeg(1000)));

        Assert.True(ex.OutcomeUnknown);
        Assert.Equal(VerifikFailure.ServerError, ex.Failure);
        Assert.Equal(500, ex.StatusCode);
        Assert.Single(Creates());
        Assert.Equal(1, Server.Creates.Count);
    }

    [Theory]
    [InlineData(520)]
    [InlineData(522)]
    [InlineData(524)]
    [InlineData(599)]
    [InlineData(501)]
    [InlineData(505)]
    public async Task Any_5xx_but_503_after_the_body_is_not_sent_again_and_is_flagged_OutcomeUnknown(int status)
    {
        // Processed (stored and charged), then answered with a gateway's or an origin's failure.
        Server.Options.Faults.Add(new FaultRule { Kind = FaultKind.ServerErrorAfterBody, Status = status, Times = 1, Operations = FaultOperation.Create });

        var ex = await Assert.ThrowsAsync<VerifikApiException>(() => Client(maxRetry: 3).CreateDocumentLivenessAsync(Jpeg(1000)));

        Assert.True(ex.OutcomeUnknown);
        Assert.Equal(status, ex.StatusCode);
        Assert.Contains("may or may not have been processed", ex.Message);
        Assert.Single(Creates());
        Assert.Equal(1, Server.Creates.Count);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(409)]
    [InlineData(413)]
    [InlineData(422)]
    public async Task A_4xx_refusal_after_the_body_proves_nothing_was_processed(int status)
    {
        Server.Options.Faults.Add(new FaultRule { Kind = FaultKind.Refusal, Status = status, Times = 1, Operations = FaultOperation.Create });

        var ex = await Assert.ThrowsAsync<VerifikApiException>(() => Client(maxRetry: 3).CreateDocumentLivenessAsync(Jpeg(1000)));

        Assert.False(ex.OutcomeUnknown);
        Assert.Equal(VerifikFailure.BadRequest, ex.Failure);
        Assert.DoesNotContain("may or may not", ex.Message);
        Assert.Single(Creates());
        Assert.Equal(0, Server.Creates.Count);
    }

    [Fact]
    public async Task A_503_that_outlasts_the_retries_is_not_uncertain()
    {
        Server.Options.Faults.Add(new FaultRule { Kind = FaultKind.ServerError, Status = 503, RetryAfter = "0", Operations = FaultOperation.Create });

        var ex = await Assert.ThrowsAsync<VerifikApiException>(() => Client(maxRetry: 1).CreateDocumentLivenessAsync(Jpeg(1000)));

        Assert.False(ex.OutcomeUnknown);
        Assert.Equal((VerifikFailure.ServerError, (int?)503), (ex.Failure, ex.StatusCode));
        Assert.Equal(2, Creates().Count);
        Assert.Equal(0, Server.Creates.Count);
    }

    [Fact]
    public async Task A_not_idempotent_request_without_a_body_that_may_have_arrived_is_not_sent_again()
    {
        // The rule is the transport's, for any POST: one without a body (Content-Length: 0) counts as sent once it went out.
        Server.Options.Faults.Add(new FaultRule { Kind = FaultKind.DropAfterBody, Times = 1, Operations = FaultOperation.Create });
        var transport = new ApiTransport(new HttpClient(), Server.BaseUri, BearerToken.FromPlainText(SandboxDefaults.Token));
        var request = new ApiRequest(HttpMethod.Post, new Uri(Server.BaseUri, RecordPath.DocumentLiveness), "a POST without a body")
        {
            Retry = RetryRule.NotIdempotent,
        };

        var ex = await Assert.ThrowsAsync<VerifikApiException>(() => transport.SendAsync(request, Settings(maxRetry: 3), null, CancellationToken.None));

        Assert.True(ex.OutcomeUnknown);
        Assert.Equal(VerifikFailure.Connection, ex.Failure);
        Assert.Equal(0, Assert.Single(Creates()).ContentLength ?? 0);
    }

    [Fact]
    public async Task A_503_is_sent_again_and_creates_once()
    {
        Server.Options.Faults.Add(new FaultRule { Kind = FaultKind.ServerError, Status = 503, RetryAfter = "0", Times = 1, Operations = FaultOperation.Create });
        var notices = new List<RetryNotice>();

        var created = await Client(maxRetry: 3).CreateDocumentLivenessAsync(Jpeg(1000), onRetry: notices.Add);

        Assert.Equal(Server.Creates.Snapshot().Single().Id, created.Record.Id);
        Assert.Equal(new[] { 503, 200 }, Creates().Select(r => r.Status));
        Assert.Contains("HTTP 503", Assert.Single(notices).Reason);
    }

    [Fact]
    public async Task A_file_that_shrank_after_its_check_is_a_local_IOException_not_an_uncertain_create()
    {
        var submission = Jpeg(200_000);
        File.WriteAllBytes(submission.Path, File.ReadAllBytes(submission.Path)[..150_000]); // cut after the check measured it

        var ex = await Assert.ThrowsAsync<IOException>(() => Client(maxRetry: 3).CreateDocumentLivenessAsync(submission));

        Assert.Contains("shrank", ex.Message);
        Assert.Equal(0, Server.Creates.Count);                  // the body broke off before its end: nothing processed
        Assert.True(Creates().Count <= 1, "a broken upload must not be sent again");
    }
}
