using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Security.Authentication;
using System.Threading;
using System.Threading.Tasks;

namespace Verifik
{
    /// <summary>
    /// The message handler of a connection pool. Where the runtime has SocketsHttpHandler with a plaintext stream filter
    /// (.NET 5 and later, so PowerShell 7), that handler, built through its public API by reflection (this library targets
    /// netstandard2.0), with every connection seen through an <see cref="AnswerTapStream"/> so an early answer to an upload
    /// is read, not lost. Elsewhere (.NET Framework, for Windows PowerShell 5.1), an HttpClientHandler as before.
    /// </summary>
    internal static class HandlerFactory
    {
        private static readonly Type? SocketsHandler = Type.GetType("System.Net.Http.SocketsHttpHandler, System.Net.Http", throwOnError: false);
        private static PropertyInfo? _plaintextStream;

        public static HttpMessageHandler Create(ProxySettings proxy) => TryCreateTapped(proxy) ?? CreateClassic(proxy);

        /// <summary>Whether pools get the tapped SocketsHttpHandler here (what tests report).</summary>
        internal static bool TapsConnections => FilterProperty() != null;

        private static PropertyInfo? FilterProperty()
        {
            if (SocketsHandler == null) return null;
            if (SocketsHandler.GetProperty("IsSupported", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) is bool supported && !supported) return null;
            return SocketsHandler.GetProperty("PlaintextStreamFilter");
        }

        private static HttpMessageHandler? TryCreateTapped(ProxySettings proxy)
        {
            try
            {
                var filter = FilterProperty();
                if (filter == null) return null;
                var handler = (HttpMessageHandler)Activator.CreateInstance(SocketsHandler!);
                Set(handler, "AllowAutoRedirect", false);
                Set(handler, "AutomaticDecompression", DecompressionMethods.GZip | DecompressionMethods.Deflate);
                Set(handler, "MaxConnectionsPerServer", int.MaxValue);
                Set(handler, "UseCookies", false);
                Set(handler, "UseProxy", true);
                Set(handler, "Proxy", proxy.CreateProxy());
                var tap = typeof(HandlerFactory).GetMethod(nameof(Tap), BindingFlags.NonPublic | BindingFlags.Static)!;
                filter.SetValue(handler, Delegate.CreateDelegate(filter.PropertyType, tap));
                return handler;
            }
            catch (Exception ex) when (ex is TargetInvocationException || ex is ArgumentException || ex is MemberAccessException ||
                                       ex is InvalidCastException || ex is NotSupportedException || ex is MissingMethodException)
            {
                return null; // a runtime whose handler differs: the classic one, without the tap
            }
        }

        private static void Set(object handler, string property, object value) => handler.GetType().GetProperty(property)!.SetValue(handler, value);

        /// <summary>SocketsHttpHandler.PlaintextStreamFilter: (SocketsHttpPlaintextStreamFilterContext, CancellationToken) → stream.</summary>
        private static ValueTask<Stream> Tap(object context, CancellationToken cancellationToken)
        {
            var property = _plaintextStream ??= context.GetType().GetProperty("PlaintextStream")!;
            return new ValueTask<Stream>(new AnswerTapStream((Stream)property.GetValue(context)!));
        }

        private static HttpClientHandler CreateClassic(ProxySettings proxy)
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
                UseProxy = true,
                Proxy = proxy.CreateProxy(),
            };
            if (RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal))
            {
                // Windows PowerShell 5.1 may default to TLS 1.0; 3072 = Tls12, 12288 = Tls13 (not in netstandard2.0's enum).
                handler.SslProtocols = (SslProtocols)3072 | (SslProtocols)12288;
            }
            return handler;
        }
    }
}
