using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Verifik.Engine.Tests;

/// <summary>
/// A "proxy" on loopback that forwards nothing: it records every connection made to it and the request head read
/// on it (a CONNECT, or an absolute-URI GET that would carry the bearer token in clear), then answers 502 and closes.
/// What it records is exactly what a real proxy on the path would have seen.
/// </summary>
public sealed class RecordingProxy : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<string> _heads = new();
    private int _connections;

    public RecordingProxy()
    {
        _listener.Start();
        _ = Task.Run(ServeAsync);
    }

    public Uri Uri => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    /// <summary>Connections accepted so far, whether or not they sent anything.</summary>
    public int Connections => Volatile.Read(ref _connections);

    public List<string> Heads()
    {
        lock (_heads) return _heads.ToList();
    }

    private async Task ServeAsync()
    {
        while (true)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(); } catch (Exception) { return; }
            Interlocked.Increment(ref _connections);
            _ = Task.Run(async () =>
            {
                using (client)
                {
                    try
                    {
                        var stream = client.GetStream();
                        var reader = new StreamReader(stream, Encoding.ASCII);
                        var head = new StringBuilder();
                        string? line;
                        while (!string.IsNullOrEmpty(line = await reader.ReadLineAsync())) head.AppendLine(line);
                        if (head.Length == 0) return;
                        lock (_heads) _heads.Add(head.ToString());
                        await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));
                    }
                    catch (IOException) { }
                }
            });
        }
    }

    public void Dispose() => _listener.Stop();
}
