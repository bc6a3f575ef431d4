using System.Text;

namespace Verifik
{
    /// <summary>Turns a non-success answer into a <see cref="VerifikApiException"/> with a message a user can act on.</summary>
    internal static class FailureMapper
    {
        public static VerifikApiException FromStatus(ApiResponse response, string target, bool isRecord, int retries)
        {
            var status = response.Status;
            var error = ApiErrorReader.TryParse(response.Body);
            var said = error == null ? string.Empty : ": " + error;

            if (status == 404 && isRecord)
            {
                return new VerifikApiException(VerifikFailure.NotFound,
                    $"Document liveness record '{target}' was not found (HTTP 404{said}).", target, status, error);
            }
            if (status == 401)
            {
                return new VerifikApiException(VerifikFailure.Unauthorized,
                    $"The Verifik API refused the token (HTTP 401{said}). Get a new token and run Connect-Verifik again.", target, status, error);
            }
            if (status == 403)
            {
                return new VerifikApiException(VerifikFailure.Forbidden,
                    $"The Verifik API refused the token for '{target}' (HTTP 403{said}). The token may have expired or lack access to " +
                    "document liveness; get a new token and run Connect-Verifik again.", target, status, error);
            }
            if (status == 429)
            {
                return new VerifikApiException(VerifikFailure.RateLimited,
                    $"'{target}': the Verifik API is still rate-limiting (HTTP 429{said}) after {retries} retries. Lower -ThrottleLimit or raise -MaxRetry.",
                    target, status, error);
            }
            if (status >= 500 || status == 408)
            {
                return new VerifikApiException(VerifikFailure.ServerError,
                    $"'{target}': the Verifik API failed ({response.Describe()}{SaidOrBody(error, response)})" +
                    (response.IsTransient ? $" after {retries} retries." : "."),
                    target, status, error);
            }
            if (status >= 300 && status < 400)
            {
                return new VerifikApiException(VerifikFailure.Redirect,
                    $"'{target}': the API answered with a redirect (HTTP {status}) that was not followed.", target, status, error);
            }
            return new VerifikApiException(VerifikFailure.BadRequest,
                $"'{target}': the Verifik API rejected the request ({response.Describe()}{SaidOrBody(error, response)}).", target, status, error);
        }

        public static VerifikApiException InvalidBody(ApiResponse response, string target, string reason) =>
            new VerifikApiException(VerifikFailure.InvalidResponse,
                $"'{target}': the answer ({response.Describe()}) is not the documented JSON: {reason}", target, response.Status,
                ApiErrorReader.TryParse(response.Body));

        private static string SaidOrBody(ApiError? error, ApiResponse response)
        {
            if (error != null) return ": " + error;
            if (response.Body.Length == 0) return string.Empty;
            // A proxy's HTML page or plain text: a short, single-line excerpt helps more than nothing.
            var text = Encoding.UTF8.GetString(response.Body, 0, System.Math.Min(response.Body.Length, 120));
            var flat = new StringBuilder(text.Length);
            foreach (var ch in text) flat.Append(char.IsControl(ch) ? ' ' : ch);
            return ": " + flat.ToString().Trim() + (response.Body.Length > 120 ? "…" : string.Empty);
        }
    }
}
