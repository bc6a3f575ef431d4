using System.Globalization;
using System.Text;

namespace Verifik
{
    /// <summary>
    /// Makes text that came from a server safe to put in a warning or an error message: every C0 control, DEL and C1
    /// control becomes <c>\xNN</c>, so an ANSI sequence (ESC [ … m, ESC ] … BEL, CSI) or a forged new line is shown,
    /// not obeyed by the terminal. Objects keep the values as the API sent them; only message text is escaped.
    /// </summary>
    public static class Printable
    {
        public static string Escape(string? text)
        {
            if (string.IsNullOrEmpty(text)) return string.Empty;
            var i = 0;
            while (i < text!.Length && !IsControl(text[i])) i++;
            if (i == text.Length) return text; // the common case: nothing to escape, no copy

            var sb = new StringBuilder(text.Length + 16).Append(text, 0, i);
            for (; i < text.Length; i++)
            {
                var c = text[i];
                if (IsControl(c)) sb.Append("\\x").Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
                else sb.Append(c);
            }
            return sb.ToString();
        }

        /// <summary>C0 (U+0000–U+001F), DEL (U+007F) and C1 (U+0080–U+009F).</summary>
        public static bool IsControl(char c) => c < 0x20 || (c >= 0x7F && c <= 0x9F);
    }
}
