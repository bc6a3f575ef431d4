using System;
using System.Collections.Generic;
using System.Threading;

namespace Verifik.PowerShell
{
    /// <summary>
    /// The process-wide default connection: a static field is shared by every runspace that loaded this assembly,
    /// so one Connect-Verifik serves ForEach-Object -Parallel and background runspaces too.
    /// </summary>
    internal static class VerifikSession
    {
        private static readonly object Gate = new object();
        private static readonly List<WeakReference<VerifikConnection>> Replaced = new List<WeakReference<VerifikConnection>>();
        private static VerifikConnection? _default;

        public static VerifikConnection? Default => Volatile.Read(ref _default);

        /// <summary>
        /// The replaced connection is not closed: requests of other runspaces may still be using it. It is remembered
        /// (weakly: once nothing can use it, it is collected and its HTTP client released) so Disconnect-Verifik closes it too.
        /// </summary>
        public static void SetDefault(VerifikConnection connection)
        {
            lock (Gate)
            {
                var previous = Interlocked.Exchange(ref _default, connection);
                Replaced.RemoveAll(r => !r.TryGetTarget(out var c) || c.IsClosed);
                if (previous != null && previous != connection) Replaced.Add(new WeakReference<VerifikConnection>(previous));
            }
        }

        /// <summary>
        /// Closes <paramref name="connection"/>, and forgets it if it is the default. Without one, closes the default and
        /// every default it replaced that is still open, so no token the default held outlives Disconnect-Verifik.
        /// Returns whether there was an open connection to close.
        /// </summary>
        public static bool Disconnect(VerifikConnection? connection)
        {
            if (connection != null)
            {
                Interlocked.CompareExchange(ref _default, null, connection);
                return connection.Close();
            }
            List<WeakReference<VerifikConnection>> replaced;
            lock (Gate)
            {
                connection = Interlocked.Exchange(ref _default, null);
                replaced = new List<WeakReference<VerifikConnection>>(Replaced);
                Replaced.Clear();
            }
            foreach (var reference in replaced)
            {
                if (reference.TryGetTarget(out var old)) old.Close();
            }
            return connection != null && connection.Close();
        }
    }
}
