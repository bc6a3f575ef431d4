using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Verifik.Sandbox.Endpoints;

/// <summary>How an image listener response ends after its bytes.</summary>
internal enum CdnEnding
{
    Complete,
    /// <summary>Abort the connection (fewer bytes than declared reach the client).</summary>
    Abort,
    /// <summary>Keep the response open until the client leaves or the server stops.</summary>
    Stall,
}

/// <summary>An image listener response: status and headers, a body source, how much of it to send and how to end.</summary>
internal sealed record CdnContent(int Status, string? ContentType, ImageBody Body)
{
    /// <summary>The Content-Length header; null = chunked.</summary>
    public long? ContentLength { get; init; } = Body.Length;

    /// <summary>How many bytes of <see cref="Body"/> to write.</summary>
    public long Send { get; init; } = Body.Length;

    public CdnEnding Ending { get; init; }
    public string? Location { get; init; }
    public string? RetryAfter { get; init; }
    public string? Allow { get; init; }
    public string? ContentEncoding { get; init; }

    public static CdnContent Image(string? contentType, ImageBody body) => new(200, contentType, body);

    public static CdnContent Redirect(string location) => new(302, null, ImageBody.Of(ReadOnlyMemory<byte>.Empty)) { Location = location };

    public static CdnContent From(ApiResponse r) =>
        new(r.Status, r.ContentType, ImageBody.Of(r.Body)) { Location = r.Location, RetryAfter = r.RetryAfter, Allow = r.Allow, ContentEncoding = r.ContentEncoding };

    public async Task WriteAsync(HttpContext ctx, CancellationToken token)
    {
        if (Ending == CdnEnding.Abort && ctx.Features.Get<IConnectionSocketFeature>()?.Socket is { } socket)
        {
            await WriteRawThenAbortAsync(ctx, socket, token);
            return;
        }

        var r = ctx.Response;
        r.StatusCode = Status;
        if (ContentType is not null) r.ContentType = ContentType;
        if (Location is not null) r.Headers.Location = Location;
        if (RetryAfter is not null) r.Headers.RetryAfter = RetryAfter;
        if (Allow is not null) r.Headers.Allow = Allow;
        if (ContentEncoding is not null) r.Headers.ContentEncoding = ContentEncoding;
        if (ContentLength is { } length) r.ContentLength = length;

        if (Send > 0) await Body.WriteAsync(r, Send, token);
        else await r.StartAsync(token);

        switch (Ending)
        {
            case CdnEnding.Abort:
                await r.BodyWriter.FlushAsync(token); // best effort: Kestrel may drop what it still buffers
                ctx.Abort();
                break;
            case CdnEnding.Stall:
                await r.BodyWriter.FlushAsync(token);
                await Task.Delay(Timeout.Infinite, token); // ends in OperationCanceledException
                break;
        }
    }

    /// <summary>
    /// Writes the response straight into the socket, then aborts. Through Kestrel the abort would also discard
    /// whatever it had not yet handed to the socket, so the client might see nothing at all instead of a short body.
    /// </summary>
    private async Task WriteRawThenAbortAsync(HttpContext ctx, Socket socket, CancellationToken token)
    {
        var head = new StringBuilder().Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {Status} {ReasonPhrases.GetReasonPhrase(Status)}\r\n");
        if (ContentType is not null) head.Append(CultureInfo.InvariantCulture, $"Content-Type: {ContentType}\r\n");
        if (ContentLength is { } length) head.Append(CultureInfo.InvariantCulture, $"Content-Length: {length}\r\n");
        if (RetryAfter is not null) head.Append(CultureInfo.InvariantCulture, $"Retry-After: {RetryAfter}\r\n");
        head.Append("Connection: close\r\n\r\n");

        ctx.Items[ApiEndpoint.RawStatusKey] = Status; // Kestrel never saw this response start
        SandboxServer.LogNow(ctx, Status);             // so it is logged here, before the client can see any of it
        await using (var stream = new NetworkStream(socket, ownsSocket: false))
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), token);
            await Body.CopyToAsync(stream, Send, token);
        }
        ctx.Abort(); // Kestrel shuts the socket down: what is in the kernel's buffer still goes out
    }
}
