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
            return new ErrorRecord(ex, id, category, target ?? ex.ResourceId);
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
                default: return ("VerifikRequestFailed", ErrorCategory.NotSpecified);
            }
        }

        public static ErrorRecord NotConnected() =>
            new ErrorRecord(
                new InvalidOperationException("Not connected to Verifik. Run Connect-Verifik first (it reads -Token or the VERIFIK_TOKEN environment variable)."),
                "VerifikNotConnected", ErrorCategory.AuthenticationError, null);

        public static ErrorRecord ConnectionClosed(VerifikConnection connection) =>
            new ErrorRecord(
                new InvalidOperationException($"The connection to {connection} was closed by Disconnect-Verifik. Connect again with Connect-Verifik."),
                "VerifikConnectionClosed", ErrorCategory.AuthenticationError, connection);

        /// <summary>A code was sent but cannot be asked for; the recommended action is the command that finishes the sign-in.</summary>
        public static ErrorRecord CodeRequired(string message, string finishingCommand, object target) =>
            new ErrorRecord(new InvalidOperationException(message), "VerifikCodeRequired", ErrorCategory.AuthenticationError, target)
            {
                ErrorDetails = new ErrorDetails(message) { RecommendedAction = finishingCommand },
            };

        public static ErrorRecord Argument(string message, string errorId, object? target) =>
            new ErrorRecord(new ArgumentException(message), errorId, ErrorCategory.InvalidArgument, target);
    }
}
