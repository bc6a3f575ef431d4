using System.Management.Automation;

namespace Verifik.PowerShell.Commands
{
    /// <summary>Get-VerifikContext: the current connection, or nothing (and no error) when not connected, like Get-MgContext.</summary>
    [Cmdlet(VerbsCommon.Get, "VerifikContext")]
    [OutputType(typeof(VerifikContext))]
    public sealed class GetVerifikContextCommand : PSCmdlet
    {
        protected override void EndProcessing()
        {
            var session = VerifikSession.Current;
            if (session != null) WriteObject(session.Context);
        }
    }
}
