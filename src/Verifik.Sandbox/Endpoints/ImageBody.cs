using Microsoft.AspNetCore.Http;

namespace Verifik.Sandbox.Endpoints;

/// <summary>Where an image listener response's bytes come from; written as a prefix of any length, never loaded whole.</summary>
internal abstract class ImageBody
{
    public abstract long Length { get; }

    /// <summary>Writes bytes [0, <paramref name="count"/>).</summary>
    public abstract Task WriteAsync(HttpResponse response, long count, CancellationToken token);

    public static ImageBody Of(ReadOnlyMemory<byte> bytes) => new Bytes(bytes);

    public static ImageBody Of(StoredImage image) => new File(image.Path, image.Length);

    public static ImageBody Generated(long length) => new GeneratedJpeg(length);

    private sealed class Bytes(ReadOnlyMemory<byte> bytes) : ImageBody
    {
        public override long Length => bytes.Length;

        public override Task WriteAsync(HttpResponse response, long count, CancellationToken token) =>
            response.Body.WriteAsync(bytes[..(int)count], token).AsTask();
    }

    private sealed class File(string path, long length) : ImageBody
    {
        public override long Length => length;

        public override Task WriteAsync(HttpResponse response, long count, CancellationToken token) =>
            response.SendFileAsync(path, 0, count, token);
    }

    private sealed class GeneratedJpeg(long length) : ImageBody
    {
        public override long Length => length;

        public override async Task WriteAsync(HttpResponse response, long count, CancellationToken token)
        {
            // Straight into Kestrel's buffers, one chunk at a time; FlushAsync applies the client's back-pressure.
            var writer = response.BodyWriter;
            for (long offset = 0; offset < count;)
            {
                var n = (int)Math.Min(GeneratedImage.ChunkSize, count - offset);
                GeneratedImage.Fill(writer.GetSpan(n)[..n], offset, length);
                writer.Advance(n);
                offset += n;
                await writer.FlushAsync(token);
            }
        }
    }
}
