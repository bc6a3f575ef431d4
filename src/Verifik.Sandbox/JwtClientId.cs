using System.Text;
using System.Text.Json;

namespace Verifik.Sandbox;

/// <summary>Reads the "clientId" claim of a token (unverified: the sandbox only needs to know whose it is).</summary>
internal static class JwtClientId
{
    /// <returns>The claim, or <see cref="SandboxDefaults.ClientId"/> when the token is not a JWT carrying one.</returns>
    public static string Of(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3) return SandboxDefaults.ClientId;
        try
        {
            var b64 = parts[1].Replace('-', '+').Replace('_', '/');
            b64 = b64.PadRight(b64.Length + (4 - b64.Length % 4) % 4, '=');
            using var doc = JsonDocument.Parse(Convert.FromBase64String(b64));
            return doc.RootElement.ValueKind == JsonValueKind.Object
                && doc.RootElement.TryGetProperty("clientId", out var id) && id.ValueKind == JsonValueKind.String
                ? id.GetString()!
                : SandboxDefaults.ClientId;
        }
        catch (Exception e) when (e is FormatException or JsonException or DecoderFallbackException)
        {
            return SandboxDefaults.ClientId;
        }
    }
}
