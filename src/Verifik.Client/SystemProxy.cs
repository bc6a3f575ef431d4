using System;
using System.Net;
using System.Net.Http;
using System.Reflection;

namespace Verifik
{
    /// <summary>
    /// The process's default proxy, as HttpClient uses it when given none: <c>HttpClient.DefaultProxy</c> on .NET
    /// (the environment's http_proxy / https_proxy / all_proxy, or the OS setting; a script may replace it), and
    /// <see cref="WebRequest.DefaultWebProxy"/> on .NET Framework, whose HttpClient has no such property.
    /// </summary>
    internal static class SystemProxy
    {
        private static readonly Func<IWebProxy?> Read = CreateReader();

        /// <summary>Read at every call, so a proxy a script sets later is honoured, as HttpClient would.</summary>
        public static IWebProxy? Current => Read();

        /// <summary>
        /// Which environment variable names <paramref name="proxy"/> for <paramref name="destination"/>, in the order
        /// .NET reads them; null when none does (the OS setting, or one set by a script).
        /// </summary>
        public static string? EnvironmentSource(Uri destination, Uri proxy)
        {
            var names = destination.Scheme == Uri.UriSchemeHttps
                ? new[] { "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY" }
                : new[] { "http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY" };
            foreach (var name in names)
            {
                var value = Environment.GetEnvironmentVariable(name)?.Trim();
                if (string.IsNullOrEmpty(value)) continue;
                if (value!.IndexOf("://", StringComparison.Ordinal) < 0) value = "http://" + value;
                if (Uri.TryCreate(value, UriKind.Absolute, out var named)
                    && string.Equals(named.Host, proxy.Host, StringComparison.OrdinalIgnoreCase) && named.Port == proxy.Port)
                {
                    return name;
                }
            }
            return null;
        }

        private static Func<IWebProxy?> CreateReader()
        {
            var getter = typeof(HttpClient).GetProperty("DefaultProxy", BindingFlags.Public | BindingFlags.Static)?.GetGetMethod();
            if (getter != null) return (Func<IWebProxy?>)Delegate.CreateDelegate(typeof(Func<IWebProxy?>), getter);
            return () => WebRequest.DefaultWebProxy;
        }
    }
}
