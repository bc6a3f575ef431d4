namespace Verifik.Unit.Tests;

/// <summary>Files the sandbox takes for images: random bytes after a JPEG signature (what the API's first check looks at).</summary>
internal static class TestImages
{
    /// <summary>Writes &lt;folder&gt;/&lt;seed&gt;.jpg of <paramref name="length"/> bytes and returns a submission of it with one check.</summary>
    public static DocumentLivenessSubmission Jpeg(string folder, int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        bytes[0] = 0xFF; bytes[1] = 0xD8; bytes[2] = 0xFF; bytes[3] = 0xE0;
        var path = Path.Combine(folder, $"{seed}.jpg");
        File.WriteAllBytes(path, bytes);
        return new DocumentLivenessSubmission(path, length) { ValidateScreenReplay = true };
    }
}
