using System;
using System.Net;
using System.Net.Http;

namespace Verifik
{
    /// <summary>
    /// How to reach the API: the system proxy (default) or a given one, with optional credentials. Compared by value
    /// (proxy URI, user name, password, domain, default-credentials flag): equal settings share one HttpClient.
    /// </summary>
    public sealed class ProxySettings : IEquatable<ProxySettings>
    {
        public static readonly ProxySettings System = new ProxySettings(null, null, false);

        /// <summary>The example every refusal of a proxy URI gives.</summary>
        public const string Example = "http://proxy.contoso.com:8080";

        private static readonly string[] Schemes = { "http", "https", "socks4", "socks4a", "socks5" };

        public ProxySettings(Uri? proxy, NetworkCredential? credential, bool useDefaultCredentials)
        {
            Proxy = proxy; Credential = credential; UseDefaultCredentials = useDefaultCredentials;
        }

        public Uri? Proxy { get; }
        public NetworkCredential? Credential { get; }
        public bool UseDefaultCredentials { get; }

        /// <summary>
        /// Why <paramref name="proxy"/> cannot be used (never showing user info), or null. It must be an absolute
        /// http, https, socks4, socks4a or socks5 URI with a host; "proxy.contoso.com:8080" parses as a URI whose
        /// scheme is "proxy.contoso.com", so a missing scheme is named as such.
        /// </summary>
        public static string? Check(Uri proxy)
        {
            if (proxy.IsAbsoluteUri && Array.IndexOf(Schemes, proxy.Scheme) >= 0 && proxy.Host.Length > 0)
            {
                return proxy.UserInfo.Length == 0
                    ? null
                    : $"-Proxy '{TransportPolicy.WithoutUserInfo(proxy)}' has a user name or password in it, which would show wherever the proxy is shown. " +
                      "Give the URI without it and the credential with -ProxyCredential.";
            }
            var text = proxy.OriginalString;
            var noScheme = !proxy.IsAbsoluteUri || text.IndexOf("://", StringComparison.Ordinal) < 0;
            var why = !proxy.IsAbsoluteUri ? "it is not an absolute URI"
                : noScheme ? $"it has no scheme (it reads as one named '{proxy.Scheme}')"
                : Array.IndexOf(Schemes, proxy.Scheme) < 0 ? $"its scheme '{proxy.Scheme}' is not one a proxy speaks here"
                : "it names no host";
            var guess = noScheme && proxy.IsAbsoluteUri && Uri.TryCreate("http://" + text, UriKind.Absolute, out var withScheme) && withScheme.UserInfo.Length == 0
                ? $" (did you mean '{withScheme.GetLeftPart(UriPartial.Authority)}'?)"
                : string.Empty;
            return $"-Proxy '{text}' cannot be used: {why}. Give an absolute http, https, socks4, socks4a or socks5 URI, such as {Example}{guess}.";
        }

        /// <summary>
        /// The proxy requests to <paramref name="baseUri"/> actually take, for Get-VerifikContext: "direct (loopback)",
        /// "direct", or the proxy URI (never its user info) and where it came from: -Proxy, the environment variable
        /// that names it, or the system.
        /// </summary>
        public string Describe(Uri baseUri)
        {
            if (LoopbackBypassProxy.AlwaysDirect(baseUri)) return "direct (loopback)";
            if (Proxy != null) return TransportPolicy.WithoutUserInfo(Proxy).AbsoluteUri + " (-Proxy)";
            var system = SystemProxy.Current;
            var used = system == null || system.IsBypassed(baseUri) ? null : system.GetProxy(baseUri);
            if (used == null || used == baseUri || !used.IsAbsoluteUri) return "direct";
            return TransportPolicy.WithoutUserInfo(used).AbsoluteUri + " (" + (SystemProxy.EnvironmentSource(baseUri, used) ?? "system") + ")";
        }

        /// <summary>The proxy a pool's handler is given: these settings, with loopback always direct.</summary>
        internal IWebProxy CreateProxy()
        {
            var credentials = UseDefaultCredentials ? CredentialCache.DefaultCredentials : Credential;
            return new LoopbackBypassProxy(Proxy == null ? null : new WebProxy(Proxy), credentials);
        }

        public bool Equals(ProxySettings? other) =>
            other != null && Equals(Proxy, other.Proxy) && UseDefaultCredentials == other.UseDefaultCredentials
            && SameCredential(Credential, other.Credential);

        private static bool SameCredential(NetworkCredential? a, NetworkCredential? b) =>
            ReferenceEquals(a, b)
            || (a != null && b != null && a.UserName == b.UserName && a.Domain == b.Domain && a.Password == b.Password);

        public override bool Equals(object? obj) => Equals(obj as ProxySettings);

        public override int GetHashCode() =>
            (Proxy?.GetHashCode() ?? 0) ^ (UseDefaultCredentials ? 1 : 0) ^ (Credential?.UserName?.GetHashCode() ?? 0);

        /// <summary>For the cache's list of live clients: proxy and user, never the password.</summary>
        public override string ToString() =>
            (Proxy == null ? "system" : TransportPolicy.WithoutUserInfo(Proxy).AbsoluteUri) + " " +
            (UseDefaultCredentials ? "(default credentials)" : string.IsNullOrEmpty(Credential?.UserName) ? "-" : Credential!.UserName);
    }
}
