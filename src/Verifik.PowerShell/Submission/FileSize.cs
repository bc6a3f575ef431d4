using System.Globalization;

namespace Verifik.PowerShell.Submission
{
    /// <summary>A file's size as people read it: "850 bytes", "1.5 KB", "12.3 MB".</summary>
    internal static class FileSize
    {
        public static string Format(long bytes) =>
            bytes < 1024 ? bytes.ToString(CultureInfo.InvariantCulture) + " bytes"
            : bytes < 1024 * 1024 ? (bytes / 1024.0).ToString("0.#", CultureInfo.InvariantCulture) + " KB"
            : (bytes / (1024.0 * 1024)).ToString("0.#", CultureInfo.InvariantCulture) + " MB";
    }
}
