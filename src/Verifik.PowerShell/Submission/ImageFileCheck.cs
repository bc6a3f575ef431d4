using System;
using System.IO;
using System.Management.Automation;

namespace Verifik.PowerShell.Submission
{
    /// <summary>
    /// What a file is before it is submitted: its size and image format, or why it must not be sent (missing, a
    /// directory, empty, not an image, unreadable). Runs on a worker thread, so a slow file share never blocks the pipeline.
    /// </summary>
    internal readonly struct ImageFileCheck
    {
        private ImageFileCheck(long length, ImageFormat format, ErrorRecord? error)
        {
            Length = length;
            Format = format;
            Error = error;
        }

        public long Length { get; }
        public ImageFormat Format { get; }

        /// <summary>Why the file is not sent; null when it may be.</summary>
        public ErrorRecord? Error { get; }

        public static ImageFileCheck Inspect(string path)
        {
            try
            {
                if (Directory.Exists(path)) return Refused(SubmissionErrors.IsDirectory(path));
                var info = new FileInfo(path);
                if (!info.Exists) return Refused(SubmissionErrors.PathNotFound(path, "the file does not exist."));
                if (info.Length == 0) return Refused(SubmissionErrors.Empty(path));

                var header = new byte[ImageKind.HeaderLength];
                int count;
                // FileShare.Read, like the upload: a file another program has open for writing is not sent.
                using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1))
                {
                    count = StreamFill.Fill(file, header, 0, header.Length);
                }
                var format = ImageKind.Detect(header, count);
                return format == ImageFormat.Unknown
                    ? Refused(SubmissionErrors.NotAnImage(path, header, count))
                    : new ImageFileCheck(info.Length, format, null);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                return Refused(SubmissionErrors.Unreadable(path, ex));
            }
            catch (Exception ex) when (ex is ArgumentException || ex is NotSupportedException)
            {
                return Refused(SubmissionErrors.PathNotFound(path, ex.Message)); // characters no file name can have
            }
        }

        private static ImageFileCheck Refused(ErrorRecord error) => new ImageFileCheck(0, ImageFormat.Unknown, error);
    }
}
