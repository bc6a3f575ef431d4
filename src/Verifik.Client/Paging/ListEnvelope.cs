using System.Text.Json;

namespace Verifik
{
    /// <summary>
    /// Where a list answer keeps its items and its counts, in each documented envelope: <c>{"data":[…], total, pages}</c>,
    /// <c>{"data":[…], "pagination":{…}}</c> and <c>{"data":{"docs":[…], total, pages}}</c>. Located in one place for every
    /// list the client reads (document liveness and any other resource).
    /// </summary>
    internal readonly struct ListEnvelope
    {
        private ListEnvelope(JsonElement items, JsonElement counts, bool inDocs)
        {
            Items = items;
            Counts = counts;
            InDocs = inDocs;
        }

        /// <summary>The items: an array, or null (an empty list); anything else is not a list.</summary>
        public JsonElement Items { get; }

        /// <summary>The object that holds total, pages, page, limit (or perPage).</summary>
        public JsonElement Counts { get; }

        /// <summary>Whether the items are data.docs rather than data.</summary>
        public bool InDocs { get; }

        /// <returns>False when the answer has no "data" at all.</returns>
        public static bool TryLocate(JsonElement root, out ListEnvelope envelope)
        {
            envelope = default;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("data", out var items)) return false;
            if (items.ValueKind == JsonValueKind.Object && items.TryGetProperty("docs", out var docs))
            {
                envelope = new ListEnvelope(docs, items, inDocs: true);
            }
            else if (root.TryGetProperty("pagination", out var pagination) && pagination.ValueKind == JsonValueKind.Object)
            {
                envelope = new ListEnvelope(items, pagination, inDocs: false);
            }
            else
            {
                envelope = new ListEnvelope(items, root, inDocs: false);
            }
            return true;
        }

        /// <summary>A whole-number count (total, pages, page, limit, perPage), or null when it is absent or not one.</summary>
        public long? Number(string name) =>
            Counts.ValueKind == JsonValueKind.Object && Counts.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number
                && v.TryGetInt64(out var n) ? n : (long?)null;

        /// <summary>Whether the counts name this member at all (how a list says it pages by perPage rather than limit).</summary>
        public bool Names(string name) => Counts.ValueKind == JsonValueKind.Object && Counts.TryGetProperty(name, out _);
    }
}
