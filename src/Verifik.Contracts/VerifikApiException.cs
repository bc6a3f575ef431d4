using System;

namespace Verifik
{
    /// <summary>
    /// A failed request. Carries what a caller needs to report it well: the kind of failure, the HTTP
    /// status and the API's own code, and the record ID it concerned. Never the token.
    /// </summary>
    public sealed class VerifikApiException : Exception
    {
        public VerifikApiException(VerifikFailure failure, string message, string? resourceId = null,
            int? statusCode = null, ApiError? apiError = null, Exception? inner = null, bool outcomeUnknown = false)
            : base(message, inner)
        {
            OutcomeUnknown = outcomeUnknown;
            Failure = failure;
            ResourceId = resourceId;
            StatusCode = statusCode;
            ApiError = apiError;
        }

        public VerifikFailure Failure { get; }
        public string? ResourceId { get; }
        public int? StatusCode { get; }
        public ApiError? ApiError { get; }

        /// <summary>
        /// A request that is not safe to repeat (a create, which is charged) may have reached the API: it timed out or
        /// the connection broke after the body was sent, or the API failed with 500/502/504. It was not sent again.
        /// </summary>
        public bool OutcomeUnknown { get; }

        /// <summary>The token was refused (or wiped): retrying other IDs with it is pointless.</summary>
        public bool IsAuthenticationFailure =>
            Failure == VerifikFailure.Unauthorized || Failure == VerifikFailure.Forbidden || Failure == VerifikFailure.ConnectionClosed;
    }
}
