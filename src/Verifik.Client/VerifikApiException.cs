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
            int? statusCode = null, ApiError? apiError = null, Exception? inner = null)
            : base(message, inner)
        {
            Failure = failure;
            ResourceId = resourceId;
            StatusCode = statusCode;
            ApiError = apiError;
        }

        public VerifikFailure Failure { get; }
        public string? ResourceId { get; }
        public int? StatusCode { get; }
        public ApiError? ApiError { get; }

        /// <summary>The token was refused: retrying other IDs with it is pointless.</summary>
        public bool IsAuthenticationFailure => Failure == VerifikFailure.Unauthorized || Failure == VerifikFailure.Forbidden;
    }
}
