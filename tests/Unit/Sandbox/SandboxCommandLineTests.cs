using System.Text;
using System.Text.Json;
using Verifik.Sandbox;
using Xunit;

namespace Verifik.Unit.Tests.Sandbox;

/// <summary>The program's new options and start-up lines, end to end in a child process.</summary>
public class SandboxCommandLineTests
{
    [Fact]
    public void Help_ListsEveryNewOption()
    {
        var (exit, output) = SandboxProgram.Run("--help");

        Assert.Equal(0, exit);
        foreach (var option in new[] { "--cdn-url", "--otp", "--fault-on", "--fault-times", "--synthetic-image-bytes", "--max-image-bytes", "ServerErrorAfterBody", "DropAfterBody" })
            Assert.Contains(option, output);
        Assert.Contains("create, get, list, signin, image", output);
        foreach (var option in new[] { "--no-samples", "--empty-list-204", "none = no Retry-After header" })
            Assert.Contains(option, output);
    }

    [Fact]
    public void Help_names_no_internal_type()
    {
        var (exit, output) = SandboxProgram.Run("--help");

        Assert.Equal(0, exit);
        Assert.DoesNotContain("SandboxDefaults", output);
        Assert.DoesNotMatch(@"\b[A-Z][a-z]+[A-Z]\w*\.[A-Z]\w+", output); // no Type.Member names
    }

    [Fact]
    public void A_port_already_taken_is_one_line_and_exit_code_1()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;

        var (exit, output) = SandboxProgram.Run("--urls", $"http://127.0.0.1:{port}");

        Assert.Equal(1, exit);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"http://127.0.0.1:{port}", line);
        Assert.Contains("already in use", line);
        Assert.Contains("--urls", line);
    }

    [Fact]
    public void FaultRetryAfter_none_sends_no_header_and_the_empty_list_can_be_204()
    {
        var cl = CommandLine.Parse(["--empty-list-204", "--fault-kind", "TooManyRequests", "--fault-retry-after", "none"]);

        Assert.Null(Assert.Single(cl.Options.Faults).RetryAfter);
        Assert.True(cl.Options.EmptyListAsNoContent);
        Assert.False(CommandLine.Parse([]).Options.EmptyListAsNoContent);
    }

    [Fact]
    public async Task Synthetic_adds_its_records_to_the_samples_and_NoSamples_leaves_only_them()
    {
        Assert.Equal(SampleRecords.Ids.Concat(new[] { SyntheticRecords.Id(0), SyntheticRecords.Id(1) }), await ListedIds("--synthetic", "2"));
        Assert.Equal(new[] { SyntheticRecords.Id(0), SyntheticRecords.Id(1) }, await ListedIds("--synthetic", "2", "--no-samples"));
        Assert.Equal(SampleRecords.Ids, await ListedIds());
    }

    /// <summary>The ids a child sandbox started with these options lists on its first page.</summary>
    private static async Task<List<string>> ListedIds(params string[] options)
    {
        using var program = SandboxProgram.Start(["--urls", "http://127.0.0.1:0", .. options]);
        var api = new Uri(program.WaitForLine("Verifik sandbox listening on ", TimeSpan.FromSeconds(60))["Verifik sandbox listening on ".Length..]);
        program.WaitForLine("Token: ", TimeSpan.FromSeconds(60));
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(api, "v2/document-liveness?page=1&limit=100"));
        request.Headers.Authorization = new("Bearer", SandboxDefaults.Token);
        using var response = await http.SendAsync(request);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("data").EnumerateArray().Select(r => r.GetProperty("_id").GetString()!).ToList();
    }

    [Theory]
    [InlineData("--fault-on", "create")]                                   // needs --fault-kind
    [InlineData("--fault-times", "2")]
    [InlineData("--fault-kind", "ServerError", "--fault-on", "creates")]  // unknown operation
    [InlineData("--otp", " ")]
    [InlineData("--cdn-url", "http://10.1.2.3:0")]                        // not loopback
    [InlineData("--synthetic-image-bytes", "-5")]
    [InlineData("--fault-kind", "ServerError", "--fault-delay-ms", "10")] // only Slow waits
    [InlineData("--fault-kind", "Slow", "--fault-kind", "ServerError", "--fault-delay-ms", "10")] // shapes the ServerError rule
    public void UsageErrors_ExitWith2(params string[] args)
    {
        var (exit, output) = SandboxProgram.Run(["--urls", "http://127.0.0.1:0", .. args]);

        Assert.True(exit == 2, $"exit code {exit}: {output}");
    }

    [Fact]
    public void FaultIds_and_FaultDelay_make_one_Slow_rule_for_just_those_ids()
    {
        var rule = Assert.Single(CommandLine.Parse(["--fault-kind", "Slow", "--fault-ids", "slow, other", "--fault-delay-ms", "250"]).Options.Faults);

        Assert.Equal(FaultKind.Slow, rule.Kind);
        Assert.Equal(new[] { "other", "slow" }, rule.Ids!.Order(StringComparer.Ordinal));
        Assert.Equal(TimeSpan.FromMilliseconds(250), rule.Delay);
        Assert.Equal(TimeSpan.FromSeconds(5), Assert.Single(CommandLine.Parse(["--fault-kind", "Slow"]).Options.Faults).Delay);
    }

    [Fact]
    public void Each_FaultKind_starts_a_rule_and_the_options_after_it_shape_that_rule()
    {
        var rules = CommandLine.Parse(["--latency-ms", "10", "--fault-kind", "Unauthorized", "--fault-on", "create", "--fault-times", "1",
            "--fault-kind", "Slow", "--fault-delay-ms", "2000", "--fault-on", "create,get"]).Options.Faults;

        Assert.Equal(new[] { FaultKind.Unauthorized, FaultKind.Slow }, rules.Select(r => r.Kind));
        Assert.Equal(FaultOperation.Create, rules[0].Operations);
        Assert.Equal(1, rules[0].Times);
        Assert.Equal(TimeSpan.Zero, rules[0].Delay);
        Assert.Equal(FaultOperation.Create | FaultOperation.Get, rules[1].Operations);
        Assert.Null(rules[1].Times);
        Assert.Equal(TimeSpan.FromSeconds(2), rules[1].Delay);
    }

    [Fact]
    public void OtpLifetimeSec_sets_when_a_sent_code_expires()
    {
        Assert.Equal(TimeSpan.Zero, CommandLine.Parse(["--otp-lifetime-sec", "0"]).Options.CodeLifetime);
        Assert.Equal(TimeSpan.FromSeconds(90), CommandLine.Parse(["--otp-lifetime-sec", "90"]).Options.CodeLifetime);
        Assert.Equal(TimeSpan.FromMinutes(10), CommandLine.Parse([]).Options.CodeLifetime);
        Assert.Throws<UsageException>(() => CommandLine.Parse(["--otp-lifetime-sec", "-1"]));
    }

    [Fact]
    public void FaultRetryAfter_is_sent_verbatim_by_TooManyRequests()
    {
        Assert.Equal("60", Assert.Single(CommandLine.Parse(["--fault-kind", "TooManyRequests", "--fault-retry-after", "60"]).Options.Faults).RetryAfter);
        Assert.Equal("1", Assert.Single(CommandLine.Parse(["--fault-kind", "TooManyRequests"]).Options.Faults).RetryAfter);
    }

    [Fact]
    public async Task StartupLines_AndTheNewOptions_WorkOverHttp()
    {
        using var program = SandboxProgram.Start("--urls", "http://127.0.0.1:0", "--cdn-url", "http://127.0.0.1:0", "--otp", "424242",
            "--fault-kind", "ServerError", "--fault-on", "create,image", "--fault-times", "1", "--synthetic", "2", "--synthetic-image-bytes", "777");

        var cdnLine = program.WaitForLine("Images (CDN) on ", TimeSpan.FromSeconds(60));
        var lines = program.Lines().ToList();
        var api = new Uri(lines.Single(l => l.StartsWith("Verifik sandbox listening on ", StringComparison.Ordinal))["Verifik sandbox listening on ".Length..]);
        var cdn = new Uri(cdnLine["Images (CDN) on ".Length..]);
        Assert.Equal("Token: " + SandboxDefaults.Token, lines[lines.FindIndex(l => l.StartsWith("Token:", StringComparison.Ordinal))]);
        Assert.Equal(lines.FindIndex(l => l.StartsWith("Token:", StringComparison.Ordinal)) + 1, lines.IndexOf("One-time code: 424242"));
        Assert.NotEqual(api.Port, cdn.Port);

        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        async Task<int> Create()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(api, "v2/document-liveness"))
            {
                Content = new StringContent("{\"image\":\"/9j/4AAQSkZJRg==\",\"validateScreenReplay\":true}", Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new("Bearer", SandboxDefaults.Token);
            using var response = await http.SendAsync(request);
            return (int)response.StatusCode;
        }

        Assert.Equal(503, await Create()); // --fault-on create, --fault-times 1
        Assert.Equal(200, await Create());

        using var confirm = await http.PostAsync(new Uri(api, "v2/projects/email-login/confirm"),
            new StringContent("""{"email":"ana@example.com","otp":"424242"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(200, (int)confirm.StatusCode);                         // --otp, and sign-ins are not faulted
        var token = JsonDocument.Parse(await confirm.Content.ReadAsStringAsync()).RootElement.GetProperty("data").GetProperty("accessToken").GetString();

        using var get = new HttpRequestMessage(HttpMethod.Get, new Uri(api, "v2/document-liveness/" + SyntheticRecords.Id(1)));
        get.Headers.Authorization = new("Bearer", token);
        using var record = await http.SendAsync(get);
        Assert.Equal(200, (int)record.StatusCode);
        var imageUrl = JsonDocument.Parse(await record.Content.ReadAsStringAsync()).RootElement.GetProperty("data").GetProperty("imageUrl").GetString()!;
        Assert.Equal(new Uri(cdn, "generated/777/" + SyntheticRecords.Id(1) + ".jpg"), new Uri(imageUrl));

        using var faulted = await http.GetAsync(imageUrl);
        Assert.Equal(503, (int)faulted.StatusCode);                          // image faults only because --fault-on says image
        Assert.Equal(777, (await http.GetByteArrayAsync(imageUrl)).Length);
    }

    [Fact]
    public async Task SavedImagesOfAKilledSandbox_AreRemovedByTheNextOne()
    {
        string folder;
        using (var program = SandboxProgram.Start("--urls", "http://127.0.0.1:0"))
        {
            var api = new Uri(program.WaitForLine("Verifik sandbox listening on ", TimeSpan.FromSeconds(60))["Verifik sandbox listening on ".Length..]);
            program.WaitForLine("Images (CDN) on ", TimeSpan.FromSeconds(60));
            using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false });
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(api, "v2/document-liveness"))
            {
                Content = new StringContent("{\"image\":\"/9j/4AAQSkZJRg==\",\"saveImage\":true,\"validateScreenReplay\":true}", Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new("Bearer", SandboxDefaults.Token);
            Assert.Equal(200, (int)(await http.SendAsync(request)).StatusCode);

            folder = Assert.Single(Directory.GetDirectories(Path.GetTempPath(), $"verifik-sandbox-images-{program.ProcessId}-*"));
            program.Kill();
        }
        Assert.True(Directory.Exists(folder)); // a kill skips the sandbox's own clean-up

        await using var next = await SandboxServer.StartAsync();
        next.Images.Add("a", SampleImages.Jpeg(), "image/jpeg");

        Assert.False(Directory.Exists(folder));
    }
}
