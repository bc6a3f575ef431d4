using System.Text;
using System.Text.Json;
using Verifik.Sandbox;
using Xunit;

namespace Verifik.Unit.Tests.Sandbox;

/// <summary>The one-time-code sign-in endpoints, and the tokens they issue being accepted afterwards.</summary>
public class SandboxSignInTests : RawSandboxTest
{
    private const string EmailLogin = "v2/projects/email-login";
    private const string EmailConfirm = "v2/projects/email-login/confirm";
    private const string PhoneLogin = "v2/projects/phone-login";
    private const string PhoneConfirm = "v2/projects/phone-login/confirm";
    private const string NoEmailAccount = """{"message":"No project is registered with that e-mail address.","code":"NotFound"}""";
    private const string NoPhoneAccount = """{"message":"No project is registered with that phone number.","code":"NotFound"}""";
    private const string InvalidOtp = """{"code":"InvalidOTP","message":"The one-time code is invalid or has expired."}""";
    private const string InvalidParameters = """{"success":false,"error":"Invalid parameters","code":"INVALID_PARAMETERS"}""";
    private const string BcryptPattern = @"^\$2b\$10\$[./A-Za-z0-9]{53}$";

    private Task<HttpResponseMessage> Post(string path, string json) => PostJsonAsync(path, json, token: null);

    private async Task<string> SignInByEmailAsync(string email = SandboxDefaults.AccountEmail)
    {
        using var response = await Post(EmailConfirm, $$"""{"email":"{{email}}","otp":"123456"}""");
        Assert.Equal(200, (int)response.StatusCode);
        return (await JsonAsync(response)).GetProperty("data").GetProperty("accessToken").GetString()!;
    }

    private static string ClaimsOf(string token)
    {
        var payload = token.Split('.')[1].Replace('-', '+').Replace('_', '/');
        return Encoding.UTF8.GetString(Convert.FromBase64String(payload.PadRight(payload.Length + (4 - payload.Length % 4) % 4, '=')));
    }

    [Fact]
    public async Task EmailLogin_WithTheQueryParameterAndNoBody_IsSent()
    {
        var before = DateTimeOffset.UtcNow;
        using var request = new HttpRequestMessage(HttpMethod.Post, Api(EmailLogin + "?email=ana%40example.com"));

        using var response = await Http.SendAsync(request);

        Assert.Equal(200, (int)response.StatusCode);
        var json = await JsonAsync(response);
        var data = json.GetProperty("data");
        Assert.Equal("sent", data.GetProperty("status").GetString());
        Assert.Equal("ana@example.com", data.GetProperty("email").GetString());
        var expires = DateTimeOffset.Parse(data.GetProperty("expiresAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expires, before.AddMinutes(9), before.AddMinutes(11));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", data.GetProperty("expiresAt").GetString());
        Assert.Equal("Certified by Verifik.co", json.GetProperty("signature").GetProperty("message").GetString());
        Assert.False(string.IsNullOrEmpty(json.GetProperty("signature").GetProperty("dateTime").GetString()));
        Assert.Equal("EML01", json.GetProperty("id").GetString());
    }

    [Fact]
    public async Task EmailLogin_WithAJsonBody_OrBothAgreeing_IsSent()
    {
        Assert.Equal(200, (int)(await Post(EmailLogin, """{"email":"ana@example.com","type":"login"}""")).StatusCode);
        Assert.Equal(200, (int)(await Post(EmailLogin + "?email=ana@example.com", """{"email":"ana@example.com","type":"login"}""")).StatusCode);
    }

    [Fact]
    public async Task EmailLogin_QueryAndBodyDisagreeing_Is400() =>
        await AssertAnswer(await Post(EmailLogin + "?email=ana@example.com", """{"email":"bob@example.com"}"""), 400, InvalidParameters);

    [Fact]
    public async Task EmailLogin_UnknownAddress_Is404() =>
        await AssertAnswer(await Post(EmailLogin + "?email=nobody@example.com", ""), 404, NoEmailAccount);

    [Fact]
    public async Task EmailLogin_WithoutAnAddress_Is409MissingParameter() =>
        await AssertAnswer(await Post(EmailLogin, "{}"), 409, """{"message":"Missing parameter: email.","code":"MissingParameter"}""");

    [Fact]
    public async Task EmailLogin_IgnoresAnyAuthorizationHeader()
    {
        using var response = await PostJsonAsync(EmailLogin, """{"email":"ana@example.com"}""", token: "not-a-token");
        Assert.Equal(200, (int)response.StatusCode);
    }

    [Fact]
    public async Task EmailConfirm_IssuesAFreshJwt_ThatGetsAccept()
    {
        Server.Records.AddFlat("r1");
        var before = DateTimeOffset.UtcNow;

        using var response = await Post(EmailConfirm, """{"email":"ana@example.com","otp":"123456"}""");

        Assert.Equal(200, (int)response.StatusCode);
        var data = (await JsonAsync(response)).GetProperty("data");
        Assert.Equal("bearer", data.GetProperty("tokenType").GetString());
        var token = data.GetProperty("accessToken").GetString()!;
        Assert.NotEqual(SandboxDefaults.Token, token);
        Assert.Equal([token], Server.SignIns.Tokens);

        using var claims = JsonDocument.Parse(ClaimsOf(token));
        Assert.Equal(SandboxDefaults.EmailClientId, claims.RootElement.GetProperty("clientId").GetString());
        var exp = DateTimeOffset.FromUnixTimeSeconds(claims.RootElement.GetProperty("exp").GetInt64());
        Assert.InRange(exp, before.AddDays(30).AddMinutes(-1), before.AddDays(30).AddMinutes(1));
        Assert.False(string.IsNullOrEmpty(claims.RootElement.GetProperty("jti").GetString()));

        Assert.Equal(200, (int)(await GetAsync("v2/document-liveness/r1", token)).StatusCode);
        Assert.Equal(200, (int)(await GetAsync("v2/document-liveness", token)).StatusCode);
        Assert.Equal(200, (int)(await GetAsync("v2/document-liveness/r1")).StatusCode); // the start-up token still works
    }

    [Fact]
    public async Task TwoSignIns_GiveTwoDifferentTokens_BothAccepted()
    {
        Server.Records.AddFlat("r1");
        var first = await SignInByEmailAsync();
        var second = await SignInByEmailAsync();

        Assert.NotEqual(first, second);
        Assert.Equal(200, (int)(await GetAsync("v2/document-liveness/r1", first)).StatusCode);
        Assert.Equal(200, (int)(await GetAsync("v2/document-liveness/r1", second)).StatusCode);
    }

    [Fact]
    public async Task UnissuedTokens_AreStillRefused_AfterSignIns()
    {
        var issued = await SignInByEmailAsync();
        var forged = SandboxDefaults.MakeToken(SandboxDefaults.EmailClientId, DateTimeOffset.UtcNow.AddDays(30), "made-up");

        Assert.Equal(401, (int)(await GetAsync("v2/document-liveness", forged)).StatusCode);
        Assert.Equal(401, (int)(await GetAsync("v2/document-liveness", issued + "x")).StatusCode);
    }

    [Fact]
    public async Task EmailConfirm_WrongCode_Is401_AndIssuesNothing()
    {
        await AssertAnswer(await Post(EmailConfirm, """{"email":"ana@example.com","otp":"654321"}"""), 401, InvalidOtp);
        Assert.Empty(Server.SignIns.Tokens);
    }

    [Fact]
    public async Task EmailConfirm_UnknownAddress_Is404() =>
        await AssertAnswer(await Post(EmailConfirm, """{"email":"nobody@example.com","otp":"123456"}"""), 404, NoEmailAccount);

    [Fact]
    public async Task EmailConfirm_WithoutCode_Is409() =>
        await AssertAnswer(await Post(EmailConfirm, """{"email":"ana@example.com"}"""), 409, """{"message":"Missing parameter: otp.","code":"MissingParameter"}""");

    [Fact]
    public async Task PhoneLogin_AnswersWithABcryptLookingOtp_RandomPerRequest()
    {
        var before = DateTimeOffset.UtcNow;
        using var first = await Post(PhoneLogin, """{"countryCode":"+57","phone":3001234567,"type":"login"}""");
        using var second = await Post(PhoneLogin, """{"countryCode":"+57","phone":3001234567,"type":"login"}""");

        Assert.Equal(200, (int)first.StatusCode);
        var json = await JsonAsync(first);
        var data = json.GetProperty("data");
        Assert.Equal("sent", data.GetProperty("status").GetString());
        Assert.Equal("whatsapp", data.GetProperty("phoneGateway").GetString());
        Assert.InRange(DateTimeOffset.Parse(data.GetProperty("expiresAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
            before.AddMinutes(9), before.AddMinutes(11));
        Assert.Equal(SandboxDefaults.PhoneClientId, data.GetProperty("client").GetString());
        Assert.Matches("^[0-9a-f]{24}$", data.GetProperty("project").GetString());
        Assert.Matches("^[0-9a-f]{24}$", data.GetProperty("_id").GetString());
        Assert.Equal("PHN01", json.GetProperty("id").GetString());
        Assert.Equal("Certified by Verifik.co", json.GetProperty("signature").GetProperty("message").GetString());

        var otp1 = data.GetProperty("otp").GetString()!;
        var otp2 = (await JsonAsync(second)).GetProperty("data").GetProperty("otp").GetString()!;
        Assert.Matches(BcryptPattern, otp1);
        Assert.Matches(BcryptPattern, otp2);
        Assert.NotEqual(otp1, otp2);
        Assert.Equal([otp1, otp2], Server.SignIns.OtpHashes);
        Assert.Equal([otp1, otp2], Server.SignIns.Secrets);
    }

    [Theory]
    [InlineData("""{"countryCode":"+57","phone":"3001234567"}""")]
    [InlineData("""{"countryCode":57,"phone":3001234567}""")]
    [InlineData("""{"countryCode":"+57","phone":3001234567.5}""")]
    public async Task PhoneLogin_PhoneOrCountryCodeOfTheWrongType_Is400(string body)
    {
        await AssertAnswer(await Post(PhoneLogin, body), 400, InvalidParameters);
        Assert.Empty(Server.SignIns.OtpHashes);
    }

    [Fact]
    public async Task PhoneLogin_UnknownPhone_Is404() =>
        await AssertAnswer(await Post(PhoneLogin, """{"countryCode":"+57","phone":3009999999,"type":"login"}"""), 404, NoPhoneAccount);

    [Fact]
    public async Task PhoneLogin_WithoutPhone_Is409() =>
        await AssertAnswer(await Post(PhoneLogin, """{"countryCode":"+57"}"""), 409, """{"message":"Missing parameter: phone.","code":"MissingParameter"}""");

    [Fact]
    public async Task PhoneConfirm_IssuesATokenActingAsThatClient()
    {
        using var response = await Post(PhoneConfirm, """{"countryCode":"+57","phone":3001234567,"otp":"123456"}""");

        Assert.Equal(200, (int)response.StatusCode);
        var token = (await JsonAsync(response)).GetProperty("data").GetProperty("accessToken").GetString()!;
        Assert.Contains("\"clientId\":\"sandbox_luis\"", ClaimsOf(token));

        var created = (await JsonAsync(await CreateAsync(Jpeg(1), token: token))).GetProperty("data");
        Assert.Equal(SandboxDefaults.PhoneClientId, created.GetProperty("client").GetString());
        Assert.Equal(SandboxDefaults.PhoneClientId, Server.Creates.Snapshot().Single().ClientId);
    }

    [Fact]
    public async Task PhoneConfirm_WrongCode_Is401_UnknownPhone_Is404()
    {
        await AssertAnswer(await Post(PhoneConfirm, """{"countryCode":"+57","phone":3001234567,"otp":"000000"}"""), 401, InvalidOtp);
        await AssertAnswer(await Post(PhoneConfirm, """{"countryCode":"+1","phone":3001234567,"otp":"123456"}"""), 404, NoPhoneAccount);
        Assert.Empty(Server.SignIns.Tokens);
    }

    [Fact]
    public async Task OneTimeCodeAndAccounts_AreOptions()
    {
        Server.Options.OneTimeCode = "999000";
        Server.Options.Accounts.Add(SandboxAccount.WithEmail("zoe@example.org", "client_zoe"));

        await AssertAnswer(await Post(EmailConfirm, """{"email":"zoe@example.org","otp":"123456"}"""), 401, InvalidOtp);
        using var ok = await Post(EmailConfirm, """{"email":"zoe@example.org","otp":"999000"}""");

        var token = (await JsonAsync(ok)).GetProperty("data").GetProperty("accessToken").GetString()!;
        Assert.Contains("\"clientId\":\"client_zoe\"", ClaimsOf(token));
    }

    [Fact]
    public async Task CreatesWithTheStartupToken_ActAsSandboxClient()
    {
        var created = (await JsonAsync(await CreateAsync(Jpeg(1)))).GetProperty("data");
        Assert.Equal("sandbox_client", created.GetProperty("client").GetString());
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1]")]
    public async Task SignInBodyThatIsNotAJsonObject_Is400(string body) =>
        await AssertAnswer(await Post(EmailConfirm, body), 400, """{"success":false,"error":"Invalid request body","code":"INVALID_BODY"}""");

    [Fact]
    public async Task SignInEndpoints_OnlyTakePost()
    {
        using var response = await SendAsync(HttpMethod.Get, Api(EmailLogin + "?email=ana@example.com"), null, null);

        Assert.Equal(405, (int)response.StatusCode);
        Assert.Equal(["POST"], response.Content.Headers.Allow);
    }

    [Fact]
    public async Task SignInFaults_NeedTheSignInOperation()
    {
        Server.Options.Faults.Add(new FaultRule { Kind = FaultKind.TooManyRequests, Operations = FaultOperation.SignIn, Times = 1 });

        Assert.Equal(200, (int)(await CreateAsync(Jpeg(1))).StatusCode);
        Assert.Equal(429, (int)(await Post(EmailLogin, """{"email":"ana@example.com"}""")).StatusCode);
        Assert.Equal(200, (int)(await Post(EmailLogin, """{"email":"ana@example.com"}""")).StatusCode);
    }
}
