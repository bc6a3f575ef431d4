using System;
using System.Globalization;
using System.Management.Automation;
using System.Threading;
using Verifik.PowerShell.Bulk;

namespace Verifik.PowerShell.Submission
{
    /// <summary>
    /// New-VerifikDocumentLiveness -WhatIf: one line with the credits the account has left, beside what would be charged.
    /// One GET /v2/clients/me, only under -WhatIf; when it fails, a warning says so and -WhatIf still lists what it would do.
    /// </summary>
    internal static class CreditsLeft
    {
        public static void Show(PSCmdlet cmdlet, VerifikClient client, RequestSettings settings)
        {
            using var stop = new CancellationTokenSource();
            try
            {
                var account = PipelineWait.Result(client.GetAccountAsync(null, settings, null, stop.Token), stop.Token, () => { if (cmdlet.Stopping) stop.Cancel(); });
                var credits = account.Credits is decimal c ? c.ToString("#,0.##", CultureInfo.CurrentCulture) : "an unknown number of";
                cmdlet.WriteInformation(new HostInformationMessage { Message = $"What if: the account has {credits} credits left; each file submitted is charged." },
                    new[] { "PSHOST" });
            }
            catch (VerifikApiException ex)
            {
                cmdlet.WriteWarning("The credits left could not be read (GET /v2/clients/me): " + Printable.Escape(ex.Message));
            }
        }
    }
}
