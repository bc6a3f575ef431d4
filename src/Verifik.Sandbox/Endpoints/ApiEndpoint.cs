using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Verifik.Sandbox.Endpoints;

/// <summary>
/// Everything except /health: latency, then faults, then the bearer check, then routing on the raw
/// target (so an escaped "/" inside an id stays part of the id).
/// </summary>
internal static class ApiEndpoint
{
    /// <summary>HttpContext.Items key set when a fault drops the connection (logged as status 0).</summary>
    public const string DroppedKey = "Verifik.Sandbox.Dropped";

    private const string Resource = "document-liveness";

    public static async Task HandleAsync(HttpContext ctx, SandboxServer server, CancellationToken stopping)
    {
        var rawTarget = ctx.Features.Get<IHttpRequestFeature>()?.RawTarget ?? ctx.Request.Path.ToString();
        var segments = RequestTarget.Segments(rawTarget);

        // Outside /v2 there is no API: no auth, latency or faults, just the flat 404.
        if (segments.Count == 0 || segments[0] != "v2")
        {
            await SendAsync(ctx, ApiResponse.Json(404, ErrorBodies.NotFoundFlat), ctx.RequestAborted);
            return;
        }

        var isResource = segments.Count >= 2 && segments[1] == Resource;
        var isList = isResource && (segments.Count == 2 || (segments.Count == 3 && segments[2].Length == 0));
        var id = isResource && segments.Count == 3 && segments[2].Length > 0 ? segments[2] : null;

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted, stopping);
        var token = linked.Token;
        var options = server.Options;
        try
        {
            var delay = server.Injector.Delay(options);
            if (delay > TimeSpan.Zero) await Task.Delay(delay, token);

            var response = server.Injector.Select(options, id) is { } fault
                ? await ApplyFaultAsync(ctx, fault, rawTarget, () => Answer(ctx, server, isList, id), token)
                : Answer(ctx, server, isList, id);
            if (response is null)
            {
                ctx.Items[DroppedKey] = true;
                ctx.Abort();
                return;
            }
            await SendAsync(ctx, response, token);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Client went away or the sandbox is stopping: nothing useful to send.
            ctx.Items[DroppedKey] = true;
            ctx.Abort();
        }
    }

    /// <summary>The real answer, as if no fault were configured.</summary>
    private static ApiResponse Answer(HttpContext ctx, SandboxServer server, bool isList, string? id)
    {
        if (!IsAuthorized(ctx.Request, server.Options.Token))
            return ApiResponse.Json(401, ErrorBodies.MissingToken);
        if (!HttpMethods.IsGet(ctx.Request.Method))
            return ApiResponse.Json(405, ErrorBodies.MethodNotAllowed) with { Allow = "GET" };
        if (isList) return DocumentLivenessEndpoints.List(server, ctx.Request.Query);
        if (id is not null) return DocumentLivenessEndpoints.Get(server, id);
        return ApiResponse.Json(404, ErrorBodies.NotFoundFlat);
    }

    private static bool IsAuthorized(HttpRequest request, string token)
    {
        var values = request.Headers.Authorization;
        if (values.Count != 1 || values[0] is not { } header) return false;
        const string scheme = "Bearer ";
        return header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)
            && header.AsSpan(scheme.Length).Trim().SequenceEqual(token);
    }

    /// <returns>The response to send, or null to drop the connection.</returns>
    private static async Task<ApiResponse?> ApplyFaultAsync(
        HttpContext ctx, FaultRule fault, string rawTarget, Func<ApiResponse> answer, CancellationToken token)
    {
        switch (fault.Kind)
        {
            case FaultKind.TooManyRequests:
                return ApiResponse.Json(429, ErrorBodies.TooManyRequests) with { RetryAfter = fault.RetryAfter };
            case FaultKind.ServerError:
                return ApiResponse.Json(fault.Status == 0 ? 500 : fault.Status, ErrorBodies.InternalError) with { RetryAfter = fault.RetryAfter };
            case FaultKind.DropConnection:
                return null;
            case FaultKind.Slow:
                await Task.Delay(fault.Delay, token);
                return answer();
            case FaultKind.TruncatedBody:
                var whole = answer().Body;
                // Content-Length matches the half that is sent: the client sees a complete response that is bad JSON.
                return ApiResponse.Json(200, whole[..(whole.Length / 2)]);
            case FaultKind.HtmlPage:
                return ApiResponse.Text(502, "text/html; charset=utf-8", ErrorBodies.BadGatewayHtml);
            case FaultKind.WrongContentType:
                return ApiResponse.Text(200, "text/plain; charset=utf-8", ErrorBodies.PlainText);
            case FaultKind.Unauthorized:
                return ApiResponse.Json(401, ErrorBodies.InvalidToken);
            case FaultKind.Forbidden:
                return ApiResponse.Json(403, ErrorBodies.TokenExpired);
            case FaultKind.RedirectToOtherHost:
                return new ApiResponse(302, null, []) { Location = OtherHostUrl(ctx, rawTarget) };
            case FaultKind.WrongStatus:
                return answer() with { Status = fault.Status == 0 ? 200 : fault.Status };
            default:
                return answer();
        }
    }

    /// <summary>Same port, path and query, but 127.0.0.1 ⇄ localhost, so a client following it changes host.</summary>
    private static string OtherHostUrl(HttpContext ctx, string rawTarget)
    {
        var host = ctx.Request.Host.Host;
        var other = string.Equals(host, "127.0.0.1", StringComparison.Ordinal) ? "localhost" : "127.0.0.1";
        var pathAndQuery = rawTarget.StartsWith('/') ? rawTarget : ctx.Request.Path + ctx.Request.QueryString;
        return $"http://{other}:{ctx.Connection.LocalPort}{pathAndQuery}";
    }

    private static async Task SendAsync(HttpContext ctx, ApiResponse response, CancellationToken token)
    {
        var r = ctx.Response;
        r.StatusCode = response.Status;
        if (response.ContentType is not null) r.ContentType = response.ContentType;
        if (response.Location is not null) r.Headers.Location = response.Location;
        if (response.RetryAfter is not null) r.Headers.RetryAfter = response.RetryAfter;
        if (response.Allow is not null) r.Headers.Allow = response.Allow;
        if (response.Status != 204) r.ContentLength = response.Body.Length;
        if (response.Body.Length > 0) await r.Body.WriteAsync(response.Body, token);
        else await r.StartAsync(token);
    }
}
