using System;
using System.Globalization;
using System.Management.Automation;

namespace Verifik.PowerShell
{
    /// <summary>
    /// A bulk run's lines on the information stream, which job logs keep and a progress bar never reaches: a line every
    /// <see cref="Interval"/> while the run lasts and a summary at its end, tagged "Verifik" and "Progress" or "Summary".
    /// Visible with -InformationAction Continue (or $InformationPreference), kept by -InformationVariable either way.
    /// Pipeline thread only.
    /// </summary>
    internal sealed class ProgressLog
    {
        /// <summary>Seconds between the periodic lines; 0 leaves only the summary. Read when each command starts.</summary>
        internal const string IntervalVariable = "VERIFIK_PROGRESS_LOG_SEC";

        private static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(60);
        private readonly Cmdlet _cmdlet;
        private TimeSpan _lastWritten;

        public ProgressLog(Cmdlet cmdlet)
        {
            _cmdlet = cmdlet;
            Interval = ReadInterval(cmdlet);
        }

        /// <summary>Null when the periodic lines are off.</summary>
        public TimeSpan? Interval { get; }

        public bool IsDue(TimeSpan elapsed) => Interval.HasValue && elapsed - _lastWritten >= Interval.Value;

        public void Write(TimeSpan elapsed, string line, string kind)
        {
            _lastWritten = elapsed;
            _cmdlet.WriteInformation(line, new[] { "Verifik", kind });
        }

        private static TimeSpan? ReadInterval(Cmdlet cmdlet)
        {
            var text = Environment.GetEnvironmentVariable(IntervalVariable);
            if (string.IsNullOrWhiteSpace(text)) return DefaultInterval;
            if (int.TryParse(text!.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds <= 86400)
            {
                return seconds == 0 ? (TimeSpan?)null : TimeSpan.FromSeconds(seconds);
            }
            cmdlet.WriteWarning($"The environment variable {IntervalVariable} ('{Printable.Escape(text)}') is not a number of seconds from 0 to 86400; " +
                $"writing a progress line every {DefaultInterval.TotalSeconds:0} seconds.");
            return DefaultInterval;
        }
    }
}
