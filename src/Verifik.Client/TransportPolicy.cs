using System;
using System.Net;

namespace Verifik
{
    /// <summary>Which addresses may be spoken to in plain http: loopback only, everything else needs https.</summary>
    public static class TransportPolicy
    {
        public static bool IsLoopback(Uri uri)
        {
            if (string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase)) return true;
            return IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);
        }

        /// <summary>Same scheme, host and port: the API's origin is the only place the bearer token is sent.</summary>
        public static bool SameOrigin(Uri a, Uri b) =>
            string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase)
            && a.Port == b.Port;

        /// <summary>The URI with no user name or password, for messages and the context.</summary>
        public static Uri WithoutUserInfo(Uri uri) =>
            !uri.IsAbsoluteUri || uri.UserInfo.Length == 0 ? uri : new UriBuilder(uri) { UserName = string.Empty, Password = string.Empty }.Uri;

        /// <summary>Why this base URI is refused, or null when it is acceptable.</summary>
        public static string? Check(Uri uri)
        {
            if (!uri.IsAbsoluteUri) return $"'{uri}' is not an absolute URI; use the form https://api.verifik.co.";
            if (uri.Scheme == Uri.UriSchemeHttps) return null;
            if (uri.Scheme == Uri.UriSchemeHttp)
            {
                return IsLoopback(uri)
                    ? null
                    : $"'{uri.GetLeftPart(UriPartial.Authority)}' uses plain http, which would send the token unencrypted. Use https " +
                      "(plain http is allowed only for loopback addresses such as the local sandbox).";
            }
            return $"'{uri}' is neither http nor https.";
        }
    }
}
