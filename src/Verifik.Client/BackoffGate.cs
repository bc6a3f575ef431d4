using System;
using System.Threading;

namespace Verifik
{
    /// <summary>
    /// A pause shared by every request of one client: when the API answers 429, all requests wait
    /// out the back-off together, so a rate-limit storm slows the batch instead of multiplying retries.
    /// </summary>
    internal sealed class BackoffGate
    {
        private long _pausedUntilTicks; // UTC ticks

        public void PauseFor(TimeSpan delay)
        {
            var until = DateTime.UtcNow.Add(delay).Ticks;
            long seen;
            do
            {
                seen = Interlocked.Read(ref _pausedUntilTicks);
                if (seen >= until) return;
            }
            while (Interlocked.CompareExchange(ref _pausedUntilTicks, until, seen) != seen);
        }

        /// <summary>When the pause ends (UTC); in the past when there is none.</summary>
        public DateTime PausedUntil => new DateTime(Interlocked.Read(ref _pausedUntilTicks), DateTimeKind.Utc);
    }
}
