using System.Net;

namespace Verifik.Bench;

/// <summary>
/// The ceiling for image downloads: a plain HttpClient loop with <c>workers</c> tasks, each streaming a body to a
/// file with Stream.CopyToAsync, no checks, no PowerShell.
/// </summary>
internal sealed class RawDownloader : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false, UseCookies = false, AllowAutoRedirect = false, MaxConnectionsPerServer = 256 })
    {
        Timeout = TimeSpan.FromSeconds(100),
    };

    public void Download(IReadOnlyList<Uri> urls, string folder, int workers)
    {
        var next = -1;
        async Task Worker()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < urls.Count)
            {
                using var response = await _http.GetAsync(urls[i], HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
                if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"GET {urls[i]}: HTTP {(int)response.StatusCode}");
                await using var file = new FileStream(Path.Combine(folder, i + ".jpg"), FileMode.Create, FileAccess.Write, FileShare.None, 1, useAsync: true);
                await response.Content.CopyToAsync(file).ConfigureAwait(false);
            }
        }
        Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(Worker))).GetAwaiter().GetResult();
    }

    public void Dispose() => _http.Dispose();
}
