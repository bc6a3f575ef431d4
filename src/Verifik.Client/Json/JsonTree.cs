using System;
using System.Collections.Generic;
using System.Globalization;
using System.Security;
using System.Text.Json;

namespace Verifik
{
    /// <summary>
    /// A JSON value as plain .NET values, for a caller that builds its own objects from it (the cmdlets' PSObjects): an
    /// object is a <see cref="JsonMembers"/>, an array an <c>object?[]</c>, a string a string (dates stay text, as the
    /// API wrote them), a number a long (whole and within Int64), a decimal (whole beyond it) or a double, true/false a
    /// bool, null null. The members <see cref="SecretFields"/> names never come through as text: dropped ones are left
    /// out, tokens become read-only SecureStrings.
    /// </summary>
    public static class JsonTree
    {
        /// <summary>
        /// Reads an answer's body; throws <see cref="FormatException"/> when it is not JSON (a BCL type, so callers need no
        /// reference to System.Text.Json, which the module loads in its own context).
        /// </summary>
        /// <param name="dropped">Receives the name of each secret member left out.</param>
        public static object? Parse(byte[] body, ICollection<string>? dropped = null)
        {
            try
            {
                using var doc = JsonBody.Parse(body);
                return Read(doc.RootElement, dropped);
            }
            catch (Exception ex) when (ex is JsonException || ex is InvalidOperationException)
            {
                throw new FormatException(ex.Message, ex);
            }
        }

        internal static object? Read(JsonElement e, ICollection<string>? dropped)
        {
            switch (e.ValueKind)
            {
                case JsonValueKind.Object:
                    var members = new JsonMembers(8);
                    foreach (var p in e.EnumerateObject())
                    {
                        if (SecretFields.IsDropped(p.Name))
                        {
                            dropped?.Add(p.Name);
                            continue;
                        }
                        members.Add(p.Name, SecretFields.IsToken(p.Name) && p.Value.ValueKind == JsonValueKind.String
                            ? Secure(p.Value.GetString()!)
                            : Read(p.Value, dropped));
                    }
                    return members;
                case JsonValueKind.Array:
                    var items = new object?[e.GetArrayLength()];
                    var i = 0;
                    foreach (var item in e.EnumerateArray()) items[i++] = Read(item, dropped);
                    return items;
                case JsonValueKind.String: return e.GetString();
                case JsonValueKind.Number: return Number(e);
                case JsonValueKind.True: return true;
                case JsonValueKind.False: return false;
                default: return null;
            }
        }

        private static object Number(JsonElement e)
        {
            if (e.TryGetInt64(out var whole)) return whole;
            var raw = e.GetRawText();
            var isWhole = raw.IndexOfAny(new[] { '.', 'e', 'E' }) < 0;
            if (isWhole && e.TryGetDecimal(out var big)) return big;
            if (double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && !double.IsInfinity(d)) return d;
            return raw; // beyond a double: the digits as the API wrote them
        }

        private static SecureString Secure(string text)
        {
            var secure = new SecureString();
            foreach (var ch in text) secure.AppendChar(ch);
            secure.MakeReadOnly();
            return secure;
        }
    }
}
