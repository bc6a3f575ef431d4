using System;
using System.Collections.Generic;
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
        private readonly PageWalk _walk = new PageWalk("records");
        private int _nextPage;
        private ulong _toSkip;
        private ulong _remaining;
        private bool _done;

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
        public long? Total => _walk.Total;

        /// <summary>Requests sent so far.</summary>
        public int Requests { get; private set; }

        /// <summary>Records the pages held so far, before the filters and the slice (what a filtered walk has scanned).</summary>
        public long Scanned => _walk.Received;

        /// <summary>
        /// The pages the walk may read, once the first page is read: the count it gave, else its total over the page size,
        /// counted from the first page requested; null when the API said neither.
        /// </summary>
        public long? Pages => _walk.PagesToRead(_limit);

        /// <summary>Records handed to the caller so far.</summary>
        public long Written { get; private set; }

        /// <summary>
        /// Set when the walk ended before the records the API promised: an empty page while its counts said more, or a
        /// page that repeats the previous one. The records before it were returned; the caller reports this after them.
        /// </summary>
        public VerifikApiException? Incomplete => _walk.Incomplete;

        /// <summary>The records of the next page that pass the filters and the slice; null when the walk is over.</summary>
        public async Task<IReadOnlyList<FetchedRecord>?> NextBatchAsync(CancellationToken ct)
        {
            if (_done) return null;
            var query = new ListQuery { Page = _nextPage, Limit = _limit, Status = _request.Status };
            var target = "list " + query;
            Requests++;
            var page = await _client.ListDocumentLivenessAsync(query, _settings, _onRetry, ct).ConfigureAwait(false);
            _nextPage++;

            if (!_walk.Accept(target, query.Page, _limit, page.Total, page.Pages, IdsOf(page.Records), page.Records.Count, Written))
            {
                _done = true;
                return null;
            }

            var batch = new List<FetchedRecord>(page.Records.Count);
            foreach (var item in page.Records)
            {
                if (!_request.Matches(item.Record)) continue;
                if (_toSkip > 0) { _toSkip--; continue; }
                batch.Add(item);
                if (--_remaining == 0) break;
            }
            Written += batch.Count;
            _walk.Finish(target, query.Page, _limit, page.Records.Count, _remaining > 0, Written);
            _done = _walk.Done;
            return batch;
        }

        /// <summary>The page's record IDs (PageWalk ignores a page without any to compare).</summary>
        private static List<string> IdsOf(IReadOnlyList<FetchedRecord> records)
        {
            var ids = new List<string>(records.Count);
            foreach (var r in records) ids.Add(r.Record.Id ?? string.Empty);
            return ids;
        }
    }
}
