using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace Verifik.PowerShell
{
    /// <summary>
    /// The cells of the Verifik.DocumentLiveness views (Verifik.format.ps1xml calls these): one place for how a record is
    /// shown, so every view escapes server text with <see cref="Printable"/>, shows times as what they are (local, like
    /// Get-Date, with the offset where there is room) and never puts a raw score under a probability header. The objects
    /// keep their values as they are (UTC times, the API's numbers); only the display is shaped here.
    /// </summary>
    public static class DocumentLivenessView
    {
        /// <summary>Server text (an ID, a status, a code) as it may be shown: control characters escaped.</summary>
        public static string Text(string? text) => Printable.Escape(text);

        /// <summary>A time in local time to the minute ("2025-08-22 14:04"), for the table's "Created (local)" column.</summary>
        public static string LocalMinute(DateTime? time) =>
            time is DateTime t ? Local(t).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : string.Empty;

        /// <summary>A time in local time with its UTC offset ("2025-08-22 14:04:25 -05:00"), for the list view.</summary>
        public static string LocalTime(DateTime? time) =>
            time is DateTime t ? Local(t).ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture) : string.Empty;

        /// <summary>
        /// A check's probability (0..1) as a percentage with one decimal ("94.9"), under a "…%" header. A record of the
        /// older nested shape has no probability, only a score whose scale differs: its verdict ("passed"/"failed") is
        /// shown instead, never the score.
        /// </summary>
        public static string Percent(double? probability, bool? passed)
        {
            if (probability is double p && !double.IsNaN(p)) return (p * 100).ToString("0.0", CultureInfo.CurrentCulture);
            return passed switch { true => "passed", false => "failed", _ => string.Empty };
        }

        /// <summary>The record's aggregated score, or the nested shape's risk score marked as such ("risk 0.05").</summary>
        public static string Score(DocumentLiveness record)
        {
            if (record.AggregatedScore is double score) return score.ToString("0.0000", CultureInfo.CurrentCulture);
            if (record.RiskScore is double risk) return "risk " + risk.ToString("0.00", CultureInfo.CurrentCulture);
            return string.Empty;
        }

        /// <summary>A number as the API sent it, without an exponent ("0.000001", not "1E-06").</summary>
        public static string Number(double? value) =>
            value is double v ? v.ToString("0.##########", CultureInfo.CurrentCulture) : string.Empty;

        /// <summary>Every warning and error code of the four checks, once each, sorted, escaped, joined with ','.</summary>
        public static string Codes(DocumentLiveness record)
        {
            var lists = new[]
            {
                record.ScreenReplayWarnings, record.PrintedCopyWarnings, record.PortraitSubstitutionWarnings, record.DigitalManipulationWarnings,
                record.ScreenReplayErrors, record.PrintedCopyErrors, record.PortraitSubstitutionErrors, record.DigitalManipulationErrors,
            };
            var codes = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var list in lists)
            {
                if (list == null) continue;
                foreach (var code in list) if (!string.IsNullOrEmpty(code)) codes.Add(Printable.Escape(code));
            }
            return string.Join(",", codes);
        }

        /// <summary>One check for the list view: "probability 0.948844 (94.9%), score 10.7250834, REGULAR, GLARE_ON_IMAGE".</summary>
        public static string Check(double? probability, double? score, bool? passed, string? calibration, IEnumerable<string>? warnings, IEnumerable<string>? errors)
        {
            var parts = new List<string>();
            if (probability is double p) parts.Add("probability " + Number(p) + " (" + Percent(p, null) + "%)");
            if (score is double s) parts.Add("score " + Number(s));
            if (passed is bool verdict) parts.Add(verdict ? "passed" : "failed");
            if (!string.IsNullOrEmpty(calibration)) parts.Add(Printable.Escape(calibration));
            var codes = (warnings ?? Enumerable.Empty<string>()).Concat(errors ?? Enumerable.Empty<string>()).Select(Printable.Escape).ToList();
            if (codes.Count > 0) parts.Add(string.Join(",", codes));
            return string.Join(", ", parts);
        }

        /// <summary>
        /// The file a record was made from, in at most <paramref name="width"/> characters: relative to
        /// <paramref name="location"/> (the PowerShell location) when it lies below it, and shortened from the left
        /// ("…/2025-08/scan-00017.jpg") so the file's own name always shows.
        /// </summary>
        public static string Source(string? path, string? location, int width)
        {
            if (string.IsNullOrEmpty(path)) return string.Empty;
            var shown = path!;
            if (!string.IsNullOrEmpty(location))
            {
                var folder = location!.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar) + Path.DirectorySeparatorChar;
                var comparison = Path.DirectorySeparatorChar == '\\' ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
                if (shown.Length > folder.Length && shown.StartsWith(folder, comparison)) shown = shown.Substring(folder.Length);
            }
            shown = Printable.Escape(shown);
            if (width > 1 && shown.Length > width) shown = "\u2026" + shown.Substring(shown.Length - (width - 1));
            return shown;
        }

        /// <summary>Records hold UTC (or, built by a script, local) times; one of unspecified kind is taken as UTC, as the API's are.</summary>
        private static DateTime Local(DateTime time) => time.Kind == DateTimeKind.Local ? time : DateTime.SpecifyKind(time, DateTimeKind.Utc).ToLocalTime();
    }
}
