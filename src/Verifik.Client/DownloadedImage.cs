namespace Verifik
{
    /// <summary>What <see cref="VerifikClient.DownloadImageAsync"/> wrote to the temporary file.</summary>
    public sealed class DownloadedImage
    {
        public DownloadedImage(ImageFormat format, string? mediaType, long bytes)
        {
            Format = format;
            MediaType = mediaType;
            Bytes = bytes;
        }

        public ImageFormat Format { get; }

        /// <summary>".jpg", ".png" or ".webp".</summary>
        public string Extension => ImageKind.Extension(Format);

        /// <summary>The Content-Type the image host sent (null when it sent none).</summary>
        public string? MediaType { get; }

        public long Bytes { get; }
    }
}
