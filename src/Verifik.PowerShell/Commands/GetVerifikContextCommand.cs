using System.Management.Automation;

namespace Verifik.PowerShell.Commands
{
    /// <summary>
    /// Get-VerifikContext: the connection (the default, or -Connection), or nothing (and no error) when not
    /// connected, like Get-MgContext. What it writes can be passed to -Connection.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "VerifikContext")]
    [OutputType(typeof(VerifikContext))]
    public sealed class GetVerifikContextCommand : VerifikConnectionCmdlet
    {
        protected override void EndProcessing()
        {
            var connection = ChosenConnection;
            if (connection != null && !connection.IsClosed) WriteObject(connection);
        }
    }
}
