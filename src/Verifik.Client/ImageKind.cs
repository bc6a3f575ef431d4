using System;
using System.Globalization;
using System.Text;

namespace Verifik
{
    /// <summary>
    /// The image formats the API takes (JPEG, PNG, WebP), told apart by their first bytes; shared by the upload
    /// (refuse a file that is not an image before it is charged) and the download (an answer is an image, and of
    /// which kind, by its bytes, whatever its Content-Type says).
    /// </summary>
    public enum ImageFormat
    {
        Unknown,
        Jpeg,
        Png,
        WebP,
    }

    public static class ImageKind
    {
        /// <summary>Bytes enough to tell every format here, and the common impostors, apart.</summary>
        public const int HeaderLength = 16;

        public static ImageFormat Detect(byte[] header, int count)
        {
            if (count >= 3 && header[0] == 0xFF && header[1] == 0xD8 && header[2] == 0xFF) return ImageFormat.Jpeg;
            if (count >= 8 && header[0] == 0x89 && header[1] == 0x50 && header[2] == 0x4E && header[3] == 0x47
                && header[4] == 0x0D && header[5] == 0x0A && header[6] == 0x1A && header[7] == 0x0A) return ImageFormat.Png;
            if (count >= 12 && Ascii(header, 0, 4) == "RIFF" && Ascii(header, 8, 4) == "WEBP") return ImageFormat.WebP;
            return ImageFormat.Unknown;
        }

        /// <summary>image/jpeg, image/png, image/webp (parameters and case ignored); Unknown for anything else.</summary>
        public static ImageFormat FromMediaType(string? mediaType)
        {
            switch ((mediaType ?? string.Empty).Split(';')[0].Trim().ToLowerInvariant())
            {
                case "image/jpeg":
                case "image/jpg":
                case "image/pjpeg": return ImageFormat.Jpeg;
                case "image/png": return ImageFormat.Png;
                case "image/webp": return ImageFormat.WebP;
                default: return ImageFormat.Unknown;
            }
        }

        public static string Extension(ImageFormat format)
        {
            switch (format)
            {
                case ImageFormat.Jpeg: return ".jpg";
                case ImageFormat.Png: return ".png";
                case ImageFormat.WebP: return ".webp";
                default: throw new ArgumentOutOfRangeException(nameof(format), "Not an image format.");
            }
        }

        /// <summary>What a file that is not a JPEG, PNG or WebP seems to be, for an error message ("a PDF document").</summary>
        public static string Describe(byte[] header, int count)
        {
            var format = Detect(header, count);
            if (format != ImageFormat.Unknown) return "a " + format.ToString().ToUpperInvariant() + " image";
            if (count == 0) return "nothing (the file is empty)";
            if (StartsWith(header, count, "%PDF")) return "a PDF document";
            if (StartsWith(header, count, "GIF8")) return "a GIF image";
            if (StartsWith(header, count, "BM")) return "a BMP image";
            if (StartsWith(header, count, "II*\0") || StartsWith(header, count, "MM\0*")) return "a TIFF image";
            if (StartsWith(header, count, "PK\u0003\u0004")) return "a ZIP archive (or an Office document)";
            if (count >= 12 && Ascii(header, 4, 4) == "ftyp") return "an ISO media file (HEIC/AVIF/MP4)";
            if (StartsWith(header, count, "<") || StartsWith(header, count, "\uFEFF") || IsText(header, count)) return "text";
            var hex = new StringBuilder();
            for (var i = 0; i < Math.Min(count, 8); i++) hex.Append(i == 0 ? string.Empty : " ").Append(header[i].ToString("X2", CultureInfo.InvariantCulture));
            return "unrecognised data (first bytes " + hex + ")";
        }

        private static bool IsText(byte[] header, int count)
        {
            for (var i = 0; i < count; i++)
            {
                var b = header[i];
                if (b < 0x09 || (b > 0x0D && b < 0x20)) return false;
            }
            return true;
        }

        private static bool StartsWith(byte[] header, int count, string signature) =>
            count >= signature.Length && Ascii(header, 0, signature.Length) == signature;

        private static string Ascii(byte[] bytes, int offset, int length)
        {
            var chars = new char[length];
            for (var i = 0; i < length; i++) chars[i] = (char)bytes[offset + i];
            return new string(chars);
        }
    }
}
