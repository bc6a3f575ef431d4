using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Verifik
{
    /// <summary>
    /// One call as <see cref="ApiTransport"/> sends it. Everything that differs between calls is said here, so the
    /// transport has a single path: above all whether the call is safe to repeat, which decides the retry rule.
    /// </summary>
    internal sealed class ApiRequest
    {
        public ApiRequest(HttpMethod method, Uri uri, string target)
        {
            Method = method;
            Uri = uri;
            Target = target;
        }

        public HttpMethod Method { get; }

        /// <summary>Absolute.</summary>
        public Uri Uri { get; }

        /// <summary>What the call is about (a record ID, a file, "list page 2"), for messages.</summary>
        public string Target { get; }

        /// <summary>A fresh body for each attempt (a streamed upload cannot be replayed from the first one).</summary>
        public Func<HttpContent>? Body { get; set; }

        /// <summary>
        /// Safe to repeat (reads): retried on 408/429/500/502/503/504, timeouts and broken connections. Not safe (a
        /// create is charged; a sign-in sends a new code): retried only when the API provably did not take it.
        /// </summary>
        public RetryRule Retry { get; set; } = RetryRule.Idempotent;

        /// <summary>
        /// Sends the connection's bearer token, where the transport allows it: only to the API's own origin (so never to an
        /// image host), and past the first hop only when redirects stay on that origin.
        /// </summary>
        public bool WithToken { get; set; } = true;

        public RedirectRule Redirects { get; set; } = RedirectRule.SameOrigin;

        /// <summary>
        /// Streams a 2xx body somewhere else (a file) instead of into memory. Called once per attempt; an
        /// <see cref="System.IO.IOException"/> from it counts as a broken connection (retried when safe).
        /// </summary>
        public Func<HttpResponseMessage, CancellationToken, Task>? ReadSuccess { get; set; }

        /// <summary>
        /// What to tell the user when a request that is not safe to repeat may have reached the API (given when it was
        /// sent, UTC). Null: the advice for a create (which is charged).
        /// </summary>
        public Func<DateTime, string>? UncertainAdvice { get; set; }

        /// <summary>
        /// Adds the caller's own headers to each attempt's message (a generic request's -Headers). Runs before the
        /// transport sets Authorization, so it can never replace the token rule.
        /// </summary>
        public Action<HttpRequestMessage>? Prepare { get; set; }

        /// <summary>Keeps the answer's headers in <see cref="ApiResponse.Headers"/> (off by default: nothing else needs them).</summary>
        public bool KeepHeaders { get; set; }
    }

    internal enum RetryRule
    {
        Idempotent,
        NotIdempotent,
    }

    internal enum RedirectRule
    {
        /// <summary>Followed only to the same scheme, host and port (the token may go along).</summary>
        SameOrigin,
        /// <summary>Followed to any host of the same scheme that the transport policy allows; the token, if any, goes only with the first hop.</summary>
        SameScheme,
    }
}
