using System;
using System.Globalization;
using System.Management.Automation;
using System.Reflection;
using System.Security;

namespace Verifik.PowerShell
{
    /// <summary>
    /// Lets a SecureString parameter also take a plain string, so <c>-Token $env:VERIFIK_TOKEN</c> works, and a number
    /// typed as it is, so <c>-Code 012345</c> works: PowerShell parses that argument as the number 12345, and the
    /// digits as typed (leading zeros included) are read back from the argument's token text. A number whose digits as
    /// typed cannot be read (a variable, parentheses, splatting), and a text longer than a SecureString holds, are noted
    /// (see <see cref="SecretArgument"/>) for the cmdlet to refuse with its own error: a transformation cannot choose one.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class SecureStringTransformationAttribute : ArgumentTransformationAttribute
    {
        /// <summary>What a SecureString holds at most.</summary>
        private const int MaxLength = BearerToken.MaxLength;

        // Internal to PowerShell (5.1 and 7): what a command argument that was parsed as a number looked like. It may go
        // away in any release; without it, every number takes the path of a number from a variable.
        private static readonly PropertyInfo? TokenTextProperty = FindTokenText();

        public override object? Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            var value = inputData is PSObject ps ? ps.BaseObject : inputData;
            var text = value as string;
            var fromNumber = false;
            if (text == null && IsNumber(value))
            {
                text = DigitsAsTyped(inputData as PSObject, value!) ?? Convert.ToString(value, CultureInfo.InvariantCulture);
                fromNumber = true;
            }
            if (text == null) return inputData;
            if (text.Length > MaxLength) text = text.Trim(); // white space around a token does not count
            if (text.Length > MaxLength) return SecretArgument.TooLong(text.Length);

            var secure = new SecureString();
            foreach (var ch in text) secure.AppendChar(ch);
            secure.MakeReadOnly();
            if (fromNumber) SecretArgument.FromNumber(secure, text);
            return secure;
        }

        private static bool IsNumber(object? value) =>
            value is int || value is long || value is short || value is byte || value is uint || value is ulong || value is ushort ||
            value is sbyte || value is decimal || value is double || value is float;

        /// <summary>
        /// The argument as typed, when PowerShell kept it and it is plainly the same number in decimal digits (not 0x3039,
        /// 12345L or 1e5, whose text says something else); else null.
        /// </summary>
        internal static string? DigitsAsTyped(PSObject? wrapped, object number)
        {
            var typed = TokenText(wrapped);
            if (string.IsNullOrEmpty(typed)) return null;
            foreach (var ch in typed!)
            {
                if (ch < '0' || ch > '9') return null;
            }
            try
            {
                return decimal.TryParse(typed, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)
                    && parsed == Convert.ToDecimal(number, CultureInfo.InvariantCulture) ? typed : null;
            }
            catch (OverflowException)
            {
                return null;
            }
        }

        private static string? TokenText(PSObject? wrapped)
        {
            if (wrapped == null || TokenTextProperty == null) return null;
            try
            {
                return TokenTextProperty.GetValue(wrapped) as string;
            }
            catch (Exception ex) when (!(ex is OutOfMemoryException))
            {
                return null; // a changed internal: the fallback, as for a number from a variable
            }
        }

        private static PropertyInfo? FindTokenText()
        {
            try
            {
                var property = typeof(PSObject).GetProperty("TokenText", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public);
                return property != null && property.PropertyType == typeof(string) && property.GetIndexParameters().Length == 0 ? property : null;
            }
            catch (AmbiguousMatchException)
            {
                return null;
            }
        }
    }
}
