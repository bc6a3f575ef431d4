using System.Text;

namespace Verifik.Sandbox;

/// <summary>
/// A response computed before anything is written, so faults such as TruncatedBody and WrongStatus
/// can reshape the real answer.
/// </summary>
internal sealed record ApiResponse(int Status, string? ContentType, byte[] Body)
{
    public const string JsonType = "application/json; charset=utf-8";

    public string? Location { get; init; }
    public string? RetryAfter { get; init; }
    public string? Allow { get; init; }

    public static ApiResponse Json(int status, byte[] body) => new(status, JsonType, body);

    public static ApiResponse Json(int status, string body) => new(status, JsonType, Encoding.UTF8.GetBytes(body));

    public static ApiResponse Text(int status, string contentType, string body) => new(status, contentType, Encoding.UTF8.GetBytes(body));

    public static readonly ApiResponse NoContent = new(204, null, []);
}

/// <summary>Error bodies exactly as the Verifik docs show them.</summary>
internal static class ErrorBodies
{
    public const string MissingToken = """{"error":"Protected resource, use Authorization header to get access"}""";
    public const string NotFoundFlat = """{"message":"Record not found.","code":"NotFound"}""";
    public const string NotFoundNested = """{"error":"Document liveness not found","message":"DOCUMENT_LIVENESS_NOT_FOUND"}""";
    public const string InvalidQuery = """{"success":false,"error":"Invalid query parameters","code":"INVALID_PARAMETERS"}""";
    public const string TooManyRequests = """{"message":"Too many requests","code":"TooManyRequests"}""";
    public const string InternalError = """{"message":"internal_error","code":"ERROR"}""";
    public const string InvalidToken = """{"code":"Unauthorized","message":"Invalid or expired token."}""";
    public const string TokenExpired = """{"message":"token_expired","code":"FORBIDDEN"}""";
    public const string MethodNotAllowed = """{"message":"Method not allowed.","code":"MethodNotAllowed"}""";
    public const string BadGatewayHtml = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    public const string PlainText = "Service temporarily unavailable. Please try again later.";
}
