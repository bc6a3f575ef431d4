using System;
using System.Text;

namespace Verifik
{
    /// <summary>Turns a non-success answer into a <see cref="VerifikApiException"/> with a message a user can act on.</summary>
    internal static class FailureMapper
    {
        /// <param name="uncertainAdvice">For a request that is not safe to repeat: see <see cref="ApiRequest.UncertainAdvice"/>.</param>
        /// <param name="bodyExcerpt">False for answers that may hold secrets (sign-in): only the API's parsed code and message are quoted.</param>
        public static VerifikApiException FromStatus(ApiResponse response, string target, bool isRecord, int retries,
            RetryRule rule = RetryRule.Idempotent, Func<DateTime, string>? uncertainAdvice = null, bool bodyExcerpt = true)
        {
            var status = response.Status;
            var error = ApiErrorReader.TryParse(response.Body);
            var said = Said(error);
            var retried = ApiTransport.IsRetried(response, rule);

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
            // Decided by the transport, for every request that is not safe to repeat (ApiTransport.MayHaveBeenProcessed):
            // a 5xx other than 503, or a redirect (a 303 "see the created record", say), may come after the work was done.
            var unknown = response.MayHaveBeenProcessed;
            if (status >= 500 || status == 408)
            {
                return new VerifikApiException(VerifikFailure.ServerError,
                    $"'{target}': the Verifik API failed ({response.Describe()}{SaidOrBody(error, response, bodyExcerpt)})" +
                    (retried ? $" after {retries} retries." : ".") + (unknown ? " " + UncertainAdvice(target, uncertainAdvice, response.SentAt) : string.Empty),
                    target, status, error, outcomeUnknown: unknown);
            }
            if (status >= 300 && status < 400)
            {
                return new VerifikApiException(VerifikFailure.Redirect,
                    $"'{target}': the API answered with a redirect (HTTP {status}) that was not followed." +
                    (unknown ? " " + UncertainAdvice(target, uncertainAdvice, response.SentAt) : string.Empty),
                    target, status, error, outcomeUnknown: unknown);
            }
            return new VerifikApiException(VerifikFailure.BadRequest,
                $"'{target}': the Verifik API rejected the request ({response.Describe()}{SaidOrBody(error, response, bodyExcerpt)}).", target, status, error);
        }

        /// <summary>The request's own advice for an uncertain outcome, else the advice for a create.</summary>
        public static string UncertainAdvice(string target, Func<DateTime, string>? advice, DateTime sentUtc) =>
            advice != null ? advice(sentUtc) : OutcomeUnknownAdvice(target, sentUtc);

        /// <summary>
        /// A non-success answer to an image download. The image host is not the API (a CDN, say): its 401/403/404 say
        /// nothing about the connection's token or the record, so they are reported as the image host's answer.
        /// </summary>
        public static VerifikApiException FromImageStatus(ApiResponse response, string target, string url, int retries)
        {
            var status = response.Status;
            var failure =
                status == 404 || status == 410 ? VerifikFailure.NotFound :
                status == 401 ? VerifikFailure.Unauthorized :
                status == 403 ? VerifikFailure.Forbidden :
                status == 429 ? VerifikFailure.RateLimited :
                status >= 500 || status == 408 ? VerifikFailure.ServerError :
                status >= 300 && status < 400 ? VerifikFailure.Redirect :
                VerifikFailure.BadRequest;
            var retried = ApiTransport.IsRetried(response, RetryRule.Idempotent) && retries > 0;
            return new VerifikApiException(failure,
                $"'{target}': the image host answered {response.Describe()} for {url}" + (retried ? $" after {retries} retries" : "") +
                "; nothing was saved.", target, status);
        }

        /// <summary>What to tell a user whose create may or may not have been processed.</summary>
        public static string OutcomeUnknownAdvice(string target, DateTime sentUtc) =>
            $"The request for '{target}' was sent at {sentUtc:yyyy-MM-dd HH:mm:ss} UTC and may or may not have been processed " +
            "(and charged); it was not sent again. Check before submitting it again: Get-VerifikDocumentLiveness -CreatedAfter " +
            $"'{sentUtc.AddMinutes(-1):yyyy-MM-ddTHH:mm:ssZ}'.";

        /// <summary>The decoder's complaint behind <paramref name="ex"/>, when a body could not be decompressed.</summary>
        public static System.IO.InvalidDataException? DecodingFailure(Exception ex) =>
            ex as System.IO.InvalidDataException ?? ex.InnerException as System.IO.InvalidDataException;

        /// <summary>A body its Content-Encoding does not describe. Not retried: like any invalid answer, it would most likely come again.</summary>
        public static VerifikApiException Undecodable(string target, System.IO.InvalidDataException ex) =>
            new VerifikApiException(VerifikFailure.InvalidResponse,
                $"'{target}': the answer could not be decoded as its Content-Encoding says ({Printable.Escape(ex.Message)}); it was not read.", target, inner: ex);

        /// <summary>HTTP 200 with <c>"success": false</c>: the API's own account of a failure, not a record or a page.</summary>
        public static VerifikApiException Unsuccessful(ApiResponse response, string target, ApiError? error) =>
            new VerifikApiException(VerifikFailure.Unsuccessful,
                $"'{target}': the Verifik API answered {response.Describe()} but says the request failed" +
                (error == null ? " (\"success\": false), without a reason." : ": " + Printable.Escape(error.ToString()) + "."),
                target, response.Status, error);

        /// <summary>": message (code)", escaped for a message; empty without an error.</summary>
        public static string Said(ApiError? error) => error == null ? string.Empty : ": " + Printable.Escape(error.ToString());

        public static VerifikApiException InvalidBody(ApiResponse response, string target, string reason) =>
            new VerifikApiException(VerifikFailure.InvalidResponse,
                $"'{target}': the answer ({response.Describe()}) is not the documented JSON: {reason}", target, response.Status,
                ApiErrorReader.TryParse(response.Body));

        private static string SaidOrBody(ApiError? error, ApiResponse response, bool bodyExcerpt)
        {
            if (error != null) return Said(error);
            if (response.Body.Length == 0 || !bodyExcerpt) return string.Empty;
            // A proxy's HTML page or plain text: a short, single-line excerpt helps more than nothing. Its line breaks and
            // tabs read as spaces; any other control character is escaped (see Printable).
            var text = Encoding.UTF8.GetString(response.Body, 0, System.Math.Min(response.Body.Length, 120));
            var flat = new StringBuilder(text.Length);
            foreach (var ch in text) flat.Append(ch == '\r' || ch == '\n' || ch == '\t' ? ' ' : ch);
            return ": " + Printable.Escape(flat.ToString().Trim()) + (response.Body.Length > 120 ? "…" : string.Empty);
        }
    }
}
