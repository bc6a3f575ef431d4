using Verifik.Sandbox;

namespace Verifik.Engine.Tests;

/// <summary>
/// For New-VerifikDocumentLiveness: a connected sandbox (as <see cref="SandboxTestBase"/>) and a temporary folder of
/// image files, with the helpers to write them and to read what the sandbox received.
/// </summary>
public abstract class CreateTestBase : SandboxTestBase
{
    protected string Folder { get; } = Directory.CreateTempSubdirectory("verifik-create-").FullName;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Connect();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        try { Directory.Delete(Folder, recursive: true); }
        catch (IOException) { }
    }

    /// <summary>Writes a file under <see cref="Folder"/> (creating sub-folders) and returns its full path.</summary>
    protected string Write(string relativePath, byte[] bytes)
    {
        var path = Path.Combine(Folder, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    protected string Jpeg(string relativePath, int length = 1500, int seed = 1) => Write(relativePath, JpegBytes(length, seed));

    protected string Png(string relativePath, int length = 1500, int seed = 2) => Write(relativePath, Signed(length, seed, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]));

    protected string WebP(string relativePath, int length = 1500, int seed = 3) =>
        Write(relativePath, Signed(length, seed, [(byte)'R', (byte)'I', (byte)'F', (byte)'F', 1, 2, 3, 4, (byte)'W', (byte)'E', (byte)'B', (byte)'P']));

    /// <summary>Random bytes after a JPEG (JFIF) signature: what the sandbox, like the API's first check, takes for a JPEG.</summary>
    protected static byte[] JpegBytes(int length, int seed) => Signed(length, seed, [0xFF, 0xD8, 0xFF, 0xE0]);

    private static byte[] Signed(int length, int seed, byte[] signature)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        signature.CopyTo(bytes, 0);
        return bytes;
    }

    protected static string Sha256(string path) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)));

    /// <summary>The creates (POST /v2/document-liveness) the sandbox saw, answered or not.</summary>
    protected List<LoggedRequest> CreateRequests() =>
        Server.Requests.Snapshot().Where(r => r.Method == "POST" && r.Path.TrimEnd('/') == "/v2/document-liveness").ToList();
}
