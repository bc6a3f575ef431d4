using System;
using System.Net.Http;
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
        private readonly HttpClient _http;
        private int _closed;

        /// <param name="http">The client's lease on the shared HTTP client (see HttpClientCache), released by <see cref="Close"/>.</param>
        internal VerifikConnection(VerifikClient client, HttpClient http, DateTime connectedAt, string proxy) : base(client, connectedAt, proxy)
        {
            Client = client;
            _http = http;
        }

        internal VerifikClient Client { get; }

        internal bool IsClosed => Volatile.Read(ref _closed) != 0;

        /// <summary>
        /// Wipes the token and releases the shared HTTP client (disposed once no connection uses it); the connection
        /// cannot be used afterwards. Returns whether it was open.
        /// </summary>
        internal bool Close()
        {
            if (Interlocked.Exchange(ref _closed, 1) != 0) return false;
            Client.Token.Dispose();
            _http.Dispose();
            return true;
        }
    }
}
