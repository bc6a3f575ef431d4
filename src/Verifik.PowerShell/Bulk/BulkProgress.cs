using System;
using System.Diagnostics;
using System.Globalization;
using System.Management.Automation;

namespace Verifik.PowerShell
{
    /// <summary>
    /// Write-Progress for long runs only: silent for the first two seconds (short runs never flicker a
    /// bar), then a running count and rate at most twice a second. $ProgressPreference is honoured by
    /// WriteProgress itself.
    /// </summary>
    internal sealed class BulkProgress
    {
        private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(2);
        private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);
        private readonly Cmdlet _cmdlet;
        private readonly string _activity;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private TimeSpan? _lastShown;

        public BulkProgress(Cmdlet cmdlet, string activity)
        {
            _cmdlet = cmdlet;
            _activity = activity;
        }

        public long Done { get; set; }
        public long Failed { get; set; }
        public long? Total { get; set; }

        /// <summary>Pipeline thread only.</summary>
        public void Update()
        {
            var now = _clock.Elapsed;
            if (now < Quiet || (_lastShown.HasValue && now - _lastShown.Value < Interval)) return;
            _lastShown = now;
            var rate = Done / Math.Max(now.TotalSeconds, 0.001);
            var status = string.Format(CultureInfo.CurrentCulture, "{0:N0}{1} records, {2:N0} errors, {3:N0}/s",
                Done, Total.HasValue ? " of " + Total.Value.ToString("N0", CultureInfo.CurrentCulture) : string.Empty, Failed, rate);
            var record = new ProgressRecord(1, _activity, status);
            if (Total is long total && total > 0) record.PercentComplete = (int)Math.Min(100, Done * 100 / total);
            _cmdlet.WriteProgress(record);
        }

        public void Complete()
        {
            if (!_lastShown.HasValue) return;
            _cmdlet.WriteProgress(new ProgressRecord(1, _activity, "Done") { RecordType = ProgressRecordType.Completed });
        }
    }
}
