using System;
using System.Management.Automation;

namespace Verifik.PowerShell.Requests
{
    /// <summary>
    /// The error records of Invoke-VerifikRequest: the category follows the HTTP status (404 ObjectNotFound, 401
    /// AuthenticationError, 403 PermissionDenied, 400/409/422 InvalidArgument, 413/429 LimitsExceeded, 5xx
    /// ResourceUnavailable…), the message carries the API's message and code, and the URI is the TargetObject.
    /// </summary>
    internal static class RequestErrors
    {
        public static ErrorRecord From(VerifikApiException ex, Uri uri)
        {
            var (id, category) = Classify(ex);
            var record = VerifikErrors.From(ex, uri);
            var classified = new ErrorRecord(ex, id, category, uri);
            if (record.ErrorDetails != null) classified.ErrorDetails = record.ErrorDetails; // escaped server text, as everywhere
            return classified;
        }

        private static (string, ErrorCategory) Classify(VerifikApiException ex)
        {
            if (ex.OutcomeUnknown) return ("VerifikRequestUncertain", VerifikErrors.Classify(ex.Failure).Category);
            switch (ex.StatusCode)
            {
                case 400: case 409: case 422: return ("VerifikRequestRejected", ErrorCategory.InvalidArgument);
                case 401: return ("VerifikTokenRefused", ErrorCategory.AuthenticationError);
                case 403: return ("VerifikPermissionDenied", ErrorCategory.PermissionDenied);
                case 404: case 410: return ("VerifikResourceNotFound", ErrorCategory.ObjectNotFound);
                case 405: return ("VerifikMethodNotAllowed", ErrorCategory.InvalidOperation);
                case 413: return ("VerifikRequestTooLarge", ErrorCategory.LimitsExceeded);
                case 429: return ("VerifikRateLimited", ErrorCategory.LimitsExceeded);
            }
            return VerifikErrors.Classify(ex.Failure);
        }

        public static ErrorRecord UriRefused(string problem, string uri) => VerifikErrors.Argument(problem, "VerifikUriRefused", uri);

        public static ErrorRecord InFileNotFound(string path) =>
            new ErrorRecord(new ItemNotFoundException($"-InFile '{path}' is not a file; nothing was sent."), "VerifikInFileNotFound", ErrorCategory.ObjectNotFound, path);

        public static ErrorRecord InFileUnreadable(string path, Exception ex) =>
            new ErrorRecord(new System.IO.IOException($"-InFile '{path}' could not be read: {ex.Message}", ex), "VerifikFileUnreadable",
                ex is UnauthorizedAccessException ? ErrorCategory.PermissionDenied : ErrorCategory.ReadError, path);

        public static ErrorRecord NotJson(Uri uri, string reason) =>
            new ErrorRecord(new InvalidOperationException($"'{uri.PathAndQuery}': the answer says it is JSON but is not ({reason})."),
                "InvalidVerifikResponse", ErrorCategory.InvalidData, uri);
    }
}
