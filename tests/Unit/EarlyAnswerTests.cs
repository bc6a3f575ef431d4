using Verifik.Sandbox;
using Xunit;

namespace Verifik.Unit.Tests;

/// <summary>
/// Creates a server answers before it has read their body (a gateway's 413, 429 or 503, then a closed connection), over
/// the module's own connection pool (HttpClientCache), whose connections keep what such a server sent.
/// </summary>
public sealed class EarlyAnswerTests : SandboxTest, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("verifik-early-").FullName;
    private readonly HttpClient _pool = HttpClientCache.Lease(ProxySettings.System);

    public void Dispose()
    {
        _pool.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    /// <param name="expectAbove">The body size above which Expect: 100-continue is sent; long.MaxValue never.</param>
    private VerifikClient PoolClient(long expectAbove = 1024 * 1024, int maxRetry = 3)
    {
        var settings = Settings(maxRetry);
        settings.ExpectContinueAbove = expectAbove;
        return new VerifikClient(Server.BaseUri, BearerToken.FromPlainText(SandboxDefaults.Token), _pool, settings);
    }

    private DocumentLivenessSubmission Jpeg(int length, int seed = 1) => TestImages.Jpeg(_folder, length, seed);

    private List<LoggedRequest> Creates() => Server.Requests.Snapshot().Where(r => r.Method == "POST").ToList();

    private void Fault(FaultKind kind, int status, string? retryAfter = null, int? times = null) =>
        Server.Options.Faults.Add(new FaultRule { Kind = kind, Status = status, RetryAfter = retryAfter, Times = times, Operations = FaultOperation.Create });

    [Fact]
    public void The_pool_sees_its_connections_through_the_tap_here()
    {
        Assert.True(HandlerFactory.TapsConnections); // .NET 5+: SocketsHttpHandler.PlaintextStreamFilter
    }

    [Fact]
    public async Task The_sandboxs_own_413_for_a_body_over_its_limit_comes_before_the_body_and_is_ImageTooLarge()
    {
        Server.Options.MaxImageBytes = 1_000_000; // the body limit is then about 2.3 MB

        var ex = await Assert.ThrowsAsync<VerifikApiException>(() => PoolClient().CreateDocumentLivenessAsync(Jpeg(3_000_000)));

        Assert.Equal((VerifikFailure.BadRequest, (int?)413, false), (ex.Failure, ex.StatusCode, ex.OutcomeUnknown));
        Assert.Contains("IMAGE_TOO_LARGE", ex.Message);
        Assert.Equal(0, Server.Creates.Count);
    }

    [Theory]
    [InlineData(FaultKind.EarlyAnswer, 1024 * 1024)]        // Expect: 100-continue: the answer comes before the body
    [InlineData(FaultKind.EarlyAnswer, long.MaxValue)]      // no Expect: the body breaks off, the answer is read after
    [InlineData(FaultKind.AnswerMidBody, 1024 * 1024)]      // 100 Continue, then the answer while the body goes out
    [InlineData(FaultKind.AnswerMidBody, long.MaxValue)]
    public async Task An_early_413_is_the_APIs_refusal_not_an_uncertain_create(FaultKind kind, long expectAbove)
    {
        Fault(kind, 413);

        var ex = await Assert.ThrowsAsync<VerifikApiException>(() => PoolClient(expectAbove).CreateDocumentLivenessAsync(Jpeg(8_000_000)));

        Assert.Equal((VerifikFailure.BadRequest, (int?)413, false), (ex.Failure, ex.StatusCode, ex.OutcomeUnknown));
        Assert.Equal("IMAGE_TOO_LARGE", ex.ApiError?.Code);
        Assert.Single(Creates());
        Assert.Equal(0, Server.Creates.Count);
    }

    [Theory]
    [InlineData(FaultKind.EarlyAnswer, 429, 1024 * 1024)]
    [InlineData(FaultKind.EarlyAnswer, 429, long.MaxValue)]
    [InlineData(FaultKind.AnswerMidBody, 503, 1024 * 1024)]
    [InlineData(FaultKind.AnswerMidBody, 503, long.MaxValue)]
    public async Task An_early_429_or_503_is_retried_and_the_file_is_created_once(FaultKind kind, int status, long expectAbove)
    {
        Fault(kind, status, retryAfter: "0", times: 1);
        var notices = new List<RetryNotice>();

        var created = await PoolClient(expectAbove).CreateDocumentLivenessAsync(Jpeg(8_000_000), onRetry: notices.Add);

        Assert.Equal(Server.Creates.Snapshot().Single().Id, created.Record.Id);
        Assert.Equal(new[] { status, 200 }, Creates().Select(r => r.Status));
        Assert.Contains("HTTP " + status, Assert.Single(notices).Reason);
    }

    [Fact]
    public async Task An_early_500_while_the_body_goes_out_proves_nothing_and_is_uncertain()
    {
        Fault(FaultKind.AnswerMidBody, 500, times: 1);

        var ex = await Assert.ThrowsAsync<VerifikApiException>(() => PoolClient().CreateDocumentLivenessAsync(Jpeg(8_000_000)));

        Assert.True(ex.OutcomeUnknown);
        Assert.Equal((VerifikFailure.ServerError, (int?)500), (ex.Failure, ex.StatusCode));
        Assert.Single(Creates());
    }

    [Fact]
    public async Task An_early_500_before_any_of_the_body_was_sent_is_certain()
    {
        Fault(FaultKind.EarlyAnswer, 500, times: 1);

        var ex = await Assert.ThrowsAsync<VerifikApiException>(() => PoolClient().CreateDocumentLivenessAsync(Jpeg(8_000_000)));

        Assert.False(ex.OutcomeUnknown); // Expect: 100-continue was refused, so no byte of the body went out
        Assert.Equal((VerifikFailure.ServerError, (int?)500), (ex.Failure, ex.StatusCode));
        Assert.Single(Creates());
    }

    [Fact]
    public async Task Without_the_tap_an_early_answer_is_lost_to_the_broken_upload()
    {
        // What HttpClient alone makes of it (dotnet/runtime#119350): the reason the pool's connections are tapped.
        Fault(FaultKind.EarlyAnswer, 413);
        var settings = Settings();
        settings.ExpectContinueAbove = long.MaxValue;
        var plain = new VerifikClient(Server.BaseUri, BearerToken.FromPlainText(SandboxDefaults.Token), new HttpClient(), settings);

        var ex = await Assert.ThrowsAsync<VerifikApiException>(() => plain.CreateDocumentLivenessAsync(Jpeg(8_000_000)));

        Assert.Equal((VerifikFailure.Connection, true), (ex.Failure, ex.OutcomeUnknown));
    }
}
