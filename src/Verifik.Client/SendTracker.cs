using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Verifik
{
    /// <summary>
    /// Wraps a request body to learn whether any of it was handed to the connection. Until then the API cannot
    /// have acted on the request, so even a create may be sent again after a connection failure.
    /// </summary>
    internal sealed class SendTracker : HttpContent
    {
        private readonly HttpContent _inner;

        public SendTracker(HttpContent inner)
        {
            _inner = inner;
            foreach (var header in inner.Headers)
            {
                // The length is this wrapper's to compute (TryComputeLength); copying it would send it twice.
                if (header.Key != "Content-Length") Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        public bool BodyStarted { get; private set; }

        /// <summary>The attempt's token (Ctrl+C and its timeout), for a body that can be stopped (<see cref="ICancellableContent"/>).</summary>
        public CancellationToken Token { get; set; }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            BodyStarted = true;
            return _inner is ICancellableContent cancellable ? cancellable.WriteToAsync(stream, Token) : _inner.CopyToAsync(stream);
        }

        protected override bool TryComputeLength(out long length)
        {
            var known = _inner.Headers.ContentLength;
            length = known ?? 0;
            return known.HasValue;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) _inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
