using System.Security;

namespace Verifik.PowerShell
{
    /// <summary>A connection's token as a SecureString: what a secret vault takes (Set-Secret -Secret $t.Token).</summary>
    public sealed class VerifikAccessToken : VerifikAccessTokenInfo
    {
        internal VerifikAccessToken(System.Uri baseUri, BearerToken described, SecureString token) : base(baseUri, described)
        {
            Token = token;
        }

        /// <summary>A read-only copy; a connection keeps its own.</summary>
        public SecureString Token { get; }
    }
}
