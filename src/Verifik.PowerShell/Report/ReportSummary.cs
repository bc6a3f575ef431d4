using System;
using System.Collections.Generic;
using System.Linq;

namespace Verifik.PowerShell.Report
{
    /// <summary>The top of a review page, counted in one pass over its rows: nothing here is a verdict of the module's own.</summary>
    internal sealed class ReportSummary
    {
        public int Records { get; private set; }
        public int WithStoredImage { get; private set; }
        public int ImagesSaved { get; private set; }
        public int Flagged { get; private set; }
        public int LiveTrue { get; private set; }
        public int LiveFalse { get; private set; }
        public DateTime? Earliest { get; private set; }
        public DateTime? Latest { get; private set; }

        /// <summary>Per check, in <see cref="ReportCheck.All"/> order.</summary>
        public IReadOnlyList<CheckSummary> Checks { get; private set; } = Array.Empty<CheckSummary>();

        /// <summary>Each warning code and the number of records that carry it, most frequent first.</summary>
        public IReadOnlyList<KeyValuePair<string, int>> Warnings { get; private set; } = Array.Empty<KeyValuePair<string, int>>();

        /// <summary>Each error code and the number of records that carry it, most frequent first.</summary>
        public IReadOnlyList<KeyValuePair<string, int>> Errors { get; private set; } = Array.Empty<KeyValuePair<string, int>>();

        public static ReportSummary Of(IReadOnlyList<ReportEntry> entries)
        {
            var checks = ReportCheck.All.Select(c => new CheckSummary(c)).ToArray();
            var warnings = new Dictionary<string, int>(StringComparer.Ordinal);
            var errors = new Dictionary<string, int>(StringComparer.Ordinal);
            var summary = new ReportSummary { Records = entries.Count, Checks = checks };
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var entry in entries)
            {
                var r = entry.Record;
                if (!string.IsNullOrWhiteSpace(r.ImageUrl)) summary.WithStoredImage++;
                if (entry.ImageFile != null) summary.ImagesSaved++;
                if (entry.Flagged) summary.Flagged++;
                if (r.IsLive == true) summary.LiveTrue++;
                if (r.IsLive == false) summary.LiveFalse++;
                if (r.CreatedAt is DateTime created)
                {
                    if (summary.Earliest == null || created < summary.Earliest) summary.Earliest = created;
                    if (summary.Latest == null || created > summary.Latest) summary.Latest = created;
                }
                foreach (var check in checks) check.Add(r);

                // Per record, not per check: the API repeats one warning on every check of a record.
                seen.Clear();
                foreach (var code in ReportCheck.All.SelectMany(c => c.Warnings(r)).Concat(r.AggregateWarnings)) Count(warnings, seen, code);
                seen.Clear();
                foreach (var code in ReportCheck.All.SelectMany(c => c.Errors(r))) Count(errors, seen, code);
            }
            summary.Warnings = Ranked(warnings);
            summary.Errors = Ranked(errors);
            return summary;
        }

        private static void Count(Dictionary<string, int> counts, HashSet<string> seen, string? code)
        {
            if (string.IsNullOrEmpty(code) || !seen.Add(code!)) return;
            counts.TryGetValue(code!, out var n);
            counts[code!] = n + 1;
        }

        private static KeyValuePair<string, int>[] Ranked(Dictionary<string, int> counts) =>
            counts.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).ToArray();
    }

    /// <summary>One check over every record: how often it ran, its probabilities in ten bins over 0–1, and the API's verdicts.</summary>
    internal sealed class CheckSummary
    {
        public const int Bins = 10;

        public CheckSummary(ReportCheck check)
        {
            Check = check;
        }

        public ReportCheck Check { get; }
        public int Validated { get; private set; }

        /// <summary>Records with a probability in [0, 1], by tenth (1.0 in the last bin).</summary>
        public int[] Histogram { get; } = new int[Bins];

        /// <summary>Probabilities outside 0–1 (or not numbers): counted, not binned.</summary>
        public int OutOfRange { get; private set; }

        public int Passed { get; private set; }
        public int Failed { get; private set; }

        public void Add(DocumentLiveness record)
        {
            if (Check.Ran(record)) Validated++;
            if (Check.Passed(record) == true) Passed++;
            if (Check.Passed(record) == false) Failed++;
            if (!(Check.Probability(record) is double p)) return;
            if (double.IsNaN(p) || p < 0 || p > 1) OutOfRange++;
            else Histogram[Math.Min(Bins - 1, (int)(p * Bins))]++;
        }
    }
}
