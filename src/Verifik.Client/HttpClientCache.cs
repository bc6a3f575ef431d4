using System;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Http;
using System.Runtime.InteropServices;
using System.Security.Authentication;

namespace Verifik
{
    /// <summary>
    /// One <see cref="HttpClient"/> per proxy setting for the whole process, so reconnecting or running
    /// many runspaces reuses pooled connections instead of exhausting sockets.
    /// </summary>
    public static class HttpClientCache
    {
        private static readonly ConcurrentDictionary<ProxySettings, HttpClient> Clients = new ConcurrentDictionary<ProxySettings, HttpClient>();

        public static HttpClient Get(ProxySettings proxy) => Clients.GetOrAdd(proxy ?? ProxySettings.System, Create);

        private static HttpClient Create(ProxySettings proxy)
        {
            var handler = new HttpClientHandler
            {
                // Redirects are followed by ApiTransport, which keeps the token to the same origin.
                AllowAutoRedirect = false,
                AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
                // .NET Framework allows 2 connections per host by default; bulk lookups need more.
                MaxConnectionsPerServer = 256,
                UseCookies = false,
            };
            if (RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal))
            {
                // Windows PowerShell 5.1 may default to TLS 1.0; 3072 = Tls12, 12288 = Tls13 (not in netstandard2.0's enum).
                handler.SslProtocols = (SslProtocols)3072 | (SslProtocols)12288;
            }
            proxy?.Apply(handler);
            return new HttpClient(handler, disposeHandler: true) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        }
    }
}
