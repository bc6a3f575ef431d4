namespace Verifik.Sandbox;

/// <summary>
/// Images the image listener serves at /document-liveness/&lt;name&gt;: saved by creates with saveImage, or added by
/// tests. Kept on disk in a temp folder (deleted when the server is disposed), not in memory: benchmarks save
/// dozens of multi-megabyte files. Thread-safe.
/// </summary>
public sealed class ImageStore : IDisposable
{
    private readonly object _gate = new();
    private readonly Dictionary<string, StoredImage> _images = new(StringComparer.Ordinal);
    private long _files;
    private bool _disposed;

    internal ImageStore() =>
        Folder = Path.Combine(Path.GetTempPath(), "verifik-sandbox-images-" + Guid.NewGuid().ToString("N"));

    /// <summary>Where the files live; created on the first image, deleted on dispose.</summary>
    public string Folder { get; }

    public int Count
    {
        get { lock (_gate) return _images.Count; }
    }

    public bool Contains(string name)
    {
        lock (_gate) return _images.ContainsKey(name);
    }

    /// <summary>Adds (or replaces) an image.</summary>
    /// <param name="contentType">Sent as Content-Type; null = no Content-Type header at all.</param>
    public void Add(string name, byte[] bytes, string? contentType)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(bytes);
        var path = NewPath();
        File.WriteAllBytes(path, bytes);
        Register(name, new StoredImage(path, bytes.LongLength, contentType));
    }

    public bool Remove(string name)
    {
        StoredImage? old;
        lock (_gate)
        {
            if (!_images.Remove(name, out old)) return false;
        }
        TryDelete(old.Path);
        return true;
    }

    /// <summary>A file to write a decoded image into; it only becomes visible on <see cref="PendingImage.Commit"/>.</summary>
    internal PendingImage Begin() => new(this, NewPath());

    internal bool TryGet(string name, out StoredImage image)
    {
        lock (_gate) return _images.TryGetValue(name, out image!);
    }

    internal void Register(string name, StoredImage image)
    {
        StoredImage? old;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _images.Remove(name, out old);
            _images[name] = image;
        }
        if (old is not null) TryDelete(old.Path);
    }

    private string NewPath()
    {
        lock (_gate) ObjectDisposedException.ThrowIf(_disposed, this);
        Directory.CreateDirectory(Folder);
        // Numbered files: a test's image name may be anything, including what a path would misread.
        return Path.Combine(Folder, Interlocked.Increment(ref _files).ToString("D6", System.Globalization.CultureInfo.InvariantCulture) + ".img");
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            _images.Clear();
        }
        try
        {
            if (Directory.Exists(Folder)) Directory.Delete(Folder, recursive: true);
        }
        catch (IOException) { }          // a file still open by a dying response: the OS temp cleaner gets it
        catch (UnauthorizedAccessException) { }
    }

    internal static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}

/// <summary>A stored image file and the Content-Type to serve it with (null = none).</summary>
internal sealed record StoredImage(string Path, long Length, string? ContentType);

/// <summary>An image being written by a create; deleted on dispose unless committed.</summary>
internal sealed class PendingImage : IDisposable
{
    private readonly ImageStore _store;
    private readonly string _path;
    private bool _committed;

    public PendingImage(ImageStore store, string path)
    {
        _store = store;
        _path = path;
        // Unbuffered: the decoder already writes in large chunks.
        Stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, bufferSize: 1);
    }

    public Stream Stream { get; }

    public void Commit(string name, string? contentType)
    {
        var length = Stream.Length;
        Stream.Dispose();
        _store.Register(name, new StoredImage(_path, length, contentType));
        _committed = true;
    }

    public void Dispose()
    {
        Stream.Dispose();
        if (!_committed) ImageStore.TryDelete(_path);
    }
}
