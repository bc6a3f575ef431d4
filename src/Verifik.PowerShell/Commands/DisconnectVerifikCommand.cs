using System.Management.Automation;

namespace Verifik.PowerShell.Commands
{
    /// <summary>Disconnect-Verifik: forgets the token (and wipes it from memory) for the whole process.</summary>
    [Cmdlet(VerbsCommunications.Disconnect, "Verifik")]
    [OutputType(typeof(void))]
    public sealed class DisconnectVerifikCommand : PSCmdlet
    {
        protected override void EndProcessing()
        {
            WriteVerbose(VerifikSession.End() ? "Disconnected from Verifik; the token was cleared." : "Not connected to Verifik; nothing to do.");
        }
    }
}
