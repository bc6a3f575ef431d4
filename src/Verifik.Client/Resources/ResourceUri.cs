using System;

namespace Verifik
{
    /// <summary>
    /// Where a generic request goes: a path relative to the connection's base URI (<c>/v2/biometric-validations?page=2</c>,
    /// with or without the leading slash, so a base URI with a path prefix keeps it), or an absolute URI on the API's own
    /// origin. Any other origin is refused before anything is sent: the token goes only to the API.
    /// </summary>
    public static class ResourceUri
    {
        /// <returns>The absolute URI, or null with <paramref name="problem"/> saying why it is refused.</returns>
        public static Uri? Resolve(Uri baseUri, string? uri, out string? problem)
        {
            problem = null;
            var text = (uri ?? string.Empty).Trim();
            if (text.Length == 0)
            {
                problem = "The URI is empty: give a path of the API, such as /v2/document-liveness.";
                return null;
            }
            foreach (var ch in text)
            {
                if (Printable.IsControl(ch))
                {
                    problem = $"The URI '{Printable.Escape(text)}' holds a control character; nothing was sent.";
                    return null;
                }
            }

            Uri resolved;
            if (LooksAbsolute(text))
            {
                if (!Uri.TryCreate(text, UriKind.Absolute, out var absolute) || (absolute.Scheme != Uri.UriSchemeHttp && absolute.Scheme != Uri.UriSchemeHttps))
                {
                    problem = $"'{Printable.Escape(text)}' is not an http or https URI of the API; give a path such as /v2/document-liveness.";
                    return null;
                }
                if (absolute.UserInfo.Length > 0)
                {
                    problem = $"'{TransportPolicy.WithoutUserInfo(absolute)}' has a user name or password in it; the API takes only the token. Nothing was sent.";
                    return null;
                }
                resolved = absolute;
            }
            else
            {
                // Relative to the base URI's path ("/v2/x" under https://gw/verifik/ is https://gw/verifik/v2/x); the slashes are
                // trimmed so that "//host/x" cannot become a reference to another host.
                if (!Uri.TryCreate(baseUri, text.TrimStart('/'), out var relative))
                {
                    problem = $"'{Printable.Escape(text)}' is not a path of the API.";
                    return null;
                }
                resolved = relative;
            }
            if (!TransportPolicy.SameOrigin(resolved, baseUri))
            {
                problem = $"'{resolved.GetLeftPart(UriPartial.Authority)}' is not the API's origin ({baseUri.GetLeftPart(UriPartial.Authority)}): " +
                    "the token is sent only to the API, so nothing was sent. Give a path such as /v2/document-liveness, or connect to that API with Connect-Verifik -BaseUri.";
                return null;
            }
            return resolved.Fragment.Length == 0 ? resolved : new UriBuilder(resolved) { Fragment = string.Empty }.Uri;
        }

        // "http://", "https://", or any "scheme:" before the first slash (mailto:, file:): what is not a path.
        private static bool LooksAbsolute(string text)
        {
            var colon = text.IndexOf(':');
            if (colon <= 0) return false;
            var slash = text.IndexOf('/');
            var question = text.IndexOf('?');
            return (slash < 0 || colon < slash) && (question < 0 || colon < question);
        }
    }
}
