namespace Verifik.Sandbox;

/// <summary>
/// The bytes of a generated image of any length: a JPEG (JFIF) header, a fixed pseudo-random filler and, when
/// there is room, the end-of-image marker. A pure function of (offset, length), so a body is written chunk by chunk
/// and never held whole. Not a decodable picture: clients only need the signature and the size.
/// </summary>
internal static class GeneratedImage
{
    public const int ChunkSize = 64 * 1024;

    private static readonly byte[] Header =
        [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00];

    private static ReadOnlySpan<byte> End => [0xFF, 0xD9];

    // Seeded, so every run (and every process) serves the same bytes.
    private static readonly byte[] Filler = MakeFiller();

    /// <summary>Fills <paramref name="destination"/> with bytes [offset, offset + destination.Length) of an image of <paramref name="length"/> bytes.</summary>
    public static void Fill(Span<byte> destination, long offset, long length)
    {
        var endStart = length >= Header.Length + End.Length ? length - End.Length : long.MaxValue;
        while (!destination.IsEmpty)
        {
            int n;
            if (offset < Header.Length)
            {
                n = Math.Min(destination.Length, Header.Length - (int)offset);
                Header.AsSpan((int)offset, n).CopyTo(destination);
            }
            else if (offset >= endStart)
            {
                n = Math.Min(destination.Length, (int)(length - offset));
                End.Slice((int)(offset - endStart), n).CopyTo(destination);
            }
            else
            {
                var at = (int)(offset % Filler.Length);
                n = (int)Math.Min(Math.Min(destination.Length, Filler.Length - at), endStart - offset);
                Filler.AsSpan(at, n).CopyTo(destination);
            }
            destination = destination[n..];
            offset += n;
        }
    }

    /// <summary>A whole small image (for the sample and hostile routes).</summary>
    public static byte[] Bytes(int length)
    {
        var bytes = new byte[length];
        Fill(bytes, 0, length);
        return bytes;
    }

    private static byte[] MakeFiller()
    {
        var filler = new byte[ChunkSize];
        new Random(20250822).NextBytes(filler);
        // No 0xFF: inside JPEG data it would read as a marker.
        for (var i = 0; i < filler.Length; i++) if (filler[i] == 0xFF) filler[i] = 0xFE;
        return filler;
    }
}
