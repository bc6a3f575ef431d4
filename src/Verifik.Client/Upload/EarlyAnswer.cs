using System;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace Verifik
{
    /// <summary>
    /// An HTTP/1.x answer read from the raw bytes a server sent before the request was written out (see
    /// <see cref="AnswerTapStream"/>): its final status, Content-Type, Retry-After and, when it came whole and plain,
    /// its body. Interim 1xx answers (100 Continue) are skipped.
    /// </summary>
    internal sealed class EarlyAnswer
    {
        private EarlyAnswer(int status, string? mediaType, RetryConditionHeaderValue? retryAfter, byte[] body)
        {
            Status = status; MediaType = mediaType; RetryAfter = retryAfter; Body = body;
        }

        public int Status { get; }
        public string? MediaType { get; }
        public RetryConditionHeaderValue? RetryAfter { get; }

        /// <summary>Empty unless the whole body arrived with a Content-Length and no Content-Encoding or chunking.</summary>
        public byte[] Body { get; }

        /// <summary>The first final answer in <paramref name="bytes"/>, if its status line and headers are complete; else null.</summary>
        public static EarlyAnswer? TryRead(byte[] bytes)
        {
            var offset = 0;
            while (true)
            {
                var end = IndexOf(bytes, offset, "\r\n\r\n");
                if (end < 0) return null;
                var head = Encoding.ASCII.GetString(bytes, offset, end - offset).Split(new[] { "\r\n" }, StringSplitOptions.None);
                var status = StatusOf(head[0]);
                if (status < 100) return null;
                offset = end + 4;
                if (status < 200) continue; // 100 Continue (or 103): the final answer follows

                string? mediaType = null;
                RetryConditionHeaderValue? retryAfter = null;
                long? length = null;
                var plain = true;
                for (var i = 1; i < head.Length; i++)
                {
                    var colon = head[i].IndexOf(':');
                    if (colon <= 0) continue;
                    var name = head[i].Substring(0, colon).Trim();
                    var value = head[i].Substring(colon + 1).Trim();
                    if (Is(name, "Content-Type") && MediaTypeHeaderValue.TryParse(value, out var type)) mediaType = type.MediaType;
                    else if (Is(name, "Retry-After") && RetryConditionHeaderValue.TryParse(value, out var retry)) retryAfter = retry;
                    else if (Is(name, "Content-Length") && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n)) length = n;
                    else if (Is(name, "Transfer-Encoding") || (Is(name, "Content-Encoding") && !Is(value, "identity"))) plain = false;
                }
                var body = new byte[0];
                if (plain && length is long declared && declared <= bytes.Length - offset)
                {
                    body = new byte[declared];
                    Buffer.BlockCopy(bytes, offset, body, 0, (int)declared);
                }
                return new EarlyAnswer(status, mediaType, retryAfter, body);
            }
        }

        /// <summary>"HTTP/1.1 413 Payload Too Large" → 413; 0 when the line is no HTTP/1.x status line.</summary>
        private static int StatusOf(string line)
        {
            if (!line.StartsWith("HTTP/1.", StringComparison.Ordinal) || line.Length < 12 || line[8] != ' ') return 0;
            return int.TryParse(line.Substring(9, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var status) && status >= 100 && status <= 999 ? status : 0;
        }

        private static bool Is(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

        private static int IndexOf(byte[] bytes, int from, string ascii)
        {
            for (var i = from; i + ascii.Length <= bytes.Length; i++)
            {
                var j = 0;
                while (j < ascii.Length && bytes[i + j] == ascii[j]) j++;
                if (j == ascii.Length) return i;
            }
            return -1;
        }
    }
}
