using System;

namespace Verifik.PowerShell
{
    /// <summary>
    /// What Get-VerifikAccessToken says about a connection's token besides the token itself, shared by its two shapes
    /// (after Az's Get-AzAccessToken): <see cref="VerifikAccessToken"/> (a SecureString) and
    /// <see cref="VerifikPlainTextAccessToken"/> (-AsPlainText).
    /// </summary>
    public abstract class VerifikAccessTokenInfo
    {
        private protected VerifikAccessTokenInfo(VerifikContext connection)
        {
            BaseUri = connection.BaseUri;
            ClientId = connection.ClientId;
            ExpiresOn = connection.TokenExpiresOn;
            TokenHint = connection.TokenHint;
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
