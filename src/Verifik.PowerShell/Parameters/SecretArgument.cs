using System.Runtime.CompilerServices;
using System.Security;

namespace Verifik.PowerShell
{
    /// <summary>
    /// What <see cref="SecureStringTransformationAttribute"/> saw of a -Token or -Code argument that the SecureString it
    /// made cannot say: that it came as a number (leading zeros may be gone), or that it was too long for a SecureString.
    /// The cmdlet reads it back to refuse such an argument with its own error, before anything is sent. Never the secret:
    /// only its length, and how many digits it had.
    /// </summary>
    internal sealed class SecretArgument
    {
        private static readonly ConditionalWeakTable<SecureString, SecretArgument> Seen = new ConditionalWeakTable<SecureString, SecretArgument>();

        private SecretArgument(long? tooLong, int digits, bool wholeNumber)
        {
            TooLongLength = tooLong;
            NumberLength = digits;
            IsWholeNumber = wholeNumber;
        }

        /// <summary>The length of a text too long to hold; null when it was held.</summary>
        public long? TooLongLength { get; }

        /// <summary>For an argument that came as a number: the length of its text (its digits, for a whole number); else 0.</summary>
        public int NumberLength { get; }

        public bool CameAsNumber => NumberLength > 0;

        /// <summary>Whether the number's text is digits only (not 1.5, -12, 1E+30).</summary>
        public bool IsWholeNumber { get; }

        /// <summary>An empty stand-in for a text longer than a SecureString holds (the parameter must still bind).</summary>
        public static SecureString TooLong(long length)
        {
            var stand = new SecureString();
            stand.MakeReadOnly();
            Seen.Add(stand, new SecretArgument(length, 0, false));
            return stand;
        }

        public static void FromNumber(SecureString secure, string text)
        {
            var whole = text.Length > 0;
            foreach (var ch in text) whole &= ch >= '0' && ch <= '9';
            Seen.Add(secure, new SecretArgument(null, text.Length, whole));
        }

        /// <summary>What was seen of this argument; null for an ordinary one (text of a fitting length, or a SecureString as given).</summary>
        public static SecretArgument? Of(SecureString? secure) => secure != null && Seen.TryGetValue(secure, out var seen) ? seen : null;
    }
}
