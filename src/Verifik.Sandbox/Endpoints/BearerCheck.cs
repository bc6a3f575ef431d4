using Microsoft.AspNetCore.Http;

namespace Verifik.Sandbox.Endpoints;

/// <summary>Who a request acts as: the start-up token or a token a sign-in issued, sent as one "Authorization: Bearer" header.</summary>
internal sealed class BearerCheck(SandboxServer server)
{
    private const string Scheme = "Bearer ";

    // Options.Token can change between requests; its client id is parsed once per value.
    // A reference, so a concurrent reader never sees a torn pair.
    private volatile Parsed? _startup;

    /// <summary>The token of a "Bearer …" header value (trimmed), or null when it is not one or is empty.</summary>
    public static string? TokenOf(string? header)
    {
        if (header is null || !header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase)) return null;
        var token = header[Scheme.Length..].Trim();
        return token.Length == 0 ? null : token;
    }

    public bool TryAuthorize(HttpRequest request, out string clientId)
    {
        clientId = "";
        var values = request.Headers.Authorization;
        if (values.Count != 1 || TokenOf(values[0]) is not { } token) return false;
        if (server.SignIns.IsRevoked(token)) return false; // renew-and-revoke expired it

        var startup = server.Options.Token;
        if (string.Equals(token, startup, StringComparison.Ordinal))
        {
            var cached = _startup;
            if (cached is null || !string.Equals(cached.Token, startup, StringComparison.Ordinal))
                _startup = cached = new Parsed(startup, JwtClientId.Of(startup));
            clientId = cached.ClientId;
            return true;
        }
        return server.SignIns.TryGetClientId(token, out clientId);
    }

    private sealed record Parsed(string Token, string ClientId);
}
