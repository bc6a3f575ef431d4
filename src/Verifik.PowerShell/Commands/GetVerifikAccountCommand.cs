using System;
using System.Collections.Generic;
using System.Management.Automation;
using Verifik.PowerShell.Bulk;
using Verifik.PowerShell.Requests;

namespace Verifik.PowerShell.Commands
{
    /// <summary>
    /// Get-VerifikAccount: the account the connection's token belongs to (GET /v2/clients/me): name, e-mail, credits left,
    /// total requests, plan, status. The answer's secrets (the otp hash, JWTPhrase) are never read, so they cannot show.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "VerifikAccount")]
    [OutputType(typeof(VerifikAccount))]
    public sealed class GetVerifikAccountCommand : VerifikConnectedCmdlet, IDisposable
    {
        private readonly StopSignal _stop = new StopSignal();

        protected override void EndProcessing()
        {
            WriteVerbose($"Reading the account of the connection to {Client.BaseUri} (GET /v2/clients/me, with its plan); its secret fields are never read.");
            var problems = new List<string>();
            VerifikAccount account;
            try
            {
                account = PipelineWait.Result(Client.GetAccountAsync(problems, Settings, OnRetry, _stop.Token), _stop.Token, FlushVerbose);
            }
            catch (VerifikApiException ex)
            {
                WriteError(RequestErrors.From(ex, new Uri(Client.BaseUri, "v2/clients/me")));
                return;
            }
            foreach (var problem in problems) WriteWarning("The account's " + problem);
            WriteObject(account);
        }

        protected override void StopProcessing() => _stop.Cancel();

        public void Dispose() => _stop.Dispose();
    }
}
