using System.Globalization;
using System.IO;

namespace Verifik.PowerShell.Report
{
    /// <summary>A check's probabilities as a small inline SVG bar chart over 0–1: attributes only, no style, no script.</summary>
    internal static class Histogram
    {
        private const int Width = 200;
        private const int Height = 48;
        private const int Plot = 36;

        public static void Write(TextWriter w, CheckSummary check)
        {
            var max = 0;
            var total = 0;
            foreach (var n in check.Histogram)
            {
                if (n > max) max = n;
                total += n;
            }
            var label = Html.Text(check.Check.Name + " probability, " + total.ToString("N0", CultureInfo.InvariantCulture) + " records in ten bins from 0 to 1");
            w.Write($"<svg class=\"hist\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"{label}\">");
            w.Write($"<title>{label}</title>");
            w.Write($"<rect class=\"base\" x=\"0\" y=\"{Plot}\" width=\"{Width}\" height=\"1\"></rect>");
            var bar = Width / CheckSummary.Bins;
            for (var i = 0; i < CheckSummary.Bins; i++)
            {
                var n = check.Histogram[i];
                var h = max == 0 || n == 0 ? 0 : System.Math.Max(1, n * Plot / max);
                var from = (i / 10.0).ToString("0.0", CultureInfo.InvariantCulture);
                var to = ((i + 1) / 10.0).ToString("0.0", CultureInfo.InvariantCulture);
                w.Write($"<rect class=\"bin\" data-count=\"{n}\" x=\"{i * bar + 1}\" y=\"{Plot - h}\" width=\"{bar - 2}\" height=\"{h}\"><title>{from}–{to}: {Html.Count(n)}</title></rect>");
            }
            w.Write($"<text x=\"0\" y=\"{Height - 2}\">0</text><text x=\"{Width / 2 - 6}\" y=\"{Height - 2}\">0.5</text><text x=\"{Width - 6}\" y=\"{Height - 2}\">1</text>");
            w.Write("</svg>");
        }
    }
}
