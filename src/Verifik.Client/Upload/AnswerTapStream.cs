using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace Verifik
{
    /// <summary>
    /// The plaintext stream of one pooled connection (after TLS), seen through: what the server sends while a request of an
    /// <see cref="UploadWatch"/> is being written is kept (its first few KB), and when writing the request fails, whatever
    /// else the server already sent is read from the socket's buffer, which a reset does not empty. The watch then holds
    /// the server's early answer (a gateway's 413, 429 or 503 before it closed), which HttpClient itself discards: it
    /// reports only the failed write ("Broken pipe", "Connection reset").
    /// </summary>
    internal sealed class AnswerTapStream : Stream
    {
        /// <summary>Bytes of an answer kept: an early refusal is a status line, a few headers and a short body.</summary>
        internal const int Kept = 16 * 1024;

        /// <summary>How long a failed write waits for the rest of an answer: the bytes are already here, or never come.</summary>
        private static readonly TimeSpan CollectLimit = TimeSpan.FromSeconds(1);

        private readonly Stream _inner;
        private readonly object _gate = new object();
        private readonly byte[] _seen = new byte[Kept];
        private int _seenCount;
        private UploadWatch? _writing;
        private TaskCompletionSource<bool>? _reading;

        public AnswerTapStream(Stream inner)
        {
            _inner = inner;
        }

        public override bool CanRead => _inner.CanRead;
        public override bool CanWrite => _inner.CanWrite;
        public override bool CanSeek => false;
        public override bool CanTimeout => _inner.CanTimeout;
        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int ReadTimeout
        {
            get => _inner.ReadTimeout;
            set => _inner.ReadTimeout = value;
        }

        public override int WriteTimeout
        {
            get => _inner.WriteTimeout;
            set => _inner.WriteTimeout = value;
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var reading = StartRead();
            try
            {
                var read = _inner.Read(buffer, offset, count);
                Saw(buffer, offset, read);
                return read;
            }
            finally
            {
                EndRead(reading);
            }
        }

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            var reading = StartRead();
            try
            {
                var read = await _inner.ReadAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false);
                Saw(buffer, offset, read);
                return read;
            }
            finally
            {
                EndRead(reading);
            }
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            var watch = Writer();
            try
            {
                _inner.Write(buffer, offset, count);
            }
            catch (IOException) when (watch != null)
            {
                watch.Received = CollectAsync().GetAwaiter().GetResult();
                throw;
            }
        }

        public override async Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            var watch = Writer();
            try
            {
                await _inner.WriteAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException) when (watch != null)
            {
                watch.Received = await CollectAsync().ConfigureAwait(false);
                throw;
            }
        }

        public override void Flush() => _inner.Flush();

        public override async Task FlushAsync(CancellationToken cancellationToken)
        {
            var watch = Writer();
            try
            {
                await _inner.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (IOException) when (watch != null)
            {
                watch.Received = await CollectAsync().ConfigureAwait(false);
                throw;
            }
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) _inner.Dispose();
            base.Dispose(disposing);
        }

        /// <summary>The watch of the request being written; a new request (or none) forgets what the last one saw.</summary>
        private UploadWatch? Writer()
        {
            var watch = UploadWatch.Current;
            lock (_gate)
            {
                if (!ReferenceEquals(watch, _writing))
                {
                    _writing = watch;
                    _seenCount = 0;
                }
            }
            return watch;
        }

        private void Saw(byte[] buffer, int offset, int count)
        {
            lock (_gate)
            {
                if (_writing == null || count <= 0) return;
                var room = Math.Min(count, Kept - _seenCount);
                Buffer.BlockCopy(buffer, offset, _seen, _seenCount, room);
                _seenCount += room;
            }
        }

        private TaskCompletionSource<bool> StartRead()
        {
            var reading = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_gate) _reading = reading;
            return reading;
        }

        private void EndRead(TaskCompletionSource<bool> reading)
        {
            lock (_gate)
            {
                if (ReferenceEquals(_reading, reading)) _reading = null;
            }
            reading.TrySetResult(true);
        }

        /// <summary>What the server sent for the request being written: what was read so far, and what is still buffered.</summary>
        private async Task<byte[]?> CollectAsync()
        {
            Task? reading;
            lock (_gate) reading = _reading?.Task;
            if (reading != null)
            {
                // The handler is reading the answer itself (it does while an Expect: 100-continue body goes out): let it.
                await Task.WhenAny(reading, Task.Delay(CollectLimit)).ConfigureAwait(false);
            }
            else
            {
                using var limit = new CancellationTokenSource(CollectLimit);
                var chunk = new byte[Kept];
                try
                {
                    int read;
                    while ((read = await _inner.ReadAsync(chunk, 0, chunk.Length, limit.Token).ConfigureAwait(false)) > 0)
                    {
                        lock (_gate)
                        {
                            var room = Math.Min(read, Kept - _seenCount);
                            Buffer.BlockCopy(chunk, 0, _seen, _seenCount, room);
                            _seenCount += room;
                            if (_seenCount == Kept) break;
                        }
                    }
                }
                catch (Exception ex) when (ex is IOException || ex is OperationCanceledException || ex is ObjectDisposedException || ex is InvalidOperationException)
                {
                    // The connection ended (a reset after the answer, typically), or nothing more came.
                }
            }
            lock (_gate)
            {
                if (_seenCount == 0) return null;
                var copy = new byte[_seenCount];
                Buffer.BlockCopy(_seen, 0, copy, 0, _seenCount);
                return copy;
            }
        }
    }
}
