using System.Net;
using System.Net.Http.Headers;

namespace Verifik.Bench;

/// <summary>
/// The ceiling: a plain HttpClient loop with <c>workers</c> tasks pulling IDs from a shared counter,
/// GETting /v2/document-liveness/{id} with the bearer header and reading each body as a string.
/// </summary>
internal sealed class RawClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly Uri _baseUri;

    public RawClient(Uri baseUri, string token)
    {
        _baseUri = baseUri;
        _http = new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate, // as the module asks
            MaxConnectionsPerServer = 256,
        })
        { Timeout = TimeSpan.FromSeconds(100) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    /// <summary>Fetches every id; returns the total characters read (so the bodies are not optimised away).</summary>
    public long Fetch(IReadOnlyList<string> ids, int workers, TimeSpan limit)
    {
        using var cts = new CancellationTokenSource(limit);
        var next = -1;
        long chars = 0;
        async Task Worker()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < ids.Count)
            {
                using var response = await _http.GetAsync(new Uri(_baseUri, "v2/document-liveness/" + ids[i]), cts.Token).ConfigureAwait(false);
                var body = await response.Content.ReadAsStringAsync(cts.Token).ConfigureAwait(false);
                if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"GET {ids[i]}: HTTP {(int)response.StatusCode}");
                Interlocked.Add(ref chars, body.Length);
            }
        }
        Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(Worker))).GetAwaiter().GetResult();
        return chars;
    }

    public void Dispose() => _http.Dispose();
}
