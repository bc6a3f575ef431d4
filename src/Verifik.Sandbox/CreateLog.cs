namespace Verifik.Sandbox;

/// <summary>
/// Every create the sandbox processed (stored and, on the live API, charged), including those a fault then hid
/// behind a 500 or a dropped connection. Lets tests prove a client never submitted one image twice.
/// </summary>
public sealed class CreateLog
{
    private readonly List<ProcessedCreate> _items = new();

    public int Count
    {
        get { lock (_items) return _items.Count; }
    }

    public IReadOnlyList<ProcessedCreate> Snapshot()
    {
        lock (_items) return _items.ToArray();
    }

    public void Clear()
    {
        lock (_items) _items.Clear();
    }

    internal void Add(ProcessedCreate create)
    {
        lock (_items) _items.Add(create);
    }
}

/// <param name="Id">The "_id" of the stored record.</param>
/// <param name="ClientId">The client of the token that made the request.</param>
/// <param name="ImageSha256">Lowercase hex SHA-256 of the decoded image, so tests can tell which file it was.</param>
/// <param name="ImageUrl">Where the image was saved on the image listener; null without saveImage.</param>
/// <param name="Members">The body's members other than "image", as raw JSON text by name (e.g. "screenReplayCalibration" → "\"HARD\""); a member the client left out is absent.</param>
public sealed record ProcessedCreate(string Id, string ClientId, DateTimeOffset At, long ImageBytes, string ImageSha256, string? ImageUrl,
    IReadOnlyDictionary<string, string>? Members = null);
