using System.Security;

namespace Verifik.PowerShell
{
    /// <summary>A connection's token as a SecureString: what a secret vault takes (Set-Secret -Secret $t.Token).</summary>
    public sealed class VerifikAccessToken : VerifikAccessTokenInfo
    {
        internal VerifikAccessToken(VerifikContext connection, SecureString token) : base(connection)
        {
            Token = token;
        }

        /// <summary>A read-only copy; the connection keeps its own.</summary>
        public SecureString Token { get; }
    }
}
