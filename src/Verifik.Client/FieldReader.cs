using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Verifik
{
    /// <summary>
    /// Reads typed values out of one JSON object. A field of the wrong JSON type does not fail the
    /// record: it reads as null and is remembered in <see cref="Problems"/> so the caller can warn.
    /// </summary>
    internal sealed class FieldReader
    {
        private readonly List<string> _problems;
        private readonly string _prefix;

        public FieldReader(JsonElement obj, List<string> problems, string prefix = "")
        {
            Object = obj;
            _problems = problems;
            _prefix = prefix;
        }

        public JsonElement Object { get; }

        public IReadOnlyList<string> Problems => _problems;

        public bool TryGet(string name, out JsonElement value)
        {
            if (Object.ValueKind == JsonValueKind.Object && Object.TryGetProperty(name, out value)
                && value.ValueKind != JsonValueKind.Null && value.ValueKind != JsonValueKind.Undefined)
            {
                return true;
            }
            value = default;
            return false;
        }

        /// <summary>A nested object (e.g. "validationResults"), sharing this reader's problem list.</summary>
        public FieldReader? Child(string name)
        {
            if (!TryGet(name, out var value)) return null;
            if (value.ValueKind == JsonValueKind.Object) return new FieldReader(value, _problems, _prefix + name + ".");
            Problem(name, "an object", value);
            return null;
        }

        public string? String(params string[] names)
        {
            foreach (var name in names)
            {
                if (!TryGet(name, out var v)) continue;
                switch (v.ValueKind)
                {
                    case JsonValueKind.String:
                        var text = Text(v);
                        if (text == null) Problem(name, "a string", v);
                        return text;
                    case JsonValueKind.Number: return v.GetRawText();
                    // A populated reference (populates[]=client) arrives as an object; its _id is the reference.
                    case JsonValueKind.Object when v.TryGetProperty("_id", out var id) && id.ValueKind == JsonValueKind.String:
                        return Text(id);
                    default: Problem(name, "a string", v); return null;
                }
            }
            return null;
        }

        /// <summary>A string that repeats across records (a calibration, a status, a client ID): one shared copy.</summary>
        public string? Shared(params string[] names) => ValuePool.Share(String(names));

        public int? Int(string name)
        {
            if (!TryGet(name, out var v)) return null;
            if (v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n)) return n;
            Problem(name, "a whole number", v);
            return null;
        }

        public long? Long(string name)
        {
            if (!TryGet(name, out var v)) return null;
            if (v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n)) return n;
            Problem(name, "a whole number", v);
            return null;
        }

        /// <summary>An amount (credits): decimal, so 114.03000000000034 stays as the API wrote it.</summary>
        public decimal? Decimal(string name)
        {
            if (!TryGet(name, out var v)) return null;
            if (v.ValueKind == JsonValueKind.Number && v.TryGetDecimal(out var d)) return d;
            Problem(name, "a number", v);
            return null;
        }

        public double? Double(params string[] names)
        {
            foreach (var name in names)
            {
                if (!TryGet(name, out var v)) continue;
                // JSON has no NaN or Infinity: a value that overflows a double is as unreadable as text.
                if (v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var d) && IsFinite(d)) return d;
                if (v.ValueKind == JsonValueKind.String
                    && double.TryParse(Text(v), NumberStyles.Float, CultureInfo.InvariantCulture, out d) && IsFinite(d))
                {
                    return d;
                }
                Problem(name, "a number", v);
                return null;
            }
            return null;
        }

        public bool? Bool(params string[] names)
        {
            foreach (var name in names)
            {
                if (!TryGet(name, out var v)) continue;
                if (v.ValueKind == JsonValueKind.True) return true;
                if (v.ValueKind == JsonValueKind.False) return false;
                Problem(name, "true or false", v);
                return null;
            }
            return null;
        }

        public DateTime? Date(string name)
        {
            if (!TryGet(name, out var v)) return null;
            // Only ISO 8601: DateTime.TryParse alone also takes "12:00" (today), "May 2024" or "01/02/2024" (which day?),
            // values that would then decide -CreatedAfter/-CreatedBefore.
            if (v.ValueKind == JsonValueKind.String && Text(v) is string text && IsoDate.IsMatch(text)
                && DateTime.TryParse(text, CultureInfo.InvariantCulture,
                    DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var date))
            {
                return DateTime.SpecifyKind(date, DateTimeKind.Utc);
            }
            Problem(name, "an ISO 8601 date", v);
            return null;
        }

        public CodeList Codes(string name)
        {
            if (!TryGet(name, out var v)) return CodeList.Empty;
            if (v.ValueKind != JsonValueKind.Array)
            {
                Problem(name, "an array of strings", v);
                return CodeList.Empty;
            }
            var items = new List<string>(v.GetArrayLength());
            foreach (var item in v.EnumerateArray())
            {
                var code = item.ValueKind == JsonValueKind.String ? Text(item) : null;
                if (code != null) items.Add(code);
                else Problem(name, "an array of strings", item);
            }
            return ValuePool.Codes(items);
        }

        /// <summary>yyyy-MM-dd, optionally with a time (T or a space; minutes, seconds and a fraction) and a zone (Z, ±hh, ±hhmm, ±hh:mm).</summary>
        private static readonly Regex IsoDate = new Regex(
            @"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)?)?$",
            RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        private void Problem(string name, string expected, JsonElement actual) =>
            _problems.Add(string.Format(CultureInfo.InvariantCulture,
                "'{0}{1}' should be {2} but is {3}; it was left empty.", _prefix, name, expected, Describe(actual)));

        private static bool IsFinite(double d) => !double.IsNaN(d) && !double.IsInfinity(d);

        /// <summary>A string value, or null when its bytes are not valid UTF-8 (GetString would throw).</summary>
        private static string? Text(JsonElement v)
        {
            try
            {
                return v.GetString();
            }
            catch (InvalidOperationException)
            {
                return null;
            }
        }

        private static string Describe(JsonElement v)
        {
            switch (v.ValueKind)
            {
                case JsonValueKind.String:
                    var s = Text(v);
                    if (s == null) return "a string that is not valid UTF-8";
                    return "the string \"" + Printable.Escape(s.Length > 40 ? s.Substring(0, 40) + "…" : s) + "\"";
                case JsonValueKind.Number: return "the number " + v.GetRawText();
                case JsonValueKind.Array: return "an array";
                case JsonValueKind.Object: return "an object";
                default: return v.ValueKind.ToString().ToLowerInvariant();
            }
        }
    }
}
