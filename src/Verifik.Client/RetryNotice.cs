using System;

namespace Verifik
{
    /// <summary>
    /// Tells a caller that a request is about to be retried, and why (never with the token); or, from
    /// <see cref="Paused"/>, that it waits first because the API rate-limited the connection earlier.
    /// </summary>
    public sealed class RetryNotice
    {
        public RetryNotice(string target, int attempt, int maxRetry, TimeSpan delay, string reason)
        {
            Target = target; Attempt = attempt; MaxRetry = maxRetry; Delay = delay; Reason = reason;
        }

        /// <summary>The record ID, or a description of the list page.</summary>
        public string Target { get; }
        /// <summary>1 for the first retry.</summary>
        public int Attempt { get; }
        public int MaxRetry { get; }
        public TimeSpan Delay { get; }
        public string Reason { get; }

        /// <summary>For a wait on the connection's rate-limit pause (<see cref="Attempt"/> 0): when the pause ends, UTC.</summary>
        public DateTime? PausedUntil { get; private set; }

        public bool IsPause => PausedUntil.HasValue;

        /// <summary>A request waits <paramref name="delay"/> before its first attempt: the connection is paused until <paramref name="until"/>.</summary>
        public static RetryNotice Paused(string target, TimeSpan delay, DateTime until) =>
            new RetryNotice(target, 0, 0, delay, "the API rate-limited this connection (HTTP 429)") { PausedUntil = until };

        public override string ToString() =>
            IsPause
                ? string.Format(System.Globalization.CultureInfo.InvariantCulture,
                    "Waiting {0:0.###} s before '{1}': {2}, pausing it until {3:HH:mm:ss} UTC.", Delay.TotalSeconds, Target, Reason, PausedUntil)
                : string.Format(System.Globalization.CultureInfo.InvariantCulture,
                    "{0}: {1}; retry {2} of {3} in {4:0.###} s.", Target, Reason, Attempt, MaxRetry, Delay.TotalSeconds);
    }
}
