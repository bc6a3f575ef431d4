using System.Collections.Generic;

namespace Verifik
{
    /// <summary>A parsed record and the fields that could not be read (wrong JSON type), for the caller to warn about.</summary>
    public sealed class FetchedRecord
    {
        public FetchedRecord(DocumentLiveness record, IReadOnlyList<string> problems)
        {
            Record = record;
            Problems = problems;
        }

        public DocumentLiveness Record { get; }
        public IReadOnlyList<string> Problems { get; }

        /// <summary>About how many bytes the record holds in memory: its JSON plus the typed fields (~2 KB).</summary>
        public long HeldBytes => Record.JsonByteCount + 2048L;
    }
}
