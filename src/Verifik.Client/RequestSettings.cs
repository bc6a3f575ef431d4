using System;

namespace Verifik
{
    /// <summary>How hard one call tries: retries, per-attempt timeout, and the largest body accepted.</summary>
    public sealed class RequestSettings
    {
        public const int DefaultMaxRetry = 4;
        public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(100);

        /// <summary>Retries after the first attempt for transient failures (429, 5xx, resets, timeouts). 0 = none.</summary>
        public int MaxRetry { get; set; } = DefaultMaxRetry;

        /// <summary>Time allowed for one attempt, body included.</summary>
        public TimeSpan Timeout { get; set; } = DefaultTimeout;

        /// <summary>The first back-off; doubles each retry (with jitter) up to <see cref="MaxDelay"/>.</summary>
        public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

        public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>A Retry-After longer than this is cut to it, so one odd header cannot stall a run for hours.</summary>
        public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromMinutes(2);

        /// <summary>
        /// Bodies read into memory larger than this are refused (a record is a few KB; a 100-record page well under 1 MB).
        /// A body streamed elsewhere (<see cref="ApiRequest.ReadSuccess"/>) keeps its own limit.
        /// </summary>
        public long MaxResponseBytes { get; set; } = 16L * 1024 * 1024;

        /// <summary>
        /// Request bodies larger than this ask for "Expect: 100-continue": a server's refusal (413, 429, 503) then comes
        /// before the body, not after megabytes of it went into a connection the server is closing. Smaller bodies are
        /// not worth the round trip: they are in the socket's buffers before a refusal could arrive.
        /// </summary>
        public long ExpectContinueAbove { get; set; } = 1024 * 1024;

        public RequestSettings Clone() => (RequestSettings)MemberwiseClone();
    }
}
