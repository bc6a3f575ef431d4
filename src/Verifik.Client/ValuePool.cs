using System.Collections.Concurrent;
using System.Collections.Generic;

namespace Verifik
{
    /// <summary>
    /// One shared instance of each value that repeats across records (calibrations, statuses, client IDs,
    /// warning codes and their lists), so 20,000 held records do not hold 20,000 copies of "REGULAR".
    /// Bounded: once full, values are simply not shared.
    /// </summary>
    internal static class ValuePool
    {
        private const int MaxEntries = 4096;
        private const int MaxLength = 128;
        private const char ListSeparator = '\u001f';

        private static readonly ConcurrentDictionary<string, string> Strings = new ConcurrentDictionary<string, string>();
        private static readonly ConcurrentDictionary<string, CodeList> Lists = new ConcurrentDictionary<string, CodeList>();

        public static string? Share(string? value)
        {
            if (value == null || value.Length > MaxLength) return value;
            if (Strings.TryGetValue(value, out var shared)) return shared;
            return Strings.Count < MaxEntries ? Strings.GetOrAdd(value, value) : value;
        }

        /// <summary>A list equal to <paramref name="items"/>, shared with every other record that has the same codes.</summary>
        public static CodeList Codes(List<string> items)
        {
            if (items.Count == 0) return CodeList.Empty;
            var key = items.Count == 1 ? items[0] : string.Join(ListSeparator.ToString(), items);
            if (key.Length > MaxLength) return new CodeList(items);
            if (Lists.TryGetValue(key, out var shared)) return shared;
            for (var i = 0; i < items.Count; i++) items[i] = Share(items[i])!;
            var list = new CodeList(items.ToArray());
            return Lists.Count < MaxEntries ? Lists.GetOrAdd(key, list) : list;
        }
    }
}
