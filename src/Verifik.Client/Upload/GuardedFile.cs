using System;
using System.Collections.Concurrent;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace Verifik
{
    /// <summary>
    /// A file opened and read on a thread of its own, so that a call which never returns (a named pipe nobody writes to,
    /// a stalled network share) holds only that thread: each call is awaited with a token (Ctrl+C, the request's timeout),
    /// and a caller that gives up goes on at once, with an <see cref="OperationCanceledException"/>. .NET cannot interrupt
    /// a blocked open or read; when an open is given up and the path has no length (a named pipe), it is opened once for
    /// writing and closed, which lets the waiting open return, so the thread ends too.
    /// </summary>
    public sealed class GuardedFile : IDisposable
    {
        private static int _threads;
        private readonly string _path;
        private readonly BlockingCollection<Action> _calls = new BlockingCollection<Action>();
        private FileStream? _stream;
        private volatile bool _opening;

        private GuardedFile(string path)
        {
            _path = path;
            Interlocked.Increment(ref _threads);
            new Thread(Run) { IsBackground = true, Name = "Verifik file " + System.IO.Path.GetFileName(path) }.Start();
        }

        /// <summary>Threads of guarded files still running: one a file in use, and one a call that never returned.</summary>
        public static int LiveThreads => Volatile.Read(ref _threads);

        public string Path => _path;

        /// <summary>Opens <paramref name="path"/> for reading (FileShare.Read: a file another program is still writing is refused where the OS enforces it).</summary>
        public static async Task<GuardedFile> OpenAsync(string path, CancellationToken ct)
        {
            var file = new GuardedFile(path);
            try
            {
                await file.CallAsync(file.Open, ct, opening: true).ConfigureAwait(false);
                return file;
            }
            catch
            {
                file.Dispose();
                throw;
            }
        }

        /// <summary>Runs <paramref name="work"/> (file-system calls about <paramref name="path"/>) on a thread of its own, as a guarded open is.</summary>
        public static async Task<T> RunAsync<T>(string path, Func<T> work, CancellationToken ct)
        {
            using var file = new GuardedFile(path);
            return await file.CallAsync(work, ct, opening: true).ConfigureAwait(false);
        }

        /// <summary>Fills the range unless the file ends first (see <see cref="StreamFill"/>); the bytes read.</summary>
        public Task<int> FillAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
            CallAsync(() => StreamFill.Fill(_stream!, buffer, offset, count), ct, opening: false);

        /// <summary>Whether the opened file is one a disk holds (not a pipe, a socket or a device).</summary>
        public bool IsRegular => _stream?.CanSeek == true;

        /// <summary>Closes the file once no call is under way (at once when none is); never waits.</summary>
        public void Dispose()
        {
            try
            {
                _calls.CompleteAdding();
            }
            catch (ObjectDisposedException)
            {
            }
        }

        private bool Open()
        {
            // Unbuffered: the callers read large chunks.
            _stream = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
            return true;
        }

        private async Task<T> CallAsync<T>(Func<T> call, CancellationToken ct, bool opening)
        {
            ct.ThrowIfCancellationRequested();
            var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
            _calls.Add(() =>
            {
                _opening = opening;
                try
                {
                    done.TrySetResult(call());
                }
                catch (Exception ex)
                {
                    done.TrySetException(ex);
                }
                finally
                {
                    _opening = false;
                }
            });
            var given = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            using (ct.Register(() => given.TrySetResult(true)))
            {
                if (await Task.WhenAny(done.Task, given.Task).ConfigureAwait(false) != done.Task)
                {
                    if (opening) ReleaseOpen();
                    throw new OperationCanceledException(ct);
                }
            }
            return await done.Task.ConfigureAwait(false);
        }

        private void Run()
        {
            try
            {
                foreach (var call in _calls.GetConsumingEnumerable()) call();
            }
            finally
            {
                _stream?.Dispose();
                Interlocked.Decrement(ref _threads);
            }
        }

        /// <summary>An open given up on a path with no length: a named pipe's open returns once a writer comes, so one comes.</summary>
        private void ReleaseOpen()
        {
            var path = _path;
            new Thread(() =>
            {
                try
                {
                    if (!_opening || new FileInfo(path).Length != 0) return;
                    using (new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 1)) { }
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is ArgumentException || ex is NotSupportedException)
                {
                    // Nothing to release, or not ours to: the thread stays until its call returns.
                }
            }) { IsBackground = true, Name = "Verifik file release" }.Start();
        }
    }
}
