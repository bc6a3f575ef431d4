using System;
using System.IO;
using System.Management.Automation;

namespace Verifik.PowerShell
{
    /// <summary>
    /// The error records of New-VerifikDocumentLiveness: one per file, with the path as TargetObject, for a file that
    /// was not sent (each with its own ErrorId) and for a create the API refused or may have processed.
    /// </summary>
    internal static class SubmissionErrors
    {
        private const string Accepted = "a JPEG, PNG or WebP image";

        /// <summary>Why a -Path or -LiteralPath names no file to submit (see FileSystemPaths).</summary>
        public static ErrorRecord Unresolved(string path, Files.FileSystemPaths.Resolved resolved) =>
            resolved.Problem == Files.FileSystemPaths.Problem.NotFileSystem ? NotFileSystem(path, resolved.Reason!) : PathNotFound(path, resolved.Reason!);

        public static ErrorRecord PathNotFound(string path, string reason) =>
            new ErrorRecord(new ItemNotFoundException($"Cannot submit '{path}': {reason}"), "VerifikPathNotFound", ErrorCategory.ObjectNotFound, path);

        public static ErrorRecord NotFileSystem(string path, string reason) =>
            new ErrorRecord(new ArgumentException($"Cannot submit '{path}': {reason} Give the path of an image file."),
                "VerifikPathNotFileSystem", ErrorCategory.InvalidArgument, path);

        public static ErrorRecord IsDirectory(string path) =>
            new ErrorRecord(new ArgumentException($"'{path}' is a directory, not a file; nothing was sent for it. To submit the images in it, " +
                "pipe them in: Get-ChildItem <folder> -Include *.jpg, *.png -Recurse | New-VerifikDocumentLiveness."),
                "VerifikPathIsDirectory", ErrorCategory.InvalidArgument, path);

        public static ErrorRecord Empty(string path) =>
            new ErrorRecord(new InvalidDataException($"'{path}' is empty (0 bytes: an empty file, or one that is not a regular file, such as a named pipe); " +
                "nothing was sent for it."),
                "VerifikFileEmpty", ErrorCategory.InvalidData, path);

        public static ErrorRecord NotAnImage(string path, byte[] header, int count) =>
            new ErrorRecord(new InvalidDataException($"'{path}' is not {Accepted}: the file is {ImageKind.Describe(header, count)}, " +
                "judging by its first bytes. Nothing was sent for it."),
                "VerifikNotAnImage", ErrorCategory.InvalidData, path);

        /// <summary>The file could not be read: before the request (nothing sent), or while it was sent (the body broke off, so nothing was processed).</summary>
        public static ErrorRecord Unreadable(string path, Exception ex)
        {
            var denied = ex is UnauthorizedAccessException;
            return new ErrorRecord(new IOException($"'{path}' could not be read, so it was not submitted: {ex.Message}", ex),
                "VerifikFileUnreadable", denied ? ErrorCategory.PermissionDenied : ErrorCategory.ReadError, path);
        }

        /// <summary>Opened, but a named pipe, a socket or a device: what it yields is no file's content.</summary>
        public static ErrorRecord NotRegular(string path) =>
            new ErrorRecord(new IOException($"'{path}' is not a regular file (it is a named pipe, a socket or a device); nothing was sent for it."),
                "VerifikFileUnreadable", ErrorCategory.ReadError, path);

        /// <summary>Checking the file did not finish in time: a stalled share, or a named pipe nobody writes to.</summary>
        public static ErrorRecord Stalled(string path, TimeSpan timeout) =>
            new ErrorRecord(new IOException($"'{path}' could not be read: the file system did not answer within {timeout.TotalSeconds:0.###} s " +
                "(a stalled network share, or a named pipe), so it was not submitted. Use -TimeoutSec to allow more."),
                "VerifikFileUnreadable", ErrorCategory.ReadError, path);

        /// <summary>A create that failed: uncertain (it may have been processed), refused by the API, or failed like any request.</summary>
        public static ErrorRecord FromCreate(VerifikApiException ex, string path)
        {
            var (id, category) = VerifikErrors.Classify(ex.Failure);
            if (ex.OutcomeUnknown) return new ErrorRecord(ex, "VerifikSubmissionUncertain", category, path);
            if (ex.Failure == VerifikFailure.BadRequest)
            {
                if (ex.StatusCode == 413) return new ErrorRecord(ex, "VerifikImageTooLarge", ErrorCategory.LimitsExceeded, path);
                if (ex.StatusCode == 400 && string.Equals(ex.ApiError?.Code, "INVALID_IMAGE_FORMAT", StringComparison.OrdinalIgnoreCase))
                    return new ErrorRecord(ex, "VerifikInvalidImageFormat", ErrorCategory.InvalidData, path);
                // What was sent is what the API objects to; other 4xx (a wrong path, a method not allowed) keep InvalidOperation.
                if (ex.StatusCode == 400 || ex.StatusCode == 409 || ex.StatusCode == 422) category = ErrorCategory.InvalidArgument;
            }
            return new ErrorRecord(ex, id, category, path);
        }
    }
}
