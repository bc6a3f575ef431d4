using System;
using System.Security;
using System.Threading;
using System.Threading.Tasks;

namespace Verifik.PowerShell
{
    /// <summary>
    /// Who signs in, as Connect-Verifik was given it: an e-mail address, or a country code and phone number. Knows how
    /// to check itself and which two sign-in steps are its own, so the cmdlet has one flow for both.
    /// </summary>
    internal sealed class SignInAccount
    {
        private readonly Func<VerifikSignIn, Action<RetryNotice>, CancellationToken, Task<OneTimeCodeSent>> _send;
        private readonly Func<VerifikSignIn, SecureString, Action<RetryNotice>, CancellationToken, Task<BearerToken>> _confirm;

        private SignInAccount(object target, string destination, string path, (string ErrorId, string Message, object Target)? problem,
            Func<VerifikSignIn, Action<RetryNotice>, CancellationToken, Task<OneTimeCodeSent>> send,
            Func<VerifikSignIn, SecureString, Action<RetryNotice>, CancellationToken, Task<BearerToken>> confirm)
        {
            Target = target;
            Destination = destination;
            Path = path;
            Problem = problem;
            _send = send;
            _confirm = confirm;
        }

        /// <summary>What the user typed (the e-mail address or the phone number): the TargetObject of every error.</summary>
        public object Target { get; }

        /// <summary>For messages: "ana@example.com", "+57 3001234567".</summary>
        public string Destination { get; }

        /// <summary>The step-1 endpoint, relative to the base URI.</summary>
        public string Path { get; }

        /// <summary>Why the input is refused before any request, or null.</summary>
        public (string ErrorId, string Message, object Target)? Problem { get; }

        public static SignInAccount ByEmail(string email)
        {
            var problem = SignInInput.EmailProblem(email);
            return new SignInAccount(email, (email ?? string.Empty).Trim(), VerifikSignIn.EmailLoginPath,
                problem == null ? ((string, string, object)?)null : ("InvalidEmailAddress", problem, email!),
                (signIn, onRetry, ct) => signIn.SendEmailCodeAsync(email!, onRetry, ct),
                (signIn, code, onRetry, ct) => signIn.ConfirmEmailCodeAsync(email!, code, onRetry, ct));
        }

        public static SignInAccount ByPhone(string countryCode, string phone)
        {
            (string, string, object)? problem = null;
            if (SignInInput.CountryCodeProblem(countryCode) is string badCountry) problem = ("InvalidCountryCode", badCountry, countryCode);
            else if (SignInInput.PhoneProblem(phone) is string badPhone) problem = ("InvalidPhoneNumber", badPhone, phone);
            var destination = problem == null ? SignInInput.DescribePhone(countryCode, phone) : (countryCode + " " + phone).Trim();
            return new SignInAccount(phone, destination, VerifikSignIn.PhoneLoginPath, problem,
                (signIn, onRetry, ct) => signIn.SendPhoneCodeAsync(countryCode, phone, onRetry, ct),
                (signIn, code, onRetry, ct) => signIn.ConfirmPhoneCodeAsync(countryCode, phone, code, onRetry, ct));
        }

        public Task<OneTimeCodeSent> SendCodeAsync(VerifikSignIn signIn, Action<RetryNotice> onRetry, CancellationToken ct) => _send(signIn, onRetry, ct);

        public Task<BearerToken> ConfirmAsync(VerifikSignIn signIn, SecureString code, Action<RetryNotice> onRetry, CancellationToken ct) =>
            _confirm(signIn, code, onRetry, ct);
    }
}
