using System.Management.Automation;

namespace Verifik.PowerShell.Bulk
{
    /// <summary>What one item of a bulk run came to: built on a worker thread, reported on the pipeline thread.</summary>
    internal readonly struct BulkOutcome<T>
    {
        private BulkOutcome(T value, ErrorRecord? error, bool fatal)
        {
            Value = value;
            Error = error;
            IsFatal = fatal;
        }

        public T Value { get; }
        public ErrorRecord? Error { get; }

        /// <summary>Nothing after this item can succeed (the token was refused): the run stops with this error.</summary>
        public bool IsFatal { get; }

        public static BulkOutcome<T> Success(T value) => new BulkOutcome<T>(value, null, false);

        public static BulkOutcome<T> Failure(ErrorRecord error, bool fatal = false) => new BulkOutcome<T>(default!, error, fatal);
    }

    internal static class BulkOutcome
    {
        /// <summary>
        /// Whether a failure stops the run: a refused token fails every later request the same way, so they are not sent.
        /// A connection closed meanwhile (Disconnect-Verifik elsewhere) is not: each later item fails at once without a
        /// request, so every input still gets its own error.
        /// </summary>
        public static bool StopsRun(VerifikApiException ex) => ex.Failure == VerifikFailure.Unauthorized || ex.Failure == VerifikFailure.Forbidden;
    }
}
