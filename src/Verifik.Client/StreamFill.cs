using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace Verifik
{
    /// <summary>Reads until a range of a buffer is full or the stream ends: one Read may return less than it was asked for.</summary>
    public static class StreamFill
    {
        /// <summary>The bytes read: <paramref name="count"/>, or fewer only when the stream ended.</summary>
        public static async Task<int> FillAsync(Stream stream, byte[] buffer, int offset, int count, CancellationToken ct)
        {
            var filled = 0;
            int read;
            while (filled < count && (read = await stream.ReadAsync(buffer, offset + filled, count - filled, ct).ConfigureAwait(false)) > 0)
            {
                filled += read;
            }
            return filled;
        }

        /// <inheritdoc cref="FillAsync"/>
        public static int Fill(Stream stream, byte[] buffer, int offset, int count)
        {
            var filled = 0;
            int read;
            while (filled < count && (read = stream.Read(buffer, offset + filled, count - filled)) > 0) filled += read;
            return filled;
        }
    }
}
