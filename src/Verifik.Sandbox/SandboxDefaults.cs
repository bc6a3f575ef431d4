using System.Security.Cryptography;
using System.Text;

namespace Verifik.Sandbox;

/// <summary>Well-known values of the sandbox. The token is not a secret: it only unlocks this loopback server.</summary>
public static class SandboxDefaults
{
    /// <summary>
    /// Unsigned JWT: header {"alg":"none","typ":"JWT"}, payload {"clientId":"sandbox_client","exp":4102444800}.
    /// The signature part is a non-empty placeholder ("sandbox" in base64url) so clients that insist on
    /// three non-empty parts, like real Verifik tokens have, still accept it.
    /// </summary>
    public const string Token =
        "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJjbGllbnRJZCI6InNhbmRib3hfY2xpZW50IiwiZXhwIjo0MTAyNDQ0ODAwfQ.c2FuZGJveA";

    public const string ClientId = "sandbox_client";

    /// <summary>The "exp" of <see cref="Token"/>: 2100-01-01T00:00:00Z.</summary>
    public static readonly DateTimeOffset TokenExpiry = DateTimeOffset.FromUnixTimeSeconds(4102444800);

    /// <summary>The one-time code sign-ins accept unless <see cref="SandboxOptions.OneTimeCode"/> says otherwise.</summary>
    public const string OneTimeCode = "123456";

    /// <summary>Largest decoded image a create accepts by default (20 MB); see <see cref="SandboxOptions.MaxImageBytes"/>.</summary>
    public const long MaxImageBytes = 20 * 1024 * 1024;

    /// <summary>The default e-mail account: <c>ana@example.com</c>, client <c>sandbox_ana</c>.</summary>
    public const string AccountEmail = "ana@example.com";
    public const string EmailClientId = "sandbox_ana";

    /// <summary>The default phone account: <c>+57 3001234567</c>, client <c>sandbox_luis</c>.</summary>
    public const string AccountCountryCode = "+57";
    public const long AccountPhone = 3001234567;
    public const string PhoneClientId = "sandbox_luis";

    /// <summary>Builds a token of the same form, e.g. an expired or soon-to-expire one for tests.</summary>
    /// <param name="jti">A unique token id claim (written after "exp"); null = none, like <see cref="Token"/>.</param>
    public static string MakeToken(string clientId, DateTimeOffset exp, string? jti = null)
    {
        ArgumentNullException.ThrowIfNull(clientId);
        var header = Base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        // System.Text.Json escapes the client id properly; the property order matches Token.
        var payload = Base64Url(
            "{\"clientId\":" + System.Text.Json.JsonSerializer.Serialize(clientId) +
            ",\"exp\":" + exp.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture) +
            (jti is null ? "" : ",\"jti\":" + System.Text.Json.JsonSerializer.Serialize(jti)) + "}");
        return header + "." + payload + "." + Base64Url("sandbox");
    }

    /// <summary>
    /// How the request log names a bearer token without holding it: the first 12 hex digits (lowercase) of the
    /// SHA-256 of its UTF-8 text. See <see cref="LoggedRequest.TokenId"/>.
    /// </summary>
    public static string TokenId(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)))[..12];
    }

    private static string Base64Url(string text) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
