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
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        bytes[0] = 0xFF; bytes[1] = 0xD8; bytes[2] = 0xFF; bytes[3] = 0xE0;
        var path = Path.Combine(_folder, $"{seed}.jpg");
        File.WriteAllBytes(path, bytes);
        return new DocumentLivenessSubmission(path, length) { ValidateScreenReplay = true, ScreenReplayCalibration = "HARD" };
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
