using System;
using System.Collections.Generic;
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
        private readonly object _gate = new object();
        private readonly List<BearerToken> _retired = new List<BearerToken>();
        private int _closed;

        /// <param name="http">The client's lease on the shared HTTP client (see HttpClientCache), released by <see cref="Close"/>.</param>
        internal VerifikConnection(VerifikClient client, HttpClient http, DateTime connectedAt, string proxy) : base(client, connectedAt, proxy)
        {
            _http = http;
        }

        internal VerifikClient Client => CurrentClient;

        internal bool IsClosed => Volatile.Read(ref _closed) != 0;

        /// <summary>
        /// Switches the connection to another token of its account (New-VerifikAccessToken -Connect): the same API, proxy,
        /// HTTP client and settings, so every later command (in any runspace holding the connection) sends the new token.
        /// Commands already running finish with the token they started with; the old token is wiped when the connection is
        /// closed. Returns false, and keeps nothing, when the connection was closed meanwhile.
        /// </summary>
        internal bool SwitchToken(BearerToken token)
        {
            lock (_gate)
            {
                if (IsClosed) return false;
                var old = CurrentClient;
                CurrentClient = new VerifikClient(old.BaseUri, token, _http, old.Defaults);
                _retired.Add(old.Token);
                return true;
            }
        }

        /// <summary>
        /// Wipes the token (and every token it replaced) and releases the shared HTTP client (disposed once no connection
        /// uses it); the connection cannot be used afterwards. Returns whether it was open.
        /// </summary>
        internal bool Close()
        {
            lock (_gate)
            {
                if (Interlocked.Exchange(ref _closed, 1) != 0) return false;
                Client.Token.Dispose();
                foreach (var old in _retired) old.Dispose();
                _retired.Clear();
            }
            _http.Dispose();
            return true;
        }
    }
}
