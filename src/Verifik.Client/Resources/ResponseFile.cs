using System;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Verifik
{
    /// <summary>
    /// Streams a 2xx body to a file (the <see cref="ApiRequest.ReadSuccess"/> of -OutFile), from zero on every attempt,
    /// never holding the body in memory. Local write errors become <see cref="ImageFileException"/> (not retried: another
    /// attempt would fail the same way); network read errors stay IOExceptions, which the transport retries when safe.
    /// </summary>
    internal sealed class ResponseFile
    {
        private const int ChunkSize = 64 * 1024;
        private readonly string _path;
        private readonly string _target;

        public ResponseFile(string path, string target)
        {
            _path = path;
            _target = target;
        }

        /// <summary>Bytes written by the attempt that completed.</summary>
        public long Length { get; private set; }

        public async Task ReadAsync(HttpResponseMessage response, CancellationToken ct)
        {
            Length = 0;
            var declared = response.Content?.Headers.ContentLength;
            using var file = Local(() => new FileStream(_path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1, useAsync: true));
            if (response.Content == null) return;
            using var body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
            var buffer = new byte[ChunkSize];
            int read;
            long total = 0;
            while ((read = await body.ReadAsync(buffer, 0, buffer.Length, ct).ConfigureAwait(false)) > 0)
            {
                total += read;
                await LocalAsync(async () => { await file.WriteAsync(buffer, 0, read, ct).ConfigureAwait(false); return 0; }).ConfigureAwait(false);
            }
            await LocalAsync(async () => { await file.FlushAsync(ct).ConfigureAwait(false); return 0; }).ConfigureAwait(false);
            if (declared is long length && total != length) throw new IOException($"the answer for '{_target}' ended after {total:N0} of {length:N0} bytes.");
            Length = total;
        }

        private T Local<T>(Func<T> write)
        {
            try
            {
                return write();
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is NotSupportedException)
            {
                throw Failed(ex);
            }
        }

        private async Task<T> LocalAsync<T>(Func<Task<T>> write)
        {
            try
            {
                return await write().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw Failed(ex);
            }
        }

        private ImageFileException Failed(Exception ex) =>
            new ImageFileException($"'{_target}': the answer could not be written to '{_path}': {ex.Message}", _path, ex);
    }
}
