using System;
using System.Buffers.Text;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Verifik
{
    /// <summary>
    /// The JSON body of a create, <c>{…options…,"image":"&lt;base64&gt;"}</c>, streamed: the file is opened and read in
    /// chunks as the body is sent, each chunk base64-encoded into one reused buffer, so memory does not grow with the
    /// image. Its exact length is known up front (options + 4·⌈n/3⌉ + 2 bytes), so it goes out with a Content-Length.
    /// Every serialization opens the file again (an attempt never replays another's stream).
    /// </summary>
    public sealed class DocumentLivenessUploadContent : HttpContent, ICancellableContent
    {
        /// <summary>Bytes read per chunk: a multiple of 3, so every chunk but the last encodes without padding.</summary>
        internal const int ChunkBytes = 48 * 1024;

        private static readonly byte[] ImageOpening = Encoding.UTF8.GetBytes(",\"image\":\"");
        private static readonly byte[] Closing = Encoding.UTF8.GetBytes("\"}");

        private readonly string _path;
        private readonly long _length;
        private readonly byte[] _prefix;
        private readonly Action? _sending;

        /// <param name="sending">Called as each attempt's body begins to go out (see <see cref="DocumentLivenessSubmission.SentAt"/>).</param>
        internal DocumentLivenessUploadContent(string path, long length, byte[] optionsJson, Action? sending = null)
        {
            _path = path;
            _length = length;
            _sending = sending;
            // The options object without its closing brace, then the image member.
            _prefix = new byte[optionsJson.Length - 1 + ImageOpening.Length];
            Buffer.BlockCopy(optionsJson, 0, _prefix, 0, optionsJson.Length - 1);
            Buffer.BlockCopy(ImageOpening, 0, _prefix, optionsJson.Length - 1, ImageOpening.Length);
            Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        }

        /// <summary>
        /// Set when reading the file failed while the body was being sent (it vanished, became unreadable, its size
        /// changed since it was checked, or a read did not return in time). The body then broke off before its end, so the
        /// API cannot have processed it.
        /// </summary>
        public Exception? ReadFailure { get; private set; }

        private static long Base64Length(long bytes) => (bytes + 2) / 3 * 4;

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => WriteAsync(stream, CancellationToken.None);

        /// <summary>With the attempt's token: every open and read of the file stops with it (see <see cref="GuardedFile"/>).</summary>
        Task ICancellableContent.WriteToAsync(Stream stream, CancellationToken ct) => WriteAsync(stream, ct);

        private async Task WriteAsync(Stream stream, CancellationToken ct)
        {
            _sending?.Invoke();
            await stream.WriteAsync(_prefix, 0, _prefix.Length, ct).ConfigureAwait(false);
            var input = new byte[ChunkBytes];
            var output = new byte[ChunkBytes / 3 * 4];
            using (var file = await OpenAsync(ct).ConfigureAwait(false))
            {
                long sent = 0;
                while (true)
                {
                    var read = await ReadChunkAsync(file, input, ct).ConfigureAwait(false);
                    if (read == 0) break;
                    sent += read;
                    if (sent > _length) throw Failed(new IOException($"'{_path}' grew while it was being sent: it had {_length:N0} bytes when it was checked."));
                    Base64.EncodeToUtf8(new ReadOnlySpan<byte>(input, 0, read), output, out _, out var written);
                    await stream.WriteAsync(output, 0, written, ct).ConfigureAwait(false);
                    if (read < input.Length) break;
                }
                if (sent < _length) throw Failed(new IOException($"'{_path}' shrank while it was being sent: it had {_length:N0} bytes when it was checked, {sent:N0} were left."));
            }
            await stream.WriteAsync(Closing, 0, Closing.Length, ct).ConfigureAwait(false);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = _prefix.Length + Base64Length(_length) + Closing.Length;
            return true;
        }

        private async Task<GuardedFile> OpenAsync(CancellationToken ct)
        {
            GuardedFile file;
            try
            {
                file = await GuardedFile.OpenAsync(_path, ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw Failed(ex);
            }
            catch (OperationCanceledException)
            {
                Stalled("opening");
                throw;
            }
            if (file.IsRegular) return file;
            file.Dispose();
            throw Failed(new IOException($"'{_path}' is not a regular file (it is a named pipe, a socket or a device); only image files are sent."));
        }

        /// <summary>Fills <paramref name="chunk"/> unless the file ends first (a short read mid-file must not cause padding).</summary>
        private async Task<int> ReadChunkAsync(GuardedFile file, byte[] chunk, CancellationToken ct)
        {
            try
            {
                return await file.FillAsync(chunk, 0, chunk.Length, ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw Failed(ex);
            }
            catch (OperationCanceledException)
            {
                Stalled("reading");
                throw;
            }
        }

        /// <summary>
        /// A read that did not return before the attempt ended: what is reported if the attempt ran out of time (a stop
        /// by Ctrl+C reports nothing). The body broke off before its end, so nothing was processed.
        /// </summary>
        private void Stalled(string doing) =>
            Failed(new IOException($"{doing} '{_path}' did not finish within the request's time (-TimeoutSec); a stalled network share, " +
                "or a file that is not a regular file (a named pipe), does that."));

        private Exception Failed(Exception ex)
        {
            ReadFailure = ex;
            return ex;
        }
    }
}
