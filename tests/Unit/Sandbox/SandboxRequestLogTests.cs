using System.Security.Cryptography;
using System.Text;
using Verifik.Sandbox;
using Xunit;

namespace Verifik.Unit.Tests.Sandbox;

/// <summary>The per-token request log: TokenId, Origin and ContentLength of each request.</summary>
public class SandboxRequestLogTests : RawSandboxTest
{
    private static string Expected(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)))[..12];

    [Fact]
    public void TokenId_IsTheFirst12HexDigitsOfTheSha256()
    {
        Assert.Equal(Expected(SandboxDefaults.Token), SandboxDefaults.TokenId(SandboxDefaults.Token));
        Assert.Matches("^[0-9a-f]{12}$", SandboxDefaults.TokenId("x"));
        Assert.NotEqual(SandboxDefaults.TokenId("a"), SandboxDefaults.TokenId("b"));
    }

    [Fact]
    public async Task EachRequest_IsLoggedWithItsTokenId()
    {
        var issued = (await JsonAsync(await PostJsonAsync("v2/projects/email-login/confirm", """{"email":"ana@example.com","otp":"123456"}""", token: null)))
            .GetProperty("data").GetProperty("accessToken").GetString()!;
        Server.Requests.Clear();

        await GetAsync("v2/document-liveness", token: null);
        await GetAsync("v2/document-liveness");
        await GetAsync("v2/document-liveness", issued);
        await GetAsync("v2/document-liveness", "wrong");

        var ids = Server.Requests.Snapshot().Select(r => r.TokenId).ToArray();
        Assert.Equal(new string?[] { null, Expected(SandboxDefaults.Token), Expected(issued), Expected("wrong") }, ids);
    }

    [Fact]
    public async Task ANonBearerAuthorization_HasNoTokenId_ButIsStillLoggedAsSent()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Api("v2/document-liveness"));
        request.Headers.TryAddWithoutValidation("Authorization", "Basic dXNlcjpwYXNz");
        await Http.SendAsync(request);

        var logged = Assert.Single(Server.Requests.Snapshot());
        Assert.Null(logged.TokenId);
        Assert.Equal("Basic dXNlcjpwYXNz", logged.Authorization);
    }

    [Fact]
    public async Task Origin_TellsTheApiListenerFromTheImageListener()
    {
        Server.Images.Add("a", SampleImages.Png(), "image/png");

        await GetAsync("v2/document-liveness");
        await SendAsync(HttpMethod.Get, Server.ImageUrl("a"), null, SandboxDefaults.Token);

        var log = Server.Requests.Snapshot();
        Assert.Equal(Server.BaseUri.GetLeftPart(UriPartial.Authority), log[0].Origin);
        Assert.Equal(Server.CdnBaseUri.GetLeftPart(UriPartial.Authority), log[1].Origin);
        Assert.NotEqual(log[0].Origin, log[1].Origin);
        Assert.Equal(Expected(SandboxDefaults.Token), log[1].TokenId); // the image listener logs tokens too, so leaks show
    }

    [Fact]
    public async Task ContentLength_IsLoggedAsSent()
    {
        var body = CreateBody(Jpeg(1));

        await PostJsonAsync("v2/document-liveness", body);
        await GetAsync("v2/document-liveness");

        var log = Server.Requests.Snapshot();
        Assert.Equal(Encoding.UTF8.GetByteCount(body), log[0].ContentLength);
        Assert.Null(log[1].ContentLength);
    }
}
