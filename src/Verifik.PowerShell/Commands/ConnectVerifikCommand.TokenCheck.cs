using System.Management.Automation;
using Verifik.PowerShell.Bulk;

namespace Verifik.PowerShell.Commands
{
    /// <summary>
    /// Connect-Verifik -Token: one authenticated read before a given token is kept, so a wrong token fails at the
    /// connect and not on the first use, deep in a runbook. A token a sign-in just returned is not checked again.
    /// </summary>
    public sealed partial class ConnectVerifikCommand
    {
        /// <summary>Keeps the token without asking the API (offline use): nothing is sent.</summary>
        [Parameter(ParameterSetName = TokenSet)]
        public SwitchParameter SkipValidation { get; set; }

        /// <summary>
        /// A refusal (401, or 403) is terminating; when the check cannot be made (the API down, a timeout, an answer that
        /// is no listing), the connection is made with a warning that says so, since the token may well be good.
        /// </summary>
        private void CheckWithApi(VerifikClient client)
        {
            if (SkipValidation)
            {
                WriteVerbose("The token was not checked with the API (-SkipValidation); the first request will show whether the API accepts it.");
                return;
            }
            WriteVerbose($"Checking the token with the API: GET {client.TokenCheckUri} (the first record of the listing).");
            try
            {
                var status = PipelineWait.Result(client.CheckTokenAsync(null, _retries.AddRetry, _stop.Token), _stop.Token, () => _retries.Flush(this));
                WriteVerbose($"The API accepted the token (HTTP {status}).");
            }
            catch (VerifikApiException ex) when (ex.Failure == VerifikFailure.Unauthorized || ex.Failure == VerifikFailure.Forbidden)
            {
                client.Token.Dispose();
                ThrowTerminatingError(VerifikErrors.TokenRefused(ex));
            }
            catch (PipelineStoppedException)
            {
                client.Token.Dispose(); // Ctrl+C: no connection will hold it
                throw;
            }
            catch (VerifikApiException ex)
            {
                WriteWarning($"The token could not be checked: {Printable.Escape(ex.Message).TrimEnd('.')}. Connected anyway: the first request will show " +
                    "whether the API accepts the token. (-SkipValidation connects without the check.)");
            }
        }
    }
}
