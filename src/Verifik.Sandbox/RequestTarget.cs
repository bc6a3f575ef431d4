namespace Verifik.Sandbox;

/// <summary>
/// Splits the raw request target into decoded path segments ourselves, because ASP.NET Core's
/// decoded Path cannot tell an id containing an escaped "/" (%2F) from two segments.
/// </summary>
internal static class RequestTarget
{
    /// <summary>Decoded path segments of <paramref name="rawTarget"/> (no leading empty segment).</summary>
    public static List<string> Segments(string rawTarget)
    {
        var path = rawTarget;
        var q = path.IndexOfAny(['?', '#']);
        if (q >= 0) path = path[..q];

        // Absolute-form ("http://host/path", as sent to proxies): keep only the path.
        var scheme = path.IndexOf("://", StringComparison.Ordinal);
        if (scheme > 0 && path.IndexOf('/') > scheme)
        {
            var slash = path.IndexOf('/', scheme + 3);
            path = slash < 0 ? "/" : path[slash..];
        }

        var segments = new List<string>();
        var parts = path.Split('/');
        for (var i = 1; i < parts.Length; i++)
        {
            var part = parts[i];
            // Only literal dot segments are path navigation (RFC 3986 5.2.4); an escaped "%2E%2E" is data.
            if (part == ".") { if (i == parts.Length - 1) segments.Add(""); continue; }
            if (part == "..")
            {
                if (segments.Count > 0) segments.RemoveAt(segments.Count - 1);
                if (i == parts.Length - 1) segments.Add("");
                continue;
            }
            segments.Add(Uri.UnescapeDataString(part));
        }
        return segments;
    }
}
