using System;
using System.Management.Automation;

namespace Verifik.PowerShell.Commands
{
    /// <summary>
    /// ShouldProcess for an action of higher impact than its cmdlet's ConfirmImpact (a DELETE of Invoke-VerifikRequest,
    /// New-VerifikAccessToken -RevokeOthers): a cmdlet declares one ConfirmImpact, so at the default $ConfirmPreference
    /// (High) PowerShell would never ask before them. This asks as a ConfirmImpact High cmdlet does: -WhatIf only says what
    /// would happen, -Confirm:$false or $ConfirmPreference = 'None' goes on without asking, and a session that cannot ask
    /// (a runbook) stops with VerifikConfirmationRequired instead of going on unasked.
    /// </summary>
    internal static class HighImpactConfirmation
    {
        /// <param name="declared">The cmdlet's own ConfirmImpact: at or above the preference, ShouldProcess has asked already.</param>
        /// <param name="action">Says what happens, consequences included: it is what -WhatIf and the prompt show.</param>
        public static bool ShouldProcess(PSCmdlet cmdlet, ConfirmImpact declared, string target, string action)
        {
            if (!cmdlet.ShouldProcess(target, action)) return false; // -WhatIf, or -Confirm answered No
            if (cmdlet.MyInvocation.BoundParameters.ContainsKey("Confirm")) return true; // -Confirm asked already; -Confirm:$false means go on
            var preference = Preference(cmdlet);
            if (preference == ConfirmImpact.None || preference <= declared) return true;
            if (!InteractiveHost.CanPrompt(cmdlet.Host))
            {
                cmdlet.ThrowTerminatingError(new ErrorRecord(
                    new InvalidOperationException($"'{action}' on '{target}' asks for confirmation (its impact is High), and this session " +
                        "cannot ask. Nothing was sent. Add -Confirm:$false to go ahead without asking, or -WhatIf to see what would happen."),
                    "VerifikConfirmationRequired", ErrorCategory.PermissionDenied, target));
            }
            return cmdlet.ShouldContinue($"Performing the operation \"{action}\" on target \"{target}\".", "Are you sure you want to perform this action?");
        }

        private static ConfirmImpact Preference(PSCmdlet cmdlet)
        {
            var value = cmdlet.GetVariableValue("ConfirmPreference");
            return LanguagePrimitives.TryConvertTo<ConfirmImpact>(value, out var preference) ? preference : ConfirmImpact.High;
        }
    }
}
