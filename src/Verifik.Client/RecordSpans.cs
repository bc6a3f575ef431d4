using System;
using System.Collections.Generic;
using System.Text.Json;

namespace Verifik
{
    /// <summary>
    /// Where each record's JSON lies in a response body, so a record keeps the API's exact bytes by copying them once
    /// (JsonElement.GetRawText would build a UTF-16 string twice their size first: for a 15 MB record, 30 MB of
    /// garbage per record, which is what a bulk run of large records spends its memory on).
    /// </summary>
    internal static class RecordSpans
    {
        /// <summary>
        /// The bytes of the root's <paramref name="property"/> value (at depth 1), or null when it has none. The last one
        /// when the name repeats, as JsonElement.TryGetProperty reads it.
        /// </summary>
        public static ArraySegment<byte>? Property(ArraySegment<byte> json, string property, int maxDepth)
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = maxDepth });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
            ArraySegment<byte>? found = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var match = reader.ValueTextEquals(property);
                reader.Read();
                if (match) found = Value(json, ref reader);
                else reader.Skip();
            }
            return found;
        }

        /// <summary>The bytes of the root value itself (without the whitespace around it).</summary>
        public static ArraySegment<byte> Root(ArraySegment<byte> json, int maxDepth)
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = maxDepth });
            reader.Read();
            return Value(json, ref reader);
        }

        /// <summary>The bytes of each item of the array <paramref name="json"/>.</summary>
        public static List<ArraySegment<byte>> Items(ArraySegment<byte> json, int maxDepth)
        {
            var items = new List<ArraySegment<byte>>();
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = maxDepth });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray) return items;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) items.Add(Value(json, ref reader));
            return items;
        }

        /// <summary>The value the reader is on (a start token or a scalar), skipping past it.</summary>
        private static ArraySegment<byte> Value(ArraySegment<byte> json, ref Utf8JsonReader reader)
        {
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            var end = (int)reader.BytesConsumed;
            return new ArraySegment<byte>(json.Array!, json.Offset + start, end - start);
        }
    }
}
