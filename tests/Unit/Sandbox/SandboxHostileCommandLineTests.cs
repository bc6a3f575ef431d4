using System.Net.Http.Headers;
using Verifik.Sandbox;
using Xunit;

namespace Verifik.Unit.Tests.Sandbox;

/// <summary>The program's options for the hostile answers: the new fault kinds and --fault-retry-after.</summary>
public class SandboxHostileCommandLineTests
{
    [Fact]
    public void Help_ListsTheHostileKinds_AndFaultRetryAfter()
    {
        var (exit, output) = SandboxProgram.Run("--help");

        Assert.Equal(0, exit);
        foreach (var name in new[] { "BadGzip", "BadGzipCrc", "BadDeflate", "Utf8Bom", "Unsuccessful", "UnsuccessfulNoData", "OtherRecordId",
                     "ListEndless", "ListRepeat", "ListEmptyAfterFirst", "ListHugePages", "HostileText", "EarlyAnswer", "AnswerMidBody", "--fault-retry-after", "--fault-ids" })
            Assert.Contains(name, output);
    }

    [Theory]
    [InlineData("--fault-retry-after", "5")]
    [InlineData("--fault-ids", "a,b")]
    public void TheNewOptions_NeedFaultKind(string option, string value)
    {
        var (exit, output) = SandboxProgram.Run("--urls", "http://127.0.0.1:0", option, value);

        Assert.True(exit == 2, $"exit code {exit}: {output}");
        Assert.Contains(option + " needs --fault-kind", output);
    }

    [Fact]
    public async Task FaultRetryAfter_IsSentVerbatim_OnlyForFaultIds()
    {
        using var program = SandboxProgram.Start("--urls", "http://127.0.0.1:0", "--synthetic", "2",
            "--fault-kind", "TooManyRequests", "--fault-retry-after", "99999999999", "--fault-ids", SyntheticRecords.Id(0), "--fault-times", "1");
        var line = program.WaitForLine("Verifik sandbox listening on ", TimeSpan.FromSeconds(60));
        var api = new Uri(line["Verifik sandbox listening on ".Length..]);

        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        async Task<HttpResponseMessage> Get(int index = 0)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(api, "v2/document-liveness/" + SyntheticRecords.Id(index)));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", SandboxDefaults.Token);
            return await http.SendAsync(request);
        }

        using var other = await Get(1);
        Assert.Equal(200, (int)other.StatusCode); // --fault-ids: only the named id
        using var limited = await Get();
        Assert.Equal(429, (int)limited.StatusCode);
        Assert.True(limited.Headers.TryGetValues("Retry-After", out var values));
        Assert.Equal("99999999999", Assert.Single(values));
        using var ok = await Get();
        Assert.Equal(200, (int)ok.StatusCode);
    }
}
