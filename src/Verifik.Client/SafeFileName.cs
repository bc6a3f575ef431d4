using System;
using System.Security.Cryptography;
using System.Text;

namespace Verifik
{
    /// <summary>
    /// Turns a record ID (from the API or a CSV, so not to be trusted) into one file name, without extension, that is
    /// valid on Windows and Unix and cannot leave the folder it is put in. An ID that is already a plain name (printable
    /// ASCII, lower case, none of the characters Windows refuses) is kept as it is, as Verifik's IDs are; any other ID
    /// is made safe and gets "~" and a hash of the original, so two different IDs never share a file, even on a file
    /// system that ignores case or normalises Unicode.
    /// </summary>
    public static class SafeFileName
    {
        /// <summary>The longest name kept before the hash, in UTF-8 bytes (Linux counts bytes; the limit is 255).</summary>
        public const int MaxNameBytes = 120;

        /// <summary>"~" plus this many hex digits of the SHA-256 of the ID (48 bits) mark a changed name.</summary>
        public const int HashLength = 12;

        private const string WindowsInvalid = "<>:\"/\\|?*";

        public static string FromId(string id)
        {
            if (id == null) throw new ArgumentNullException(nameof(id));
            var name = new StringBuilder(id.Length + 1);
            // A plain name stays as it is; everything else gets the hash. "~" is never plain, so no plain ID can look
            // like a changed one.
            var changed = false;
            for (var i = 0; i < id.Length; i++)
            {
                var ch = id[i];
                if (char.IsHighSurrogate(ch) && i + 1 < id.Length && char.IsLowSurrogate(id[i + 1]))
                {
                    name.Append(ch).Append(id[++i]);
                    changed = true;
                }
                else if (IsUnwanted(ch))
                {
                    name.Append('_');
                    changed = true;
                }
                else
                {
                    name.Append(ch);
                    if (ch > 0x7E || ch == '~' || (ch >= 'A' && ch <= 'Z')) changed = true;
                }
            }

            // Windows drops trailing dots and spaces; a leading dot hides the file on Unix ("." and ".." included).
            var text = name.ToString().TrimEnd('.', ' ');
            if (text.Length != name.Length) changed = true;
            if (text.StartsWith(".", StringComparison.Ordinal))
            {
                text = "_" + text.Substring(1);
                changed = true;
            }
            if (text.Length == 0)
            {
                text = "_";
                changed = true;
            }
            if (IsReservedOnWindows(text))
            {
                text = "_" + text;
                changed = true;
            }
            if (Encoding.UTF8.GetByteCount(text) > MaxNameBytes)
            {
                text = Truncate(text, MaxNameBytes);
                changed = true;
            }
            return changed ? text + "~" + Hash(id) : text;
        }

        /// <summary>
        /// What Windows refuses, control characters, lone surrogates (a file system would turn each into U+FFFD) and the
        /// invisible format and line characters that can make a name display as something else (U+202E reverses text).
        /// </summary>
        private static bool IsUnwanted(char ch)
        {
            if (ch < 0x20 || ch == 0x7F || char.IsSurrogate(ch) || WindowsInvalid.IndexOf(ch) >= 0) return true;
            if (ch < 0x80) return false;
            switch (char.GetUnicodeCategory(ch))
            {
                case System.Globalization.UnicodeCategory.Control:
                case System.Globalization.UnicodeCategory.Format:
                case System.Globalization.UnicodeCategory.LineSeparator:
                case System.Globalization.UnicodeCategory.ParagraphSeparator:
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>CON, PRN, AUX, NUL, COM0-9, LPT0-9 (and the superscript-digit forms), CONIN$, CONOUT$: with any extension, in any case.</summary>
        public static bool IsReservedOnWindows(string name)
        {
            var dot = name.IndexOf('.');
            var stem = (dot < 0 ? name : name.Substring(0, dot)).TrimEnd(' ').ToUpperInvariant();
            switch (stem)
            {
                case "CON":
                case "PRN":
                case "AUX":
                case "NUL":
                case "CONIN$":
                case "CONOUT$":
                    return true;
            }
            if (stem.Length != 4 || !(stem.StartsWith("COM", StringComparison.Ordinal) || stem.StartsWith("LPT", StringComparison.Ordinal))) return false;
            var last = stem[3];
            return (last >= '0' && last <= '9') || last == '\u00B9' || last == '\u00B2' || last == '\u00B3';
        }

        private static string Truncate(string text, int maxBytes)
        {
            var bytes = 0;
            var end = 0;
            while (end < text.Length)
            {
                var width = char.IsHighSurrogate(text[end]) && end + 1 < text.Length ? 2 : 1;
                var size = Encoding.UTF8.GetByteCount(text.ToCharArray(end, width));
                if (bytes + size > maxBytes) break;
                bytes += size;
                end += width;
            }
            return text.Substring(0, end).TrimEnd('.', ' ');
        }

        /// <summary>Of the UTF-16 code units themselves: an encoder would map every lone surrogate to the same U+FFFD.</summary>
        private static string Hash(string id)
        {
            var units = new byte[id.Length * 2];
            for (var i = 0; i < id.Length; i++)
            {
                units[2 * i] = (byte)id[i];
                units[2 * i + 1] = (byte)(id[i] >> 8);
            }
            using var sha = SHA256.Create();
            var digest = sha.ComputeHash(units);
            var hex = new StringBuilder(HashLength);
            for (var i = 0; hex.Length < HashLength; i++) hex.Append(digest[i].ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            return hex.ToString(0, HashLength);
        }
    }
}
