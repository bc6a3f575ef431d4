using System;
using System.Collections.Generic;
using System.Net.Http.Headers;

namespace Verifik
{
    /// <summary>A complete HTTP answer: status, content type and the whole (size-capped) body.</summary>
    internal sealed class ApiResponse
    {
        public ApiResponse(int status, string? mediaType, byte[] body, RetryConditionHeaderValue? retryAfter, DateTime sentAt,
            IReadOnlyDictionary<string, string[]>? headers = null, bool mayHaveBeenProcessed = false)
        {
            Status = status; MediaType = mediaType; Body = body; RetryAfter = retryAfter; SentAt = sentAt; Headers = headers;
            MayHaveBeenProcessed = mayHaveBeenProcessed;
        }

        /// <summary>The answer's headers (response and content), only when the request asked for them (<see cref="ApiRequest.KeepHeaders"/>).</summary>
        public IReadOnlyDictionary<string, string[]>? Headers { get; }

        public int Status { get; }
        public string? MediaType { get; }
        public byte[] Body { get; }
        public RetryConditionHeaderValue? RetryAfter { get; }

        /// <summary>When the attempt that got this answer was sent (UTC): what a user checks an uncertain create against.</summary>
        public DateTime SentAt { get; }

        /// <summary>
        /// A failure answer to a request that is not safe to repeat, after its body began to go out, that does not prove
        /// the API left it alone (see <see cref="ApiTransport.MayHaveBeenProcessed"/>): the caller must not say "not processed".
        /// </summary>
        public bool MayHaveBeenProcessed { get; }

        public bool IsSuccess => Status >= 200 && Status < 300;

        /// <summary>Worth another attempt: request timeout, rate limit, and the gateway/server errors.</summary>
        public bool IsTransient => Status == 408 || Status == 429 || Status == 500 || Status == 502 || Status == 503 || Status == 504;

        public string Describe() => "HTTP " + Status + (MediaType == null ? string.Empty : ", " + MediaType);
    }
}
