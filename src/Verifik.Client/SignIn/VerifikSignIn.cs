using System;
using System.Net.Http;
using System.Security;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Verifik
{
    /// <summary>
    /// Verifik's one-time-code sign-in, which is how a token is obtained: step 1 asks the API to send a code to an
    /// e-mail address or a phone, step 2 sends the code back and gets the access token. Over its own transport with
    /// no token (nothing is authenticated here), on the shared HTTP client of the proxy in use. Every request is
    /// not safe to repeat: a second step 1 sends a second code, and step 2 uses the code up.
    /// </summary>
    public sealed class VerifikSignIn
    {
        public const string EmailLoginPath = "v2/projects/email-login";
        public const string PhoneLoginPath = "v2/projects/phone-login";
        private const string ConfirmSuffix = "/confirm";

        private readonly ApiTransport _transport;

        public VerifikSignIn(Uri baseUri, HttpClient http, RequestSettings? settings = null)
        {
            if (baseUri == null) throw new ArgumentNullException(nameof(baseUri));
            BaseUri = VerifikClient.NormalizeBaseUri(baseUri);
            Settings = settings ?? new RequestSettings();
            _transport = new ApiTransport(http ?? throw new ArgumentNullException(nameof(http)), BaseUri, token: null);
        }

        public Uri BaseUri { get; }

        /// <summary>
        /// The longest one-time code sent, in characters (spaces around it aside). Verifik's codes have 6 digits in every
        /// documented example; a code far longer could never be right, so it is refused before anything is sent.
        /// </summary>
        public const int MaxCodeLength = 256;

        /// <summary>How many digits Verifik's codes have, in every documented example.</summary>
        public const int DocumentedCodeDigits = 6;

        /// <summary>Whether a code is empty or only spaces, looked at without making it a string.</summary>
        public static bool IsBlankCode(SecureString code) => code == null || SignInBody.IsBlank(code);

        /// <summary>
        /// Why a code longer than <see cref="MaxCodeLength"/> (spaces around it aside) is refused, or null; looked at without
        /// making it a string.
        /// </summary>
        public static string? TooLongCodeProblem(SecureString code)
        {
            if (code == null || code.Length <= MaxCodeLength) return null;
            var length = SignInBody.TrimmedLength(code);
            return length > MaxCodeLength ? CodeTooLong(length) : null;
        }

        /// <summary>Why a code of this length is refused; names the length, never the code.</summary>
        public static string CodeTooLong(long length) =>
            $"The one-time code is {length:N0} characters long, and a code has at most {MaxCodeLength:N0} (Verifik's have 6 digits). Nothing was sent.";

        public RequestSettings Settings { get; }

        /// <summary>Step 1 by e-mail: the address goes both as the "email" query parameter (newer docs) and in the JSON body (older flows).</summary>
        public Task<OneTimeCodeSent> SendEmailCodeAsync(string email, Action<RetryNotice>? onRetry = null, CancellationToken ct = default)
        {
            var address = Checked(SignInInput.EmailProblem(email), email).Trim();
            var uri = EmailLoginPath + "?email=" + Uri.EscapeDataString(address);
            return SendCodeAsync(uri, address, "email", w => { w.WriteString("email", address); w.WriteString("type", "login"); }, onRetry, ct);
        }

        public Task<BearerToken> ConfirmEmailCodeAsync(string email, SecureString code, Action<RetryNotice>? onRetry = null, CancellationToken ct = default)
        {
            var address = Checked(SignInInput.EmailProblem(email), email).Trim();
            return ConfirmAsync(EmailLoginPath + ConfirmSuffix, address, w => w.WriteString("email", address), code, onRetry, ct);
        }

        /// <summary>Step 1 by phone (the API picks WhatsApp or SMS); the number is a JSON number, as the API wants.</summary>
        public Task<OneTimeCodeSent> SendPhoneCodeAsync(string countryCode, string phone, Action<RetryNotice>? onRetry = null, CancellationToken ct = default)
        {
            var (country, number, shown) = CheckedPhone(countryCode, phone);
            return SendCodeAsync(PhoneLoginPath, shown, "phone",
                w => { w.WriteString("countryCode", country); w.WriteNumber("phone", number); w.WriteString("type", "login"); }, onRetry, ct);
        }

        public Task<BearerToken> ConfirmPhoneCodeAsync(string countryCode, string phone, SecureString code, Action<RetryNotice>? onRetry = null,
            CancellationToken ct = default)
        {
            var (country, number, shown) = CheckedPhone(countryCode, phone);
            return ConfirmAsync(PhoneLoginPath + ConfirmSuffix, shown, w => { w.WriteString("countryCode", country); w.WriteNumber("phone", number); },
                code, onRetry, ct);
        }

        private async Task<OneTimeCodeSent> SendCodeAsync(string relativeUri, string destination, string channel, Action<Utf8JsonWriter> fields,
            Action<RetryNotice>? onRetry, CancellationToken ct)
        {
            using var body = SignInBody.Write(fields);
            var response = await SendAsync(relativeUri, destination, body, CodeRequestAdvice(destination), onRetry, ct).ConfigureAwait(false);
            try
            {
                if (!response.IsSuccess) throw SignInFailures.From(response, destination, confirming: false, Settings.MaxRetry, CodeRequestAdvice(destination));
                return SignInAnswers.CodeSent(response, destination, channel);
            }
            finally
            {
                Wipe(response); // the phone answer carries the code's bcrypt hash
            }
        }

        private async Task<BearerToken> ConfirmAsync(string relativeUri, string destination, Action<Utf8JsonWriter> fields, SecureString code,
            Action<RetryNotice>? onRetry, CancellationToken ct)
        {
            if (code == null) throw new ArgumentNullException(nameof(code));
            if (IsBlankCode(code)) throw new ArgumentException("The one-time code is empty.", nameof(code));
            if (TooLongCodeProblem(code) is string tooLong) throw new ArgumentException(tooLong, nameof(code));
            using var body = SignInBody.Write(fields, code);
            var response = await SendAsync(relativeUri, destination, body, ConfirmAdvice(destination), onRetry, ct).ConfigureAwait(false);
            try
            {
                if (!response.IsSuccess) throw SignInFailures.From(response, destination, confirming: true, Settings.MaxRetry, ConfirmAdvice(destination));
                return SignInAnswers.Token(response, destination);
            }
            finally
            {
                Wipe(response); // it carries the token
            }
        }

        private Task<ApiResponse> SendAsync(string relativeUri, string destination, SignInBody body, Func<DateTime, string> advice,
            Action<RetryNotice>? onRetry, CancellationToken ct)
        {
            var request = new ApiRequest(HttpMethod.Post, new Uri(BaseUri, relativeUri), destination)
            {
                Body = body.NewContent,
                Retry = RetryRule.NotIdempotent,
                WithToken = false,
                UncertainAdvice = advice,
            };
            return _transport.SendAsync(request, Settings, onRetry, ct);
        }

        private static Func<DateTime, string> CodeRequestAdvice(string destination) => sent =>
            $"The request for a code for '{destination}' was sent at {sent:yyyy-MM-dd HH:mm:ss} UTC and may or may not have reached Verifik; " +
            "it was not sent again, so that no second code is sent. If a code arrives, use it; otherwise ask for a new one.";

        private static Func<DateTime, string> ConfirmAdvice(string destination) => sent =>
            $"The code for '{destination}' was sent for confirmation at {sent:yyyy-MM-dd HH:mm:ss} UTC and may or may not have been used up; " +
            "it was not sent again. Ask for a new code and sign in again.";

        private static string Checked(string? problem, string value)
        {
            if (problem != null) throw new ArgumentException(problem);
            return value;
        }

        private static (string Country, long Number, string Shown) CheckedPhone(string countryCode, string phone)
        {
            Checked(SignInInput.CountryCodeProblem(countryCode), countryCode);
            Checked(SignInInput.PhoneProblem(phone), phone);
            var country = countryCode.Trim();
            return (country, SignInInput.PhoneNumber(phone), SignInInput.DescribePhone(country, phone));
        }

        private static void Wipe(ApiResponse response) => Array.Clear(response.Body, 0, response.Body.Length);
    }
}
