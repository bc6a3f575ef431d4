using System.Collections;
using System.Collections.Generic;

namespace Verifik
{
    /// <summary>A JSON object as <see cref="JsonTree"/> reads it: its members in the order the answer gave them.</summary>
    public sealed class JsonMembers : IReadOnlyList<KeyValuePair<string, object?>>
    {
        private readonly List<KeyValuePair<string, object?>> _members;

        internal JsonMembers(int capacity) => _members = new List<KeyValuePair<string, object?>>(capacity);

        internal void Add(string name, object? value) => _members.Add(new KeyValuePair<string, object?>(name, value));

        public int Count => _members.Count;

        public KeyValuePair<string, object?> this[int index] => _members[index];

        /// <summary>The value of the first member of that exact name; null when there is none.</summary>
        public object? this[string name]
        {
            get
            {
                foreach (var m in _members)
                {
                    if (m.Key == name) return m.Value;
                }
                return null;
            }
        }

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => _members.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
