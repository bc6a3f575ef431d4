using System.Net;

namespace Verifik.Sandbox;

/// <summary>
/// The one address the sandbox may listen on. Loopback only: the sandbox accepts a well-known token
/// and must never be reachable from another machine.
/// </summary>
internal sealed record LoopbackUrl(IPAddress? Address, bool IsLocalhostName, int Port)
{
    public static LoopbackUrl Parse(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp)
            throw new ArgumentException($"Invalid sandbox URL '{url}': expected http://127.0.0.1:PORT, http://[::1]:PORT or http://localhost:PORT.");
        if (uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.UserInfo.Length > 0)
            throw new ArgumentException($"Invalid sandbox URL '{url}': no path, query or user info allowed.");

        var port = uri.Port; // 0 = pick a free port
        if (string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase))
            return new LoopbackUrl(null, true, port);
        if (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip))
            return new LoopbackUrl(ip, false, port);

        throw new ArgumentException(
            $"Refusing to listen on '{url}': the sandbox binds loopback only (127.0.0.1, [::1] or localhost).");
    }
}
