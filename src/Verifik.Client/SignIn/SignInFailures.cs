using System;

namespace Verifik
{
    /// <summary>
    /// A sign-in answer that is not a success, as a <see cref="VerifikApiException"/>: a refused code and an unknown
    /// account get their own failures; the rest is mapped as for any request. Messages quote only the API's parsed
    /// code and message, never the body.
    /// </summary>
    internal static class SignInFailures
    {
        public static VerifikApiException From(ApiResponse response, string destination, bool confirming, int retries, Func<DateTime, string> advice)
        {
            var status = response.Status;
            var error = ApiErrorReader.TryParse(response.Body);
            var said = FailureMapper.Said(error);
            if (confirming && (status == 401 || (IsClientError(status) && NamesTheCode(error))))
            {
                return new VerifikApiException(VerifikFailure.CodeRejected,
                    $"The one-time code for '{destination}' was refused (HTTP {status}{said}). Ask for a new code and sign in again.",
                    destination, status, error);
            }
            if (status == 404)
            {
                return new VerifikApiException(VerifikFailure.AccountNotFound,
                    $"Verifik knows no account for '{destination}' (HTTP 404{said}). Check the address or number.",
                    destination, status, error);
            }
            if (status == 401 || status == 403)
            {
                // Sign-in carries no token: a refusal here is about the account, not a token.
                return new VerifikApiException(VerifikFailure.Forbidden,
                    $"The Verifik API refused the sign-in for '{destination}' (HTTP {status}{said}).", destination, status, error);
            }
            return FailureMapper.FromStatus(response, destination, isRecord: false, retries, RetryRule.NotIdempotent, advice, bodyExcerpt: false);
        }

        private static bool IsClientError(int status) => status == 400 || status == 403 || status == 410 || status == 422;

        /// <summary>InvalidOTP, OTP_EXPIRED, INVALID_CODE, ExpiredCode…</summary>
        private static bool NamesTheCode(ApiError? error)
        {
            var code = error?.Code?.ToUpperInvariant() ?? string.Empty;
            return code.Contains("OTP") || code.Contains("CODE");
        }
    }
}
