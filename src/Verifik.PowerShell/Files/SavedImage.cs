namespace Verifik.PowerShell.Files
{
    /// <summary>One record's image in the destination folder: downloaded by this call, found there already, or an earlier input's.</summary>
    internal sealed class SavedImage
    {
        private SavedImage(string id, string path, DownloadedImage? download, string? source, long? repeats = null, long position = 0)
        {
            Id = id;
            Path = path;
            Download = download;
            Source = source;
            Repeats = repeats;
            Position = position;
        }

        public string Id { get; }
        public string Path { get; }

        /// <summary>Null when the file was already there (or an earlier input saved it) and nothing was requested.</summary>
        public DownloadedImage? Download { get; }

        /// <summary>Where it was downloaded from, as shown in messages (no query).</summary>
        public string? Source { get; }

        /// <summary>The position of the earlier input of the same ID whose file this is; null for the first.</summary>
        public long? Repeats { get; }

        /// <summary>This input's position, when it repeats an earlier one.</summary>
        public long Position { get; }

        /// <summary>What became of it, for -Verbose (or, for a repeat, a warning): escaped.</summary>
        public string Describe()
        {
            if (Repeats != null)
            {
                return Printable.Escape($"Input #{Position} ('{Id}') repeats input #{Repeats}: one file per record, {Path}; nothing more was downloaded for it.");
            }
            if (Download == null) return Printable.Escape($"Skipped '{Id}': {Path} is already there (-Force downloads it again).");
            var format = Download.Format == ImageFormat.WebP ? "WebP" : Download.Format.ToString().ToUpperInvariant();
            return Printable.Escape($"Saved '{Id}' to {Path} ({Download.Bytes:N0} bytes, {format}, sent as {Download.MediaType ?? "no Content-Type"}, from {Source}).");
        }

        public static SavedImage AlreadyThere(string id, string path) => new SavedImage(id, path, null, null);

        public static SavedImage Downloaded(string id, string path, DownloadedImage download, string source) => new SavedImage(id, path, download, source);

        /// <summary>The same file, for input #<paramref name="position"/> that names the ID of input #<paramref name="earlier"/> again.</summary>
        public SavedImage RepeatedBy(string id, long position, long earlier) => new SavedImage(id, Path, null, null, earlier, position);
    }
}
