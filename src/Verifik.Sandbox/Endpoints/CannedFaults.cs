using Microsoft.AspNetCore.Http;

namespace Verifik.Sandbox.Endpoints;

/// <summary>The fixed answers of faults that replace the real one without looking at the request (API and image listener alike).</summary>
internal static class CannedFaults
{
    /// <returns>The answer, or null when <paramref name="fault"/> is a kind that shapes, delays or drops the real answer.</returns>
    public static ApiResponse? Answer(HttpContext ctx, FaultRule fault, string rawTarget) => fault.Kind switch
    {
        FaultKind.TooManyRequests => ApiResponse.Json(429, ErrorBodies.TooManyRequests) with { RetryAfter = fault.RetryAfter },
        FaultKind.ServerError => ServerError(fault),
        FaultKind.HtmlPage => ApiResponse.Text(502, "text/html; charset=utf-8", ErrorBodies.BadGatewayHtml),
        FaultKind.WrongContentType => ApiResponse.Text(200, "text/plain; charset=utf-8", ErrorBodies.PlainText),
        FaultKind.Unauthorized => ApiResponse.Json(401, ErrorBodies.InvalidToken),
        FaultKind.Forbidden => ApiResponse.Json(403, ErrorBodies.TokenExpired),
        FaultKind.RedirectToOtherHost => new ApiResponse(302, null, []) { Location = OtherHostUrl(ctx, rawTarget) },
        FaultKind.Refusal => Refusal(fault.Status == 0 ? 400 : fault.Status),
        _ => null,
    };

    /// <summary>500 (or the rule's Status) with the documented internal_error body.</summary>
    public static ApiResponse ServerError(FaultRule fault) =>
        ApiResponse.Json(fault.Status == 0 ? 500 : fault.Status, ErrorBodies.InternalError) with { RetryAfter = fault.RetryAfter };

    /// <summary>A gateway's answer before the body: 413 (default), 429, 503 or another status, then the connection closes.</summary>
    public static ApiResponse EarlyAnswer(FaultRule fault)
    {
        var status = fault.Status == 0 ? 413 : fault.Status;
        var answer = status == 429 ? ApiResponse.Json(429, ErrorBodies.TooManyRequests)
            : status >= 500 ? ApiResponse.Json(status, ErrorBodies.InternalError)
            : Refusal(status);
        return answer with { RetryAfter = fault.RetryAfter, Close = true };
    }

    /// <summary>The documented refusal body for a status.</summary>
    private static ApiResponse Refusal(int status) => ApiResponse.Json(status, status switch
    {
        400 => ErrorBodies.InvalidImageFormat,
        409 => ErrorBodies.NoValidation,
        413 => ErrorBodies.ImageTooLarge,
        _ => ErrorBodies.InvalidParameters,
    });

    /// <summary>Same port, path and query, but 127.0.0.1 ⇄ localhost, so a client following it changes host.</summary>
    public static string OtherHostUrl(HttpContext ctx, string rawTarget)
    {
        var pathAndQuery = rawTarget.StartsWith('/') ? rawTarget : ctx.Request.Path + ctx.Request.QueryString;
        return $"http://{OtherHost(ctx)}:{ctx.Connection.LocalPort}{pathAndQuery}";
    }

    /// <summary>The other loopback host name: localhost for 127.0.0.1, else 127.0.0.1.</summary>
    public static string OtherHost(HttpContext ctx) =>
        string.Equals(ctx.Request.Host.Host, "127.0.0.1", StringComparison.Ordinal) ? "localhost" : "127.0.0.1";
}
