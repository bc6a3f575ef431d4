using System;
using System.Management.Automation;

namespace Verifik.PowerShell
{
    /// <summary>
    /// Builds the module's error records: each failure keeps its own category, a stable ErrorId and the
    /// ID it concerns as TargetObject (after Invoke-RestMethod, not one catch-all exception).
    /// </summary>
    internal static class VerifikErrors
    {
        public static ErrorRecord From(VerifikApiException ex, object? target)
        {
            var (id, category) = Classify(ex.Failure);
            return Escaped(new ErrorRecord(ex, id, category, target ?? ex.ResourceId));
        }

        /// <summary>
        /// A message that quotes server text (an ID as it came, a URL) is shown escaped, through ErrorDetails; the
        /// exception and TargetObject keep the text as it was.
        /// </summary>
        public static ErrorRecord Escaped(ErrorRecord record)
        {
            var message = record.Exception.Message;
            var shown = Printable.Escape(message);
            if (!ReferenceEquals(shown, message)) record.ErrorDetails = new ErrorDetails(shown);
            return record;
        }

        public static (string ErrorId, ErrorCategory Category) Classify(VerifikFailure failure)
        {
            switch (failure)
            {
                case VerifikFailure.InvalidId: return ("InvalidDocumentLivenessId", ErrorCategory.InvalidArgument);
                case VerifikFailure.NotFound: return ("DocumentLivenessNotFound", ErrorCategory.ObjectNotFound);
                case VerifikFailure.Unauthorized: return ("VerifikTokenRefused", ErrorCategory.AuthenticationError);
                case VerifikFailure.Forbidden: return ("VerifikPermissionDenied", ErrorCategory.PermissionDenied);
                case VerifikFailure.BadRequest: return ("VerifikRequestRejected", ErrorCategory.InvalidOperation);
                case VerifikFailure.RateLimited: return ("VerifikRateLimited", ErrorCategory.LimitsExceeded);
                case VerifikFailure.ServerError: return ("VerifikServerError", ErrorCategory.ResourceUnavailable);
                case VerifikFailure.InvalidResponse: return ("InvalidVerifikResponse", ErrorCategory.InvalidData);
                case VerifikFailure.Timeout: return ("VerifikTimeout", ErrorCategory.OperationTimeout);
                case VerifikFailure.Connection: return ("VerifikConnectionFailed", ErrorCategory.ConnectionError);
                case VerifikFailure.Redirect: return ("VerifikRedirectRefused", ErrorCategory.SecurityError);
                case VerifikFailure.CodeRejected: return ("VerifikCodeRejected", ErrorCategory.AuthenticationError);
                case VerifikFailure.AccountNotFound: return ("VerifikAccountNotFound", ErrorCategory.ObjectNotFound);
                case VerifikFailure.ConnectionClosed: return ("VerifikConnectionClosed", ErrorCategory.AuthenticationError);
                case VerifikFailure.Unsuccessful: return ("VerifikRequestUnsuccessful", ErrorCategory.InvalidResult);
                default: return ("VerifikRequestFailed", ErrorCategory.NotSpecified);
            }
        }

        /// <summary>
        /// A failed image download (TargetObject = the record's ID). Answers of the image host are its own, not the
        /// API's: VerifikImageDownloadFailed with the category of the status; connection failures keep the transport's ids.
        /// </summary>
        public static ErrorRecord FromDownload(VerifikApiException ex, string id)
        {
            var (errorId, category) = ex.Failure switch
            {
                VerifikFailure.InsecureUri => ("VerifikInsecureImageUrl", ErrorCategory.SecurityError),
                VerifikFailure.Redirect => ("VerifikRedirectRefused", ErrorCategory.SecurityError),
                VerifikFailure.TooLarge => ("VerifikImageTooLarge", ErrorCategory.LimitsExceeded),
                VerifikFailure.InvalidResponse => ("VerifikNotAnImage", ErrorCategory.InvalidData),
                VerifikFailure.Timeout or VerifikFailure.Connection => Classify(ex.Failure),
                VerifikFailure.NotFound => ("VerifikImageDownloadFailed", ErrorCategory.ObjectNotFound),
                VerifikFailure.Unauthorized or VerifikFailure.Forbidden => ("VerifikImageDownloadFailed", ErrorCategory.PermissionDenied),
                VerifikFailure.RateLimited => ("VerifikImageDownloadFailed", ErrorCategory.LimitsExceeded),
                VerifikFailure.ServerError => ("VerifikImageDownloadFailed", ErrorCategory.ResourceUnavailable),
                _ => ("VerifikImageDownloadFailed", ErrorCategory.InvalidOperation),
            };
            return Escaped(new ErrorRecord(ex, errorId, category, id));
        }

        public static ErrorRecord ImageNotSaved(string id) =>
            new ErrorRecord(new ItemNotFoundException($"Record '{Printable.Escape(id)}' has no saved image: its ImageUrl is empty (records created without saveImage have none). Nothing was requested."),
                "VerifikImageNotSaved", ErrorCategory.ObjectNotFound, id);

        /// <summary>The local file could not be written: access denied is PermissionDenied, the rest (disk full...) WriteError.</summary>
        public static ErrorRecord FileWriteFailed(ImageFileException ex, string id)
        {
            var message = Printable.Escape(ex.Message + " Nothing was saved for '" + id + "'.");
            Exception reported = ex.IsAccessDenied ? new UnauthorizedAccessException(message, ex.InnerException) : new System.IO.IOException(message, ex.InnerException);
            return new ErrorRecord(reported, "VerifikFileWriteFailed", ex.IsAccessDenied ? ErrorCategory.PermissionDenied : ErrorCategory.WriteError, id);
        }

        public static ErrorRecord NotConnected() =>
            new ErrorRecord(
                new InvalidOperationException("Not connected to Verifik. Run Connect-Verifik first (it reads -Token or the VERIFIK_TOKEN environment variable)."),
                "VerifikNotConnected", ErrorCategory.AuthenticationError, null);

        public static ErrorRecord ConnectionClosed(VerifikConnection connection) =>
            new ErrorRecord(
                new InvalidOperationException($"The connection to {connection} was closed by Disconnect-Verifik. Connect again with Connect-Verifik."),
                "VerifikConnectionClosed", ErrorCategory.AuthenticationError, connection);

        /// <summary>
        /// Connect-Verifik's check refused the token: 401, or 403 (expired, or no access to document liveness, which every
        /// token this module uses needs). One ErrorId and category for both; the exception keeps the status and the failure.
        /// </summary>
        public static ErrorRecord TokenRefused(VerifikApiException ex)
        {
            var shown = From(ex, null);
            return new ErrorRecord(ex, "VerifikTokenRefused", ErrorCategory.AuthenticationError, null) { ErrorDetails = shown.ErrorDetails };
        }

        /// <summary>A code was sent but cannot be asked for; the recommended action is the command that finishes the sign-in.</summary>
        public static ErrorRecord CodeRequired(string message, string finishingCommand, object target) =>
            new ErrorRecord(new InvalidOperationException(message), "VerifikCodeRequired", ErrorCategory.AuthenticationError, target)
            {
                ErrorDetails = new ErrorDetails(message) { RecommendedAction = finishingCommand },
            };

        /// <summary>A listing that ended before the records the API promised (an empty or repeated page); written after what was read.</summary>
        public static ErrorRecord ListingIncomplete(VerifikApiException ex) =>
            new ErrorRecord(ex, "VerifikListingIncomplete", ErrorCategory.InvalidData, ex.ResourceId);

        /// <summary>A page of a listing failed with something other than a <see cref="VerifikApiException"/>.</summary>
        public static ErrorRecord ListingFailed(Exception ex, string page) =>
            new ErrorRecord(new InvalidOperationException($"'{page}': reading the page failed: {ex.Message}", ex), "VerifikListingFailed", ErrorCategory.NotSpecified, page);

        public static ErrorRecord Argument(string message, string errorId, object? target) =>
            new ErrorRecord(new ArgumentException(message), errorId, ErrorCategory.InvalidArgument, target);
    }
}
