using System;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Verifik
{
    /// <summary>
    /// Streams one image answer to a temporary file (the <see cref="ApiRequest.ReadSuccess"/> of a download): refuses
    /// what is not a JPEG, PNG or WebP by its first bytes before writing anything, whatever its Content-Type says (a
    /// sign-in page served as image/jpeg is no image; PNG bytes labelled image/jpeg are a PNG), cuts the body off at the
    /// size cap, and starts the file from zero on every attempt. Network read errors are left as they are (the transport retries them); local write
    /// errors become <see cref="ImageFileException"/>, which it does not.
    /// </summary>
    internal sealed class ImageDownload
    {
        private const int ChunkSize = 64 * 1024;

        private readonly string _target;
        private readonly string _url;
        private readonly string _temporaryPath;
        private readonly long _maxBytes;

        /// <param name="url">For messages: without query or user info (see <see cref="ImageAddress.ForDisplay"/>).</param>
        public ImageDownload(string target, string url, string temporaryPath, long maxBytes)
        {
            _target = target;
            _url = url;
            _temporaryPath = temporaryPath;
            _maxBytes = maxBytes;
        }

        /// <summary>Set by the attempt that completed.</summary>
        public DownloadedImage? Result { get; private set; }

        public async Task ReadAsync(HttpResponseMessage response, CancellationToken ct)
        {
            Result = null;
            var content = response.Content;
            var mediaType = content?.Headers.ContentType?.MediaType;
            var declaredLength = content?.Headers.ContentLength;
            if (declaredLength > _maxBytes) throw TooLarge($"it declares {declaredLength.Value.ToString("N0", CultureInfo.InvariantCulture)} bytes");
            if (content == null) throw NotAnImage(mediaType, "the answer has no body");

            using var body = await content.ReadAsStreamAsync().ConfigureAwait(false);
            var buffer = new byte[ChunkSize];
            var count = await StreamFill.FillAsync(body, buffer, 0, ImageKind.HeaderLength, ct).ConfigureAwait(false);
            if (count == 0) throw NotAnImage(mediaType, "the answer is empty");
            var format = ImageKind.Detect(buffer, count);
            if (format == ImageFormat.Unknown) throw NotAnImage(mediaType, "its first bytes are " + ImageKind.Describe(buffer, count));

            long total = 0;
            using (var file = Open())
            {
                while (count > 0)
                {
                    total += count;
                    if (total > _maxBytes) throw TooLarge("it goes on past that");
                    await WriteAsync(file, buffer, count, ct).ConfigureAwait(false);
                    count = await body.ReadAsync(buffer, 0, buffer.Length, ct).ConfigureAwait(false);
                }
                await WriteAsync(file, buffer, 0, ct).ConfigureAwait(false);
            }
            // HttpClient checks this too; a short body is a broken connection, worth another attempt.
            if (declaredLength is long declared && total != declared)
            {
                throw new IOException($"the image for '{_target}' ended after {total:N0} of {declared:N0} bytes.");
            }
            Result = new DownloadedImage(format, mediaType, total);
        }

        /// <summary>Up to <see cref="ImageKind.HeaderLength"/> bytes, fewer only at the end of the body.</summary>
        private FileStream Open()
        {
            try
            {
                // Create: an attempt after a failed one starts from zero. None: nobody reads a half-written image.
                return new FileStream(_temporaryPath, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1, useAsync: true);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is NotSupportedException)
            {
                throw WriteFailed(ex);
            }
        }

        /// <param name="count">0 flushes.</param>
        private async Task WriteAsync(FileStream file, byte[] buffer, int count, CancellationToken ct)
        {
            try
            {
                if (count > 0) await file.WriteAsync(buffer, 0, count, ct).ConfigureAwait(false);
                else await file.FlushAsync(ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw WriteFailed(ex);
            }
        }

        private ImageFileException WriteFailed(Exception ex) =>
            new ImageFileException($"'{_target}': the image could not be written to '{_temporaryPath}': {ex.Message}", _temporaryPath, ex);

        private VerifikApiException TooLarge(string detail) =>
            new VerifikApiException(VerifikFailure.TooLarge,
                $"'{_target}': the image at {_url} is larger than the limit of {_maxBytes.ToString("N0", CultureInfo.InvariantCulture)} bytes " +
                $"({detail}); it was cut off and not saved. Raise -MaximumSizeMB to allow it.", _target);

        private VerifikApiException NotAnImage(string? mediaType, string? detail)
        {
            var said = mediaType == null ? "no Content-Type" : "Content-Type " + mediaType;
            return new VerifikApiException(VerifikFailure.InvalidResponse,
                $"'{_target}': {_url} did not answer with a JPEG, PNG or WebP image: it sent {said}" +
                (detail == null ? "" : " and " + detail) + ". Nothing was saved.", _target);
        }
    }
}
