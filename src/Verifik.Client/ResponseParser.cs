using System.Collections.Generic;
using System.Text.Json;

namespace Verifik
{
    /// <summary>Reads the JSON envelopes of the retrieve and list endpoints.</summary>
    internal static class ResponseParser
    {
        private static readonly JsonDocumentOptions Options = new JsonDocumentOptions { MaxDepth = 64 };

        public static FetchedRecord ParseRecord(ApiResponse response, string id)
        {
            return WithDocument(response, id, root =>
            {
                // {"data":{…}} (flat) or {"success":true,"data":{…},"signature":{…}} (nested); a bare record is accepted
                // too, but only if it has an ID: a 200 carrying an error object is not an empty record.
                JsonElement record;
                if (root.TryGetProperty("data", out var data)) record = data;
                else if (root.TryGetProperty("_id", out _) || root.TryGetProperty("id", out _)) record = root;
                else
                {
                    var error = ApiErrorReader.TryParse(response.Body);
                    throw FailureMapper.InvalidBody(response, id, error == null ? "it has no 'data'." : "it has no 'data' but says: " + error);
                }
                if (record.ValueKind != JsonValueKind.Object)
                {
                    throw FailureMapper.InvalidBody(response, id, "'data' is " + Kind(record) + ", not a record.");
                }
                var problems = new List<string>();
                var body = new System.ArraySegment<byte>(response.Body);
                var raw = root.TryGetProperty("data", out _) ? RecordSpans.Property(body, "data", Options.MaxDepth) : RecordSpans.Root(body, Options.MaxDepth);
                return new FetchedRecord(DocumentLivenessParser.Parse(record, problems, raw), problems);
            });
        }

        public static DocumentLivenessPage ParsePage(ApiResponse response, string target)
        {
            if (response.Status == 204 || response.Body.Length == 0) return new DocumentLivenessPage(new FetchedRecord[0], null, null);
            return WithDocument(response, target, root =>
            {
                // {"data":[…],total,pages} | {"data":[…],"pagination":{…}} | {"data":{"docs":[…],total,pages}}
                var counts = root;
                var inDocs = false;
                if (!root.TryGetProperty("data", out var items)) throw FailureMapper.InvalidBody(response, target, "no 'data'.");
                if (items.ValueKind == JsonValueKind.Object && items.TryGetProperty("docs", out var docs))
                {
                    counts = items;
                    inDocs = true;
                    items = docs;
                }
                else if (root.TryGetProperty("pagination", out var pagination) && pagination.ValueKind == JsonValueKind.Object)
                {
                    counts = pagination;
                }
                if (items.ValueKind == JsonValueKind.Null) return new DocumentLivenessPage(new FetchedRecord[0], 0, 0);
                if (items.ValueKind != JsonValueKind.Array) throw FailureMapper.InvalidBody(response, target, "'data' is " + Kind(items) + ", not a list.");

                var records = new List<FetchedRecord>(items.GetArrayLength());
                var spans = ItemSpans(response.Body, inDocs, items.GetArrayLength());
                var index = 0;
                foreach (var item in items.EnumerateArray())
                {
                    var problems = new List<string>();
                    if (item.ValueKind != JsonValueKind.Object)
                    {
                        throw FailureMapper.InvalidBody(response, target, "an item of 'data' is " + Kind(item) + ", not a record.");
                    }
                    records.Add(new FetchedRecord(DocumentLivenessParser.Parse(item, problems, spans?[index++]), problems));
                }
                return new DocumentLivenessPage(records, Number(counts, "total"), (int?)Number(counts, "pages"));
            });
        }

        private static T WithDocument<T>(ApiResponse response, string target, System.Func<JsonElement, T> read)
        {
            if (response.Body.Length == 0) throw FailureMapper.InvalidBody(response, target, "the body is empty.");
            JsonDocument doc;
            try
            {
                doc = JsonDocument.Parse(response.Body, Options);
            }
            catch (System.Exception ex) when (ex is JsonException || ex is System.InvalidOperationException)
            {
                var what = response.MediaType != null && response.MediaType.IndexOf("html", System.StringComparison.OrdinalIgnoreCase) >= 0
                    ? "it is an HTML page (a proxy or gateway error?)."
                    : "it is not valid JSON (" + ex.Message + ")";
                throw FailureMapper.InvalidBody(response, target, what);
            }
            using (doc)
            {
                if (doc.RootElement.ValueKind != JsonValueKind.Object)
                {
                    throw FailureMapper.InvalidBody(response, target, "the body is " + Kind(doc.RootElement) + ", not a JSON object.");
                }
                try
                {
                    return read(doc.RootElement);
                }
                catch (System.Exception ex) when (ex is JsonException || ex is System.InvalidOperationException)
                {
                    throw FailureMapper.InvalidBody(response, target, ex.Message);
                }
            }
        }

        /// <summary>The exact bytes of each item of data (or data.docs); null if they cannot be matched to the items read.</summary>
        private static List<System.ArraySegment<byte>>? ItemSpans(byte[] body, bool inDocs, int count)
        {
            var list = RecordSpans.Property(new System.ArraySegment<byte>(body), "data", Options.MaxDepth);
            if (inDocs && list is System.ArraySegment<byte> data) list = RecordSpans.Property(data, "docs", Options.MaxDepth);
            if (!(list is System.ArraySegment<byte> items)) return null;
            var spans = RecordSpans.Items(items, Options.MaxDepth);
            return spans.Count == count ? spans : null;
        }

        private static long? Number(JsonElement obj, string name) =>
            obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n : (long?)null;

        private static string Kind(JsonElement e) => e.ValueKind.ToString().ToLowerInvariant();
    }
}
