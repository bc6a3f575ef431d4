using System;
using System.Globalization;
using System.Net.Http.Headers;
using System.Threading;

namespace Verifik
{
    /// <summary>How long to wait before a retry: the server's Retry-After when given, else exponential back-off with full jitter.</summary>
    public static class RetryDelay
    {
        private static int _seed = Environment.TickCount;
        private static readonly ThreadLocal<Random> Random = new ThreadLocal<Random>(() => new Random(Interlocked.Increment(ref _seed)));

        /// <summary>Retry-After as seconds or an HTTP-date; null when absent or unreadable.</summary>
        public static TimeSpan? FromRetryAfter(RetryConditionHeaderValue? header, DateTimeOffset now)
        {
            if (header == null) return null;
            if (header.Delta is TimeSpan delta) return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
            if (header.Date is DateTimeOffset date) return date > now ? date - now : TimeSpan.Zero;
            return null;
        }

        /// <summary>
        /// The answer's Retry-After. .NET's typed parse gives up on delta-seconds past Int32 (99999999999, say): such a
        /// value still says "wait very long", so it reads as the longest delta the header can carry, which the caller
        /// caps at <see cref="RequestSettings.MaxRetryAfter"/>, instead of as no header at all.
        /// </summary>
        public static RetryConditionHeaderValue? HeaderOf(HttpResponseHeaders headers)
        {
            if (headers.RetryAfter != null) return headers.RetryAfter;
            if (!headers.TryGetValues("Retry-After", out var values)) return null;
            foreach (var value in values)
            {
                if (IsHugeDelta(value)) return new RetryConditionHeaderValue(MaxDelta);
            }
            return null;
        }

        private static readonly TimeSpan MaxDelta = TimeSpan.FromSeconds(int.MaxValue);

        private static bool IsHugeDelta(string? value)
        {
            var digits = value?.Trim();
            if (string.IsNullOrEmpty(digits)) return false;
            foreach (var c in digits!) if (c < '0' || c > '9') return false;
            return !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out _);
        }

        /// <summary>Parses a raw Retry-After value ("120" or "Wed, 21 Oct 2015 07:28:00 GMT").</summary>
        public static TimeSpan? FromRetryAfter(string? value, DateTimeOffset now)
        {
            if (string.IsNullOrWhiteSpace(value)) return null;
            if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)) return TimeSpan.FromSeconds(seconds);
            if (IsHugeDelta(value)) return MaxDelta;
            if (DateTimeOffset.TryParseExact(value!.Trim(), "r", CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal, out var date))
            {
                return date > now ? date - now : TimeSpan.Zero;
            }
            return null;
        }

        /// <summary>Full-jitter exponential back-off for retry <paramref name="attempt"/> (1-based).</summary>
        public static TimeSpan Backoff(int attempt, TimeSpan baseDelay, TimeSpan maxDelay)
        {
            var ceiling = Math.Min(maxDelay.TotalMilliseconds, baseDelay.TotalMilliseconds * Math.Pow(2, Math.Max(0, attempt - 1)));
            // Half fixed, half random: spreads clients apart without ever retrying instantly.
            return TimeSpan.FromMilliseconds(ceiling / 2 + Random.Value!.NextDouble() * ceiling / 2);
        }
    }
}
