using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

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
    public string? ContentEncoding { get; init; }

    /// <summary>
    /// Written straight into the socket, then the connection is aborted, whatever of the request body is left unread: a
    /// client still sending gets a reset, with this answer already in its buffer.
    /// </summary>
    public bool Close { get; init; }

    public static ApiResponse Json(int status, byte[] body) => new(status, JsonType, body);

    public static ApiResponse Json(int status, string body) => new(status, JsonType, Encoding.UTF8.GetBytes(body));

    public static ApiResponse Text(int status, string contentType, string body) => new(status, contentType, Encoding.UTF8.GetBytes(body));

    public static readonly ApiResponse NoContent = new(204, null, []);

    /// <summary>One top-level JSON object whose members <paramref name="members"/> writes.</summary>
    public static ApiResponse JsonObject(int status, Action<Utf8JsonWriter> members)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            members(w);
            w.WriteEndObject();
        }
        return Json(status, buffer.WrittenSpan.ToArray());
    }

    /// <summary>The envelope's "signature" member, as the docs show it.</summary>
    public static void WriteSignature(Utf8JsonWriter w, string dateTime)
    {
        w.WriteStartObject("signature");
        w.WriteString("dateTime", dateTime);
        w.WriteString("message", "Certified by Verifik.co");
        w.WriteEndObject();
    }

    /// <summary>"April 11, 2023 12:25 PM", the signature's date format.</summary>
    public static string SignatureTime(DateTimeOffset at) =>
        at.UtcDateTime.ToString("MMMM d, yyyy h:mm tt", CultureInfo.InvariantCulture);
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

    // Create (POST /v2/document-liveness), in the order it validates.
    public const string InvalidBody = """{"success":false,"error":"Invalid request body","code":"INVALID_BODY"}""";
    public const string MissingImage = """{"message":"Missing parameter: image.","code":"MissingParameter"}""";
    public const string NoValidation = """{"message":"At least one validation must be selected. Set validateScreenReplay, validatePrintedCopy, validatePortraitSubstitution or validateDigitalManipulation to true.","code":"MissingParameter"}""";
    public const string InvalidCalibration = """{"success":false,"error":"Invalid calibration","code":"INVALID_PARAMETERS"}""";
    public const string InvalidImageFormat = """{"success":false,"error":"Invalid image format","code":"INVALID_IMAGE_FORMAT"}""";
    public const string ImageTooLarge = """{"success":false,"error":"Image too large","code":"IMAGE_TOO_LARGE"}""";

    // Sign-in.
    public const string InvalidParameters = """{"success":false,"error":"Invalid parameters","code":"INVALID_PARAMETERS"}""";
    public const string NoEmailAccount = """{"message":"No project is registered with that e-mail address.","code":"NotFound"}""";
    public const string NoPhoneAccount = """{"message":"No project is registered with that phone number.","code":"NotFound"}""";
    public const string InvalidOtp = """{"code":"InvalidOTP","message":"The one-time code is invalid or has expired."}""";

    /// <summary>{"message":"Missing parameter: NAME.","code":"MissingParameter"}, as for the create's image.</summary>
    public static string MissingParameter(string name) => $$"""{"message":"Missing parameter: {{name}}.","code":"MissingParameter"}""";

    // Image listener.
    public const string ImageNotFound = """{"message":"Image not found.","code":"NotFound"}""";
    public const string ImageErrorHtml = "<!DOCTYPE html><html><head><title>Error</title></head><body><h1>AccessDenied</h1><p>The image is not available.</p></body></html>";
}
