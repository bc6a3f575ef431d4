using Xunit;

namespace Verifik.Unit.Tests;

/// <summary>Telling JPEG, PNG and WebP apart by their first bytes, and naming what a non-image is.</summary>
public class ImageKindTests
{
    private static (byte[] Bytes, int Count) Header(params byte[] bytes) => (bytes, bytes.Length);

    private static byte[] Ascii(string text) => System.Text.Encoding.Latin1.GetBytes(text);

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10 }, ImageFormat.Jpeg)]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0 }, ImageFormat.Png)]
    [InlineData(new byte[] { 0x52, 0x49, 0x46, 0x46, 1, 2, 3, 4, 0x57, 0x45, 0x42, 0x50 }, ImageFormat.WebP)]
    [InlineData(new byte[] { 0x52, 0x49, 0x46, 0x46, 1, 2, 3, 4, 0x57, 0x41, 0x56, 0x45 }, ImageFormat.Unknown)] // RIFF WAVE
    [InlineData(new byte[] { 0xFF, 0xD8 }, ImageFormat.Unknown)] // too short to be sure
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A }, ImageFormat.Unknown)]
    [InlineData(new byte[0], ImageFormat.Unknown)]
    public void Detects_each_format_by_its_signature(byte[] header, ImageFormat expected)
    {
        Assert.Equal(expected, ImageKind.Detect(header, header.Length));
    }

    [Fact]
    public void Only_the_first_count_bytes_are_looked_at()
    {
        var buffer = new byte[] { 0xFF, 0xD8, 0xFF, 0, 0, 0 };
        Assert.Equal(ImageFormat.Jpeg, ImageKind.Detect(buffer, 3));
        Assert.Equal(ImageFormat.Unknown, ImageKind.Detect(buffer, 2));
    }

    [Theory]
    [InlineData("image/jpeg", ImageFormat.Jpeg)]
    [InlineData("IMAGE/JPEG; charset=binary", ImageFormat.Jpeg)]
    [InlineData("image/png", ImageFormat.Png)]
    [InlineData("image/webp", ImageFormat.WebP)]
    [InlineData("image/gif", ImageFormat.Unknown)]
    [InlineData("text/html", ImageFormat.Unknown)]
    [InlineData(null, ImageFormat.Unknown)]
    public void Reads_the_format_from_a_media_type(string? mediaType, ImageFormat expected)
    {
        Assert.Equal(expected, ImageKind.FromMediaType(mediaType));
    }

    [Fact]
    public void Extensions_are_the_usual_ones()
    {
        Assert.Equal(".jpg", ImageKind.Extension(ImageFormat.Jpeg));
        Assert.Equal(".png", ImageKind.Extension(ImageFormat.Png));
        Assert.Equal(".webp", ImageKind.Extension(ImageFormat.WebP));
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageKind.Extension(ImageFormat.Unknown));
    }

    [Theory]
    [InlineData("%PDF-1.7\n", "a PDF document")]
    [InlineData("GIF89a", "a GIF image")]
    [InlineData("<!DOCTYPE html>", "text")]
    [InlineData("hello, world", "text")]
    [InlineData("PK\u0003\u0004xx", "a ZIP archive (or an Office document)")]
    public void Describes_common_impostors(string start, string expected)
    {
        var bytes = Ascii(start);
        Assert.Equal(expected, ImageKind.Describe(bytes, bytes.Length));
    }

    [Fact]
    public void Describes_unknown_binary_by_its_first_bytes_and_images_by_their_format()
    {
        var (bytes, count) = Header(0x00, 0x01, 0xFE, 0x7F, 0x10);
        Assert.Equal("unrecognised data (first bytes 00 01 FE 7F 10)", ImageKind.Describe(bytes, count));
        Assert.Equal("a JPEG image", ImageKind.Describe(new byte[] { 0xFF, 0xD8, 0xFF }, 3));
        Assert.Equal("nothing (the file is empty)", ImageKind.Describe(new byte[4], 0));
    }
}
