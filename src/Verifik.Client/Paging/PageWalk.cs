using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Verifik
{
    /// <summary>
    /// What keeps a page-by-page walk bounded, whatever a list's answers claim; shared by every lister of the client. The
    /// first page's counts bound the walk (a later page saying "one more" cannot extend it); a page that repeats the one
    /// before ends it; an empty page while those counts promise more ends it as <see cref="Incomplete"/>; without counts, a
    /// short page (or an empty one) ends it.
    /// </summary>
    internal sealed class PageWalk
    {
        private readonly string _noun;
        private long? _lastPage;
        private long _offset;
        private long _received;
        private List<string>? _previousKeys;

        /// <param name="noun">What the items are called in messages ("records", "items").</param>
        public PageWalk(string noun) => _noun = noun;

        /// <summary>The API's count of all items, once the first page is read.</summary>
        public long? Total { get; private set; }

        /// <summary>Pages seen so far.</summary>
        public int Pages { get; private set; }

        /// <summary>Items the pages held so far, before the caller's own filters (what a filtered walk has scanned).</summary>
        public long Received => _received;

        /// <summary>
        /// The pages the walk may read, once the first page is read: the count it gave, else its total over the page size,
        /// counted from the first page requested; null when the API said neither.
        /// </summary>
        public long? PagesToRead(int pageSize)
        {
            if (Pages == 0) return null;
            var size = Math.Max(pageSize, 1);
            var first = _offset / size; // pages the server skipped before the first request
            if (_lastPage is long last) return Math.Max(last - first, 1);
            if (Total is long total && pageSize > 0) return Math.Max((total + size - 1) / size - first, 1);
            return null;
        }

        public bool Done { get; private set; }

        /// <summary>Set when the walk ended before the items the API promised (see the class summary).</summary>
        public VerifikApiException? Incomplete { get; private set; }

        /// <summary>
        /// Takes in one page's counts and item keys before its items are handed on. False when the page repeats the one
        /// before: the walk is over, and none of that page is to be written.
        /// </summary>
        /// <param name="pageSize">The page size asked for; 0 when it is not known (then only counts, an empty page or a repeat end the walk).</param>
        /// <param name="keys">Something that tells the page's items apart (their IDs); null when there is nothing to compare.</param>
        /// <param name="written">Items handed to the caller before this page, for the message.</param>
        public bool Accept(string target, long page, int pageSize, long? total, long? pages, IReadOnlyList<string>? keys, int count, long written)
        {
            if (++Pages == 1)
            {
                Total = total;
                _lastPage = pages;
                _offset = pageSize > 0 ? (page - 1L) * pageSize : 0;
            }
            var compared = keys != null && keys.Count > 0 && keys.Any(k => k.Length > 0) ? keys.ToList() : null;
            if (compared != null && _previousKeys != null && compared.SequenceEqual(_previousKeys, StringComparer.Ordinal))
            {
                Done = true;
                Incomplete = new VerifikApiException(VerifikFailure.InvalidResponse,
                    $"'{target}': the page repeats the {_noun} of the page before it, so the API is not advancing; the listing stopped there. " +
                    $"{written} {_noun} were written{OfTotal()}.", target);
                return false;
            }
            _previousKeys = compared;
            _received += count;
            return true;
        }

        /// <summary>After a page's items were handed on: decides whether the walk goes on.</summary>
        /// <param name="wantMore">Whether the caller still wants items (a -First not yet reached).</param>
        public void Finish(string target, long page, int pageSize, int count, bool wantMore, long written)
        {
            var allCounted = Total is long total && _offset + _received >= total;
            var pastLastPage = _lastPage is long last && page >= last;
            if (count == 0 && wantMore && !allCounted && (_lastPage is long lp ? page <= lp : Total.HasValue))
            {
                Incomplete = new VerifikApiException(VerifikFailure.InvalidResponse,
                    $"'{target}': the API sent an empty page although its first page counted {Counts()}; " +
                    $"{_offset + _received} of the {(Total.HasValue ? Total.Value.ToString(CultureInfo.InvariantCulture) : "promised")} were read" +
                    (_offset > 0 ? $" (counting the {_offset} the server skipped)" : string.Empty) +
                    $" and {written} written. {Capitalized()} may be missing (deleted while listing?).", target);
            }
            Done = !wantMore
                || count == 0
                || allCounted
                // Trust the API's page count when it gives one; a short page ends the walk otherwise.
                || (_lastPage.HasValue ? pastLastPage : pageSize > 0 && count < pageSize);
        }

        private string Counts() =>
            (Total is long t ? t.ToString(CultureInfo.InvariantCulture) + " " + _noun : "more " + _noun) +
            (_lastPage is long p ? " in " + p.ToString(CultureInfo.InvariantCulture) + " pages" : string.Empty);

        private string OfTotal() => Total is long t ? " (of the " + t.ToString(CultureInfo.InvariantCulture) + " the API counted)" : string.Empty;

        private string Capitalized() => char.ToUpperInvariant(_noun[0]) + _noun.Substring(1);
    }
}
