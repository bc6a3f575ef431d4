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

        /// <summary>Safe to call from any thread.</summary>
        public void AddRetry(RetryNotice notice) => _lines.Enqueue("Retrying " + notice);

        /// <summary>Pipeline thread only.</summary>
        public void Flush(Cmdlet cmdlet)
        {
            while (_lines.TryDequeue(out var line)) cmdlet.WriteVerbose(line);
        }
    }
}
