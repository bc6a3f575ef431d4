using Microsoft.AspNetCore.Http;

namespace Verifik.Sandbox.Endpoints;

/// <summary>Where an image listener response's bytes come from; written as a prefix of any length, never loaded whole.</summary>
internal abstract class ImageBody
{
    public abstract long Length { get; }

    /// <summary>Writes bytes [0, <paramref name="count"/>).</summary>
    public abstract Task WriteAsync(HttpResponse response, long count, CancellationToken token);

    /// <summary>Writes bytes [0, <paramref name="count"/>) to a plain stream (the raw connection, bypassing Kestrel).</summary>
    public virtual async Task CopyToAsync(Stream destination, long count, CancellationToken token)
    {
        var chunk = new byte[GeneratedImage.ChunkSize];
        for (long offset = 0; offset < count;)
        {
            var n = (int)Math.Min(chunk.Length, count - offset);
            Read(chunk.AsSpan(0, n), offset);
            await destination.WriteAsync(chunk.AsMemory(0, n), token);
            offset += n;
        }
    }

    /// <summary>Bytes [offset, offset + destination.Length).</summary>
    protected abstract void Read(Span<byte> destination, long offset);

    public static ImageBody Of(ReadOnlyMemory<byte> bytes) => new Bytes(bytes);

    public static ImageBody Of(StoredImage image) => new File(image.Path, image.Length);

    public static ImageBody Generated(long length) => new GeneratedJpeg(length);

    private sealed class Bytes(ReadOnlyMemory<byte> bytes) : ImageBody
    {
        public override long Length => bytes.Length;

        public override Task WriteAsync(HttpResponse response, long count, CancellationToken token) =>
            response.Body.WriteAsync(bytes[..(int)count], token).AsTask();

        protected override void Read(Span<byte> destination, long offset) => bytes.Span.Slice((int)offset, destination.Length).CopyTo(destination);
    }

    private sealed class File(string path, long length) : ImageBody
    {
        public override long Length => length;

        public override Task WriteAsync(HttpResponse response, long count, CancellationToken token) =>
            response.SendFileAsync(path, 0, count, token);

        protected override void Read(Span<byte> destination, long offset)
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            file.Position = offset;
            file.ReadExactly(destination);
        }
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

        protected override void Read(Span<byte> destination, long offset) => GeneratedImage.Fill(destination, offset, length);
    }
}
