namespace Verifik.Sandbox;

/// <summary>The image types a create accepts, told apart by their first bytes (the API takes JPEG, PNG and WebP).</summary>
internal static class ImageSignature
{
    /// <summary>How many leading bytes <see cref="ContentType"/> needs to see.</summary>
    public const int HeadLength = 12;

    private static ReadOnlySpan<byte> Jpeg => [0xFF, 0xD8, 0xFF];
    private static ReadOnlySpan<byte> Png => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static ReadOnlySpan<byte> Riff => "RIFF"u8;
    private static ReadOnlySpan<byte> Webp => "WEBP"u8;

    /// <returns>image/jpeg, image/png or image/webp; null for anything else.</returns>
    public static string? ContentType(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith(Jpeg)) return "image/jpeg";
        if (head.StartsWith(Png)) return "image/png";
        if (head.Length >= 12 && head.StartsWith(Riff) && head[8..12].SequenceEqual(Webp)) return "image/webp";
        return null;
    }
}
