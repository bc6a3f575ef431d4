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
    }
}
