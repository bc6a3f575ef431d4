using System.Collections.Concurrent;
using System.Management.Automation;

namespace Verifik.PowerShell.Commands
{
    /// <summary>Carries retry notices from worker threads to -Verbose, which only the pipeline thread may write.</summary>
    internal sealed class RetryNoticeRelay
    {
        private readonly ConcurrentQueue<RetryNotice> _notices = new ConcurrentQueue<RetryNotice>();

        /// <summary>Safe to call from any thread.</summary>
        public void Add(RetryNotice notice) => _notices.Enqueue(notice);

        /// <summary>Pipeline thread only.</summary>
        public void Flush(Cmdlet cmdlet)
        {
            while (_notices.TryDequeue(out var notice)) cmdlet.WriteVerbose("Retrying " + notice);
        }
    }
}
