using System.Net.Http.Headers;
using System.Text.Json;
using Verifik.Sandbox;
using Xunit;

namespace Verifik.Unit.Tests.Sandbox;

/// <summary>--request-log: each request as a JSON line, with the token as its TokenId only, readable while the sandbox runs.</summary>
public class SandboxRequestLogFileTests : RawSandboxTest
{
    [Fact]
    public async Task Each_request_is_a_json_line_with_its_origin_and_token_id_but_never_the_token()
    {
        var path = Path.Combine(Path.GetTempPath(), "verifik-request-log-" + Guid.NewGuid().ToString("N") + ".jsonl");
        try
        {
            using (new RequestLogFile(Server.Requests, path))
            {
                Server.Records.AddFlat("r");
                using var api = new HttpRequestMessage(HttpMethod.Get, new Uri(Server.BaseUri, "v2/document-liveness/r"));
                api.Headers.Authorization = new AuthenticationHeaderValue("Bearer", SandboxDefaults.Token);
                (await Http.SendAsync(api)).Dispose();
                (await Http.GetAsync(Server.SampleImageUrl("x"))).Dispose();

                // Read while still open for writing, as a test beside the running program does.
                var lines = File.ReadAllLines(path);
                Assert.Equal(2, lines.Length);
                using var first = JsonDocument.Parse(lines[0]);
                using var second = JsonDocument.Parse(lines[1]);
                Assert.Equal("GET", first.RootElement.GetProperty("method").GetString());
                Assert.Equal("/v2/document-liveness/r", first.RootElement.GetProperty("path").GetString());
                Assert.Equal(Server.BaseUri.GetLeftPart(UriPartial.Authority), first.RootElement.GetProperty("origin").GetString());
                Assert.Equal(200, first.RootElement.GetProperty("status").GetInt32());
                Assert.Equal(SandboxDefaults.TokenId(SandboxDefaults.Token), first.RootElement.GetProperty("tokenId").GetString());
                Assert.True(first.RootElement.GetProperty("hasAuthorization").GetBoolean());
                Assert.Equal(Server.CdnBaseUri.GetLeftPart(UriPartial.Authority), second.RootElement.GetProperty("origin").GetString());
                Assert.Equal(JsonValueKind.Null, second.RootElement.GetProperty("tokenId").ValueKind);
                Assert.False(second.RootElement.GetProperty("hasAuthorization").GetBoolean());
                Assert.DoesNotContain(SandboxDefaults.Token.Split('.')[1], File.ReadAllText(path));
            }
            (await Http.GetAsync(Server.SampleImageUrl("after"))).Dispose();
            Assert.Equal(2, File.ReadAllLines(path).Length); // detached on dispose
        }
        finally
        {
            File.Delete(path);
        }
    }
}
