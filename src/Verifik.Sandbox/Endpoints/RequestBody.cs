using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Verifik.Sandbox.Endpoints;

/// <summary>Reads a request body into one array, refusing (without reading it all) a body over a limit.</summary>
internal static class RequestBody
{
    private const int OneMegabyte = 1024 * 1024;

    /// <summary>The body limit for creates: room for a base64 image a bit over <paramref name="maxImageBytes"/>, so it reaches the size check.</summary>
    public static long CreateLimit(long maxImageBytes)
    {
        var limit = maxImageBytes > (Array.MaxLength - OneMegabyte) / 4 * 3 ? Array.MaxLength : maxImageBytes * 4 / 3 + OneMegabyte;
        return Math.Clamp(limit, OneMegabyte, Array.MaxLength);
    }

    /// <returns>The body (exactly its bytes), or null when it is larger than <paramref name="limit"/>.</returns>
    /// <exception cref="IOException">The client went away or sent less than it declared.</exception>
    public static async Task<ReadOnlyMemory<byte>?> ReadAsync(HttpContext ctx, long limit, CancellationToken token)
    {
        // Kestrel's own limit (30 MB by default) would refuse some bodies our limit allows, and vice versa.
        if (ctx.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature) feature.MaxRequestBodySize = limit;

        var declared = ctx.Request.ContentLength;
        if (declared > limit) return null; // answered before a byte of it is read
        try
        {
            return declared is { } length ? await ReadExactlyAsync(ctx.Request.Body, (int)length, token) : await ReadChunkedAsync(ctx.Request.Body, limit, token);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }
        catch (BadHttpRequestException e)
        {
            throw new IOException(e.Message, e); // e.g. the body ended before its Content-Length
        }
    }

    /// <summary>Reads and drops up to <paramref name="count"/> bytes of the body (fewer if it ends first), whatever its declared size.</summary>
    public static async Task SkipAsync(HttpContext ctx, int count, CancellationToken token)
    {
        if (ctx.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature) feature.MaxRequestBodySize = null;
        var buffer = new byte[16 * 1024];
        for (var skipped = 0; skipped < count;)
        {
            var n = await ctx.Request.Body.ReadAsync(buffer.AsMemory(0, Math.Min(buffer.Length, count - skipped)), token);
            if (n == 0) return;
            skipped += n;
        }
    }

    private static async Task<ReadOnlyMemory<byte>?> ReadExactlyAsync(Stream body, int length, CancellationToken token)
    {
        // Uninitialized: every byte is overwritten, and zeroing tens of megabytes per create is measurable.
        var buffer = GC.AllocateUninitializedArray<byte>(length);
        await body.ReadExactlyAsync(buffer, token);
        return buffer;
    }

    private static async Task<ReadOnlyMemory<byte>?> ReadChunkedAsync(Stream body, long limit, CancellationToken token)
    {
        var buffer = new byte[16 * 1024];
        var filled = 0;
        while (true)
        {
            if (filled == buffer.Length)
            {
                if (filled >= limit) return await body.ReadAsync(new byte[1], token) == 0 ? buffer : null;
                Array.Resize(ref buffer, (int)Math.Min((long)buffer.Length * 2, limit));
            }
            var n = await body.ReadAsync(buffer.AsMemory(filled), token);
            if (n == 0) return buffer.AsMemory(0, filled);
            filled += n;
        }
    }
}
