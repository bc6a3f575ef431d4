using System;

namespace Verifik
{
    /// <summary>
    /// The members of an API answer that hold secrets, by name, for every reader that passes answers on (the generic
    /// request, -Raw): the account's <c>otp</c> (a bcrypt hash), <c>JWTPhrase</c> and <c>secretKey</c> are dropped, and
    /// tokens (<c>accessToken</c>, <c>token</c>, <c>refreshToken</c>) are kept only as a SecureString (or, in text, as
    /// their masked hint). Names compare without case: the API is not consistent about it.
    /// </summary>
    public static class SecretFields
    {
        private static readonly string[] Dropped = { "otp", "JWTPhrase", "secretKey" };
        private static readonly string[] Tokens = { "accessToken", "token", "refreshToken" };

        /// <summary>A member never passed on in any form.</summary>
        public static bool IsDropped(string name) => Contains(Dropped, name);

        /// <summary>A member whose string value is a token: passed on as a SecureString or as its hint, never as text.</summary>
        public static bool IsToken(string name) => Contains(Tokens, name);

        private static bool Contains(string[] names, string name)
        {
            foreach (var n in names)
            {
                if (string.Equals(n, name, StringComparison.OrdinalIgnoreCase)) return true;
            }
            return false;
        }
    }
}
