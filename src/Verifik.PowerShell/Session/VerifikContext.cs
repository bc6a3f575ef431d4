using System;

namespace Verifik.PowerShell
{
    /// <summary>
    /// What Get-VerifikContext shows of a connection: where it goes, whose token it holds (a masked hint, never the
    /// token) and how hard it tries. Every context is a <see cref="VerifikConnection"/>; this base type is what the
    /// format view and the cmdlets' OutputType name.
    /// </summary>
    public abstract class VerifikContext
    {
        private protected VerifikContext(VerifikClient client, DateTime connectedAt, string proxy)
        {
            BaseUri = client.BaseUri;
            TokenHint = client.Token.Hint;
            ClientId = client.Token.Claims.ClientId;
            TokenExpiresOn = client.Token.Claims.ExpiresOn;
            ConnectedAt = connectedAt;
            MaxRetry = client.Defaults.MaxRetry;
            TimeoutSec = client.Defaults.Timeout.TotalSeconds;
            Proxy = proxy;
        }

        public Uri BaseUri { get; }
        public string TokenHint { get; }
        public string? ClientId { get; }
        /// <summary>UTC, from the token's "exp" claim; null when the token does not say.</summary>
        public DateTime? TokenExpiresOn { get; }
        public DateTime ConnectedAt { get; }
        public int MaxRetry { get; }
        public double TimeoutSec { get; }
        /// <summary>
        /// The proxy requests to <see cref="BaseUri"/> actually take, never with user info: "direct (loopback)", "direct", or the
        /// proxy URI and its source ("(-Proxy)", the environment variable that names it, "(system)").
        /// </summary>
        public string Proxy { get; }

        public override string ToString() => BaseUri + " (" + TokenHint + ")";
    }
}
