using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;

namespace Verifik.Sandbox.Endpoints;

/// <summary>
/// Decodes a create's base64 image straight from the JSON string's raw bytes, 64 KB at a time: hashing it, sniffing
/// its signature, counting its size and (for saveImage) writing it to disk as it goes, so the decoded image is
/// never held whole. Standard base64 with padding; whitespace (also as JSON escapes) is skipped.
/// </summary>
internal sealed class ImageDecoder : IDisposable
{
    private const int Chunk = 64 * 1024; // base64 characters per decode call; a multiple of 4
    private static readonly SearchValues<byte> Special = SearchValues.Create(" \t\r\n\\"u8);

    private readonly long _maxBytes;
    private readonly Stream? _save;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly byte[] _text = ArrayPool<byte>.Shared.Rent(Chunk);
    private readonly byte[] _bytes = ArrayPool<byte>.Shared.Rent(Chunk / 4 * 3);
    private readonly byte[] _head = new byte[ImageSignature.HeadLength];
    private int _pending; // base64 characters in _text not decoded yet
    private int _headLength;

    private ImageDecoder(long maxBytes, Stream? save)
    {
        _maxBytes = maxBytes;
        _save = save;
    }

    /// <summary>False when the text was not valid base64.</summary>
    public bool Valid { get; private set; } = true;

    /// <summary>Decoded bytes (counted to the end even past the limit; hashed and saved only up to it).</summary>
    public long Length { get; private set; }

    /// <summary>image/jpeg, image/png or image/webp from the first bytes; null for anything else.</summary>
    public string? ContentType => ImageSignature.ContentType(_head.AsSpan(0, _headLength));

    /// <summary>Lowercase hex SHA-256 of the decoded bytes (meaningful when Valid and within the limit).</summary>
    public byte[] Sha256 { get; private set; } = [];

    public string Sha256Hex => Convert.ToHexStringLower(Sha256);

    /// <param name="raw">The JSON string's bytes between the quotes.</param>
    /// <param name="escaped">Whether <paramref name="raw"/> contains JSON escapes (System.Text.Json writes "+" as \u002B).</param>
    /// <param name="save">Where to write the decoded bytes, or null.</param>
    public static ImageDecoder Decode(ReadOnlySpan<byte> raw, bool escaped, long maxBytes, Stream? save)
    {
        var d = new ImageDecoder(maxBytes, save);
        try
        {
            d.Run(raw, escaped);
            return d;
        }
        catch
        {
            d.Dispose();
            throw;
        }
    }

    private void Run(ReadOnlySpan<byte> raw, bool escaped)
    {
        while (!raw.IsEmpty && Valid)
        {
            var special = raw.IndexOfAny(Special);
            Append(special < 0 ? raw : raw[..special]);
            if (special < 0) break;

            var c = raw[special];
            raw = raw[(special + 1)..];
            if (c != '\\') continue; // plain whitespace
            if (!escaped || raw.IsEmpty) { Valid = false; break; }

            // The reader has already checked the escapes are well-formed.
            var e = raw[0];
            raw = raw[1..];
            switch (e)
            {
                case (byte)'/': Append("/"u8); break;
                case (byte)'n' or (byte)'r' or (byte)'t': break; // whitespace
                case (byte)'u':
                    var code = int.Parse(System.Text.Encoding.ASCII.GetString(raw[..4]), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                    raw = raw[4..];
                    if (code is ' ' or '\t' or '\r' or '\n') break;
                    if (code >= 0x80) { Valid = false; break; }
                    Append([(byte)code]);
                    break;
                default: Valid = false; break; // \" \\ \b \f: never base64
            }
        }
        if (Valid) Flush(final: true);
        if (Valid) Sha256 = _hash.GetHashAndReset();
    }

    private void Append(ReadOnlySpan<byte> text)
    {
        while (!text.IsEmpty && Valid)
        {
            var n = Math.Min(text.Length, Chunk - _pending);
            text[..n].CopyTo(_text.AsSpan(_pending));
            _pending += n;
            text = text[n..];
            if (_pending == Chunk) Flush(final: false);
        }
    }

    private void Flush(bool final)
    {
        // Hold back the last quartet until the end: only the final one may carry "=" padding.
        var count = final ? _pending : _pending - 4;
        var status = Base64.DecodeFromUtf8(_text.AsSpan(0, count), _bytes, out var consumed, out var written, isFinalBlock: final);
        if (status != OperationStatus.Done || consumed != count) { Valid = false; return; }

        Take(_bytes.AsSpan(0, written));
        _text.AsSpan(count, _pending - count).CopyTo(_text);
        _pending -= count;
    }

    private void Take(ReadOnlySpan<byte> bytes)
    {
        if (_headLength < _head.Length)
        {
            var n = Math.Min(bytes.Length, _head.Length - _headLength);
            bytes[..n].CopyTo(_head.AsSpan(_headLength));
            _headLength += n;
        }
        var within = (int)Math.Clamp(_maxBytes - Length, 0, bytes.Length);
        if (within > 0)
        {
            _hash.AppendData(bytes[..within]);
            _save?.Write(bytes[..within]);
        }
        Length += bytes.Length;
    }

    public void Dispose()
    {
        _hash.Dispose();
        ArrayPool<byte>.Shared.Return(_text);
        ArrayPool<byte>.Shared.Return(_bytes);
    }
}
