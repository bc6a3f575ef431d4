using System;

namespace Verifik.PowerShell
{
    /// <summary>What Get-VerifikContext shows: the connection, with a masked token hint and never the token.</summary>
    public sealed class VerifikContext
    {
        internal VerifikContext(VerifikClient client, DateTime connectedAt, string proxy)
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
        public string Proxy { get; }

        public override string ToString() => BaseUri + " (" + TokenHint + ")";
    }
}
