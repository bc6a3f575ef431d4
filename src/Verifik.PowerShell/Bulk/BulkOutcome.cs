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
}
