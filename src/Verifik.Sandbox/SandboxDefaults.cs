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

    /// <summary>Builds a token of the same form, e.g. an expired or soon-to-expire one for tests.</summary>
    public static string MakeToken(string clientId, DateTimeOffset exp)
    {
        ArgumentNullException.ThrowIfNull(clientId);
        var header = Base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        // System.Text.Json escapes the client id properly; the property order matches Token.
        var payload = Base64Url(
            "{\"clientId\":" + System.Text.Json.JsonSerializer.Serialize(clientId) +
            ",\"exp\":" + exp.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture) + "}");
        return header + "." + payload + "." + Base64Url("sandbox");
    }

    private static string Base64Url(string text) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
