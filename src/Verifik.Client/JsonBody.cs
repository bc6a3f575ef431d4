using System;
using System.Text.Json;

namespace Verifik
{
    /// <summary>How every JSON body of the API is read: a leading UTF-8 BOM is skipped, and nesting is allowed up to <see cref="MaxDepth"/>.</summary>
    internal static class JsonBody
    {
        /// <summary>
        /// Well past any real record (they nest a few levels), far below what would strain the stack; the reader's default
        /// of 64 lost records that carry a deep custom field.
        /// </summary>
        public const int MaxDepth = 256;

        private static readonly JsonDocumentOptions Options = new JsonDocumentOptions { MaxDepth = MaxDepth };

        public static JsonDocument Parse(byte[] body) => JsonDocument.Parse(WithoutBom(body), Options);

        /// <summary>The body without a UTF-8 byte order mark (EF BB BF), which JSON forbids but some servers send.</summary>
        public static ReadOnlyMemory<byte> WithoutBom(byte[] body) => WithoutBomSegment(body);

        /// <summary>The same, as a segment of the body's array (a record may keep it, see RecordSpans).</summary>
        public static ArraySegment<byte> WithoutBomSegment(byte[] body) =>
            body.Length >= 3 && body[0] == 0xEF && body[1] == 0xBB && body[2] == 0xBF ? new ArraySegment<byte>(body, 3, body.Length - 3) : new ArraySegment<byte>(body);

        /// <summary>
        /// Whether the body nests objects and arrays deeper than <see cref="MaxDepth"/> (strings skipped): run only after a
        /// parse failed, to tell "too deep" from "not JSON".
        /// </summary>
        public static bool IsTooDeep(byte[] body)
        {
            var depth = 0;
            var inString = false;
            for (var i = 0; i < body.Length; i++)
            {
                var b = body[i];
                if (inString)
                {
                    if (b == (byte)'\\') i++;
                    else if (b == (byte)'"') inString = false;
                }
                else if (b == (byte)'"') inString = true;
                else if (b == (byte)'{' || b == (byte)'[')
                {
                    if (++depth > MaxDepth) return true;
                }
                else if (b == (byte)'}' || b == (byte)']') depth--;
            }
            return false;
        }
    }
}
