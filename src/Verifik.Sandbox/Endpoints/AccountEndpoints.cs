using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Verifik.Sandbox.Endpoints;

/// <summary>
/// The account and its tokens: GET /v2/clients/me (the documented sample's fields, secrets included, as the live API
/// sends them), /v2/auth/session?origin=refresh&amp;expiresIn=N (renewal; GET and POST by default, see
/// <see cref="SandboxOptions.RenewMethods"/>) and POST /v2/auth/renew-and-revoke (a new token; every other token of
/// the account stops working).
/// </summary>
internal static class AccountEndpoints
{
    private static readonly HashSet<string> Populates = new(StringComparer.Ordinal)
    {
        "clientSubscriptionPlan", "clientSubscriptionPlan.subscriptionPlan", "clientSettings",
    };

    /// <returns>The answer, or null when the route is not one of these.</returns>
    public static ApiResponse? Answer(HttpContext ctx, SandboxServer server, ApiRoute route, string clientId) => route.Kind switch
    {
        ApiRouteKind.Account => HttpMethods.IsGet(ctx.Request.Method) ? Me(server, clientId, ctx.Request.Query) : NotAllowed("GET"),
        ApiRouteKind.Renew => server.Options.RenewMethods.Contains(ctx.Request.Method)
            ? Renew(server, clientId, ctx.Request.Query)
            : NotAllowed(string.Join(", ", server.Options.RenewMethods.Select(m => m.ToUpperInvariant()).Order(StringComparer.Ordinal))),
        ApiRouteKind.Revoke => HttpMethods.IsPost(ctx.Request.Method) ? Revoke(server, clientId) : NotAllowed("POST"),
        _ => null,
    };

    private static ApiResponse Me(SandboxServer server, string clientId, IQueryCollection query)
    {
        var populated = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, values) in query)
        {
            if (key != "populates[]") return ApiResponse.Json(400, ErrorBodies.InvalidQuery);
            foreach (var value in values)
            {
                if (value is null || !Populates.Contains(value)) return ApiResponse.Json(400, ErrorBodies.InvalidQuery);
                populated.Add(value);
            }
        }

        var account = FindAccount(server, clientId);
        var creates = server.Creates.Snapshot().Count(c => c.ClientId == clientId);
        var (otp, phrase) = server.SignIns.AccountSecretsOf(clientId);
        var id = HexId("client:" + clientId);
        return ApiResponse.JsonObject(200, w =>
        {
            w.WriteStartObject("data");
            w.WriteNull("avatar");
            w.WriteNull("initialIpAddress");
            w.WriteNull("secretKey");
            w.WriteNull("deletedAt");
            w.WriteString("_id", id);
            w.WriteBoolean("active", true);
            w.WriteBoolean("isEmailVerified", true);
            w.WriteBoolean("isPhoneVerified", account?.Phone is not null);
            w.WriteBoolean("isVerified", true);
            w.WriteNull("otpSentAt");
            w.WriteNumber("requestsCount", 0);
            w.WriteString("subscriptionPlan", HexId("plan:sandbox"));
            w.WriteString("email", account?.Email ?? clientId + "@sandbox.verifik.co");
            if (account?.Phone is { } phone)
            {
                w.WriteString("phone", phone.ToString(CultureInfo.InvariantCulture));
                w.WriteString("countryCode", account.CountryCode);
            }
            w.WriteString("name", "Sandbox account " + clientId);
            w.WriteString("updatedAt", "2025-03-12T17:37:13.526Z");
            w.WriteString("createdAt", "2021-09-09T16:46:01.334Z");
            w.WriteNumber("__v", 0);
            w.WriteNumber("totalRequestsCount", creates);
            w.WriteNumber("credits", server.Options.Credits - creates);
            w.WriteString("language", "es");
            w.WriteString("otp", otp); // secrets the documented sample carries: a client must drop them
            w.WriteString("status", "joined");
            w.WriteString("clientSettings", HexId("settings:" + clientId));
            w.WriteString("JWTPhrase", phrase);
            if (populated.Contains("clientSubscriptionPlan") || populated.Contains("clientSubscriptionPlan.subscriptionPlan"))
            {
                w.WriteStartObject("clientSubscriptionPlan");
                w.WriteString("_id", HexId("client-plan:" + clientId));
                if (populated.Contains("clientSubscriptionPlan.subscriptionPlan"))
                {
                    w.WriteStartObject("subscriptionPlan");
                    w.WriteString("_id", HexId("plan:sandbox"));
                    w.WriteString("name", "Sandbox");
                    w.WriteEndObject();
                }
                else w.WriteString("subscriptionPlan", HexId("plan:sandbox"));
                w.WriteEndObject();
            }
            else w.WriteString("clientSubscriptionPlan", HexId("client-plan:" + clientId));
            w.WriteEndObject();
        });
    }

    private static ApiResponse Renew(SandboxServer server, string clientId, IQueryCollection query)
    {
        // Strict like the list: a client sending something else has a bug worth seeing.
        foreach (var (key, values) in query)
            if ((key != "origin" && key != "expiresIn") || values.Count != 1) return ApiResponse.Json(400, ErrorBodies.InvalidParameters);
        if (query.TryGetValue("origin", out var origin) && origin.ToString() != "refresh") return ApiResponse.Json(400, ErrorBodies.InvalidParameters);
        var months = 1;
        if (query.TryGetValue("expiresIn", out var expires)
            && (!int.TryParse(expires.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out months) || months < 1 || months > 1200))
            return ApiResponse.Json(400, ErrorBodies.InvalidParameters);

        var token = server.SignIns.IssueToken(clientId, TimeSpan.FromDays(30.0 * months));
        // The docs' answer: top-level, without "data".
        return ApiResponse.JsonObject(200, w => { w.WriteString("accessToken", token); w.WriteString("tokenType", "bearer"); });
    }

    private static ApiResponse Revoke(SandboxServer server, string clientId)
    {
        var token = server.SignIns.IssueToken(clientId);
        var startup = server.Options.Token;
        server.SignIns.RevokeAllBut(clientId, token, startup, JwtClientId.Of(startup));
        return ApiResponse.JsonObject(200, w =>
        {
            w.WriteStartObject("data");
            w.WriteString("accessToken", token);
            w.WriteString("tokenType", "bearer");
            w.WriteEndObject();
        });
    }

    private static SandboxAccount? FindAccount(SandboxServer server, string clientId)
    {
        lock (server.Options.Accounts) return server.Options.Accounts.FirstOrDefault(a => a.ClientId == clientId);
    }

    private static ApiResponse NotAllowed(string allow) => ApiResponse.Json(405, ErrorBodies.MethodNotAllowed) with { Allow = allow };

    /// <summary>A stable 24-hex id for a name.</summary>
    private static string HexId(string name) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name)))[..24];
}
