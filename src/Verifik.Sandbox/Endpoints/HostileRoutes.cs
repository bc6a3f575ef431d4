namespace Verifik.Sandbox.Endpoints;

/// <summary>
/// The path of each <see cref="HostileImage"/> on the image listener: /hostile/&lt;slug&gt;[/&lt;bytes&gt;]/&lt;name&gt;,
/// and the answer it gives.
/// </summary>
internal static class HostileRoutes
{
    /// <summary>How much a stalling response sends before it stops.</summary>
    private const int StallFirstChunk = 4096;

    private static readonly Dictionary<HostileImage, string> Slugs = new()
    {
        [HostileImage.HtmlPage] = "html",
        [HostileImage.Oversized] = "oversized",
        [HostileImage.OversizedChunked] = "oversized-chunked",
        [HostileImage.RedirectOtherHost] = "redirect-other-host",
        [HostileImage.RedirectToApi] = "redirect-to-api",
        [HostileImage.RedirectOtherScheme] = "redirect-other-scheme",
        [HostileImage.Truncated] = "truncated",
        [HostileImage.Stall] = "stall",
        [HostileImage.NoContentType] = "no-content-type",
        [HostileImage.OctetStream] = "octet-stream",
        [HostileImage.HtmlAsJpeg] = "html-as-jpeg",
        [HostileImage.PngAsJpeg] = "png-as-jpeg",
        [HostileImage.NoContentTypeWebP] = "no-content-type-webp",
    };

    private static readonly Dictionary<string, HostileImage> Kinds = Slugs.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    /// <summary>Kinds whose URL carries a size.</summary>
    public static bool IsSized(HostileImage kind) =>
        kind is HostileImage.Oversized or HostileImage.OversizedChunked or HostileImage.Truncated or HostileImage.Stall;

    /// <summary>The path (no leading "/") of <paramref name="kind"/> for <paramref name="name"/>.</summary>
    public static string Path(HostileImage kind, string name, long bytes) =>
        "hostile/" + Slugs[kind] + (IsSized(kind) ? "/" + bytes.ToString(System.Globalization.CultureInfo.InvariantCulture) : "") +
        "/" + Uri.EscapeDataString(name);

    /// <param name="segments">The decoded segments after "hostile".</param>
    /// <param name="host">The request's host name (the redirects keep or swap it).</param>
    /// <returns>null when the path names no hostile variant.</returns>
    public static CdnContent? Answer(SandboxServer server, IReadOnlyList<string> segments, string host, string otherHost, int port)
    {
        if (segments.Count < 2 || !Kinds.TryGetValue(segments[0], out var kind)) return null;
        long bytes = 0;
        if (IsSized(kind) && (segments.Count != 3 || !long.TryParse(segments[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out bytes) || bytes == long.MaxValue))
            return null;
        if (!IsSized(kind) && segments.Count != 2) return null;
        var name = Uri.EscapeDataString(segments[^1]);

        return kind switch
        {
            HostileImage.HtmlPage => CdnContent.Image("text/html; charset=utf-8", ImageBody.Of(System.Text.Encoding.UTF8.GetBytes(ErrorBodies.ImageErrorHtml))),
            // One byte over the size the caller named: the smallest answer a size limit must refuse.
            HostileImage.Oversized => CdnContent.Image("image/jpeg", ImageBody.Generated(bytes + 1)),
            HostileImage.OversizedChunked => CdnContent.Image("image/jpeg", ImageBody.Generated(bytes + 1)) with { ContentLength = null },
            HostileImage.RedirectOtherHost => CdnContent.Redirect($"http://{otherHost}:{port}/sample/{name}"),
            HostileImage.RedirectToApi => CdnContent.Redirect(server.BaseUri.AbsoluteUri + "v2/document-liveness/" + name),
            HostileImage.RedirectOtherScheme => CdnContent.Redirect($"https://{host}:{port}/document-liveness/{name}"),
            HostileImage.Truncated => CdnContent.Image("image/jpeg", ImageBody.Generated(bytes)) with { Send = bytes / 2, Ending = CdnEnding.Abort },
            HostileImage.Stall => CdnContent.Image("image/jpeg", ImageBody.Generated(bytes)) with { Send = Math.Min(bytes, StallFirstChunk), Ending = CdnEnding.Stall },
            HostileImage.NoContentType => CdnContent.Image(null, ImageBody.Of(SampleImages.JpegMemory)),
            HostileImage.HtmlAsJpeg => CdnContent.Image("image/jpeg", ImageBody.Of(System.Text.Encoding.UTF8.GetBytes(ErrorBodies.ImageErrorHtml))),
            HostileImage.PngAsJpeg => CdnContent.Image("image/jpeg", ImageBody.Of(SampleImages.PngMemory)),
            HostileImage.NoContentTypeWebP => CdnContent.Image(null, ImageBody.Of(SampleImages.WebPMemory)),
            _ => CdnContent.Image("application/octet-stream", ImageBody.Of(SampleImages.PngMemory)),
        };
    }
}
