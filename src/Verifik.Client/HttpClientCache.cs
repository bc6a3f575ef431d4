using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Runtime.InteropServices;
using System.Security.Authentication;

namespace Verifik
{
    /// <summary>
    /// One connection pool (HttpClientHandler) per distinct proxy setting for the whole process, so reconnecting or
    /// running many runspaces reuses pooled connections instead of exhausting sockets. Each user holds a lease (a
    /// <see cref="LeasedHttpClient"/> over the shared handler); when the last lease is released the handler is
    /// disposed and dropped, so no socket stays open and no proxy password stays in memory for nobody.
    /// </summary>
    public static class HttpClientCache
    {
        private static readonly object Gate = new object();
        private static readonly Dictionary<ProxySettings, Pool> Pools = new Dictionary<ProxySettings, Pool>();

        /// <summary>A client over the pool of <paramref name="proxy"/>; dispose it when done (it is released if collected too).</summary>
        public static HttpClient Lease(ProxySettings? proxy)
        {
            proxy = proxy ?? ProxySettings.System;
            lock (Gate)
            {
                if (!Pools.TryGetValue(proxy, out var pool)) Pools.Add(proxy, pool = new Pool(proxy, CreateHandler(proxy)));
                pool.Leases++;
                return new LeasedHttpClient(pool);
            }
        }

        /// <summary>For tests, read by reflection: "proxy user leases" per live pool, never a password.</summary>
        internal static IReadOnlyList<string> LiveClients
        {
            get
            {
                lock (Gate) return Pools.Values.Select(p => p.Settings + " " + p.Leases).ToList();
            }
        }

        internal static void Release(Pool pool)
        {
            lock (Gate)
            {
                if (--pool.Leases > 0) return;
                Pools.Remove(pool.Settings);
            }
            pool.Handler.Dispose();
        }

        private static HttpClientHandler CreateHandler(ProxySettings proxy)
        {
            var handler = new HttpClientHandler
            {
                // Redirects are followed by ApiTransport, which keeps the token to the same origin.
                AllowAutoRedirect = false,
                AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
                // No cap: every runspace of the process shares this pool, and the concurrency is bounded by the commands'
                // -ThrottleLimit. A cap (it was 256) makes requests queue in the client, and the queueing counts
                // against -TimeoutSec as if the API were slow. (.NET Framework's default would be 2.)
                MaxConnectionsPerServer = int.MaxValue,
                UseCookies = false,
            };
            if (RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal))
            {
                // Windows PowerShell 5.1 may default to TLS 1.0; 3072 = Tls12, 12288 = Tls13 (not in netstandard2.0's enum).
                handler.SslProtocols = (SslProtocols)3072 | (SslProtocols)12288;
            }
            proxy.Apply(handler);
            return handler;
        }

        /// <summary>A shared handler and how many leases hold it (guarded by <see cref="Gate"/>).</summary>
        internal sealed class Pool
        {
            public Pool(ProxySettings settings, HttpMessageHandler handler)
            {
                Settings = settings; Handler = handler;
            }

            public ProxySettings Settings { get; }
            public HttpMessageHandler Handler { get; }
            public int Leases { get; set; }
        }
    }
}
