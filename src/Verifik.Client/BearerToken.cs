using System;
using System.Runtime.InteropServices;
using System.Security;

namespace Verifik
{
    /// <summary>
    /// The API token. Held as a <see cref="SecureString"/>; the plain text exists only while a request
    /// header is being built. <see cref="ToString"/> gives the masked hint, so the token cannot leak
    /// through formatting or string interpolation.
    /// </summary>
    public sealed class BearerToken : IDisposable
    {
        private readonly SecureString _secret;

        public BearerToken(SecureString token)
        {
            if (token == null) throw new ArgumentNullException(nameof(token));
            _secret = token.Copy();
            _secret.MakeReadOnly();
            var plain = Reveal();
            if (string.IsNullOrWhiteSpace(plain)) throw new ArgumentException("The token is empty.", nameof(token));
            Claims = JwtClaims.Read(plain);
            Hint = Mask(plain);
        }

        public JwtClaims Claims { get; }

        /// <summary>A hint to tell tokens apart ("****" and the last four characters); never the token.</summary>
        public string Hint { get; }

        public static string Mask(string token)
        {
            // Short tokens would be half revealed by their last four characters.
            if (token == null || token.Length < 16) return "****";
            return "****" + token.Substring(token.Length - 4);
        }

        public static BearerToken FromPlainText(string token)
        {
            using var secure = new SecureString();
            foreach (var ch in token ?? string.Empty) secure.AppendChar(ch);
            return new BearerToken(secure);
        }

        /// <summary>
        /// A read-only copy of the token, for a caller that keeps it (a secret vault). Throws
        /// <see cref="ObjectDisposedException"/> once the token was wiped (the connection was closed).
        /// </summary>
        public SecureString ToSecureString()
        {
            var copy = _secret.Copy();
            copy.MakeReadOnly();
            return copy;
        }

        /// <summary>The plain token, for the Authorization header only.</summary>
        internal string Reveal()
        {
            var ptr = IntPtr.Zero;
            try
            {
                ptr = Marshal.SecureStringToGlobalAllocUnicode(_secret);
                return Marshal.PtrToStringUni(ptr) ?? string.Empty;
            }
            finally
            {
                if (ptr != IntPtr.Zero) Marshal.ZeroFreeGlobalAllocUnicode(ptr);
            }
        }

        public void Dispose() => _secret.Dispose();

        public override string ToString() => Hint;
    }
}
