using System;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using System.Security;
using System.Text.Json;

namespace Verifik
{
    /// <summary>
    /// The JSON body of one sign-in request. The one-time code goes from its SecureString into the UTF-8 bytes without
    /// ever becoming a string, and <see cref="Dispose"/> wipes this copy of the bytes once the request is over.
    /// </summary>
    internal sealed class SignInBody : IDisposable
    {
        private readonly byte[] _utf8;

        private SignInBody(byte[] utf8) { _utf8 = utf8; }

        /// <summary>Writes the fields (through <paramref name="write"/>), then the code as "otp" when there is one.</summary>
        public static SignInBody Write(Action<Utf8JsonWriter> write, SecureString? code = null)
        {
            using var buffer = new MemoryStream();
            try
            {
                using (var writer = new Utf8JsonWriter(buffer))
                {
                    writer.WriteStartObject();
                    write(writer);
                    if (code != null) WriteCode(writer, code);
                    writer.WriteEndObject();
                }
                return new SignInBody(buffer.ToArray());
            }
            finally
            {
                Array.Clear(buffer.GetBuffer(), 0, (int)buffer.Length);
            }
        }

        /// <summary>A fresh content for each attempt, as <see cref="ApiRequest.Body"/> wants.</summary>
        public HttpContent NewContent()
        {
            var content = new ByteArrayContent(_utf8);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            return content;
        }

        public void Dispose() => Array.Clear(_utf8, 0, _utf8.Length);

        /// <summary>Whether the code is empty or only spaces.</summary>
        public static bool IsBlank(SecureString code)
        {
            var blank = true;
            WithTrimmedChars(code, (chars, start, length) => blank = length == 0);
            return blank;
        }

        /// <summary>The code's length without the spaces around it.</summary>
        public static int TrimmedLength(SecureString code)
        {
            var length = 0;
            WithTrimmedChars(code, (chars, start, count) => length = count);
            return length;
        }

        private static void WriteCode(Utf8JsonWriter writer, SecureString code) =>
            WithTrimmedChars(code, (chars, start, length) =>
            {
                writer.WriteString("otp", new ReadOnlySpan<char>(chars, start, length));
                writer.Flush();
            });

        /// <summary>Lends the code's characters, trimmed of surrounding spaces (pasted codes often carry one), then wipes them.</summary>
        private static void WithTrimmedChars(SecureString code, Action<char[], int, int> use)
        {
            var chars = new char[code.Length];
            var ptr = IntPtr.Zero;
            try
            {
                ptr = Marshal.SecureStringToGlobalAllocUnicode(code);
                Marshal.Copy(ptr, chars, 0, chars.Length);
                int start = 0, end = chars.Length;
                while (start < end && char.IsWhiteSpace(chars[start])) start++;
                while (end > start && char.IsWhiteSpace(chars[end - 1])) end--;
                use(chars, start, end - start);
            }
            finally
            {
                if (ptr != IntPtr.Zero) Marshal.ZeroFreeGlobalAllocUnicode(ptr);
                Array.Clear(chars, 0, chars.Length);
            }
        }
    }
}
