using System;

namespace Verifik
{
    /// <summary>Builds request paths. Each ID is one escaped path segment: it can never change the path or the query.</summary>
    public static class RecordPath
    {
        public const string DocumentLiveness = "v2/document-liveness";

        /// <summary>Why an ID cannot be sent, or null when it can.</summary>
        public static string? Validate(string? id)
        {
            if (id == null) return "The ID is null.";
            if (id.Trim().Length == 0) return id.Length == 0 ? "The ID is empty." : "The ID is only whitespace.";
            // "." and ".." (even as %2E%2E) are dot-segments that every URI normaliser removes, so the
            // request would reach a different resource; no record can be named that way.
            if (id == "." || id == "..") return "The ID '" + id + "' is a relative path segment and cannot name a record.";
            // A lone surrogate has no UTF-8 form: it would go out as U+FFFD, so two different IDs would ask for one record.
            var lone = LoneSurrogate(id);
            if (lone >= 0)
            {
                return string.Format(System.Globalization.CultureInfo.InvariantCulture,
                    "The ID has a lone UTF-16 surrogate (U+{0:X4}) at position {1}: it is not valid Unicode and cannot be sent.", (int)id[lone], lone + 1);
            }
            return null;
        }

        /// <summary>The index of the first surrogate that is not half of a pair, or -1.</summary>
        private static int LoneSurrogate(string s)
        {
            for (var i = 0; i < s.Length; i++)
            {
                if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) i++;
                else if (char.IsSurrogate(s[i])) return i;
            }
            return -1;
        }

        /// <summary>The relative URI of one record, e.g. <c>v2/document-liveness/a%2Fb</c>.</summary>
        public static string ForDocumentLiveness(string id)
        {
            var problem = Validate(id);
            if (problem != null) throw new ArgumentException(problem, nameof(id));
            return DocumentLiveness + "/" + Uri.EscapeDataString(id);
        }
    }
}
