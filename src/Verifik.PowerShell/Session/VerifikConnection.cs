using System;
using System.Threading;

namespace Verifik.PowerShell
{
    /// <summary>
    /// One connection to the Verifik API: the client with its token, shared HTTP client and back-off gate. The one
    /// type behind both the process-wide default (Connect-Verifik) and <c>-Connection</c> (Connect-Verifik
    /// -ReturnConnection), so a script can hold several at once. Thread-safe: a connection passed into
    /// ForEach-Object -Parallel with $using: serves every runspace.
    /// </summary>
    public sealed class VerifikConnection : VerifikContext
    {
        private int _closed;

        internal VerifikConnection(VerifikClient client, DateTime connectedAt, string proxy) : base(client, connectedAt, proxy)
        {
            Client = client;
        }

        internal VerifikClient Client { get; }

        internal bool IsClosed => Volatile.Read(ref _closed) != 0;

        /// <summary>Wipes the token; the connection cannot be used afterwards. Returns whether it was open.</summary>
        internal bool Close()
        {
            if (Interlocked.Exchange(ref _closed, 1) != 0) return false;
            Client.Token.Dispose();
            return true;
        }
    }
}
