using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Verifik.Sandbox.Endpoints;

/// <summary>
/// Everything on the image (CDN) listener, a different origin from the API: saved images, generated images,
/// the sample image and the hostile variants. No auth; latency and Image-operation faults apply.
/// </summary>
internal static class CdnEndpoint
{
    public static async Task HandleAsync(HttpContext ctx, SandboxServer server, CancellationToken stopping)
    {
        var rawTarget = ctx.Features.Get<IHttpRequestFeature>()?.RawTarget ?? ctx.Request.Path.ToString();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted, stopping);
        var token = linked.Token;
        var options = server.Options;
        try
        {
            var delay = server.Injector.Delay(options);
            if (delay > TimeSpan.Zero) await Task.Delay(delay, token);

            var content = Answer(ctx, server, rawTarget);
            if (server.Injector.Select(options, FaultOperation.Image, null) is { } fault)
            {
                switch (fault.Kind)
                {
                    case FaultKind.DropConnection or FaultKind.DropAfterBody:
                        ApiEndpoint.Drop(ctx);
                        return;
                    case FaultKind.ServerErrorAfterBody:
                        content = CdnContent.From(CannedFaults.ServerError(fault));
                        break;
                    case FaultKind.Slow:
                        await Task.Delay(fault.Delay, token);
                        break;
                    case FaultKind.TruncatedBody:
                        // Like the API's: a complete response (Content-Length matches) of half the bytes.
                        var half = content.Body.Length / 2;
                        content = content with { ContentLength = half, Send = half, Ending = CdnEnding.Complete };
                        break;
                    case FaultKind.WrongStatus:
                        content = content with { Status = fault.Status == 0 ? 200 : fault.Status };
                        break;
                    case FaultKind.BadGzip or FaultKind.BadGzipCrc or FaultKind.BadDeflate:
                        // The sample JPEG, wrongly encoded: a client that decodes it must fail on the body, not crash.
                        content = CdnContent.From(BodyFaults.Reshape(fault, new ApiResponse(200, "image/jpeg", SampleImages.JpegMemory.ToArray())));
                        break;
                    default:
                        if (CannedFaults.Answer(ctx, fault, rawTarget) is { } canned) content = CdnContent.From(canned);
                        break;
                }
            }
            await content.WriteAsync(ctx, token);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            ApiEndpoint.Drop(ctx); // the client left (or the server is stopping), e.g. during a stall
        }
        catch (IOException)
        {
            ApiEndpoint.Drop(ctx);
        }
    }

    private static CdnContent Answer(HttpContext ctx, SandboxServer server, string rawTarget)
    {
        if (!HttpMethods.IsGet(ctx.Request.Method))
            return CdnContent.From(ApiResponse.Json(405, ErrorBodies.MethodNotAllowed) with { Allow = "GET" });

        var s = RequestTarget.Segments(rawTarget);
        var found = s.Count switch
        {
            2 when s[0] == "document-liveness" && server.Images.TryGet(s[1], out var image) =>
                CdnContent.Image(image.ContentType, ImageBody.Of(image)),
            2 when s[0] == "sample" && s[1].Length > 0 => CdnContent.Image("image/jpeg", ImageBody.Of(SampleImages.JpegMemory)),
            3 when s[0] == "generated" && s[2].EndsWith(".jpg", StringComparison.Ordinal) && s[2].Length > 4
                && long.TryParse(s[1], NumberStyles.None, CultureInfo.InvariantCulture, out var bytes) =>
                CdnContent.Image("image/jpeg", ImageBody.Generated(bytes)),
            > 1 when s[0] == "hostile" =>
                HostileRoutes.Answer(server, s[1..], ctx.Request.Host.Host, CannedFaults.OtherHost(ctx), ctx.Connection.LocalPort),
            _ => null,
        };
        return found ?? CdnContent.From(ApiResponse.Json(404, ErrorBodies.ImageNotFound));
    }
}
