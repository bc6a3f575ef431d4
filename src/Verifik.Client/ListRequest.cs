using System;

namespace Verifik
{
    /// <summary>What a caller wants from the list endpoint: filters, page size, and which slice of the results.</summary>
    public sealed class ListRequest
    {
        public string? Status { get; set; }
        public int PageSize { get; set; } = ListQuery.MaxLimit;
        public ulong Skip { get; set; }
        public ulong First { get; set; } = ulong.MaxValue;

        /// <summary>Client-side filters: the API does not document date filters for this endpoint.</summary>
        public DateTime? CreatedAfter { get; set; }
        public DateTime? CreatedBefore { get; set; }

        public bool HasClientFilter => CreatedAfter.HasValue || CreatedBefore.HasValue;

        internal bool Matches(DocumentLiveness record)
        {
            if (!HasClientFilter) return true;
            if (record.CreatedAt is not DateTime created) return false;
            return (!CreatedAfter.HasValue || created >= CreatedAfter.Value.ToUniversalTime())
                && (!CreatedBefore.HasValue || created < CreatedBefore.Value.ToUniversalTime());
        }
    }
}
