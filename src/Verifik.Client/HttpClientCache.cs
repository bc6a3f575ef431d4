using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;

namespace Verifik
{
    /// <summary>
    /// One connection pool (a message handler, see <see cref="HandlerFactory"/>) per distinct proxy setting for the whole process, so reconnecting or
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

        private static HttpMessageHandler CreateHandler(ProxySettings proxy) => HandlerFactory.Create(proxy);

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
