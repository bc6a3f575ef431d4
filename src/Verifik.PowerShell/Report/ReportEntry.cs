namespace Verifik.PowerShell.Report
{
    /// <summary>One record of a review page: the record, whether the user's rule flagged it, and its image or why it has none.</summary>
    internal sealed class ReportEntry
    {
        public ReportEntry(long position, DocumentLiveness record, bool flagged)
        {
            Position = position;
            Record = record;
            Flagged = flagged;
        }

        /// <summary>1-based, in the order the records came.</summary>
        public long Position { get; }

        public DocumentLiveness Record { get; }

        public bool Flagged { get; }

        /// <summary>The image's file name in the page's folder, once saved there.</summary>
        public string? ImageFile { get; set; }

        /// <summary>Why the row shows no image (shown in its placeholder); null while a download is still running.</summary>
        public string? ImageProblem { get; set; }
    }
}
