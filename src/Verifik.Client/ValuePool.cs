using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;

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

        // Counted here: ConcurrentDictionary.Count takes every lock of the dictionary, and misses come from many workers.
        private static int _strings;
        private static int _lists;

        public static string? Share(string? value)
        {
            if (value == null || value.Length > MaxLength) return value;
            if (Strings.TryGetValue(value, out var shared)) return shared;
            if (Volatile.Read(ref _strings) >= MaxEntries) return value;
            if (Strings.TryAdd(value, value)) Interlocked.Increment(ref _strings);
            return Strings.TryGetValue(value, out shared) ? shared : value;
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
            if (Volatile.Read(ref _lists) >= MaxEntries) return list;
            if (Lists.TryAdd(key, list)) Interlocked.Increment(ref _lists);
            return Lists.TryGetValue(key, out shared) ? shared : list;
        }
    }
}
