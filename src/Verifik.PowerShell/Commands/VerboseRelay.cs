using System.Collections.Concurrent;
using System.Management.Automation;

namespace Verifik.PowerShell.Commands
{
    /// <summary>
    /// Carries verbose lines (retry notices, what a worker is sending) from worker threads to -Verbose, which only the
    /// pipeline thread may write. One queue, so the lines keep the order in which the workers wrote them.
    /// </summary>
    internal sealed class VerboseRelay
    {
        private readonly ConcurrentQueue<string> _lines = new ConcurrentQueue<string>();

        /// <summary>Safe to call from any thread.</summary>
        public void Add(string line) => _lines.Enqueue(line);

        private long _pauseShownTicks;

        /// <summary>Safe to call from any thread. A pause is shown once, not by each request that waits on it.</summary>
        public void AddRetry(RetryNotice notice)
        {
            if (!notice.IsPause)
            {
                _lines.Enqueue("Retrying " + notice);
                return;
            }
            var until = notice.PausedUntil!.Value.Ticks;
            if (System.Threading.Interlocked.Exchange(ref _pauseShownTicks, until) != until) _lines.Enqueue(notice.ToString());
        }

        /// <summary>Pipeline thread only. A line quotes what a worker was given or told (an ID, a server's reason): shown escaped.</summary>
        public void Flush(Cmdlet cmdlet)
        {
            while (_lines.TryDequeue(out var line)) cmdlet.WriteVerbose(Printable.Escape(line));
        }
    }
}
