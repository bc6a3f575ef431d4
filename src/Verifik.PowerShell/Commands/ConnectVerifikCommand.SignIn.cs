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

        /// <summary>Tries a code typed at the prompt gets, like a password prompt's, while the code is still valid.</summary>
        private const int CodeTries = 3;

        private BearerToken SignIn(Uri baseUri, System.Net.Http.HttpClient http, RequestSettings settings)
        {
            var account = ParameterSetName == EmailSet ? SignInAccount.ByEmail(Email) : SignInAccount.ByPhone(CountryCode, Phone);
            if (account.Problem is { } problem) ThrowTerminatingError(VerifikErrors.Argument(problem.Message, problem.ErrorId, problem.Target));
            if (Code != null) CheckGivenCode(Code, account);

            var signIn = new VerifikSignIn(baseUri, http, settings);
            if (Code != null) return Confirm(signIn, account, Code); // -Code: one try, as a script gave it
            WriteVerbose($"Asking Verifik to send a one-time code to {account.Destination} (POST {signIn.BaseUri}{account.Path}).");
            var sent = Wait(account.SendCodeAsync(signIn, _retries.AddRetry, _stop.Token), account);
            WriteDebug($"The code request was answered with status '{SignInText.Shown(sent.Status ?? "(none)")}', channel '{SignInText.Shown(sent.Channel)}'.");
            var where = SignInText.CodeSent(sent, DateTime.UtcNow);
            WriteVerbose(where);
            for (var attempt = 1; ; attempt++)
            {
                // The prompt's answer is ours to wipe; -Code is the caller's.
                using var typed = AskForCode(account, where, showWhere: attempt == 1);
                try
                {
                    var token = PipelineWait.Result(ConfirmAsync(signIn, account, typed), _stop.Token, () => _retries.Flush(this));
                    WriteVerbose($"Signed in as {account.Destination}.");
                    return token;
                }
                catch (VerifikApiException ex) when (ex.Failure == VerifikFailure.CodeRejected && attempt < CodeTries && SignInText.StillValid(sent, DateTime.UtcNow))
                {
                    var left = CodeTries - attempt;
                    Host.UI.WriteLine(SignInText.TryAgain(ex, left, sent));
                    WriteVerbose($"The one-time code for {account.Destination} was refused; asking again ({left} {(left == 1 ? "try" : "tries")} left).");
                }
                catch (VerifikApiException ex)
                {
                    ThrowTerminatingError(VerifikErrors.From(ex, account.Target));
                    throw;
                }
            }
        }

        /// <summary>
        /// A -Code that could never be right is refused before anything is sent: empty, too long, or a number that lost its
        /// leading zeros on the way (PowerShell keeps them only for a number typed right after -Code).
        /// </summary>
        private void CheckGivenCode(SecureString code, SignInAccount account)
        {
            var seen = SecretArgument.Of(code);
            if (seen?.TooLongLength is long length)
            {
                ThrowTerminatingError(VerifikErrors.Argument(VerifikSignIn.CodeTooLong(length), "VerifikCodeInvalid", account.Target));
            }
            if (seen != null && seen.CameAsNumber && (!seen.IsWholeNumber || seen.NumberLength < VerifikSignIn.DocumentedCodeDigits))
            {
                ThrowTerminatingError(VerifikErrors.Argument(SignInText.NotQuoted(seen), "VerifikCodeInvalid", account.Target));
            }
            if (VerifikSignIn.IsBlankCode(code))
            {
                ThrowTerminatingError(VerifikErrors.Argument("The one-time code given with -Code is empty.", "VerifikCodeEmpty", account.Target));
            }
            if (VerifikSignIn.TooLongCodeProblem(code) is string tooLong)
            {
                ThrowTerminatingError(VerifikErrors.Argument(tooLong, "VerifikCodeInvalid", account.Target));
            }
        }

        private BearerToken Confirm(VerifikSignIn signIn, SignInAccount account, SecureString code)
        {
            var token = Wait(ConfirmAsync(signIn, account, code), account);
            WriteVerbose($"Signed in as {account.Destination}.");
            return token;
        }

        private Task<BearerToken> ConfirmAsync(VerifikSignIn signIn, SignInAccount account, SecureString code)
        {
            WriteVerbose($"Confirming the one-time code for {account.Destination} (POST {signIn.BaseUri}{account.Path}/confirm).");
            return account.ConfirmAsync(signIn, code, _retries.AddRetry, _stop.Token);
        }

        /// <summary>
        /// The prompt on an interactive host (after where the code went, the first time); elsewhere a terminating error
        /// that says how to finish.
        /// </summary>
        private SecureString AskForCode(SignInAccount account, string where, bool showWhere)
        {
            var finish = FinishingCommand.For(MyInvocation.MyCommand.Name, MyInvocation.BoundParameters);
            if (!InteractiveHost.CanPrompt(Host))
            {
                ThrowTerminatingError(VerifikErrors.CodeRequired(
                    where + " This session is not interactive, so Connect-Verifik cannot ask for it. Finish the sign-in with: " + finish,
                    finish, account.Target));
            }
            if (showWhere) Host.UI.WriteLine(where);
            Host.UI.Write("One-time code: ");
            var code = Host.UI.ReadLineAsSecureString();
            if (code == null || VerifikSignIn.IsBlankCode(code))
            {
                code?.Dispose();
                ThrowTerminatingError(VerifikErrors.CodeRequired("No code was entered. " + where + " Finish the sign-in with: " + finish,
                    finish, account.Target));
            }
            if (VerifikSignIn.TooLongCodeProblem(code!) is string tooLong)
            {
                code!.Dispose();
                ThrowTerminatingError(VerifikErrors.Argument(tooLong, "VerifikCodeInvalid", account.Target));
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
