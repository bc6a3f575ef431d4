using System;
using System.Diagnostics;
using System.Globalization;
using System.Management.Automation;

namespace Verifik.PowerShell
{
    /// <summary>
    /// What a bulk run has done so far, shown two ways: the progress bar (Write-Progress, for a person at a console) and
    /// lines on the information stream (for a job log, which no progress bar reaches): one every
    /// <see cref="ProgressLog.Interval"/> on a long run, and a summary at the end. The bar stays quiet for the first two
    /// seconds (short runs never flicker one), then updates at most twice a second; with a known total it shows
    /// "N of M", a percentage and the time left. A filtered listing counts the pages it has scanned instead, so it never
    /// looks stuck while few records match. $ProgressPreference and $InformationPreference are honoured by PowerShell.
    /// Pipeline thread only.
    /// </summary>
    internal sealed class BulkProgress
    {
        private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(2);
        private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);
        private readonly Cmdlet _cmdlet;
        private readonly string _activity;
        private readonly ProgressLog _log;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private TimeSpan? _lastShown;
        private bool _ended;

        public BulkProgress(Cmdlet cmdlet, string activity)
        {
            _cmdlet = cmdlet;
            _activity = activity;
            _log = new ProgressLog(cmdlet);
        }

        /// <summary>Results written.</summary>
        public long Done { get; set; }

        /// <summary>Errors written (one per failed item).</summary>
        public long Failed { get; set; }

        /// <summary>How many items the run will have, when known (IDs given as an array, resolved paths, a listing's count).</summary>
        public long? Total { get; set; }

        /// <summary>A listing filtered by the module: progress is the pages scanned, not the records written.</summary>
        public bool Scanning { get; set; }

        /// <summary>Scanning: pages read so far, the pages the first one announced, and the records they held.</summary>
        public long PagesRead { get; set; }
        public long? PageTotal { get; set; }
        public long Scanned { get; set; }

        /// <summary>Whether any item was started or reported; a command that did nothing writes no summary.</summary>
        public bool Started { get; set; }

        /// <summary>Whether the run writes job-log lines; false for a -WhatIf preview, which does nothing a log should count.</summary>
        public bool Logs { get; set; } = true;

        private long Finished => Done + Failed;

        /// <summary>Refreshes the bar (at most twice a second) and writes the periodic log line when one is due.</summary>
        public void Update()
        {
            var now = _clock.Elapsed;
            if (Logs && _log.IsDue(now)) _log.Write(now, Line(now), "Progress");
            if (now < Quiet || (_lastShown.HasValue && now - _lastShown.Value < Interval)) return;
            _lastShown = now;
            var record = new ProgressRecord(1, _activity, Status(now));
            var (part, whole) = Fraction();
            if (whole > 0)
            {
                record.PercentComplete = (int)Math.Min(100, part * 100 / whole);
                var left = TimeLeft(now, part, whole);
                if (left.HasValue) record.SecondsRemaining = (int)Math.Min(int.MaxValue, Math.Ceiling(left.Value.TotalSeconds));
            }
            _cmdlet.WriteProgress(record);
        }

        /// <summary>The run ended: completes the bar and writes the summary (once, however often it is called).</summary>
        public void Complete() => End(null);

        /// <summary>The run ends with <paramref name="error"/> (a refused token, a failed page): the summary says so.</summary>
        public void Stop(ErrorRecord error) => End(error);

        private void End(ErrorRecord? error)
        {
            if (_ended) return;
            _ended = true;
            if (_lastShown.HasValue)
            {
                _cmdlet.WriteProgress(new ProgressRecord(1, _activity, "Done") { RecordType = ProgressRecordType.Completed });
            }
            if (Logs && (Started || error != null)) _log.Write(_clock.Elapsed, Summary(_clock.Elapsed, error), "Summary");
        }

        /// <summary>The part done and the whole, in pages when scanning; whole is 0 when unknown.</summary>
        private (long Part, long Whole) Fraction() =>
            Scanning ? (PagesRead, PageTotal ?? 0) : (Finished, Total ?? 0);

        private static TimeSpan? TimeLeft(TimeSpan elapsed, long part, long whole)
        {
            if (part <= 0 || part >= whole) return null;
            return TimeSpan.FromTicks((long)(elapsed.Ticks / (double)part * (whole - part)));
        }

        private string Status(TimeSpan now)
        {
            var rate = Finished / Math.Max(now.TotalSeconds, 0.001);
            if (Scanning)
            {
                // The pages first: a narrow console's bar cuts the status short.
                return Format("{0}, {1:N0} of {2:N0} records matched, {3:0.#} pages/s",
                    Pages(), Done, Scanned, PagesRead / Math.Max(now.TotalSeconds, 0.001));
            }
            return Format("{0} records, {1:N0} errors, {2:N0}/s", Count(), Failed, rate);
        }

        /// <summary>The periodic line: where the run is, how long it has run, and about how long it has left.</summary>
        private string Line(TimeSpan now)
        {
            var (part, whole) = Fraction();
            var left = whole > 0 ? TimeLeft(now, part, whole) : null;
            var where = Scanning
                ? Format("{0}, {1:N0} of {2:N0} records matched", Pages(), Done, Scanned)
                : Format("{0} records, {1:N0} errors", Count(), Failed);
            var shownLeft = left is TimeSpan l && l >= TimeSpan.FromSeconds(1) ? ", about " + Duration(l) + " left" : string.Empty;
            return Format("{0}: {1}, {2} elapsed{3}.", _activity, where, Duration(now), shownLeft);
        }

        private string Summary(TimeSpan elapsed, ErrorRecord? error)
        {
            var outcome = error == null ? "done" : "stopped by " + ErrorIdOf(error);
            var counts = Format("{0:N0} {1} and {2:N0} {3}", Done, Done == 1 ? "record" : "records", Failed, Failed == 1 ? "error" : "errors");
            var rate = elapsed.TotalSeconds >= 1 ? Format(" ({0:N1}/s)", Finished / elapsed.TotalSeconds) : string.Empty;
            var scanned = Scanning ? Format("; {0:N0} pages scanned ({1:N0} records)", PagesRead, Scanned) : string.Empty;
            return Format("{0}: {1}, {2} in {3}{4}{5}.", _activity, outcome, counts, Duration(elapsed), rate, scanned);
        }

        private string Count() =>
            Total.HasValue ? Format("{0:N0} of {1:N0}", Finished, Total.Value) : Format("{0:N0}", Finished);

        private string Pages() =>
            PageTotal.HasValue ? Format("page {0:N0} of {1:N0} scanned", PagesRead, PageTotal.Value) : Format("{0:N0} pages scanned", PagesRead);

        /// <summary>Under a minute in seconds ("4.2 s"), else h:mm:ss ("1:02:03"), so a log line reads at a glance.</summary>
        internal static string Duration(TimeSpan span)
        {
            if (span.TotalSeconds < 60) return Format("{0:0.0} s", span.TotalSeconds);
            return Format("{0}:{1:mm\\:ss}", (long)span.TotalHours, span);
        }

        /// <summary>The ErrorId the record was made with (PowerShell appends the command's name once it is thrown).</summary>
        private static string ErrorIdOf(ErrorRecord error)
        {
            var id = error.FullyQualifiedErrorId ?? string.Empty;
            var comma = id.IndexOf(',');
            return comma < 0 ? id : id.Substring(0, comma);
        }

        private static string Format(string format, params object[] args) => string.Format(CultureInfo.CurrentCulture, format, args);
    }
}
