using System;
using System.Collections.Generic;

namespace Verifik
{
    /// <summary>
    /// One request of any method to any path of the API's origin (Invoke-VerifikRequest). Its body is bytes already
    /// encoded (JSON or text) or a file streamed from disk; a 2xx answer may be streamed to a file instead of memory.
    /// </summary>
    public sealed class ResourceRequest
    {
        private static readonly string[] Reserved = { "Authorization", "Host", "Content-Length", "Transfer-Encoding", "Connection", "Expect" };

        /// <param name="uri">Absolute, on the API's origin (see <see cref="ResourceUri.Resolve"/>).</param>
        public ResourceRequest(string method, Uri uri)
        {
            Method = (method ?? throw new ArgumentNullException(nameof(method))).Trim().ToUpperInvariant();
            Uri = uri ?? throw new ArgumentNullException(nameof(uri));
        }

        public string Method { get; }

        public Uri Uri { get; }

        /// <summary>The body, already encoded; null for none (or for <see cref="BodyFile"/>).</summary>
        public byte[]? Body { get; set; }

        /// <summary>A file sent as the body, streamed (opened again on each attempt).</summary>
        public string? BodyFile { get; set; }

        /// <summary>The body's Content-Type; null: application/json for a body, none without one.</summary>
        public string? ContentType { get; set; }

        /// <summary>Extra headers, checked by <see cref="HeaderProblem"/>.</summary>
        public IList<KeyValuePair<string, string>> Headers { get; } = new List<KeyValuePair<string, string>>();

        /// <summary>Where a 2xx body is streamed (created or truncated on each attempt) instead of being read into memory.</summary>
        public string? OutFile { get; set; }

        /// <summary>
        /// GET, HEAD, PUT, DELETE and OPTIONS mean the same when sent twice, so they are retried on 429/5xx, timeouts and
        /// resets; POST and PATCH are not, and are sent again only when the API provably did not take them.
        /// </summary>
        public bool IsSafeToRepeat => Method == "GET" || Method == "HEAD" || Method == "PUT" || Method == "DELETE" || Method == "OPTIONS";

        /// <summary>"GET /v2/clients/me": what the request is, for messages (never the host's user info, never a header).</summary>
        public string Target => Method + " " + Uri.PathAndQuery;

        /// <summary>The same request to another URI of the same origin (the next page of a listing).</summary>
        public ResourceRequest WithUri(Uri uri)
        {
            var copy = new ResourceRequest(Method, uri) { Body = Body, BodyFile = BodyFile, ContentType = ContentType, OutFile = OutFile };
            foreach (var h in Headers) copy.Headers.Add(h);
            return copy;
        }

        /// <summary>Why a Content-Type cannot be sent (not "type/subtype; parameters"), or null.</summary>
        public static string? ContentTypeProblem(string? contentType) =>
            contentType != null && !System.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out _)
                ? $"'{Printable.Escape(contentType)}' is not a content type (such as application/json or text/plain; charset=utf-8)."
                : null;

        /// <summary>Why a header cannot be sent (the token's header, one the transport sets, a line break), or null.</summary>
        public static string? HeaderProblem(string? name, string? value)
        {
            if (string.IsNullOrWhiteSpace(name)) return "A header has no name.";
            foreach (var reserved in Reserved)
            {
                if (!string.Equals(reserved, name!.Trim(), StringComparison.OrdinalIgnoreCase)) continue;
                return reserved == "Authorization"
                    ? "The Authorization header cannot be set: the connection's token is sent, and only to the API's origin."
                    : $"The {reserved} header is set by the module and cannot be given.";
            }
            foreach (var ch in name!)
            {
                if (ch <= ' ' || ch >= '\u007f' || ch == ':') return $"The header name '{Printable.Escape(name)}' holds a character a header name cannot.";
            }
            foreach (var ch in value ?? string.Empty)
            {
                if (ch == '\r' || ch == '\n' || ch == '\0') return $"The value of the header '{name}' holds a line break or NUL, which would start another header.";
            }
            return null;
        }
    }
}
