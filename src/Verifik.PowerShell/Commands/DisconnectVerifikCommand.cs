using System.Management.Automation;

namespace Verifik.PowerShell.Commands
{
    /// <summary>
    /// Disconnect-Verifik: forgets the default connection, or closes only the one given with -Connection; either way
    /// its token is wiped from memory.
    /// </summary>
    [Cmdlet(VerbsCommunications.Disconnect, "Verifik")]
    [OutputType(typeof(void))]
    public sealed class DisconnectVerifikCommand : VerifikConnectionCmdlet
    {
        protected override void EndProcessing()
        {
            var closed = VerifikSession.Disconnect(Connection);
            var which = Connection == null ? "Disconnected from Verifik" : $"Closed the connection to {Connection}";
            WriteVerbose(closed ? which + "; the token was cleared." : "Not connected to Verifik; nothing to do.");
        }
    }
}
