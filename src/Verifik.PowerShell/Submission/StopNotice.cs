using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Verifik.PowerShell.Submission
{
    /// <summary>What New-VerifikDocumentLiveness tells the user when it is stopped: the creates that may have been charged unseen.</summary>
    internal static class StopNotice
    {
        private const int Named = 10;

        public static string Text(IReadOnlyList<DocumentLivenessSubmission> unseen)
        {
            if (unseen.Count == 0) return "Stopped. No create was in flight: nothing was charged without its record being written.";
            var names = string.Join(", ", unseen.Take(Named).Select(s => "'" + Printable.Escape(s.Path) + "'")) +
                (unseen.Count > Named ? $" and {unseen.Count - Named} more" : string.Empty);
            var since = (unseen.Min(s => s.SentAt) ?? DateTime.UtcNow).AddMinutes(-1);
            var count = unseen.Count == 1 ? "1 create was" : unseen.Count + " creates were";
            return $"Stopped while {count} in flight: sent, and may have been processed (and charged) without a record being written: {names}. " +
                "Check before submitting them again: Get-VerifikDocumentLiveness -CreatedAfter '" + since.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) + "'.";
        }
    }
}
