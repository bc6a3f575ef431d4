using System.Collections.Generic;
using System.Threading;

namespace Verifik.PowerShell.Submission
{
    /// <summary>
    /// What -WhatIf found, told at the end of the command: how many files the run would submit (and so charge), how many
    /// it would refuse, the repeats it would skip, and whether an image would be kept. Each line is shown as "What if: …".
    /// </summary>
    internal sealed class WhatIfSummary
    {
        private int _refused;

        /// <summary>Files that pass the run's checks (pipeline thread).</summary>
        public int Submitted { get; private set; }

        public long Bytes { get; private set; }

        /// <summary>Paths skipped as repeats of a file given earlier (pipeline thread).</summary>
        public int Repeats { get; set; }

        public int Refused => Volatile.Read(ref _refused);

        public void Submits(long bytes)
        {
            Submitted++;
            Bytes += bytes;
        }

        /// <summary>Any thread: an input the run would refuse (no such file, not an image, …).</summary>
        public void Refuses() => Interlocked.Increment(ref _refused);

        public List<string> Lines(bool saveImage)
        {
            var total = $"{Files(Submitted)} would be submitted and charged" + (Submitted == 0 ? "" : $" ({FileSize.Format(Bytes)})") +
                $"; {Refused} would be refused." +
                (Repeats == 0 ? "" : $" {Repeats} repeated path{(Repeats == 1 ? "" : "s")} would be skipped (each file is submitted once).");
            var lines = new List<string> { total };
            if (!saveImage && Submitted > 0)
            {
                lines.Add("No image would be kept (-SaveImage was not given), so none of these records could have its image saved later " +
                    "with Save-VerifikDocumentLivenessImage.");
            }
            return lines;
        }

        private static string Files(int n) => n == 1 ? "1 file" : n + " files";
    }
}
