using System.Text;
using Verifik.Sandbox;
using Xunit;

namespace Verifik.Unit.Tests;

/// <summary>VerifikClient.SendResourceAsync against the sandbox: the one request path for any endpoint, its retry rule per method and its token rule.</summary>
public sealed class ResourceRequestTests : SandboxTest, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("verifik-resource-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private ResourceRequest Request(string method, string path) => new(method, new Uri(Server.BaseUri, path));

    private List<LoggedRequest> Logged(string method) => Server.Requests.Snapshot().Where(r => r.Method == method).ToList();

    [Fact]
    public async Task A_GET_carries_the_token_and_gives_the_status_headers_and_body()
    {
        var response = await Client().SendResourceAsync(Request("GET", "v2/clients/me"));

        Assert.Equal(200, response.StatusCode);
        Assert.True(response.IsJson);
        Assert.StartsWith("application/json", response.Headers["Content-Type"][0]);
        Assert.Contains("\"credits\":1000", Encoding.UTF8.GetString(response.Body));
        Assert.Equal("Bearer " + SandboxDefaults.Token, Assert.Single(Server.Requests.Snapshot()).Authorization);
    }

    [Fact]
    public async Task Another_origin_is_refused_and_nothing_is_sent()
    {
        var elsewhere = new ResourceRequest("GET", new Uri(Server.CdnBaseUri, "v2/clients/me"));

        var ex = await Assert.ThrowsAsync<VerifikApiException>(() => Client().SendResourceAsync(elsewhere));

        Assert.Equal(VerifikFailure.InsecureUri, ex.Failure);
        Assert.Contains("nothing was sent", ex.Message);
        Assert.Empty(Server.Requests.Snapshot());
    }

    [Fact]
    public async Task An_Authorization_header_given_with_the_request_never_replaces_the_token_rule()
    {
        var request = Request("GET", "v2/clients/me");
        request.Headers.Add(new KeyValuePair<string, string>("Authorization", "Bearer someone-elses"));
        request.Headers.Add(new KeyValuePair<string, string>("X-Trace", "t-1"));

        await Client().SendResourceAsync(request);

        Assert.Equal("Bearer " + SandboxDefaults.Token, Assert.Single(Server.Requests.Snapshot()).Authorization);
        Assert.NotNull(ResourceRequest.HeaderProblem("authorization", "x"));
        Assert.NotNull(ResourceRequest.HeaderProblem("X-Trace", "a\r\nHost: evil"));
        Assert.Null(ResourceRequest.HeaderProblem("X-Trace", "t-1"));
    }

    [Fact]
    public async Task A_POST_whose_body_reached_the_API_is_not_sent_again_and_is_uncertain_with_its_own_advice()
    {
        Server.Options.Faults.Add(new FaultRule { Kind = FaultKind.ServerErrorAfterBody, Times = 1, Operations = FaultOperation.Create });
        var post = Request("POST", "v2/document-liveness");
        post.Body = Encoding.UTF8.GetBytes("{\"image\":\"" + Convert.ToBase64String(SampleImages.Jpeg()) + "\",\"validateScreenReplay\":true}");

        var ex = await Assert.ThrowsAsync<VerifikApiException>(() => Client(maxRetry: 3).SendResourceAsync(post));

        Assert.True(ex.OutcomeUnknown);
        Assert.Contains("'POST /v2/document-liveness' was sent at", ex.Message);
        Assert.DoesNotContain("Get-VerifikDocumentLiveness", ex.Message); // not the create's advice
        Assert.Single(Logged("POST"));
        Assert.Equal(1, Server.Creates.Count);
    }

    [Fact]
    public async Task A_POST_refused_with_503_before_it_was_taken_is_sent_again()
    {
        Server.Options.Faults.Add(new FaultRule { Kind = FaultKind.ServerError, Status = 503, RetryAfter = "0", Times = 1, Operations = FaultOperation.Create });
        var post = Request("POST", "v2/document-liveness");
        post.Body = Encoding.UTF8.GetBytes("""{"image":"","validateScreenReplay":true}""");

        var ex = await Assert.ThrowsAsync<VerifikApiException>(() => Client(maxRetry: 3).SendResourceAsync(post));

        Assert.Equal(2, Logged("POST").Count); // the retry reached the API, which refused the empty image
        Assert.Equal(409, ex.StatusCode);
        Assert.False(ex.OutcomeUnknown);
    }

    [Theory]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    [InlineData("GET")]
    public async Task Methods_that_mean_the_same_twice_are_retried_on_a_5xx(string method)
    {
        Server.Options.Faults.Add(new FaultRule { Kind = FaultKind.ServerError, Status = 502, Times = 1 });

        var ex = await Assert.ThrowsAsync<VerifikApiException>(() => Client(maxRetry: 3).SendResourceAsync(Request(method, "v2/webhooks/wh_1")));

        Assert.Equal(2, Logged(method).Count);
        Assert.Equal(method == "GET" ? 404 : 405, ex.StatusCode);
        Assert.Equal(method == "GET" ? VerifikFailure.NotFound : VerifikFailure.BadRequest, ex.Failure);
    }

    [Fact]
    public async Task PATCH_is_not_retried_on_a_502_that_came_after_its_body()
    {
        Server.Options.Faults.Add(new FaultRule { Kind = FaultKind.ServerError, Status = 502, Times = 1 });
        var patch = Request("PATCH", "v2/webhooks/wh_1");
        patch.Body = Encoding.UTF8.GetBytes("{}");

        var ex = await Assert.ThrowsAsync<VerifikApiException>(() => Client(maxRetry: 3).SendResourceAsync(patch));

        Assert.Single(Logged("PATCH"));
        Assert.Equal(502, ex.StatusCode);
    }

    [Fact]
    public async Task HEAD_reads_no_body()
    {
        var response = await Client().SendResourceAsync(Request("HEAD", "v2/document-liveness"));

        Assert.Equal(200, response.StatusCode);
        Assert.Empty(response.Body);
    }

    [Fact]
    public async Task OutFile_streams_the_answer_to_the_file_and_InFile_sends_a_file_as_it_is()
    {
        var outFile = Path.Combine(_folder, "me.json");
        var get = Request("GET", "v2/clients/me");
        get.OutFile = outFile;
        var response = await Client().SendResourceAsync(get);
        Assert.Empty(response.Body);
        Assert.Contains("\"credits\":1000", File.ReadAllText(outFile));

        var inFile = Path.Combine(_folder, "body.json");
        File.WriteAllText(inFile, """{"image":"","validateScreenReplay":true}""");
        var post = Request("POST", "v2/document-liveness");
        post.BodyFile = inFile;
        post.ContentType = "application/json";
        var ex = await Assert.ThrowsAsync<VerifikApiException>(() => Client().SendResourceAsync(post));
        Assert.Equal(409, ex.StatusCode); // the sandbox read the file's JSON: no image
        Assert.Equal(new FileInfo(inFile).Length, Logged("POST")[0].ContentLength);
    }
}
