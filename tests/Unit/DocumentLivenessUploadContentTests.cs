using System.Text.Json;
using Xunit;

namespace Verifik.Unit.Tests;

/// <summary>
/// The streamed create body: its declared Content-Length is exactly what it writes, the image round-trips through
/// base64 for every size around the chunk boundaries, and each attempt reads the file afresh.
/// </summary>
public sealed class DocumentLivenessUploadContentTests : IDisposable
{
    private const int Chunk = 48 * 1024;
    private readonly string _folder = Directory.CreateTempSubdirectory("verifik-upload-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string File(byte[] bytes, string name = "image.jpg")
    {
        var path = Path.Combine(_folder, name);
        System.IO.File.WriteAllBytes(path, bytes);
        return path;
    }

    private static byte[] Random(int length, int seed = 1)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static async Task<byte[]> SendAsync(HttpContent content)
    {
        using var sink = new MemoryStream();
        await content.CopyToAsync(sink);
        return sink.ToArray();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(47 * 1024 + 1)]
    [InlineData(Chunk - 1)]
    [InlineData(Chunk)]
    [InlineData(Chunk + 1)]
    [InlineData(Chunk + 2)]
    [InlineData(2 * Chunk + 2)]
    [InlineData(500_001)]
    public async Task The_declared_length_is_what_is_written_and_the_image_round_trips(int size)
    {
        var bytes = Random(size, seed: size);
        var path = File(bytes);
        var content = new DocumentLivenessSubmission(path, size) { ValidateScreenReplay = true }.CreateContent();

        var declared = content.Headers.ContentLength;
        var body = await SendAsync(content);

        Assert.Equal(body.Length, declared);
        Assert.Equal("application/json", content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(body);
        var image = json.RootElement.GetProperty("image").GetString()!;
        Assert.DoesNotContain("data:", image);
        Assert.Equal(bytes, Convert.FromBase64String(image));
        Assert.Null(content.ReadFailure);
    }

    [Fact]
    public async Task Booleans_are_always_sent_and_a_calibration_only_when_given()
    {
        var path = File(Random(10));
        var plain = new DocumentLivenessSubmission(path, 10) { ValidatePrintedCopy = true };
        var tuned = new DocumentLivenessSubmission(path, 10)
        {
            ValidateScreenReplay = true, ScreenReplayCalibration = "HARD", PortraitSubstitutionCalibration = "SOFT",
            SaveImage = true, IgnoreDocumentCroppedValidation = true, IgnoreColourLessValidation = true,
        };

        Assert.Equal(
            """{"saveImage":false,"validateScreenReplay":false,"validatePrintedCopy":true,"validatePortraitSubstitution":false,"validateDigitalManipulation":false,"ignoreDocumentCroppedValidation":false,"ignoreColourLessValidation":false,"image":""" + "\"",
            Prefix(await SendAsync(plain.CreateContent())));
        Assert.Equal(
            """{"saveImage":true,"validateScreenReplay":true,"validatePrintedCopy":false,"validatePortraitSubstitution":false,"validateDigitalManipulation":false,"screenReplayCalibration":"HARD","portraitSubstitutionCalibration":"SOFT","ignoreDocumentCroppedValidation":true,"ignoreColourLessValidation":true,"image":""" + "\"",
            Prefix(await SendAsync(tuned.CreateContent())));
    }

    private static string Prefix(byte[] body)
    {
        var text = System.Text.Encoding.UTF8.GetString(body);
        return text[..(text.IndexOf("\"image\":\"", StringComparison.Ordinal) + 9)];
    }

    [Fact]
    public async Task Each_attempt_opens_the_file_afresh()
    {
        var path = File(Random(Chunk + 7, seed: 1));
        var submission = new DocumentLivenessSubmission(path, Chunk + 7) { ValidateScreenReplay = true };
        var first = submission.CreateContent();
        var second = submission.CreateContent();
        Assert.NotSame(first, second);

        var once = await SendAsync(first);
        Assert.Equal(once, await SendAsync(first));            // the same content sent twice reads the file twice, from the start

        var changed = Random(Chunk + 7, seed: 2);               // same size, new bytes: what the next attempt must send
        System.IO.File.WriteAllBytes(path, changed);
        using var json = JsonDocument.Parse(await SendAsync(second));
        Assert.Equal(changed, Convert.FromBase64String(json.RootElement.GetProperty("image").GetString()!));
    }

    [Theory]
    [InlineData(-1, "shrank")]
    [InlineData(+1, "grew")]
    [InlineData(-Chunk, "shrank")]
    [InlineData(+Chunk, "grew")]
    public async Task A_file_whose_size_changed_since_its_check_breaks_the_body_off_and_says_so(int change, string word)
    {
        const int checkedLength = 2 * Chunk + 10;
        var path = File(Random(checkedLength + change));
        var content = new DocumentLivenessSubmission(path, checkedLength) { ValidateScreenReplay = true }.CreateContent();

        using var sink = new MemoryStream();
        await Assert.ThrowsAnyAsync<Exception>(() => content.CopyToAsync(sink));

        var failure = Assert.IsType<IOException>(content.ReadFailure);
        Assert.Contains(word, failure.Message);
        Assert.Contains(path, failure.Message);
        Assert.True(sink.Length < content.Headers.ContentLength, "the body must end short of its declared length");
    }

    [Fact]
    public async Task A_file_that_vanished_is_a_read_failure()
    {
        var path = File(Random(100));
        var content = new DocumentLivenessSubmission(path, 100) { ValidateScreenReplay = true }.CreateContent();
        System.IO.File.Delete(path);

        await Assert.ThrowsAnyAsync<Exception>(() => content.CopyToAsync(new MemoryStream()));

        Assert.IsAssignableFrom<FileNotFoundException>(content.ReadFailure);
    }
}
