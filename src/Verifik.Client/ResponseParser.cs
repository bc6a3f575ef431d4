using System;
using System.Collections.Generic;
using System.Text.Json;

namespace Verifik
{
    /// <summary>Reads the JSON envelopes of the retrieve and list endpoints.</summary>
    internal static class ResponseParser
    {
        /// <param name="askedId">The ID the record was asked for (null for a create): a record naming another ID is still
        /// returned, with a problem for the caller to warn about.</param>
        public static FetchedRecord ParseRecord(ApiResponse response, string id, string? askedId = null)
        {
            return WithDocument(response, id, root =>
            {
                // {"data":{…}} (flat) or {"success":true,"data":{…},"signature":{…}} (nested); a bare record is accepted
                // too, but only if it has an ID: a 200 carrying an error object is not an empty record.
                JsonElement record;
                // The record's exact bytes in the body, kept as they came (see RecordSpans).
                ArraySegment<byte>? raw;
                var body = JsonBody.WithoutBomSegment(response.Body);
                if (root.TryGetProperty("data", out var data))
                {
                    record = data;
                    raw = RecordSpans.Property(body, "data", JsonBody.MaxDepth);
                }
                else if (root.TryGetProperty("_id", out _) || root.TryGetProperty("id", out _))
                {
                    record = root;
                    raw = RecordSpans.Root(body, JsonBody.MaxDepth);
                }
                else
                {
                    var error = ApiErrorReader.TryParse(response.Body);
                    throw FailureMapper.InvalidBody(response, id, error == null ? "it has no 'data'." : "it has no 'data' but says" + FailureMapper.Said(error));
                }
                if (record.ValueKind != JsonValueKind.Object)
                {
                    throw FailureMapper.InvalidBody(response, id, "'data' is " + Kind(record) + ", not a record.");
                }
                var problems = new List<string>();
                var parsed = DocumentLivenessParser.Parse(record, problems, raw);
                if (askedId != null && parsed.Id != null && !string.Equals(parsed.Id, askedId, StringComparison.Ordinal))
                {
                    problems.Add($"the API answered with this record when asked for '{Printable.Escape(askedId)}'; it is written as it came.");
                }
                return new FetchedRecord(parsed, problems);
            });
        }

        public static DocumentLivenessPage ParsePage(ApiResponse response, string target)
        {
            if (response.Status == 204 || response.Body.Length == 0) return new DocumentLivenessPage(new FetchedRecord[0], null, null);
            return WithDocument(response, target, root =>
            {
                if (!ListEnvelope.TryLocate(root, out var envelope)) throw FailureMapper.InvalidBody(response, target, "no 'data'.");
                var items = envelope.Items;
                var inDocs = envelope.InDocs;
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
                return new DocumentLivenessPage(records, envelope.Number("total"), envelope.Number("pages"));
            });
        }

        internal static T WithDocument<T>(ApiResponse response, string target, Func<JsonElement, T> read)
        {
            if (response.Body.Length == 0) throw FailureMapper.InvalidBody(response, target, "the body is empty.");
            JsonDocument doc;
            try
            {
                doc = JsonBody.Parse(response.Body);
            }
            catch (Exception ex) when (ex is JsonException || ex is InvalidOperationException)
            {
                var what = response.MediaType != null && response.MediaType.IndexOf("html", StringComparison.OrdinalIgnoreCase) >= 0
                    ? "it is an HTML page (a proxy or gateway error?)."
                    : JsonBody.IsTooDeep(response.Body)
                        ? $"it is nested deeper than {JsonBody.MaxDepth} levels, the most this module reads."
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
                    // HTTP 200 with "success": false is the API's own failure, whatever else the body holds. (Looking a
                    // name up unescapes the body's names: one with a lone surrogate, "\udc00", throws.)
                    if (doc.RootElement.TryGetProperty("success", out var success) && success.ValueKind == JsonValueKind.False)
                    {
                        throw FailureMapper.Unsuccessful(response, target, ApiErrorReader.TryParse(response.Body));
                    }
                    return read(doc.RootElement);
                }
                catch (Exception ex) when (ex is JsonException || ex is InvalidOperationException)
                {
                    throw FailureMapper.InvalidBody(response, target, ex.Message);
                }
            }
        }

        /// <summary>The exact bytes of each item of data (or data.docs); null if they cannot be matched to the items read.</summary>
        private static List<ArraySegment<byte>>? ItemSpans(byte[] body, bool inDocs, int count)
        {
            var list = RecordSpans.Property(JsonBody.WithoutBomSegment(body), "data", JsonBody.MaxDepth);
            if (inDocs && list is ArraySegment<byte> data) list = RecordSpans.Property(data, "docs", JsonBody.MaxDepth);
            if (!(list is ArraySegment<byte> items)) return null;
            var spans = RecordSpans.Items(items, JsonBody.MaxDepth);
            return spans.Count == count ? spans : null;
        }

        internal static string Kind(JsonElement e) => e.ValueKind.ToString().ToLowerInvariant();
    }
}
