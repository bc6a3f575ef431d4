using System;
using System.Globalization;
using System.Text;

namespace Verifik
{
    /// <summary>One page request to the list endpoint: only the query parameters the API documents for it.</summary>
    public sealed class ListQuery
    {
        public const int MaxLimit = 100;

        public int Page { get; set; } = 1;
        public int Limit { get; set; } = MaxLimit;

        /// <summary>new, processing, completed or failed; null for all.</summary>
        public string? Status { get; set; }

        public string ToRelativeUri()
        {
            if (Page < 1) throw new ArgumentOutOfRangeException(nameof(Page), "Pages start at 1.");
            if (Limit < 1 || Limit > MaxLimit) throw new ArgumentOutOfRangeException(nameof(Limit), "The API allows 1 to 100 records a page.");
            var sb = new StringBuilder(RecordPath.DocumentLiveness);
            sb.Append("?page=").Append(Page.ToString(CultureInfo.InvariantCulture));
            sb.Append("&limit=").Append(Limit.ToString(CultureInfo.InvariantCulture));
            if (!string.IsNullOrEmpty(Status)) sb.Append("&status=").Append(Uri.EscapeDataString(Status));
            return sb.ToString();
        }

        public override string ToString() =>
            "page " + Page.ToString(CultureInfo.InvariantCulture) + (Status == null ? string.Empty : " (status " + Status + ")");
    }
}
