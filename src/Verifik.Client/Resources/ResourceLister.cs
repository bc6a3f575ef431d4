using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Verifik
{
    /// <summary>
    /// Follows a generic list page by page (Invoke-VerifikRequest -All), lazily: a page is requested only when the caller
    /// asks for it. Reads every documented envelope (see <see cref="ListEnvelope"/>); asks for the next page with
    /// <c>page</c>, and with the page size the first request or answer named (<c>limit</c>, or <c>perPage</c> where that is
    /// the list's word for it); and stops as <see cref="PageWalk"/> says, so a list that lies about its counts or repeats
    /// itself cannot make the walk endless.
    /// </summary>
    public sealed class ResourceLister
    {
        private readonly VerifikClient _client;
        private readonly ResourceRequest _first;
        private readonly RequestSettings? _settings;
        private readonly Action<RetryNotice>? _onRetry;
        private readonly PageWalk _walk = new PageWalk("items");
        private long _page;
        private string? _sizeName;
        private string? _sizeValue;
        private bool _done;

        public ResourceLister(VerifikClient client, ResourceRequest first, RequestSettings? settings = null, Action<RetryNotice>? onRetry = null)
        {
            _client = client ?? throw new ArgumentNullException(nameof(client));
            _first = first ?? throw new ArgumentNullException(nameof(first));
            _settings = settings;
            _onRetry = onRetry;
            // The caller's own page and size, when the URI has them, are where the walk starts and how it goes on.
            _page = long.TryParse(ResourceQuery.Get(first.Uri, "page"), NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p > 0 ? p : 0;
            foreach (var name in new[] { "perPage", "limit" })
            {
                if (ResourceQuery.Get(first.Uri, name) is string value) { _sizeName = name; _sizeValue = value; break; }
            }
        }

        /// <summary>Requests sent so far.</summary>
        public int Requests { get; private set; }

        /// <summary>Items handed to the caller so far.</summary>
        public long Written { get; private set; }

        /// <summary>The API's count of all items, once the first page says.</summary>
        public long? Total => _walk.Total;

        /// <summary>Set when the walk ended before the items the API promised (an empty or repeated page); report it after them.</summary>
        public VerifikApiException? Incomplete => _walk.Incomplete;

        /// <summary>The next page; null when the walk is over.</summary>
        public async Task<ResourcePage?> NextPageAsync(CancellationToken ct)
        {
            if (_done) return null;
            var request = Requests == 0 ? _first : _first.WithUri(NextUri());
            Requests++;
            var response = await _client.SendResourceAsync(request, _settings, _onRetry, ct).ConfigureAwait(false);
            var target = request.Target;
            if (response.StatusCode == 204 || response.Body.Length == 0)
            {
                _done = true;
                _walk.Finish(target, Math.Max(_page, 1), 0, 0, wantMore: true, Written);
                return new ResourcePage(new object?[0], isList: true, response, new string[0]);
            }

            var dropped = new List<string>();
            var page = ResponseParser.WithDocument(Typed(response), target, root =>
            {
                if (!ListEnvelope.TryLocate(root, out var envelope) || (envelope.Items.ValueKind != JsonValueKind.Array && envelope.Items.ValueKind != JsonValueKind.Null))
                {
                    return new ResourcePage(new[] { JsonTree.Read(root, dropped) }, isList: false, response, dropped);
                }
                if (Requests == 1) Learn(envelope);
                var items = new List<object?>();
                var keys = new List<string>();
                if (envelope.Items.ValueKind == JsonValueKind.Array)
                {
                    foreach (var item in envelope.Items.EnumerateArray())
                    {
                        items.Add(JsonTree.Read(item, dropped));
                        keys.Add(KeyOf(item));
                    }
                }
                var size = int.TryParse(_sizeValue, NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 0;
                var number = Math.Max(_page, 1);
                if (!_walk.Accept(target, number, size, envelope.Number("total"), envelope.Number("pages"), keys, items.Count, Written)) return null;
                Written += items.Count;
                _walk.Finish(target, number, size, items.Count, wantMore: true, Written);
                return new ResourcePage(items, isList: true, response, dropped);
            });
            if (page == null || !page.IsList || _walk.Done) _done = true;
            return page;
        }

        /// <summary>From the first answer: which page it was, and the page size (and its name) when the request gave none.</summary>
        private void Learn(ListEnvelope envelope)
        {
            if (_page == 0) _page = envelope.Number("page") is long p && p > 0 ? p : 1;
            if (_sizeName != null) return;
            var name = envelope.Names("perPage") ? "perPage" : envelope.Names("limit") ? "limit" : null;
            if (name != null && envelope.Number(name) is long size && size > 0)
            {
                _sizeName = name;
                _sizeValue = size.ToString(CultureInfo.InvariantCulture);
            }
        }

        private Uri NextUri()
        {
            _page++;
            var uri = ResourceQuery.Set(_first.Uri, "page", _page.ToString(CultureInfo.InvariantCulture));
            return _sizeName == null ? uri : ResourceQuery.Set(uri, _sizeName, _sizeValue!);
        }

        /// <summary>What tells items apart, to see a page that repeats the one before: the item's ID, else its whole text.</summary>
        private static string KeyOf(JsonElement item)
        {
            if (item.ValueKind == JsonValueKind.Object)
            {
                foreach (var name in new[] { "_id", "id" })
                {
                    if (item.TryGetProperty(name, out var id) && id.ValueKind == JsonValueKind.String) return id.GetString() ?? string.Empty;
                }
            }
            return item.GetRawText();
        }

        /// <summary>The transport's answer again, for the shared JSON reader and its messages.</summary>
        private static ApiResponse Typed(ResourceResponse r) => new ApiResponse(r.StatusCode, r.MediaType, r.Body, null, r.SentAt);
    }
}
