using Verifik.PowerShell.Bulk;
using Verifik.PowerShell.Files;

namespace Verifik.PowerShell.Report
{
    /// <summary>
    /// How one row's image download ended, as the bulk runner hands it back: always a success for the runner, so the page
    /// learns of a failure too (its placeholder says why) and the error is written beside it.
    /// </summary>
    internal readonly struct ReportImage
    {
        public ReportImage(ReportEntry entry, BulkOutcome<SavedImage> outcome)
        {
            Entry = entry;
            Outcome = outcome;
        }

        public ReportEntry Entry { get; }

        public BulkOutcome<SavedImage> Outcome { get; }
    }
}
