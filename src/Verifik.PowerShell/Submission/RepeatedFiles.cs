using System.Collections.Generic;
using Verifik.PowerShell.Files;

namespace Verifik.PowerShell.Submission
{
    /// <summary>
    /// The files one command was given, by their one name (<see cref="CanonicalPath"/>): overlapping wildcards, a ".."
    /// alias, a link or a repeated path name a file already given, which would be created, and charged, again.
    /// Pipeline thread only.
    /// </summary>
    internal sealed class RepeatedFiles
    {
        private readonly Dictionary<string, string> _first = new Dictionary<string, string>(CanonicalPath.Comparer);

        /// <summary>The path the same file was first given as, or null (and it is remembered) when this is its first time.</summary>
        public string? Earlier(string path)
        {
            var key = CanonicalPath.Of(path);
            if (_first.TryGetValue(key, out var first)) return first;
            _first.Add(key, path);
            return null;
        }
    }
}
