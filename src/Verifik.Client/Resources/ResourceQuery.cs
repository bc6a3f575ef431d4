using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Verifik
{
    /// <summary>Reads and changes a URI's query string, one parameter at a time, keeping the others exactly as they were.</summary>
    public static class ResourceQuery
    {
        /// <summary>The first value of the parameter (unescaped), or null.</summary>
        public static string? Get(Uri uri, string name)
        {
            foreach (var (key, value) in Pairs(uri.Query))
            {
                if (key == name) return value;
            }
            return null;
        }

        /// <summary>The URI with every <paramref name="name"/> replaced by one <paramref name="value"/> (appended when it had none).</summary>
        public static Uri Set(Uri uri, string name, string value)
        {
            var kept = new StringBuilder();
            foreach (var raw in Raw(uri.Query))
            {
                var (key, _) = Split(raw);
                if (key == name) continue;
                kept.Append(kept.Length == 0 ? "" : "&").Append(raw);
            }
            kept.Append(kept.Length == 0 ? "" : "&").Append(Escape(name)).Append('=').Append(Escape(value));
            return new UriBuilder(uri) { Query = kept.ToString() }.Uri;
        }

        /// <summary>
        /// The URI with the dictionary's entries appended as parameters (what -Body becomes on a GET): a list value
        /// repeats its key (<c>in_status[]=a&amp;in_status[]=b</c>); values are written invariantly (true, 2025-01-31T00:00:00.0000000Z).
        /// </summary>
        public static Uri Append(Uri uri, IDictionary parameters)
        {
            var query = new StringBuilder(uri.Query.TrimStart('?'));
            foreach (DictionaryEntry entry in parameters)
            {
                var key = Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty;
                var values = entry.Value is IEnumerable list && !(entry.Value is string) ? list : new[] { entry.Value };
                foreach (var value in values)
                {
                    query.Append(query.Length == 0 ? "" : "&").Append(Escape(key)).Append('=').Append(Escape(Text(value)));
                }
            }
            return new UriBuilder(uri) { Query = query.ToString() }.Uri;
        }

        /// <summary>A query value as the API reads it: invariant numbers, lower-case booleans, ISO 8601 dates.</summary>
        public static string Text(object? value) => value switch
        {
            null => string.Empty,
            bool b => b ? "true" : "false",
            DateTime dt => dt.ToString("o", CultureInfo.InvariantCulture),
            DateTimeOffset dto => dto.ToString("o", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? string.Empty,
        };

        private static IEnumerable<string> Raw(string query)
        {
            foreach (var part in query.TrimStart('?').Split('&'))
            {
                if (part.Length > 0) yield return part;
            }
        }

        private static IEnumerable<(string Key, string Value)> Pairs(string query)
        {
            foreach (var raw in Raw(query)) yield return Split(raw);
        }

        private static (string Key, string Value) Split(string raw)
        {
            var eq = raw.IndexOf('=');
            var key = eq < 0 ? raw : raw.Substring(0, eq);
            var value = eq < 0 ? string.Empty : raw.Substring(eq + 1);
            return (Unescape(key), Unescape(value));
        }

        private static string Unescape(string s) => Uri.UnescapeDataString(s.Replace('+', ' '));

        private static string Escape(string s) => Uri.EscapeDataString(s);
    }
}
