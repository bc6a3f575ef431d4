using System;
using System.Threading;

namespace Verifik.PowerShell.Commands
{
    /// <summary>
    /// Ctrl+C for a cmdlet that waits on one request at a time: StopProcessing cancels it (on another thread), Dispose
    /// frees it; either may come first.
    /// </summary>
    internal sealed class StopSignal : IDisposable
    {
        private readonly CancellationTokenSource _source = new CancellationTokenSource();

        /// <summary>Read on the pipeline thread, before Dispose.</summary>
        public CancellationToken Token => _source.Token;

        public void Cancel()
        {
            try { _source.Cancel(); }
            catch (ObjectDisposedException) { }
        }

        public void Dispose()
        {
            Cancel();
            _source.Dispose();
        }
    }
}
