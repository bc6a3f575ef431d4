using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace Verifik
{
    /// <summary>
    /// A request body whose writing can be stopped: the transport gives it the attempt's token (Ctrl+C and the attempt's
    /// timeout), which netstandard2.0's HttpContent.SerializeToStreamAsync has no way to pass. A body that reads a file
    /// implements it, so a stalled read ends with the attempt.
    /// </summary>
    internal interface ICancellableContent
    {
        Task WriteToAsync(Stream stream, CancellationToken ct);
    }
}
