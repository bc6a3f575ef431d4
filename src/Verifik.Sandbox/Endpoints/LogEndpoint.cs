using Microsoft.AspNetCore.Http;

namespace Verifik.Sandbox.Endpoints;

/// <summary>
/// GET /sandbox/log, only with <see cref="SandboxOptions.ExposeLog"/> (CLI --expose-log): the request log, the creates
/// processed, how many images are stored and the sign-in secrets as JSON, for tests that run the sandbox program in
/// another process (the Pester suite) and so cannot read <see cref="SandboxServer.Requests"/>, <see cref="SandboxServer.Creates"/>
/// and <see cref="SandboxServer.SignIns"/>. The Authorization header is given only as whether there was one and its
/// <see cref="LoggedRequest.TokenId"/>; a create's image only as its size and SHA-256. Off: the flat 404 of any unknown path.
/// </summary>
internal static class LogEndpoint
{
    public const string Path = "/sandbox/log";

    public static Task HandleAsync(HttpContext ctx, SandboxServer server)
    {
        if (!server.Options.ExposeLog) return ApiEndpoint.SendAsync(ctx, ApiResponse.Json(404, ErrorBodies.NotFoundFlat), ctx.RequestAborted);
        var answer = ApiResponse.JsonObject(200, w =>
        {
            w.WriteStartArray("requests");
            foreach (var r in server.Requests.Snapshot())
            {
                w.WriteStartObject();
                w.WriteString("method", r.Method);
                w.WriteString("path", r.Path);
                w.WriteString("rawTarget", r.RawTarget);
                w.WriteString("host", r.Host);
                w.WriteString("query", r.Query);
                w.WriteNumber("status", r.Status);
                w.WriteBoolean("hasAuthorization", r.Authorization is not null);
                w.WriteString("tokenId", r.TokenId);
                w.WriteString("origin", r.Origin);
                w.WriteString("connectionId", r.ConnectionId);
                w.WriteNumber("arrivalsAtAnswer", r.ArrivalsAtAnswer);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            WriteStrings(w, "arrivals", server.Requests.Arrivals());
            w.WriteStartArray("creates");
            foreach (var c in server.Creates.Snapshot())
            {
                w.WriteStartObject();
                w.WriteString("id", c.Id);
                w.WriteString("clientId", c.ClientId);
                w.WriteNumber("imageBytes", c.ImageBytes);
                w.WriteString("imageSha256", c.ImageSha256);
                w.WriteString("imageUrl", c.ImageUrl);
                // Each member as the raw JSON text the client sent ("\"HARD\"", "true"), as ProcessedCreate keeps it.
                w.WriteStartObject("members");
                foreach (var (name, json) in c.Members ?? new Dictionary<string, string>()) w.WriteString(name, json);
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteNumber("imagesStored", server.Images.Count);
            w.WriteStartObject("signIns");
            WriteStrings(w, "tokens", server.SignIns.Tokens);
            WriteStrings(w, "otpHashes", server.SignIns.OtpHashes);
            WriteStrings(w, "accountSecrets", server.SignIns.AccountSecrets);
            w.WriteEndObject();
        });
        return ApiEndpoint.SendAsync(ctx, answer, ctx.RequestAborted);
    }

    private static void WriteStrings(System.Text.Json.Utf8JsonWriter w, string name, IReadOnlyList<string> values)
    {
        w.WriteStartArray(name);
        foreach (var value in values) w.WriteStringValue(value);
        w.WriteEndArray();
    }
}
