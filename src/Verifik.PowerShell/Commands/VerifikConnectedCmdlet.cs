using System;
using System.Management.Automation;

namespace Verifik.PowerShell.Commands
{
    /// <summary>
    /// Base of the cmdlets that call the API: requires a connection, builds the per-call request
    /// settings, and relays retry notices (and other verbose lines) from worker threads to -Verbose
    /// on the pipeline thread.
    /// </summary>
    public abstract class VerifikConnectedCmdlet : VerifikConnectionCmdlet
    {
        private readonly VerboseRelay _verbose = new VerboseRelay();

        /// <summary>Retries for transient failures; defaults to the value given to Connect-Verifik.</summary>
        [Parameter]
        [ValidateRange(0, 20)]
        public int? MaxRetry { get; set; }

        /// <summary>Seconds allowed for one attempt; defaults to the value given to Connect-Verifik.</summary>
        [Parameter]
        [ValidateRange(1, 3600)]
        public int? TimeoutSec { get; set; }

        private protected VerifikClient Client { get; private set; } = null!;

        private protected RequestSettings Settings { get; private set; } = null!;

        /// <summary>Safe to call from any thread; shown by <see cref="FlushVerbose"/>.</summary>
        private protected Action<RetryNotice> OnRetry => _verbose.AddRetry;

        /// <summary>A verbose line from a worker thread; shown by <see cref="FlushVerbose"/>.</summary>
        private protected void QueueVerbose(string message) => _verbose.Add(message);

        protected override void BeginProcessing()
        {
            Client = RequireConnection().Client;
            var settings = Client.Defaults.Clone();
            if (MaxRetry.HasValue) settings.MaxRetry = MaxRetry.Value;
            if (TimeoutSec.HasValue) settings.Timeout = TimeSpan.FromSeconds(TimeoutSec.Value);
            Settings = settings;
        }

        /// <summary>Writes the retry notices and verbose lines the workers queued. Pipeline thread only.</summary>
        internal void FlushVerbose() => _verbose.Flush(this);
    }
}
