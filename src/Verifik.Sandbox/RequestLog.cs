namespace Verifik.Sandbox;

/// <summary>
/// Every request the sandbox answered (or dropped), in completion order. Test-only: it holds the
/// Authorization header as received so tests can check what a client sent; never print it.
/// </summary>
public sealed class RequestLog
{
    private readonly List<LoggedRequest> _items = new();
    private readonly List<string> _arrivals = new();
    private int _arrived;

    /// <summary>Requests that have arrived, answered or not (the log itself fills in as responses start).</summary>
    public int Arrived => Volatile.Read(ref _arrived);

    /// <summary>
    /// "METHOD path" of every request as it arrived, before any latency or fault: what a test in another process
    /// (GET /sandbox/log) waits on to know a request is under way, not yet answered.
    /// </summary>
    public IReadOnlyList<string> Arrivals()
    {
        lock (_arrivals) return _arrivals.ToArray();
    }

    public int Count
    {
        get { lock (_items) return _items.Count; }
    }

    public IReadOnlyList<LoggedRequest> Snapshot()
    {
        lock (_items) return _items.ToArray();
    }

    public void Clear()
    {
        lock (_items) _items.Clear();
        lock (_arrivals) _arrivals.Clear();
        Interlocked.Exchange(ref _arrived, 0);
    }

    internal void NoteArrival(string method, string path)
    {
        lock (_arrivals) _arrivals.Add(method + " " + path);
        Interlocked.Increment(ref _arrived);
    }

    internal void Add(LoggedRequest request)
    {
        lock (_items) _items.Add(request);
    }
}

/// <param name="RawTarget">The request target exactly as it arrived on the wire.</param>
/// <param name="Path">The decoded path as ASP.NET Core sees it (Request.PathBase + Request.Path: dot segments resolved,
/// "%2F" kept escaped so it stays distinguishable from a separator).</param>
/// <param name="Query">The query string as received, including the leading '?', or "".</param>
/// <param name="Host">The Host header as received.</param>
/// <param name="Status">The status sent; 0 when the connection was dropped or aborted before a response.</param>
/// <param name="At">When the request arrived.</param>
/// <param name="TokenId">Null without an "Authorization: Bearer …" header; else <see cref="SandboxDefaults.TokenId"/> of its token.</param>
/// <param name="Origin">scheme://host:port of the listener that got it: <see cref="SandboxServer.BaseUri"/>'s or <see cref="SandboxServer.CdnBaseUri"/>'s.</param>
/// <param name="ContentLength">The Content-Length header as sent; null when there was none.</param>
/// <param name="ConnectionId">The TCP connection it came on (Kestrel's connection id), to tell pooled connections apart.</param>
/// <param name="ArrivalsAtAnswer">How many requests had arrived (this one included) when it was answered or ended: what
/// arrived while it was held, e.g. behind a Slow fault, without a test having to wait and count.</param>
public sealed record LoggedRequest(
    string Method,
    string RawTarget,
    string Path,
    string Query,
    string Host,
    string? Authorization,
    int Status,
    DateTimeOffset At,
    string? TokenId = null,
    string? Origin = null,
    long? ContentLength = null,
    string? ConnectionId = null,
    int ArrivalsAtAnswer = 0);
