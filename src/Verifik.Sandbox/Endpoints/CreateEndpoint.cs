using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Verifik.Sandbox.Endpoints;

/// <summary>POST /v2/document-liveness: validates in the documented order, scores the image, stores the record.</summary>
internal static class CreateEndpoint
{
    private static long _imageSequence;

    /// <param name="clientId">Whose token made the request (the record's "client").</param>
    public static async Task<ApiResponse> AnswerAsync(HttpContext ctx, SandboxServer server, string clientId, CancellationToken token)
    {
        var maxImage = server.Options.MaxImageBytes;
        // A body over the limit is refused before (the rest of) it is read, and the connection is closed on it, as
        // Kestrel and gateways with a body limit do: a client still sending gets a reset, after the answer.
        if (await RequestBody.ReadAsync(ctx, RequestBody.CreateLimit(maxImage), token) is not { } body)
            return ApiResponse.Json(413, ErrorBodies.ImageTooLarge) with { Close = true };

        if (CreateRequest.Parse(body) is not { } request) return ApiResponse.Json(400, ErrorBodies.InvalidBody);
        if (request.Image.IsEmpty && !request.ImageNotText) return ApiResponse.Json(409, ErrorBodies.MissingImage);
        if (!request.AnyValidation) return ApiResponse.Json(409, ErrorBodies.NoValidation);
        if (request.BadCalibration) return ApiResponse.Json(400, ErrorBodies.InvalidCalibration);
        if (request.ImageNotText) return ApiResponse.Json(400, ErrorBodies.InvalidImageFormat);

        using var pending = request.SaveImage ? server.Images.Begin() : null;
        using var image = ImageDecoder.Decode(request.Image.Span, request.ImageEscaped, maxImage, pending?.Stream);
        if (!image.Valid || image.ContentType is not { } contentType) return ApiResponse.Json(400, ErrorBodies.InvalidImageFormat);
        if (image.Length > maxImage) return ApiResponse.Json(413, ErrorBodies.ImageTooLarge);

        var now = DateTimeOffset.UtcNow;
        string? imageUrl = null;
        if (pending is not null)
        {
            // The live API's name, plus a sequence number so two saves in one millisecond don't collide.
            var name = "document-liveness-" + now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) + "-" +
                Interlocked.Increment(ref _imageSequence).ToString(CultureInfo.InvariantCulture);
            pending.Commit(name, contentType);
            imageUrl = server.ImageAddress(name);
        }

        var hostile = server.Options.HostileText;
        var id = hostile ? HostileText.Id(ObjectIds.New()) : ObjectIds.New();
        var record = CreatedRecord.Write(id, clientId, request, image.Sha256, imageUrl, now, hostile ? HostileText.Warning : null);
        server.Records.AddCompact(id, record);
        server.Creates.Add(new ProcessedCreate(id, clientId, now, image.Length, image.Sha256Hex, imageUrl, request.Members));
        return ApiResponse.JsonObject(200, w => { w.WritePropertyName("data"); w.WriteRawValue(record, skipInputValidation: true); });
    }
}
