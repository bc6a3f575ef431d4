using System;

namespace Verifik
{
    /// <summary>Image URLs as the module shows and compares them.</summary>
    public static class ImageAddress
    {
        /// <summary>
        /// scheme://host:port/path, without user info, query or fragment: a CDN's signed URL carries its signature in
        /// the query, which must not end up in a log.
        /// </summary>
        public static string ForDisplay(Uri url)
        {
            if (url == null) throw new ArgumentNullException(nameof(url));
            if (!url.IsAbsoluteUri) return "(a relative URL)";
            return url.Scheme + "://" + url.Authority + url.AbsolutePath + (string.IsNullOrEmpty(url.Query) ? "" : "?…");
        }
    }
}
