using System;
using System.Management.Automation;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using Verifik.PowerShell.Bulk;

namespace Verifik.PowerShell.Commands
{
    /// <summary>
    /// Connect-Verifik -Email / -Phone: Verifik's one-time-code sign-in. Step 1 has the API send a code (skipped when
    /// -Code is given); the code is then asked for on an interactive host, or the command stops with the command that
    /// finishes the sign-in; step 2 trades the code for a token, which then goes the way of any -Token.
    /// </summary>
    public sealed partial class ConnectVerifikCommand
    {
        private const string EmailSet = "Email";
        private const string PhoneSet = "Phone";

        /// <summary>Signs in with a one-time code sent to this e-mail address.</summary>
        [Parameter(Mandatory = true, ParameterSetName = EmailSet)]
        public string Email { get; set; } = null!;

        /// <summary>Signs in with a one-time code sent to this phone (WhatsApp or SMS): the national number, digits only.</summary>
        [Parameter(Mandatory = true, ParameterSetName = PhoneSet)]
        public string Phone { get; set; } = null!;

        /// <summary>The phone's country calling code, like +57.</summary>
        [Parameter(Mandatory = true, ParameterSetName = PhoneSet)]
        public string CountryCode { get; set; } = null!;

        /// <summary>A code already received: only step 2 is sent. A plain string is accepted too.</summary>
        [Parameter(ParameterSetName = EmailSet)]
        [Parameter(ParameterSetName = PhoneSet)]
        [SecureStringTransformation]
        public SecureString? Code { get; set; }

        private BearerToken SignIn(Uri baseUri, System.Net.Http.HttpClient http, RequestSettings settings)
        {
            var account = ParameterSetName == EmailSet ? SignInAccount.ByEmail(Email) : SignInAccount.ByPhone(CountryCode, Phone);
            if (account.Problem is { } problem) ThrowTerminatingError(VerifikErrors.Argument(problem.Message, problem.ErrorId, problem.Target));
            if (Code != null && VerifikSignIn.IsBlankCode(Code))
            {
                ThrowTerminatingError(VerifikErrors.Argument("The one-time code given with -Code is empty.", "VerifikCodeEmpty", account.Target));
            }

            var signIn = new VerifikSignIn(baseUri, http, settings);
            var code = Code;
            SecureString? typed = null; // the prompt's answer is ours to wipe; -Code is the caller's
            if (code == null)
            {
                WriteVerbose($"Asking Verifik to send a one-time code to {account.Destination} (POST {signIn.BaseUri}{account.Path}).");
                var sent = Wait(account.SendCodeAsync(signIn, _retries.AddRetry, _stop.Token), account);
                WriteDebug($"The code request was answered with status '{sent.Status ?? "(none)"}', channel '{sent.Channel}'.");
                code = typed = AskForCode(account, sent);
            }
            using (typed)
            {
                WriteVerbose($"Confirming the one-time code for {account.Destination} (POST {signIn.BaseUri}{account.Path}/confirm).");
                var token = Wait(account.ConfirmAsync(signIn, code, _retries.AddRetry, _stop.Token), account);
                WriteVerbose($"Signed in as {account.Destination}.");
                return token;
            }
        }

        /// <summary>The prompt on an interactive host; elsewhere a terminating error that says how to finish.</summary>
        private SecureString AskForCode(SignInAccount account, OneTimeCodeSent sent)
        {
            var where = SignInText.CodeSent(sent, DateTime.UtcNow);
            WriteVerbose(where);
            var finish = FinishingCommand.For(MyInvocation.MyCommand.Name, MyInvocation.BoundParameters);
            if (!InteractiveHost.CanPrompt(Host))
            {
                ThrowTerminatingError(VerifikErrors.CodeRequired(
                    where + " This session is not interactive, so Connect-Verifik cannot ask for it. Finish the sign-in with: " + finish,
                    finish, account.Target));
            }
            Host.UI.WriteLine(where);
            Host.UI.Write("One-time code: ");
            var code = Host.UI.ReadLineAsSecureString();
            if (code == null || VerifikSignIn.IsBlankCode(code))
            {
                ThrowTerminatingError(VerifikErrors.CodeRequired("No code was entered. " + where + " Finish the sign-in with: " + finish,
                    finish, account.Target));
            }
            return code!;
        }

        private T Wait<T>(Task<T> step, SignInAccount account)
        {
            try
            {
                return PipelineWait.Result(step, _stop.Token, () => _retries.Flush(this));
            }
            catch (VerifikApiException ex)
            {
                ThrowTerminatingError(VerifikErrors.From(ex, account.Target));
                throw;
            }
        }
    }
}
