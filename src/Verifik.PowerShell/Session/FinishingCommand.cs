using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Text;
using System.Text.RegularExpressions;

namespace Verifik.PowerShell
{
    /// <summary>
    /// The Connect-Verifik command that finishes a sign-in whose code was sent: the parameters the user gave, in their
    /// order, and <c>-Code &lt;code&gt;</c>. Never a secret: a credential is shown as (Get-Credential).
    /// </summary>
    internal static class FinishingCommand
    {
        private static readonly Regex Bare = new Regex(@"^[A-Za-z0-9._:/+][A-Za-z0-9@._:/+\-]*$", RegexOptions.CultureInvariant);

        public static string For(string commandName, IDictionary<string, object> bound)
        {
            var command = new StringBuilder(commandName);
            foreach (var pair in bound)
            {
                if (pair.Key == "Code" || Cmdlet.CommonParameters.Contains(pair.Key) || Cmdlet.OptionalCommonParameters.Contains(pair.Key)) continue;
                var value = pair.Value is PSObject wrapped ? wrapped.BaseObject : pair.Value;
                command.Append(" -").Append(pair.Key);
                if (value is SwitchParameter flag)
                {
                    if (!flag.IsPresent) command.Append(":$false");
                }
                else if (value is PSCredential) command.Append(" (Get-Credential)");
                // A proxy's user and password in its URI are as secret as a credential.
                else if (value is Uri uri && uri.IsAbsoluteUri && uri.UserInfo.Length > 0)
                {
                    command.Append(' ').Append(Quote(new UriBuilder(uri) { UserName = string.Empty, Password = string.Empty }.Uri.ToString()));
                }
                else command.Append(' ').Append(Quote(value?.ToString() ?? string.Empty));
            }
            return command.Append(" -Code <code>").ToString();
        }

        private static string Quote(string value) => Bare.IsMatch(value) ? value : "'" + value.Replace("'", "''") + "'";
    }
}
