using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Verifik.Sandbox.Endpoints;

/// <summary>
/// The one-time-code sign-in: POST /v2/projects/{email,phone}-login and …/confirm. No bearer token needed;
/// a confirm with the sandbox's code issues a fresh token that the bearer check accepts from then on.
/// </summary>
internal static class SignInEndpoints
{
    private const long BodyLimit = 64 * 1024;

    public static async Task<ApiResponse> AnswerAsync(HttpContext ctx, SandboxServer server, ApiRouteKind kind, CancellationToken token)
    {
        if (!HttpMethods.IsPost(ctx.Request.Method))
            return ApiResponse.Json(405, ErrorBodies.MethodNotAllowed) with { Allow = "POST" };

        if (await RequestBody.ReadAsync(ctx, BodyLimit, token) is not { } body) return ApiResponse.Json(400, ErrorBodies.InvalidBody); // no sign-in needs 64 KB
        JsonDocument? doc = null;
        if (body.Length > 0)
        {
            try { doc = JsonDocument.Parse(body); }
            catch (JsonException) { return ApiResponse.Json(400, ErrorBodies.InvalidBody); }
        }
        using (doc)
        {
            var json = doc?.RootElement;
            if (json is { ValueKind: not JsonValueKind.Object }) return ApiResponse.Json(400, ErrorBodies.InvalidBody);
            return kind switch
            {
                ApiRouteKind.EmailLogin => EmailLogin(server, ctx.Request.Query, json),
                ApiRouteKind.EmailConfirm => EmailConfirm(server, json),
                ApiRouteKind.PhoneLogin => PhoneLogin(server, json),
                _ => PhoneConfirm(server, json),
            };
        }
    }

    private static ApiResponse EmailLogin(SandboxServer server, IQueryCollection query, JsonElement? body)
    {
        // Newer docs: ?email=; older flows: {"email": …}. Both may come; they must agree.
        string? fromQuery = null;
        if (query.TryGetValue("email", out var values))
        {
            if (values.Count != 1) return InvalidParameters();
            fromQuery = values[0];
        }
        if (!TryString(body, "email", out var fromBody)) return InvalidParameters();
        if (fromQuery is not null && fromBody is not null && !string.Equals(fromQuery, fromBody, StringComparison.Ordinal)) return InvalidParameters();
        var email = fromQuery ?? fromBody;
        if (string.IsNullOrEmpty(email)) return Missing("email");

        if (FindByEmail(server, email) is null) return ApiResponse.Json(404, ErrorBodies.NoEmailAccount);
        var now = DateTimeOffset.UtcNow;
        return ApiResponse.JsonObject(200, w =>
        {
            w.WriteStartObject("data");
            w.WriteString("status", server.Options.HostileText ? HostileText.Status : "sent");
            w.WriteString("email", email);
            w.WriteString("expiresAt", SampleRecords.IsoTime(now + server.Options.CodeLifetime));
            w.WriteEndObject();
            ApiResponse.WriteSignature(w, ApiResponse.SignatureTime(now));
            w.WriteString("id", "EML01");
        });
    }

    private static ApiResponse EmailConfirm(SandboxServer server, JsonElement? body)
    {
        if (!TryString(body, "email", out var email) || !TryString(body, "otp", out var otp)) return InvalidParameters();
        if (string.IsNullOrEmpty(email)) return Missing("email");
        if (string.IsNullOrEmpty(otp)) return Missing("otp");
        if (FindByEmail(server, email) is not { } account) return ApiResponse.Json(404, ErrorBodies.NoEmailAccount);
        return Confirm(server, account, otp);
    }

    private static ApiResponse PhoneLogin(SandboxServer server, JsonElement? body)
    {
        if (ReadPhone(body, out var countryCode, out var phone) is { } problem) return problem;
        if (FindByPhone(server, countryCode, phone) is not { } account) return ApiResponse.Json(404, ErrorBodies.NoPhoneAccount);

        var now = DateTimeOffset.UtcNow;
        var hash = server.SignIns.NewOtpHash();
        return ApiResponse.JsonObject(200, w =>
        {
            w.WriteStartObject("data");
            w.WriteString("status", server.Options.HostileText ? HostileText.Status : "sent");
            w.WriteString("phoneGateway", server.Options.HostileText ? HostileText.PhoneGateway : "whatsapp");
            w.WriteString("expiresAt", SampleRecords.IsoTime(now + server.Options.CodeLifetime));
            w.WriteString("client", account.ClientId);
            w.WriteString("project", ProjectId(account));
            w.WriteString("_id", ObjectIds.New());
            w.WriteString("otp", hash); // a bcrypt hash on the live API: a secret the client must never show
            w.WriteEndObject();
            ApiResponse.WriteSignature(w, ApiResponse.SignatureTime(now));
            w.WriteString("id", "PHN01");
        });
    }

    private static ApiResponse PhoneConfirm(SandboxServer server, JsonElement? body)
    {
        if (ReadPhone(body, out var countryCode, out var phone) is { } problem) return problem;
        if (!TryString(body, "otp", out var otp)) return InvalidParameters();
        if (string.IsNullOrEmpty(otp)) return Missing("otp");
        if (FindByPhone(server, countryCode, phone) is not { } account) return ApiResponse.Json(404, ErrorBodies.NoPhoneAccount);
        return Confirm(server, account, otp);
    }

    private static ApiResponse Confirm(SandboxServer server, SandboxAccount account, string otp)
    {
        if (!string.Equals(otp, server.Options.OneTimeCode, StringComparison.Ordinal)) return ApiResponse.Json(401, ErrorBodies.InvalidOtp);
        var accessToken = server.SignIns.IssueToken(account.ClientId);
        return ApiResponse.JsonObject(200, w =>
        {
            w.WriteStartObject("data");
            w.WriteString("accessToken", accessToken);
            w.WriteString("tokenType", "bearer");
            w.WriteEndObject();
        });
    }

    /// <summary>Reads countryCode (a string) and phone (a JSON integer: a string is refused, as the API does).</summary>
    /// <returns>The error to answer, or null.</returns>
    private static ApiResponse? ReadPhone(JsonElement? body, out string countryCode, out long phone)
    {
        countryCode = "";
        phone = 0;
        if (!TryString(body, "countryCode", out var code)) return InvalidParameters();
        if (string.IsNullOrEmpty(code)) return Missing("countryCode");
        countryCode = code;
        if (body is not { } b || !b.TryGetProperty("phone", out var value) || value.ValueKind == JsonValueKind.Null) return Missing("phone");
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out phone) || phone <= 0) return InvalidParameters();
        return null;
    }

    /// <summary>False when the member is there but not a string; <paramref name="value"/> is null when it is absent or null.</summary>
    private static bool TryString(JsonElement? body, string name, out string? value)
    {
        value = null;
        if (body is not { } b || !b.TryGetProperty(name, out var e) || e.ValueKind == JsonValueKind.Null) return true;
        if (e.ValueKind != JsonValueKind.String) return false;
        value = e.GetString();
        return true;
    }

    private static SandboxAccount? FindByEmail(SandboxServer server, string email)
    {
        lock (server.Options.Accounts) return server.Options.Accounts.FirstOrDefault(a => a.HasEmail(email));
    }

    private static SandboxAccount? FindByPhone(SandboxServer server, string countryCode, long phone)
    {
        lock (server.Options.Accounts) return server.Options.Accounts.FirstOrDefault(a => a.HasPhone(countryCode, phone));
    }

    /// <summary>A stable 24-hex project id per account.</summary>
    private static string ProjectId(SandboxAccount account) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("project:" + account.ClientId)))[..24];

    private static ApiResponse InvalidParameters() => ApiResponse.Json(400, ErrorBodies.InvalidParameters);

    private static ApiResponse Missing(string name) => ApiResponse.Json(409, ErrorBodies.MissingParameter(name));
}
