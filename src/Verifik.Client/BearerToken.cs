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

        /// <summary>
        /// The longest token accepted, in characters: what a <see cref="SecureString"/> can hold. A Verifik JWT is a few
        /// hundred characters, and no server takes an Authorization header anywhere near this long.
        /// </summary>
        public const int MaxLength = 65536;

        /// <summary>
        /// Keeps a copy of <paramref name="token"/> without the white space around it (a token read with
        /// <c>Get-Content -Raw</c> ends in a new line). Throws <see cref="ArgumentException"/> when it is empty and
        /// <see cref="FormatException"/> when a character inside could never go into an Authorization header.
        /// </summary>
        public BearerToken(SecureString token)
        {
            if (token == null) throw new ArgumentNullException(nameof(token));
            _secret = token.Copy();
            var plain = Reveal();
            var trimmed = plain.Trim();
            if (trimmed.Length != plain.Length)
            {
                _secret.Dispose();
                _secret = new SecureString();
                foreach (var ch in trimmed) _secret.AppendChar(ch);
            }
            _secret.MakeReadOnly();
            if (trimmed.Length == 0) throw new ArgumentException("The token is empty.", nameof(token));
            if (FindProblem(trimmed) is string problem) throw new FormatException(problem);
            Claims = JwtClaims.Read(trimmed);
            Hint = Mask(trimmed);
        }

        /// <summary>
        /// What makes the token unusable, naming the character and its position (never the token), or null. A token is
        /// printable ASCII (a JWT is base64url and dots); anything else is a copy-and-paste or encoding accident.
        /// </summary>
        private static string? FindProblem(string token)
        {
            for (var i = 0; i < token.Length; i++)
            {
                var ch = token[i];
                if (ch > ' ' && ch < '\u007f') continue;
                return $"The token has {Describe(ch)} at position {i + 1} of {token.Length}; a token is printable ASCII only " +
                       "(white space around it is removed, but not inside). Copy the token again from the Verifik dashboard.";
            }
            return null;
        }

        private static string Describe(char ch)
        {
            switch (ch)
            {
                case '\0': return "a NUL character (U+0000)";
                case '\r': return "a carriage return (U+000D)";
                case '\n': return "a line feed (U+000A)";
                case '\t': return "a tab (U+0009)";
                case ' ': return "a space";
            }
            var code = "U+" + ((int)ch).ToString("X4", System.Globalization.CultureInfo.InvariantCulture);
            return ch < ' ' || ch == '\u007f' ? "a control character " + code : "a non-ASCII character " + code;
        }

        /// <summary>Why a token of this length is refused; names the length, never the token.</summary>
        public static string TooLong(long length) =>
            $"The token is {length:N0} characters long, and a token has at most {MaxLength:N0} (a Verifik token, a JWT, has a few hundred). " +
            "Copy the token again from the Verifik dashboard.";

        public JwtClaims Claims { get; }

        /// <summary>A hint to tell tokens apart ("****" and the last four characters); never the token.</summary>
        public string Hint { get; }

        public static string Mask(string token)
        {
            // Short tokens would be half revealed by their last four characters.
            if (token == null || token.Length < 16) return "****";
            return "****" + token.Substring(token.Length - 4);
        }

        /// <summary>As the constructor; a token longer than <see cref="MaxLength"/> (white space around it aside) is a <see cref="FormatException"/>.</summary>
        public static BearerToken FromPlainText(string token)
        {
            if (token != null && token.Length > MaxLength)
            {
                token = token.Trim(); // what the constructor would remove, removed first so that the rest fits
                if (token.Length > MaxLength) throw new FormatException(TooLong(token.Length));
            }
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
                // With its length: a NUL inside would otherwise end the string there, and the rest would go unseen.
                return Marshal.PtrToStringUni(ptr, _secret.Length) ?? string.Empty;
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
