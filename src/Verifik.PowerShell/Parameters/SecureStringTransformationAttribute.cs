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
    /// digits as typed (leading zeros included) are read back from the argument's token text.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class SecureStringTransformationAttribute : ArgumentTransformationAttribute
    {
        // Internal to PowerShell (5.1 and 7): what a command argument that was parsed as a number looked like.
        private static readonly PropertyInfo? TokenTextProperty =
            typeof(PSObject).GetProperty("TokenText", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public);

        public override object? Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            var value = inputData is PSObject ps ? ps.BaseObject : inputData;
            var text = value as string;
            if (text == null && IsNumber(value))
            {
                text = TokenText(inputData as PSObject) ?? Convert.ToString(value, CultureInfo.InvariantCulture);
            }
            if (text == null) return inputData;
            var secure = new SecureString();
            foreach (var ch in text) secure.AppendChar(ch);
            secure.MakeReadOnly();
            return secure;
        }

        private static bool IsNumber(object? value) =>
            value is int || value is long || value is short || value is byte || value is uint || value is ulong || value is ushort ||
            value is sbyte || value is decimal || value is double || value is float;

        private static string? TokenText(PSObject? wrapped)
        {
            if (wrapped == null || TokenTextProperty == null) return null;
            try
            {
                return TokenTextProperty.GetValue(wrapped) as string;
            }
            catch (Exception ex) when (ex is TargetInvocationException || ex is MethodAccessException || ex is ArgumentException)
            {
                return null;
            }
        }
    }
}
