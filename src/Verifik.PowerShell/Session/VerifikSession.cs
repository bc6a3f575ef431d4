using System.Threading;

namespace Verifik.PowerShell
{
    /// <summary>
    /// The process-wide default connection: a static field is shared by every runspace that loaded this assembly,
    /// so one Connect-Verifik serves ForEach-Object -Parallel and background runspaces too.
    /// </summary>
    internal static class VerifikSession
    {
        private static VerifikConnection? _default;

        public static VerifikConnection? Default => Volatile.Read(ref _default);

        /// <summary>The replaced connection is not closed: requests of other runspaces may still be using it.</summary>
        public static void SetDefault(VerifikConnection connection) => Interlocked.Exchange(ref _default, connection);

        /// <summary>
        /// Closes <paramref name="connection"/> (the default when null), and forgets it if it is the default.
        /// Returns whether there was an open connection to close.
        /// </summary>
        public static bool Disconnect(VerifikConnection? connection)
        {
            if (connection == null) connection = Interlocked.Exchange(ref _default, null);
            else Interlocked.CompareExchange(ref _default, null, connection);
            return connection != null && connection.Close();
        }
    }
}
