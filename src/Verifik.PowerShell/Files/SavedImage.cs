namespace Verifik.PowerShell.Files
{
    /// <summary>One record's image in the destination folder: downloaded by this call, or found there already.</summary>
    internal sealed class SavedImage
    {
        private SavedImage(string id, string path, DownloadedImage? download, string? source)
        {
            Id = id;
            Path = path;
            Download = download;
            Source = source;
        }

        public string Id { get; }
        public string Path { get; }

        /// <summary>Null when the file was already there and nothing was requested.</summary>
        public DownloadedImage? Download { get; }

        /// <summary>Where it was downloaded from, as shown in messages (no query).</summary>
        public string? Source { get; }

        public static SavedImage AlreadyThere(string id, string path) => new SavedImage(id, path, null, null);

        public static SavedImage Downloaded(string id, string path, DownloadedImage download, string source) => new SavedImage(id, path, download, source);
    }
}
