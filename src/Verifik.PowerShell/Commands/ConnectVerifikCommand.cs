using System;
using System.Management.Automation;
using System.Net;
using System.Net.Http;
using System.Security;
using System.Threading;

namespace Verifik.PowerShell.Commands
{
    /// <summary>
    /// Connect-Verifik: keeps the token for this process (or, with -ReturnConnection, in a connection object the
    /// caller holds). The token is given (-Token, VERIFIK_TOKEN, a secure prompt), and then checked with one request
    /// (see the TokenCheck part; not with -SkipValidation); or it is obtained by signing in with a one-time code (-Email
    /// or -Phone, see the SignIn part). Either way it takes the same path: its own expiry (the JWT "exp" claim) is
    /// checked first, so a stale token fails now, before any request, not mid-run.
    /// </summary>
    [Cmdlet(VerbsCommunications.Connect, "Verifik", DefaultParameterSetName = TokenSet)]
    [OutputType(typeof(VerifikContext), typeof(VerifikConnection))]
    public sealed partial class ConnectVerifikCommand : PSCmdlet, IDisposable
    {
        internal const string TokenVariable = "VERIFIK_TOKEN";
        internal const string BaseUriVariable = "VERIFIK_BASE_URI";
        private const string TokenSet = "Token";
        private static readonly TimeSpan ExpiryWarning = TimeSpan.FromDays(1);

        /// <summary>The API token (a JWT). A plain string is accepted too.</summary>
        [Parameter(Position = 0, ParameterSetName = TokenSet)]
        [SecureStringTransformation]
        public SecureString? Token { get; set; }

        [Parameter]
        public Uri? BaseUri { get; set; }

        [Parameter]
        [ValidateRange(0, 20)]
        public int MaxRetry { get; set; } = RequestSettings.DefaultMaxRetry;

        [Parameter]
        [ValidateRange(1, 3600)]
        public int TimeoutSec { get; set; } = (int)RequestSettings.DefaultTimeout.TotalSeconds;

        [Parameter]
        public Uri? Proxy { get; set; }

        [Parameter]
        [Credential]
        public PSCredential? ProxyCredential { get; set; }

        [Parameter]
        public SwitchParameter ProxyUseDefaultCredentials { get; set; }

        /// <summary>Writes the connection's context; the connection becomes the default, as without it.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>Writes the connection for use with -Connection and leaves the default connection as it was.</summary>
        [Parameter]
        public SwitchParameter ReturnConnection { get; set; }

        protected override void EndProcessing()
        {
            var baseUri = ResolveBaseUri();
            var refusal = TransportPolicy.Check(baseUri);
            if (refusal != null)
            {
                ThrowTerminatingError(VerifikErrors.Argument(refusal, "InsecureBaseUri", baseUri));
            }
            if (Proxy != null && ProxySettings.Check(Proxy) is string badProxy)
            {
                ThrowTerminatingError(VerifikErrors.Argument(badProxy, "InvalidProxyUri", TransportPolicy.WithoutUserInfo(Proxy)));
            }
            if (ProxyCredential != null && ProxyUseDefaultCredentials)
            {
                ThrowTerminatingError(VerifikErrors.Argument("Use -ProxyCredential or -ProxyUseDefaultCredentials, not both.", "ProxyCredentialConflict", null));
            }
            var proxy = new ProxySettings(Proxy, ProxyCredential?.GetNetworkCredential(), ProxyUseDefaultCredentials);
            var settings = new RequestSettings { MaxRetry = MaxRetry, Timeout = TimeSpan.FromSeconds(TimeoutSec) };

            // The lease on the shared HTTP client goes to the connection; released here if no connection is made.
            HttpClient? http = HttpClientCache.Lease(proxy);
            try
            {
                var given = ParameterSetName == TokenSet;
                var token = given ? GivenToken() : SignIn(baseUri, http, settings.Clone());
                Connect(token, baseUri, proxy, ref http, settings, checkWithApi: given);
            }
            finally
            {
                http?.Dispose();
            }
        }

        // Ctrl+C ends a request in flight (the token check, a sign-in step); retry notices reach -Verbose from the pipeline thread.
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly VerboseRelay _retries = new VerboseRelay();

        protected override void StopProcessing()
        {
            try { _stop.Cancel(); }
            catch (ObjectDisposedException) { }
        }

        public void Dispose()
        {
            StopProcessing();
            _stop.Dispose();
        }

        /// <summary>
        /// The one path of every token, given or signed in for: expiry check, the API's check (of a given token only: a
        /// sign-in's comes straight from the API), connection, default or returned.
        /// </summary>
        private void Connect(BearerToken token, Uri baseUri, ProxySettings proxy, ref HttpClient? http, RequestSettings settings, bool checkWithApi)
        {
            CheckExpiry(token);
            var client = new VerifikClient(baseUri, token, http!, settings);
            if (checkWithApi) CheckWithApi(client);
            var connection = new VerifikConnection(client, http!, DateTime.UtcNow, proxy.Describe(client.BaseUri));
            http = null; // the connection holds it now

            WriteVerbose($"Connected to {client.BaseUri} with token {token.Hint}" +
                (token.Claims.ClientId == null ? string.Empty : $" (client {Printable.Escape(token.Claims.ClientId)})") +
                (token.Claims.ExpiresOn is DateTime exp ? $", valid until {exp:u}" : string.Empty) +
                $", proxy: {connection.Proxy}" +
                (ReturnConnection ? "; the default connection is unchanged." : "."));
            if (ReturnConnection)
            {
                WriteObject(connection);
                return;
            }
            VerifikSession.SetDefault(connection);
            if (PassThru) WriteObject(connection);
        }

        private BearerToken GivenToken()
        {
            try
            {
                return ReadToken();
            }
            catch (FormatException ex)
            {
                // The message names the character and its position, never the token; no TargetObject for the same reason.
                ThrowTerminatingError(new ErrorRecord(new ArgumentException(ex.Message, nameof(Token)), "VerifikTokenInvalid", ErrorCategory.InvalidArgument, null));
                throw;
            }
            catch (ArgumentException ex)
            {
                ThrowTerminatingError(new ErrorRecord(ex, "VerifikTokenEmpty", ErrorCategory.InvalidArgument, null));
                throw;
            }
        }

        private Uri ResolveBaseUri()
        {
            var uri = BaseUri;
            if (uri == null)
            {
                var fromEnvironment = Environment.GetEnvironmentVariable(BaseUriVariable);
                if (string.IsNullOrWhiteSpace(fromEnvironment)) return VerifikClient.DefaultBaseUri;
                if (!Uri.TryCreate(fromEnvironment!.Trim(), UriKind.Absolute, out uri))
                {
                    ThrowTerminatingError(VerifikErrors.Argument(
                        $"The environment variable {BaseUriVariable} ('{fromEnvironment}') is not an absolute URI.", "InvalidBaseUri", fromEnvironment));
                }
            }
            if (uri!.IsAbsoluteUri && uri.UserInfo.Length > 0)
            {
                // A password in the base URI would show in -Verbose, in the context and in error messages: refused, and not repeated.
                var shown = TransportPolicy.WithoutUserInfo(uri);
                ThrowTerminatingError(VerifikErrors.Argument(
                    $"The base URI '{shown}'{(BaseUri == null ? $" (from {BaseUriVariable})" : string.Empty)} has a user name or password in it. " +
                    "The Verifik API takes only the token: give the base URI without them.", "InvalidBaseUri", shown));
            }
            return uri;
        }

        /// <summary>-Token, else the VERIFIK_TOKEN environment variable, else a secure prompt on an interactive host.</summary>
        private BearerToken ReadToken()
        {
            if (Token != null)
            {
                // Longer than a SecureString holds: the transformation kept only its length.
                if (SecretArgument.Of(Token)?.TooLongLength is long length) throw new FormatException(BearerToken.TooLong(length));
                return new BearerToken(Token);
            }
            var fromEnvironment = Environment.GetEnvironmentVariable(TokenVariable);
            if (!string.IsNullOrWhiteSpace(fromEnvironment))
            {
                WriteVerbose($"Using the token in the environment variable {TokenVariable}.");
                return BearerToken.FromPlainText(fromEnvironment!.Trim());
            }
            return new BearerToken(Prompt());
        }

        private SecureString Prompt()
        {
            if (!InteractiveHost.CanPrompt(Host))
            {
                ThrowTerminatingError(new ErrorRecord(
                    new InvalidOperationException($"No token: pass -Token or set the environment variable {TokenVariable}. " +
                        "This session is not interactive, so Connect-Verifik cannot ask for it."),
                    "VerifikTokenMissing", ErrorCategory.AuthenticationError, null));
            }
            Host.UI.Write("Verifik API token: ");
            var secure = Host.UI.ReadLineAsSecureString();
            if (secure == null || secure.Length == 0)
            {
                ThrowTerminatingError(new ErrorRecord(new InvalidOperationException("No token was entered."),
                    "VerifikTokenMissing", ErrorCategory.AuthenticationError, null));
            }
            return secure!;
        }

        private void CheckExpiry(BearerToken token)
        {
            if (!(token.Claims.ExpiresOn is DateTime expires)) return;
            var left = expires - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                token.Dispose();
                ThrowTerminatingError(new ErrorRecord(
                    new InvalidOperationException($"The token expired on {expires:u}. Get a new token from the Verifik dashboard and run Connect-Verifik again."),
                    "VerifikTokenExpired", ErrorCategory.AuthenticationError, null));
            }
            if (left < ExpiryWarning)
            {
                WriteWarning($"The token expires in {left.TotalHours:0.#} hours ({expires:u}); renew it before long unattended runs.");
            }
        }
    }
}
