using System;
using System.Net;

namespace Verifik
{
    /// <summary>
    /// The proxy every client of the module uses, around the one it was given (-Proxy) or the system's: plain-http
    /// loopback addresses always go direct. Through a proxy, "127.0.0.1" would be the proxy's own loopback, and the
    /// bearer token would cross the network in clear. Decided here, once, for every request (API calls, sign-in,
    /// image downloads), whatever proxy the environment or the OS names.
    /// </summary>
    internal sealed class LoopbackBypassProxy : IWebProxy
    {
        private readonly IWebProxy? _given;
        private ICredentials? _credentials;

        /// <param name="given">The proxy of -Proxy; null for the system proxy, read at every request.</param>
        /// <param name="credentials">What answers the proxy's challenge; null for the proxy's own (e.g. user info in http_proxy).</param>
        public LoopbackBypassProxy(IWebProxy? given, ICredentials? credentials)
        {
            _given = given;
            Credentials = credentials;
        }

        public ICredentials? Credentials
        {
            get => _credentials ?? Inner?.Credentials;
            set => _credentials = value;
        }

        private IWebProxy? Inner => _given ?? SystemProxy.Current;

        /// <summary>Plain http to a loopback address: never through a proxy.</summary>
        public static bool AlwaysDirect(Uri uri) =>
            uri.IsAbsoluteUri && uri.Scheme == Uri.UriSchemeHttp && TransportPolicy.IsLoopback(uri);

        /// <summary>By the IWebProxy contract, the destination itself means "direct".</summary>
        public Uri GetProxy(Uri destination) => IsBypassed(destination) ? destination : Inner!.GetProxy(destination) ?? destination;

        public bool IsBypassed(Uri host)
        {
            if (AlwaysDirect(host)) return true;
            var inner = Inner;
            return inner == null || inner.IsBypassed(host);
        }
    }
}
