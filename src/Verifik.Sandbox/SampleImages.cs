namespace Verifik.Sandbox;

/// <summary>The small images the image listener serves on its sample and hostile routes, so tests can compare bytes.</summary>
public static class SampleImages
{
    /// <summary>A 1×1 PNG (decodable).</summary>
    private static readonly byte[] PngBytes = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=");

    /// <summary>A 512-byte JPEG (JFIF) that browsers show: the generated sketch of an identity card.</summary>
    private static readonly byte[] JpegBytes = GeneratedImage.Bytes(512);

    /// <summary>A small WebP ("RIFF....WEBPVP8 "): its signature is all a client looks at; not a decodable picture.</summary>
    private static readonly byte[] WebPBytes = [.. "RIFF$\0\0\0WEBPVP8 \u0018\0\0\0"u8, .. new byte[24]];

    /// <summary>A copy of the sample JPEG.</summary>
    public static byte[] Jpeg() => (byte[])JpegBytes.Clone();

    /// <summary>A copy of the sample PNG.</summary>
    public static byte[] Png() => (byte[])PngBytes.Clone();

    internal static ReadOnlyMemory<byte> JpegMemory => JpegBytes;

    internal static ReadOnlyMemory<byte> PngMemory => PngBytes;

    /// <summary>A copy of the sample WebP.</summary>
    public static byte[] WebP() => (byte[])WebPBytes.Clone();

    internal static ReadOnlyMemory<byte> WebPMemory => WebPBytes;
}
