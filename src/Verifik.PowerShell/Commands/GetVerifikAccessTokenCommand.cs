using System;
using System.Management.Automation;
using System.Net;
using System.Security;

namespace Verifik.PowerShell.Commands
{
    /// <summary>
    /// Get-VerifikAccessToken: the connection's token (the default one, or -Connection), to keep it in a secret vault
    /// for runbooks. A SecureString unless -AsPlainText; nothing is sent to the API.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "VerifikAccessToken")]
    [OutputType(typeof(VerifikAccessToken), typeof(VerifikPlainTextAccessToken))]
    public sealed class GetVerifikAccessTokenCommand : VerifikConnectionCmdlet
    {
        /// <summary>Writes the token as a plain string: it may then end up in transcripts, logs or $Error.</summary>
        [Parameter]
        public SwitchParameter AsPlainText { get; set; }

        protected override void EndProcessing()
        {
            var connection = RequireConnection();
            var client = connection.Client; // one token throughout, even if the connection switches meanwhile
            SecureString token;
            try
            {
                token = client.Token.ToSecureString();
            }
            catch (ObjectDisposedException)
            {
                // Closed by Disconnect-Verifik in another runspace since RequireConnection looked.
                ThrowTerminatingError(VerifikErrors.ConnectionClosed(connection));
                throw;
            }
            WriteVerbose($"The token {client.Token.Hint} of the connection to {client.BaseUri}" +
                (client.Token.Claims.ClientId == null ? string.Empty : $" (client {Printable.Escape(client.Token.Claims.ClientId)})") +
                (client.Token.Claims.ExpiresOn is DateTime exp ? $", valid until {exp:u}" : string.Empty) +
                (AsPlainText ? ", as plain text." : ", as a SecureString."));
            if (!AsPlainText)
            {
                WriteObject(new VerifikAccessToken(client.BaseUri, client.Token, token));
                return;
            }
            using (token)
            {
                WriteObject(new VerifikPlainTextAccessToken(client.BaseUri, client.Token, new NetworkCredential(string.Empty, token).Password));
            }
        }
    }
}
