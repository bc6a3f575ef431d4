using System;

namespace Verifik
{
    /// <summary>
    /// A non-2xx answer to a generic request as a <see cref="VerifikApiException"/>: 404/410 and 403 get messages about the
    /// resource (not about document-liveness records); the rest is mapped as for every request (FailureMapper), so the
    /// retry and uncertainty rules stay in one place.
    /// </summary>
    internal static class ResourceFailures
    {
        public static VerifikApiException FromStatus(ApiResponse response, string target, int retries, RetryRule rule, Func<DateTime, string>? advice)
        {
            var status = response.Status;
            var error = ApiErrorReader.TryParse(response.Body);
            if (status == 404 || status == 410)
            {
                return new VerifikApiException(VerifikFailure.NotFound,
                    $"'{target}': the Verifik API has no such resource (HTTP {status}{FailureMapper.Said(error)}).", target, status, error);
            }
            if (status == 403)
            {
                return new VerifikApiException(VerifikFailure.Forbidden,
                    $"'{target}': the Verifik API refused the token for this request (HTTP 403{FailureMapper.Said(error)}). The token may have " +
                    "expired or lack access to it; get a new token and run Connect-Verifik again.", target, status, error);
            }
            return FailureMapper.FromStatus(response, target, isRecord: false, retries, rule, advice);
        }

        /// <summary>What to tell a user whose POST or PATCH may or may not have been processed.</summary>
        public static Func<DateTime, string> UncertainAdvice(string target) => sent =>
            $"The request '{target}' was sent at {sent:yyyy-MM-dd HH:mm:ss} UTC and may or may not have been processed by the API " +
            "(and charged, where the endpoint charges); it was not sent again. Check the resource before sending it again.";
    }
}
