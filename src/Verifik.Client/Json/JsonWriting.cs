using System;
using System.Collections;
using System.Globalization;
using System.Security;
using System.Text.Json;

namespace Verifik
{
    /// <summary>
    /// Writes a request body from plain .NET values (what the cmdlets make of a hashtable or an object): dictionaries
    /// become objects (keys as text), other sequences arrays, strings, booleans and numbers themselves, dates ISO 8601
    /// text, null null, anything else its text. A SecureString is refused: it would have to be revealed.
    /// </summary>
    public static class JsonWriting
    {
        /// <exception cref="ArgumentException">The value holds a SecureString, or nests deeper than <see cref="JsonBody.MaxDepth"/>.</exception>
        public static byte[] ToUtf8(object? value)
        {
            using var buffer = new System.IO.MemoryStream(256);
            using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { MaxDepth = JsonBody.MaxDepth + 1 }))
            {
                Write(w, value, 0);
            }
            return buffer.ToArray();
        }

        private static void Write(Utf8JsonWriter w, object? value, int depth)
        {
            if (depth > JsonBody.MaxDepth) throw new ArgumentException($"The body nests deeper than {JsonBody.MaxDepth} levels (does it refer to itself?).");
            switch (value)
            {
                case null: w.WriteNullValue(); return;
                case string s: w.WriteStringValue(s); return;
                case char c: w.WriteStringValue(c.ToString()); return;
                case bool b: w.WriteBooleanValue(b); return;
                case SecureString _: throw new ArgumentException("The body holds a SecureString, which is never written into a request body as text.");
                case DateTime dt: w.WriteStringValue(dt.ToString("o", CultureInfo.InvariantCulture)); return;
                case DateTimeOffset dto: w.WriteStringValue(dto.ToString("o", CultureInfo.InvariantCulture)); return;
                case Enum e: w.WriteStringValue(e.ToString()); return;
                case byte _: case sbyte _: case short _: case ushort _: case int _: case uint _: case long _:
                    w.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture)); return;
                case ulong ul: w.WriteNumberValue(ul); return;
                case float f: WriteDouble(w, f); return;
                case double d: WriteDouble(w, d); return;
                case decimal m: w.WriteNumberValue(m); return;
                case IDictionary dictionary:
                    w.WriteStartObject();
                    foreach (DictionaryEntry entry in dictionary)
                    {
                        w.WritePropertyName(Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty);
                        Write(w, entry.Value, depth + 1);
                    }
                    w.WriteEndObject();
                    return;
                case IEnumerable sequence:
                    w.WriteStartArray();
                    foreach (var item in sequence) Write(w, item, depth + 1);
                    w.WriteEndArray();
                    return;
                default:
                    w.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                    return;
            }
        }

        private static void WriteDouble(Utf8JsonWriter w, double d)
        {
            // JSON has no NaN or Infinity.
            if (double.IsNaN(d) || double.IsInfinity(d)) throw new ArgumentException($"The body holds the number {d}, which JSON cannot carry.");
            w.WriteNumberValue(d);
        }
    }
}
