using System.Threading;

namespace Verifik
{
    /// <summary>
    /// What the connection saw while one attempt's request went out: set by <see cref="ApiTransport"/> for an attempt with
    /// a body (it flows, as an AsyncLocal, into the handler's writes of that request) and filled by
    /// <see cref="AnswerTapStream"/> when writing the request fails, so an answer the server sent before it stopped
    /// reading (413, 429, 503, then a closed connection) is not lost with the connection.
    /// </summary>
    internal sealed class UploadWatch
    {
        private static readonly AsyncLocal<UploadWatch?> Slot = new AsyncLocal<UploadWatch?>();
        private volatile byte[]? _received;

        /// <summary>The watch of the attempt whose request the current flow is sending; null for none.</summary>
        public static UploadWatch? Current
        {
            get => Slot.Value;
            set => Slot.Value = value;
        }

        /// <summary>What the server had sent when writing the request failed (the start of an answer, at most a few KB); null if nothing.</summary>
        public byte[]? Received
        {
            get => _received;
            set => _received = value;
        }
    }
}
