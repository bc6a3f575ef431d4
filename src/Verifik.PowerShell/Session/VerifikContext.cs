using System;
using System.Threading;

namespace Verifik.PowerShell
{
    /// <summary>
    /// What Get-VerifikContext shows of a connection: where it goes, whose token it holds (a masked hint, never the
    /// token) and how hard it tries. Every context is a <see cref="VerifikConnection"/>; this base type is what the
    /// format view and the cmdlets' OutputType name. Read from the connection's current client, so a connection switched
    /// to a new token (New-VerifikAccessToken -Connect) shows that token's hint, client and expiry.
    /// </summary>
    public abstract class VerifikContext
    {
        private VerifikClient _client;

        private protected VerifikContext(VerifikClient client, DateTime connectedAt, string proxy)
        {
            _client = client;
            ConnectedAt = connectedAt;
            Proxy = proxy;
        }

        /// <summary>The client requests use now; replaced (never changed) when the connection switches tokens.</summary>
        private protected VerifikClient CurrentClient
        {
            get => Volatile.Read(ref _client);
            set => Volatile.Write(ref _client, value);
        }

        public Uri BaseUri => CurrentClient.BaseUri;
        public string TokenHint => CurrentClient.Token.Hint;
        public string? ClientId => CurrentClient.Token.Claims.ClientId;
        /// <summary>UTC, from the token's "exp" claim; null when the token does not say.</summary>
        public DateTime? TokenExpiresOn => CurrentClient.Token.Claims.ExpiresOn;
        public DateTime ConnectedAt { get; }
        public int MaxRetry => CurrentClient.Defaults.MaxRetry;
        public double TimeoutSec => CurrentClient.Defaults.Timeout.TotalSeconds;
        /// <summary>
        /// The proxy requests to <see cref="BaseUri"/> actually take, never with user info: "direct (loopback)", "direct", or the
        /// proxy URI and its source ("(-Proxy)", the environment variable that names it, "(system)").
        /// </summary>
        public string Proxy { get; }

        public override string ToString() => BaseUri + " (" + TokenHint + ")";
    }
}
