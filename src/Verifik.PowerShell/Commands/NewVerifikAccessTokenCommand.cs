using System;
using System.Management.Automation;
using Verifik.PowerShell.Bulk;
using Verifik.PowerShell.Requests;

namespace Verifik.PowerShell.Commands
{
    /// <summary>
    /// New-VerifikAccessToken: a new token for the connection's account, in exchange for its current one (so a runbook
    /// keeps its 30-day token alive without a person typing a one-time code), written as Get-VerifikAccessToken writes a
    /// token. -RevokeOthers also expires every other token of the account (ConfirmImpact High); -Connect switches the
    /// connection to the new token.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "VerifikAccessToken", DefaultParameterSetName = RenewSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(VerifikAccessToken))]
    public sealed class NewVerifikAccessTokenCommand : VerifikConnectedCmdlet, IDisposable
    {
        private const string RenewSet = "Renew";
        private const string RevokeSet = "RevokeOthers";
        private readonly StopSignal _stop = new StopSignal();

        /// <summary>How long the new token is valid, in months (the API's expiresIn).</summary>
        [Parameter(ParameterSetName = RenewSet)]
        [ValidateRange(1, 1200)]
        public int ExpiresInMonths { get; set; } = 1;

        /// <summary>Expire every other token of the account (renew-and-revoke); the connection switches to the new one.</summary>
        [Parameter(ParameterSetName = RevokeSet, Mandatory = true)]
        public SwitchParameter RevokeOthers { get; set; }

        /// <summary>Switch the connection to the new token.</summary>
        [Parameter]
        public SwitchParameter Connect { get; set; }

        protected override void EndProcessing()
        {
            var connection = RequireConnection();
            var client = Client;
            var target = $"the token {client.Token.Hint} of the connection to {client.BaseUri}" +
                (client.Token.Claims.ClientId == null ? string.Empty : $" (client {client.Token.Claims.ClientId})");
            var months = ExpiresInMonths.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var allowed = RevokeOthers
                ? HighImpactConfirmation.ShouldProcess(this, ConfirmImpact.Low, target,
                    "Get a new token and revoke every other token of the account (POST /v2/auth/renew-and-revoke): every runbook, script or person " +
                    "holding one of them, this connection included, stops working until given the new token")
                : ShouldProcess(target, $"Get a new token valid {months} month(s) (GET /v2/auth/session?origin=refresh&expiresIn={months}; the current token keeps working)");
            if (!allowed) return;

            WriteVerbose(RevokeOthers
                ? "Sending POST /v2/auth/renew-and-revoke: it is not sent again once it may have reached the API."
                : $"Sending GET /v2/auth/session?origin=refresh&expiresIn={months} (POST if the API refuses GET with 404 or 405).");
            RenewedToken renewed;
            try
            {
                renewed = PipelineWait.Result(client.RenewTokenAsync(ExpiresInMonths, RevokeOthers, Settings, OnRetry, _stop.Token), _stop.Token, FlushVerbose);
            }
            catch (VerifikApiException ex)
            {
                WriteError(RequestErrors.From(ex, new Uri(client.BaseUri, RevokeOthers ? "v2/auth/renew-and-revoke" : "v2/auth/session")));
                return;
            }

            var token = renewed.Token;
            var output = new VerifikAccessToken(client.BaseUri, token, token.ToSecureString());
            var switched = (Connect || RevokeOthers) && connection.SwitchToken(token);
            if (!switched) token.Dispose(); // only the copy in the output is kept
            WriteVerbose($"{renewed.Method} {renewed.Path} gave the token {output.TokenHint}" +
                (output.ExpiresOn is DateTime exp ? $", valid until {exp:u}" : string.Empty) +
                (switched ? "; the connection uses it from now on." : $"; the connection keeps {client.Token.Hint} (-Connect switches it).") +
                (renewed.RevokedOthers ? string.Empty : " The old token keeps working until it expires."));
            if (renewed.RevokedOthers)
            {
                WriteWarning("Every other token of the account was revoked: store the new token (Set-Secret -Secret $t.Token) where every runbook reads it.");
            }
            if ((Connect || RevokeOthers) && !switched)
            {
                WriteError(VerifikErrors.ConnectionClosed(connection));
            }
            WriteObject(output);
        }

        protected override void StopProcessing() => _stop.Cancel();

        public void Dispose() => _stop.Dispose();
    }
}
