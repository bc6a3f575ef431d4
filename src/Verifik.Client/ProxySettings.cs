using System;
using System.Net;
using System.Net.Http;

namespace Verifik
{
    /// <summary>How to reach the API: the system proxy (default), no proxy, or a given one with optional credentials.</summary>
    public sealed class ProxySettings : IEquatable<ProxySettings>
    {
        public static readonly ProxySettings System = new ProxySettings(null, null, false);

        public ProxySettings(Uri? proxy, NetworkCredential? credential, bool useDefaultCredentials)
        {
            Proxy = proxy; Credential = credential; UseDefaultCredentials = useDefaultCredentials;
        }

        public Uri? Proxy { get; }
        public NetworkCredential? Credential { get; }
        public bool UseDefaultCredentials { get; }

        internal void Apply(HttpClientHandler handler)
        {
            if (Proxy == null)
            {
                handler.UseProxy = true; // the system proxy
                if (UseDefaultCredentials) handler.DefaultProxyCredentials = CredentialCache.DefaultCredentials;
                return;
            }
            handler.UseProxy = true;
            handler.Proxy = new WebProxy(Proxy)
            {
                UseDefaultCredentials = UseDefaultCredentials,
                Credentials = UseDefaultCredentials ? CredentialCache.DefaultCredentials : Credential,
            };
        }

        public bool Equals(ProxySettings? other) =>
            other != null && Equals(Proxy, other.Proxy) && UseDefaultCredentials == other.UseDefaultCredentials
            && ReferenceEquals(Credential, other.Credential);

        public override bool Equals(object? obj) => Equals(obj as ProxySettings);

        public override int GetHashCode() => (Proxy?.GetHashCode() ?? 0) ^ (UseDefaultCredentials ? 1 : 0);
    }
}
