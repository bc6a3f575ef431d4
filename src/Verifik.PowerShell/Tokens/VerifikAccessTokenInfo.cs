using System;

namespace Verifik.PowerShell
{
    /// <summary>
    /// What Get-VerifikAccessToken (and New-VerifikAccessToken) says about a token besides the token itself, shared by its two shapes
    /// (after Az's Get-AzAccessToken): <see cref="VerifikAccessToken"/> (a SecureString) and
    /// <see cref="VerifikPlainTextAccessToken"/> (-AsPlainText).
    /// </summary>
    public abstract class VerifikAccessTokenInfo
    {
        /// <param name="token">The token described: a connection's, or one New-VerifikAccessToken was just given.</param>
        private protected VerifikAccessTokenInfo(Uri baseUri, BearerToken token)
        {
            BaseUri = baseUri;
            ClientId = token.Claims.ClientId;
            ExpiresOn = token.Claims.ExpiresOn;
            TokenHint = token.Hint;
        }

        /// <summary>Always "Bearer": the token goes in an "Authorization: Bearer &lt;token&gt;" header.</summary>
        public string TokenType => "Bearer";

        /// <summary>UTC, from the token's "exp" claim; null when the token does not say.</summary>
        public DateTime? ExpiresOn { get; }

        public string? ClientId { get; }

        /// <summary>The API the token is for.</summary>
        public Uri BaseUri { get; }

        /// <summary>"****" and the token's last four characters, as Get-VerifikContext shows it.</summary>
        public string TokenHint { get; }

        /// <summary>Never the token, so that string conversion and interpolation cannot leak it.</summary>
        public override string ToString() => TokenType + " " + TokenHint;
    }
}
