using System;
using System.Threading;

namespace Verifik.PowerShell
{
    /// <summary>
    /// The connection, process-wide: a static field is shared by every runspace that loaded this
    /// assembly, so one Connect-Verifik serves ForEach-Object -Parallel and background runspaces too.
    /// </summary>
    internal sealed class VerifikSession
    {
        private static VerifikSession? _current;

        private VerifikSession(VerifikClient client, VerifikContext context)
        {
            Client = client;
            Context = context;
        }

        public static VerifikSession? Current => Volatile.Read(ref _current);

        public VerifikClient Client { get; }
        public VerifikContext Context { get; }

        public static VerifikSession Start(VerifikClient client, string proxyDescription)
        {
            var session = new VerifikSession(client, new VerifikContext(client, DateTime.UtcNow, proxyDescription));
            // The replaced token is not disposed: requests of other runspaces may still be using it.
            Interlocked.Exchange(ref _current, session);
            return session;
        }

        /// <summary>Forgets the connection and wipes its token; returns whether there was one.</summary>
        public static bool End()
        {
            var old = Interlocked.Exchange(ref _current, null);
            old?.Client.Token.Dispose();
            return old != null;
        }
    }
}
