using System.Text.Json;

namespace Verifik.Sandbox;

/// <summary>
/// The request log as a file of JSON lines (--request-log), for tests that run the sandbox as a separate program
/// (Pester) and must check what a client sent where, e.g. that no token reached the image listener. Each line:
/// method, path, origin, status, tokenId (<see cref="SandboxDefaults.TokenId"/>, never the token) and whether any
/// Authorization header came at all.
/// </summary>
public sealed class RequestLogFile : IDisposable
{
    private readonly RequestLog _log;
    private readonly StreamWriter _writer;

    public RequestLogFile(RequestLog log, string path)
    {
        _log = log;
        // Shared for reading: the test reads it while the sandbox runs.
        _writer = new StreamWriter(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete)) { AutoFlush = true };
        _log.Added += Write;
    }

    private void Write(LoggedRequest r)
    {
        var line = JsonSerializer.Serialize(new
        {
            method = r.Method,
            path = r.Path,
            origin = r.Origin,
            status = r.Status,
            tokenId = r.TokenId,
            hasAuthorization = r.Authorization is not null,
        });
        lock (_writer) _writer.WriteLine(line);
    }

    public void Dispose()
    {
        _log.Added -= Write;
        lock (_writer) _writer.Dispose();
    }
}
