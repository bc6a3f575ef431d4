using System.Text.Json;
using Verifik.Sandbox;
using Xunit;

namespace Verifik.Unit.Tests.Sandbox;

/// <summary>GET /sandbox/log: off by default; on, the request log (no Authorization values) and the sign-in secrets.</summary>
public class SandboxLogEndpointTests : RawSandboxTest
{
    [Fact]
    public async Task Off_by_default_it_is_the_flat_404()
    {
        using var response = await GetAsync("sandbox/log", token: null);
        Assert.Equal(404, (int)response.StatusCode);
        Assert.Equal("""{"message":"Record not found.","code":"NotFound"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task On_it_lists_the_requests_and_the_issued_tokens_and_hashes()
    {
        Server.Options.ExposeLog = true;
        (await PostJsonAsync("v2/projects/phone-login", """{"countryCode":"+57","phone":3001234567}""", token: "ignored")).Dispose();
        (await PostJsonAsync("v2/projects/email-login/confirm", """{"email":"ana@example.com","otp":"123456"}""", token: null)).Dispose();
        (await GetAsync("v2/document-liveness/none")).Dispose();

        using var response = await GetAsync("sandbox/log", token: null);
        var text = await response.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(text);

        Assert.Equal(200, (int)response.StatusCode);
        var requests = json.RootElement.GetProperty("requests").EnumerateArray().ToList();
        Assert.Equal(new[] { "/v2/projects/phone-login", "/v2/projects/email-login/confirm", "/v2/document-liveness/none" },
            requests.Select(r => r.GetProperty("path").GetString()));
        Assert.Equal(new[] { true, false, true }, requests.Select(r => r.GetProperty("hasAuthorization").GetBoolean()));
        Assert.Equal(SandboxDefaults.TokenId(SandboxDefaults.Token), requests[2].GetProperty("tokenId").GetString());
        Assert.Equal(JsonValueKind.Null, requests[1].GetProperty("tokenId").ValueKind);
        Assert.Equal(404, requests[2].GetProperty("status").GetInt32());
        Assert.DoesNotContain(SandboxDefaults.Token, text); // header values are never listed
        var signIns = json.RootElement.GetProperty("signIns");
        Assert.Equal(Server.SignIns.Tokens, signIns.GetProperty("tokens").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(Server.SignIns.OtpHashes, signIns.GetProperty("otpHashes").EnumerateArray().Select(t => t.GetString()));
    }

    [Fact]
    public async Task It_names_the_connection_each_request_came_on()
    {
        Server.Options.ExposeLog = true;
        (await GetAsync("v2/document-liveness/one")).Dispose();
        (await GetAsync("v2/document-liveness/two")).Dispose(); // the same pooled keep-alive connection

        using var response = await GetAsync("sandbox/log", token: null);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        var ids = json.RootElement.GetProperty("requests").EnumerateArray().Select(r => r.GetProperty("connectionId").GetString()).ToList();
        Assert.Equal(2, ids.Count);
        Assert.False(string.IsNullOrEmpty(ids[0]));
        Assert.Equal(ids[0], ids[1]);
        Assert.Equal(ids, Server.Requests.Snapshot().Take(2).Select(r => r.ConnectionId));
    }

    [Fact]
    public async Task It_lists_each_requests_raw_target_and_host_and_each_processed_create()
    {
        Server.Options.ExposeLog = true;
        (await GetAsync("v2/document-liveness/a%2Fb")).Dispose();
        var image = Jpeg(3);
        (await CreateAsync(image, "\"validateScreenReplay\":true,\"saveImage\":true,\"screenReplayCalibration\":\"HARD\"")).Dispose();

        using var response = await GetAsync("sandbox/log", token: null);
        var text = await response.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(text);

        var first = json.RootElement.GetProperty("requests")[0];
        Assert.Equal("/v2/document-liveness/a%2Fb", first.GetProperty("rawTarget").GetString());
        Assert.Equal(Server.BaseUri.Authority, first.GetProperty("host").GetString());
        var create = Assert.Single(json.RootElement.GetProperty("creates").EnumerateArray());
        var processed = Assert.Single(Server.Creates.Snapshot());
        Assert.Equal(processed.Id, create.GetProperty("id").GetString());
        Assert.Equal(SandboxDefaults.ClientId, create.GetProperty("clientId").GetString());
        Assert.Equal(image.Length, create.GetProperty("imageBytes").GetInt64());
        Assert.Equal(processed.ImageSha256, create.GetProperty("imageSha256").GetString());
        Assert.Equal(processed.ImageUrl, create.GetProperty("imageUrl").GetString());
        Assert.Equal("\"HARD\"", create.GetProperty("members").GetProperty("screenReplayCalibration").GetString());
        Assert.Equal("true", create.GetProperty("members").GetProperty("saveImage").GetString());
        Assert.False(create.GetProperty("members").TryGetProperty("image", out _)); // never the image itself
        Assert.DoesNotContain(Convert.ToBase64String(image), text);
        Assert.Equal(1, json.RootElement.GetProperty("imagesStored").GetInt32());
        Assert.Equal(new[] { 1, 2 }, json.RootElement.GetProperty("requests").EnumerateArray().Select(r => r.GetProperty("arrivalsAtAnswer").GetInt32()));
    }

    [Fact]
    public async Task A_held_request_says_how_many_arrived_while_it_was_held()
    {
        Server.Options.ExposeLog = true;
        var release = new TaskCompletionSource();
        Server.Options.Faults.Add(new FaultRule { Kind = FaultKind.Slow, Ids = new HashSet<string> { "held" }, Delay = TimeSpan.FromMinutes(1), Release = release.Task });
        var held = GetAsync("v2/document-liveness/held");
        Assert.True(SpinWait.SpinUntil(() => Server.Requests.Arrived == 1, TimeSpan.FromSeconds(20)));
        (await GetAsync("v2/document-liveness/a")).Dispose();
        (await GetAsync("v2/document-liveness/b")).Dispose();
        release.SetResult();
        (await held).Dispose();

        using var response = await GetAsync("sandbox/log", token: null);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var byPath = json.RootElement.GetProperty("requests").EnumerateArray()
            .ToDictionary(r => r.GetProperty("path").GetString()!, r => r.GetProperty("arrivalsAtAnswer").GetInt32());
        Assert.Equal(3, byPath["/v2/document-liveness/held"]);
        Assert.Equal(2, byPath["/v2/document-liveness/a"]);
    }
}
