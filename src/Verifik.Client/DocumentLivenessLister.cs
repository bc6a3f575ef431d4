using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Verifik
{
    /// <summary>
    /// Walks the list endpoint page by page, lazily: a page is requested only when the caller asks for
    /// the next batch. Applies -Skip/-First with as few requests as the page arithmetic allows
    /// (server-side when no client-side filter is set), and the date filters client-side.
    /// </summary>
    public sealed class DocumentLivenessLister
    {
        private readonly VerifikClient _client;
        private readonly ListRequest _request;
        private readonly RequestSettings? _settings;
        private readonly Action<RetryNotice>? _onRetry;
        private readonly int _limit;
        private int _nextPage;
        private ulong _toSkip;
        private ulong _remaining;
        private bool _done;
        private long? _lastPage;
        private long _offset;
        private long _received;
        private List<string>? _previousIds;

        public DocumentLivenessLister(VerifikClient client, ListRequest request, RequestSettings? settings = null, Action<RetryNotice>? onRetry = null)
        {
            _client = client;
            _request = request;
            _settings = settings;
            _onRetry = onRetry;
            if (request.PageSize < 1 || request.PageSize > ListQuery.MaxLimit)
            {
                throw new ArgumentOutOfRangeException(nameof(request), "The page size must be 1 to 100.");
            }
            _remaining = request.First;
            _done = request.First == 0;
            if (request.HasClientFilter)
            {
                // Skipping must count filtered records, so every page from the first is read.
                _limit = request.PageSize;
                _nextPage = 1;
                _toSkip = request.Skip;
            }
            else if (request.Skip == 0 && request.First < (ulong)request.PageSize)
            {
                _limit = (int)request.First; // "-First 5": one small request
                _nextPage = 1;
            }
            else
            {
                _limit = request.PageSize;
                _nextPage = (int)Math.Min(int.MaxValue, request.Skip / (ulong)request.PageSize + 1);
                _toSkip = request.Skip % (ulong)request.PageSize;
            }
        }

        /// <summary>The API's count of all matching records (before client-side filters), once the first page is read.</summary>
        public long? Total { get; private set; }

        /// <summary>Requests sent so far.</summary>
        public int Requests { get; private set; }

        /// <summary>Records the pages held so far, before the filters and the slice (what a filtered walk has scanned).</summary>
        public long Scanned => _received;

        /// <summary>
        /// The pages the walk may read, once the first page is read: the count it gave, else its total over the page size,
        /// counted from the first page requested; null when the API said neither.
        /// </summary>
        public long? Pages
        {
            get
            {
                if (Requests == 0) return null;
                var first = _offset / Math.Max(_limit, 1); // pages the server skipped before the first request
                if (_lastPage is long last) return Math.Max(last - first, 1);
                if (Total is long total && _limit > 0) return Math.Max((total + _limit - 1) / _limit - first, 1);
                return null;
            }
        }

        /// <summary>Records handed to the caller so far.</summary>
        public long Written { get; private set; }

        /// <summary>
        /// Set when the walk ended before the records the API promised: an empty page while its counts said more, or a
        /// page that repeats the previous one. The records before it were returned; the caller reports this after them.
        /// </summary>
        public VerifikApiException? Incomplete { get; private set; }

        /// <summary>The records of the next page that pass the filters and the slice; null when the walk is over.</summary>
        public async Task<IReadOnlyList<FetchedRecord>?> NextBatchAsync(CancellationToken ct)
        {
            if (_done) return null;
            var query = new ListQuery { Page = _nextPage, Limit = _limit, Status = _request.Status };
            var target = "list " + query;
            Requests++;
            var page = await _client.ListDocumentLivenessAsync(query, _settings, _onRetry, ct).ConfigureAwait(false);
            if (Requests == 1)
            {
                // The first page's counts bound the walk: a later page saying "one more" cannot extend it.
                Total = page.Total;
                _lastPage = page.Pages;
                _offset = (query.Page - 1L) * _limit;
            }
            _nextPage++;

            var ids = IdsOf(page.Records);
            if (ids != null && _previousIds != null && ids.SequenceEqual(_previousIds, StringComparer.Ordinal))
            {
                _done = true;
                Incomplete = new VerifikApiException(VerifikFailure.InvalidResponse,
                    $"'{target}': the page repeats the records of the page before it, so the API is not advancing; the listing stopped there. " +
                    $"{Written} records were written{OfTotal()}.", target);
                return null;
            }
            _previousIds = ids;
            _received += page.Records.Count;

            var batch = new List<FetchedRecord>(page.Records.Count);
            foreach (var item in page.Records)
            {
                if (!_request.Matches(item.Record)) continue;
                if (_toSkip > 0) { _toSkip--; continue; }
                batch.Add(item);
                if (--_remaining == 0) break;
            }
            Written += batch.Count;

            var allCounted = Total is long total && _offset + _received >= total;
            var pastLastPage = _lastPage is long last && query.Page >= last;
            if (page.Records.Count == 0 && _remaining > 0 && !allCounted && (_lastPage is long lp ? query.Page <= lp : Total.HasValue))
            {
                Incomplete = new VerifikApiException(VerifikFailure.InvalidResponse,
                    $"'{target}': the API sent an empty page although its first page counted {Counts()}; " +
                    $"{_offset + _received} of the {(Total.HasValue ? Total.Value.ToString(CultureInfo.InvariantCulture) : "promised")} were read" +
                    (_offset > 0 ? $" (counting the {_offset} the server skipped)" : string.Empty) +
                    $" and {Written} written. Records may be missing (deleted while listing?).", target);
            }
            _done = _remaining == 0
                || page.Records.Count == 0
                || allCounted
                // Trust the API's page count when it gives one; a short page ends the walk otherwise.
                || (_lastPage.HasValue ? pastLastPage : page.Records.Count < _limit);
            return batch;
        }

        private string Counts() =>
            (Total is long t ? t.ToString(CultureInfo.InvariantCulture) + " records" : "more records") +
            (_lastPage is long p ? " in " + p.ToString(CultureInfo.InvariantCulture) + " pages" : string.Empty);

        private string OfTotal() => Total is long t ? " (of the " + t.ToString(CultureInfo.InvariantCulture) + " the API counted)" : string.Empty;

        /// <summary>The page's record IDs, or null when it has none to compare (empty, or records without IDs).</summary>
        private static List<string>? IdsOf(IReadOnlyList<FetchedRecord> records)
        {
            if (records.Count == 0) return null;
            var ids = new List<string>(records.Count);
            foreach (var r in records) ids.Add(r.Record.Id ?? string.Empty);
            return ids.Exists(id => id.Length > 0) ? ids : null;
        }
    }
}
