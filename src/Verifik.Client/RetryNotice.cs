using System;

namespace Verifik
{
    /// <summary>Tells a caller that a request is about to be retried, and why (never with the token).</summary>
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

        public override string ToString() =>
            string.Format(System.Globalization.CultureInfo.InvariantCulture,
                "{0}: {1}; retry {2} of {3} in {4:0.###} s.", Target, Reason, Attempt, MaxRetry, Delay.TotalSeconds);
    }
}
