using System;
using System.IO;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;

namespace Verifik.PowerShell.Submission
{
    /// <summary>
    /// What a file is before it is submitted: its size and image format, or why it must not be sent (missing, a
    /// directory, empty, not a regular file, not an image, unreadable, stalled). The same check for the run and for -WhatIf.
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

        /// <summary>
        /// <see cref="Inspect"/> on a thread of its own (see <see cref="GuardedFile"/>), within <paramref name="timeout"/>:
        /// a file-system call that never returns (a stalled share) makes the file unreadable, not the run stuck.
        /// </summary>
        /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled (Ctrl+C).</exception>
        public static async Task<ImageFileCheck> InspectAsync(string path, TimeSpan timeout, CancellationToken ct)
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
            limit.CancelAfter(timeout);
            try
            {
                return await GuardedFile.RunAsync(path, () => Inspect(path), limit.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                return Refused(SubmissionErrors.Stalled(path, timeout));
            }
        }

        private static ImageFileCheck Inspect(string path)
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
                    if (!file.CanSeek) return Refused(SubmissionErrors.NotRegular(path));
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
