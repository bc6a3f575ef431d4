using System.Net.Http;
using System.Threading;

namespace Verifik
{
    /// <summary>
    /// One holder's HttpClient over a pool of <see cref="HttpClientCache"/>. Disposing it (or its being collected:
    /// whatever can no longer reach it can no longer send with it) releases the lease once. It does not cancel its
    /// requests in flight: they finish on the pool while another lease keeps it, and fail once the last one is gone.
    /// </summary>
    internal sealed class LeasedHttpClient : HttpClient
    {
        private HttpClientCache.Pool? _pool;

        public LeasedHttpClient(HttpClientCache.Pool pool) : base(pool.Handler, disposeHandler: false)
        {
            _pool = pool;
            Timeout = System.Threading.Timeout.InfiniteTimeSpan; // ApiTransport times each attempt itself
        }

        ~LeasedHttpClient() => Release();

        protected override void Dispose(bool disposing)
        {
            // HttpClient.Dispose would cancel this client's requests in flight; only the lease ends here.
            Release();
            System.GC.SuppressFinalize(this);
        }

        private void Release()
        {
            var pool = Interlocked.Exchange(ref _pool, null);
            if (pool != null) HttpClientCache.Release(pool);
        }
    }
}
