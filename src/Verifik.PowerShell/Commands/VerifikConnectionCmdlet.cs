using System.Management.Automation;

namespace Verifik.PowerShell.Commands
{
    /// <summary>
    /// Base of every cmdlet that works on a connection: <c>-Connection</c> picks one (from Connect-Verifik
    /// -ReturnConnection), and without it the process-wide default is used, as PnP's connected cmdlets do.
    /// </summary>
    public abstract class VerifikConnectionCmdlet : PSCmdlet
    {
        /// <summary>The connection to use instead of the default one.</summary>
        [Parameter]
        public VerifikConnection? Connection { get; set; }

        /// <summary>-Connection, else the default; null when neither exists.</summary>
        private protected VerifikConnection? ChosenConnection => Connection ?? VerifikSession.Default;

        /// <summary>The chosen connection, or a terminating error that says how to get one.</summary>
        private protected VerifikConnection RequireConnection()
        {
            var connection = ChosenConnection;
            if (connection == null) ThrowTerminatingError(VerifikErrors.NotConnected());
            if (connection!.IsClosed) ThrowTerminatingError(VerifikErrors.ConnectionClosed(connection));
            return connection;
        }
    }
}
