using System;
using System.Globalization;
using System.Net;

namespace Verifik.PowerShell.Report
{
    /// <summary>Text and numbers for the page: every value HTML-encoded (control characters shown as \xNN first), numbers invariant.</summary>
    internal static class Html
    {
        /// <summary>Safe as element text and as a double-quoted attribute value.</summary>
        public static string Text(string? value) => WebUtility.HtmlEncode(Printable.Escape(value));

        /// <summary>A path relative to the page, one escaped segment each: "review_files/a%20b.jpg".</summary>
        public static string RelativeUrl(string folder, string file) => Text(Uri.EscapeDataString(folder) + "/" + Uri.EscapeDataString(file));

        /// <summary>For data-v (sorting): round-trip invariant, empty when there is none.</summary>
        public static string SortValue(double? value) =>
            value is double v && !double.IsNaN(v) && !double.IsInfinity(v) ? v.ToString("R", CultureInfo.InvariantCulture) : string.Empty;

        public static string Number(double value, string format) =>
            double.IsNaN(value) || double.IsInfinity(value) ? Text(value.ToString(CultureInfo.InvariantCulture)) : value.ToString(format, CultureInfo.InvariantCulture);

        public static string Count(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

        /// <summary>"2025-08-22 19:04:25 UTC"; the values are UTC.</summary>
        public static string Time(DateTime utc) => utc.ToString("yyyy'-'MM'-'dd HH':'mm':'ss", CultureInfo.InvariantCulture) + " UTC";

        /// <summary>For &lt;time datetime&gt;: ISO 8601 with Z.</summary>
        public static string IsoTime(DateTime utc) => utc.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fff'Z'", CultureInfo.InvariantCulture);

        public static string UnixMilliseconds(DateTime utc) =>
            ((long)(utc - new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc)).TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
    }
}
