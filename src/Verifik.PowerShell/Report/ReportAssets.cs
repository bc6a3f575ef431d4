using System;
using System.IO;
using System.Security.Cryptography;
using System.Text;

namespace Verifik.PowerShell.Report
{
    /// <summary>
    /// The page's one stylesheet and one script (report.css, report.js, embedded in the assembly), and the
    /// Content-Security-Policy that allows exactly those two by their SHA-256 and nothing remote: an injected script,
    /// an inline event handler or a style attribute is refused by the browser even if encoding ever failed.
    /// </summary>
    internal static class ReportAssets
    {
        public static readonly string Style = Read("Verifik.Report.css");
        public static readonly string Script = Read("Verifik.Report.js");

        /// <summary>Images only from the page's own folder (file: when opened from disk); no network at all.</summary>
        public static readonly string ContentSecurityPolicy =
            "default-src 'none'; img-src 'self' file:; style-src '" + Hash(Style) + "'; script-src '" + Hash(Script) +
            "'; base-uri 'none'; form-action 'none'";

        private static string Read(string name)
        {
            using var stream = typeof(ReportAssets).Assembly.GetManifestResourceStream(name)
                ?? throw new InvalidOperationException("The module is missing its resource " + name + ".");
            using var reader = new StreamReader(stream, new UTF8Encoding(false));
            return reader.ReadToEnd();
        }

        private static string Hash(string text)
        {
            using var sha = SHA256.Create();
            return "sha256-" + Convert.ToBase64String(sha.ComputeHash(new UTF8Encoding(false).GetBytes(text)));
        }
    }
}
