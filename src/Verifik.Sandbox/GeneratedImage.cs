namespace Verifik.Sandbox;

/// <summary>
/// The bytes of a generated image of any length, a pure function of (offset, length), so a body is written chunk by
/// chunk and never held whole. From <see cref="DecodableLength"/> bytes on it is a real JPEG that browsers show (a
/// 128×80 sketch of an identity card, for the review page): the JFIF header, the filler in comment segments, then the
/// picture. Shorter ones are the header, the filler and, when there is room, the end-of-image marker: the signature
/// and the size, which is all most clients need.
/// </summary>
internal static class GeneratedImage
{
    public const int ChunkSize = 64 * 1024;

    private static readonly byte[] Header =
        [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00];

    private static ReadOnlySpan<byte> End => [0xFF, 0xD9];

    /// <summary>
    /// After the header: the quantisation, frame, Huffman and scan segments of a baseline JPEG whose 8×8 blocks are flat
    /// colours (DC coefficients only), its entropy-coded data and the end-of-image marker.
    /// </summary>
    private static readonly byte[] Picture =
    [
        0xFF, 0xDB, 0x00, 0x43, 0x00, 0x08, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01,
        0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01,
        0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01,
        0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0xFF, 0xC0, 0x00, 0x11, 0x08, 0x00, 0x50, 0x00, 0x80, 0x03, 0x01,
        0x11, 0x00, 0x02, 0x11, 0x00, 0x03, 0x11, 0x00, 0xFF, 0xC4, 0x00, 0x2E, 0x00, 0x01, 0x00, 0x00, 0x07, 0x01, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x10, 0x01,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xDA, 0x00, 0x0C,
        0x03, 0x01, 0x00, 0x02, 0x00, 0x03, 0x00, 0x00, 0x3F, 0x00, 0xD4, 0x99, 0xF6, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x7A, 0x55, 0x85,
        0x65, 0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x1C, 0xF5, 0x70, 0xB7, 0x00, 0x00, 0x1D,
        0x09, 0x6E, 0xB8, 0x79, 0xA1, 0x51, 0x4C, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0xE9, 0x75, 0x35, 0x40, 0x1C, 0xF5, 0x70,
        0xB7, 0x6C, 0x8C, 0x03, 0x3A, 0x03, 0x5B, 0x67, 0xD8, 0x27, 0x42, 0x5B, 0xAE, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x07, 0x3D, 0x5C, 0x2D, 0xDB, 0x23, 0x00, 0xCE, 0x80, 0xD6, 0xD9, 0xF6, 0x09, 0xD0, 0x96, 0xEB, 0x87, 0x9A, 0x15,
        0x14, 0xC0, 0x00, 0x00, 0x00, 0x7A, 0x5D, 0x4D, 0x50, 0x00, 0x00, 0x01, 0xCF, 0x57, 0x0B, 0x70, 0x00, 0x01, 0xD0, 0x96,
        0xEB, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0xCF, 0x57, 0x0B, 0x70, 0x00, 0x01, 0xD0, 0x96, 0xEB, 0x87,
        0x9A, 0x15, 0x14, 0xC0, 0x01, 0xE9, 0x75, 0x35, 0x40, 0x00, 0x00, 0x00, 0x00, 0x01, 0xCF, 0x57, 0x0B, 0x70, 0x00, 0x01,
        0xD0, 0x96, 0xEB, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x01, 0xE7, 0xA6, 0x11, 0xD1, 0x40, 0x01, 0xFF, 0xD9
    ];

    /// <summary>The shortest generated image that is a decodable picture.</summary>
    public static readonly long DecodableLength = Header.Length + Picture.Length;

    /// <summary>A comment segment: FF FE, a two-byte length (of itself and its data), up to 65,533 bytes of data.</summary>
    private const int MaxSegment = 2 + 65535;

    // Seeded, so every run (and every process) serves the same bytes.
    private static readonly byte[] Filler = MakeFiller();

    /// <summary>Fills <paramref name="destination"/> with bytes [offset, offset + destination.Length) of an image of <paramref name="length"/> bytes.</summary>
    public static void Fill(Span<byte> destination, long offset, long length)
    {
        if (length >= DecodableLength)
        {
            FillPicture(destination, offset, length);
            return;
        }
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

    /// <summary>The decodable layout: header, padding (comment segments, or 1–3 fill bytes FF), picture.</summary>
    private static void FillPicture(Span<byte> destination, long offset, long length)
    {
        var pictureStart = length - Picture.Length;
        var padding = pictureStart - Header.Length;
        var fullSegments = padding / MaxSegment;
        var last = padding % MaxSegment;
        while (!destination.IsEmpty)
        {
            int n;
            if (offset < Header.Length)
            {
                n = Math.Min(destination.Length, Header.Length - (int)offset);
                Header.AsSpan((int)offset, n).CopyTo(destination);
            }
            else if (offset >= pictureStart)
            {
                n = Math.Min(destination.Length, (int)(length - offset));
                Picture.AsSpan((int)(offset - pictureStart), n).CopyTo(destination);
            }
            else
            {
                var inPadding = offset - Header.Length;
                var segment = inPadding / MaxSegment;
                var at = inPadding % MaxSegment;
                var size = segment < fullSegments ? MaxSegment : last;
                var left = (int)Math.Min(destination.Length, size - at);
                if (size < 4)
                {
                    n = left;
                    destination[..n].Fill(0xFF); // fill bytes before the next marker, too few for a segment
                }
                else if (at < 4)
                {
                    Span<byte> head = [0xFF, 0xFE, (byte)((size - 2) >> 8), (byte)(size - 2)];
                    n = Math.Min(left, 4 - (int)at);
                    head.Slice((int)at, n).CopyTo(destination);
                }
                else
                {
                    var filler = (int)((inPadding - 4 * (segment + 1)) % Filler.Length);
                    n = Math.Min(left, Filler.Length - filler);
                    Filler.AsSpan(filler, n).CopyTo(destination);
                }
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
