using System.Collections.Generic;

namespace Verifik
{
    /// <summary>One page of the list endpoint, whichever documented envelope it came in.</summary>
    public sealed class DocumentLivenessPage
    {
        public DocumentLivenessPage(IReadOnlyList<FetchedRecord> records, long? total, long? pages)
        {
            Records = records;
            Total = total;
            Pages = pages;
        }

        public IReadOnlyList<FetchedRecord> Records { get; }

        /// <summary>All records matching the query, when the API says.</summary>
        public long? Total { get; }

        /// <summary>The API's page count, when it says; a long, as a hostile or huge count may pass Int32.</summary>
        public long? Pages { get; }
    }
}
