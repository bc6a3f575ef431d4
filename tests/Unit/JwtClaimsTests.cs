using System.Text;
using Verifik.Sandbox;
using Xunit;

namespace Verifik.Unit.Tests;

/// <summary>JwtClaims.Read: clientId and exp from a JWT payload; anything unreadable gives None, never an exception.</summary>
public class JwtClaimsTests
{
    private static string B64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string B64Url(string text) => B64Url(Encoding.UTF8.GetBytes(text));

    private static string Token(string payloadJson) => B64Url("{\"alg\":\"none\"}") + "." + B64Url(payloadJson) + "." + B64Url("sig");

    [Fact]
    public void SandboxToken_ClientIdAndExpiry()
    {
        var claims = JwtClaims.Read(SandboxDefaults.Token);

        Assert.Equal(SandboxDefaults.ClientId, claims.ClientId);
        Assert.Equal(new DateTime(2100, 1, 1, 0, 0, 0, DateTimeKind.Utc), claims.ExpiresOn);
        Assert.Equal(DateTimeKind.Utc, claims.ExpiresOn!.Value.Kind);
    }

    [Theory]
    [InlineData("client_123", 1755889465L)]
    [InlineData("613375a1eab2fe08527f81e2", 1L)]
    [InlineData("quote\"and\\slash/ñ", 4102444800L)]
    [InlineData("c", 253402300799L)] // 9999-12-31T23:59:59Z, the last representable second
    public void MadeTokens_RoundTrip(string clientId, long exp)
    {
        var claims = JwtClaims.Read(SandboxDefaults.MakeToken(clientId, DateTimeOffset.FromUnixTimeSeconds(exp)));

        Assert.Equal(clientId, claims.ClientId);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(exp).UtcDateTime, claims.ExpiresOn);
        Assert.Equal(DateTimeKind.Utc, claims.ExpiresOn!.Value.Kind);
    }

    [Fact]
    public void ExpiredToken_StillReadsItsPastExpiry()
    {
        var past = new DateTimeOffset(2020, 5, 6, 7, 8, 9, TimeSpan.Zero);
        var claims = JwtClaims.Read(SandboxDefaults.MakeToken("old", past));

        Assert.Equal(past.UtcDateTime, claims.ExpiresOn);
        Assert.True(claims.ExpiresOn < DateTime.UtcNow);
    }

    [Fact]
    public void TokenWithoutExp_HasClientIdAndNoExpiry()
    {
        var claims = JwtClaims.Read(Token("""{"clientId":"abc","iat":1700000000}"""));

        Assert.Equal("abc", claims.ClientId);
        Assert.Null(claims.ExpiresOn);
    }

    [Theory]
    [InlineData("""{"clientId":"abc","exp":"1700000000"}""")] // exp as a string
    [InlineData("""{"clientId":"abc","exp":253402300800}""")] // past DateTime.MaxValue
    [InlineData("""{"clientId":"abc","exp":1e30}""")]
    [InlineData("""{"clientId":"abc","exp":null}""")]
    public void UnusableExp_IsNull_ClientIdStillRead(string payload)
    {
        var claims = JwtClaims.Read(Token(payload));

        Assert.Equal("abc", claims.ClientId);
        Assert.Null(claims.ExpiresOn);
    }

    [Fact]
    public void ClientIdNotAString_IsNull()
    {
        var claims = JwtClaims.Read(Token("""{"clientId":42,"exp":1700000000}"""));

        Assert.Null(claims.ClientId);
        Assert.NotNull(claims.ExpiresOn);
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("not a jwt at all")]
    [InlineData("a.b")]                      // two parts
    [InlineData("a.b.c.d")]                  // four parts
    [InlineData("eyJhbGciOiJub25lIn0.eyJjbGllbnRJZCI6ImEifQ")] // a real header and payload, but no third part
    [InlineData("a.!!!not-base64!!!.c")]     // bad base64
    [InlineData("a.abcde.c")]                // base64url of length 1 mod 4
    [InlineData("a.bm90IGpzb24.c")]          // "not json"
    [InlineData("a.W10.c")]                  // "[]"
    [InlineData("a.MTIz.c")]                 // "123"
    [InlineData("...")]
    [InlineData("a..c")]                     // empty payload
    public void Unreadable_GivesNone_WithoutThrowing(string token)
    {
        var claims = JwtClaims.Read(token);

        Assert.Same(JwtClaims.None, claims);
        Assert.Null(claims.ClientId);
        Assert.Null(claims.ExpiresOn);
    }

    [Fact]
    public void Null_GivesNone() => Assert.Same(JwtClaims.None, JwtClaims.Read(null!));

    [Fact]
    public void PaddedBase64AndStandardAlphabet_AreNotRequired_ButUrlAlphabetIsAccepted()
    {
        // A payload whose base64 contains '-' or '_' in url form: '>' and '?' characters produce them.
        var payload = """{"clientId":">>>???","exp":1700000000}""";
        var token = Token(payload);
        Assert.True(token.Split('.')[1].IndexOfAny(new[] { '-', '_' }) >= 0, "test payload should use the url alphabet");

        var claims = JwtClaims.Read(token);

        Assert.Equal(">>>???", claims.ClientId);
    }

    [Fact]
    public void FractionalExp_IsRead()
    {
        var claims = JwtClaims.Read(Token("""{"clientId":"abc","exp":1700000000.5}"""));

        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1700000000500).UtcDateTime, claims.ExpiresOn);
    }

    [Fact]
    public void InvalidUtf8ClientId_GivesNone_WithoutThrowing()
    {
        var payload = Encoding.ASCII.GetBytes("{\"clientId\":\"_\"}");
        payload[13] = 0xFF;

        var claims = JwtClaims.Read(B64Url("{}") + "." + B64Url(payload) + "." + B64Url("s"));

        Assert.Null(claims.ClientId);
    }

    [Theory]
    [InlineData("""{"clientId":"abc","exp":0}""")]
    [InlineData("""{"clientId":"abc","exp":-5}""")]
    [InlineData("""{"clientId":"abc","exp":-99999999999.5}""")]
    public void NonPositiveExp_ExpiredAtTheEpoch_NotNoExpiry(string payload)
    {
        var claims = JwtClaims.Read(Token(payload));

        Assert.Equal("abc", claims.ClientId);
        Assert.Equal(new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc), claims.ExpiresOn);
    }
}
