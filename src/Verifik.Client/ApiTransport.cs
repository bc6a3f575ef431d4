using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;

namespace Verifik
{
    /// <summary>
    /// Sends GET requests with the bearer token and reads the answers: one attempt per call to
    /// <see cref="SendOnceAsync"/>, and a retry loop around it in <see cref="SendAsync"/>.
    /// Redirects are followed only within the same origin, so the token never reaches another host.
    /// </summary>
    internal sealed class ApiTransport
    {
        private const int MaxRedirects = 5;
        private readonly HttpClient _http;
        private readonly BearerToken _token;
        private readonly BackoffGate _gate = new BackoffGate();

        public ApiTransport(HttpClient http, Uri baseUri, BearerToken token)
        {
            _http = http;
            BaseUri = baseUri;
            _token = token;
        }

        public Uri BaseUri { get; }

        public async Task<ApiResponse> SendAsync(string relativeUri, string target, RequestSettings settings,
            Action<RetryNotice>? onRetry, CancellationToken ct)
        {
            for (var attempt = 0; ; attempt++)
            {
                await _gate.WaitAsync(ct).ConfigureAwait(false);
                ApiResponse response;
                try
                {
                    response = await SendOnceAsync(relativeUri, target, settings, ct).ConfigureAwait(false);
                }
                catch (VerifikApiException ex) when (attempt < settings.MaxRetry
                    && (ex.Failure == VerifikFailure.Timeout || ex.Failure == VerifikFailure.Connection))
                {
                    await WaitBeforeRetryAsync(target, attempt + 1, settings, RetryDelay.Backoff(attempt + 1, settings.BaseDelay, settings.MaxDelay),
                        ex.Message, onRetry, ct).ConfigureAwait(false);
                    continue;
                }

                if (!response.IsTransient || attempt >= settings.MaxRetry) return response;

                var delay = RetryDelay.FromRetryAfter(response.RetryAfter, DateTimeOffset.UtcNow) is TimeSpan serverSays
                    ? (serverSays > settings.MaxRetryAfter ? settings.MaxRetryAfter : serverSays)
                    : RetryDelay.Backoff(attempt + 1, settings.BaseDelay, settings.MaxDelay);
                if (response.Status == 429) _gate.PauseFor(delay);
                await WaitBeforeRetryAsync(target, attempt + 1, settings, delay, response.Describe(), onRetry, ct).ConfigureAwait(false);
            }
        }

        private static Task WaitBeforeRetryAsync(string target, int attempt, RequestSettings settings, TimeSpan delay, string reason,
            Action<RetryNotice>? onRetry, CancellationToken ct)
        {
            onRetry?.Invoke(new RetryNotice(target, attempt, settings.MaxRetry, delay, reason));
            return Task.Delay(delay, ct);
        }

        /// <summary>One attempt (following same-origin redirects), within the per-attempt timeout.</summary>
        public async Task<ApiResponse> SendOnceAsync(string relativeUri, string target, RequestSettings settings, CancellationToken ct)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(settings.Timeout);
            var uri = new Uri(BaseUri, relativeUri);
            try
            {
                for (var hop = 0; ; hop++)
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, uri);
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token.Reveal());
                    request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                    using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);

                    var status = (int)response.StatusCode;
                    if (status >= 300 && status < 400 && response.Headers.Location != null && hop < MaxRedirects)
                    {
                        uri = FollowRedirect(uri, response.Headers.Location, target);
                        continue;
                    }

                    var body = await ReadBodyAsync(response, target, settings.MaxResponseBytes, timeout.Token).ConfigureAwait(false);
                    return new ApiResponse(status, response.Content?.Headers.ContentType?.MediaType, body, response.Headers.RetryAfter);
                }
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new VerifikApiException(VerifikFailure.Timeout,
                    $"'{target}': no complete answer within {settings.Timeout.TotalSeconds:0.###} s (use -TimeoutSec to allow more).", target);
            }
            catch (Exception ex) when (!ct.IsCancellationRequested && (ex is HttpRequestException || ex is IOException || ex is WebException))
            {
                throw new VerifikApiException(VerifikFailure.Connection,
                    $"'{target}': the connection to {BaseUri.Host} failed: {Innermost(ex).Message}", target, inner: ex);
            }
        }

        private static Uri FollowRedirect(Uri from, Uri location, string target)
        {
            var to = location.IsAbsoluteUri ? location : new Uri(from, location);
            var sameOrigin = string.Equals(to.Scheme, from.Scheme, StringComparison.OrdinalIgnoreCase)
                && string.Equals(to.Host, from.Host, StringComparison.OrdinalIgnoreCase) && to.Port == from.Port;
            if (!sameOrigin)
            {
                throw new VerifikApiException(VerifikFailure.Redirect,
                    $"'{target}': the API redirected to {to.GetLeftPart(UriPartial.Authority)}, another origin; the request was not " +
                    "followed so that the token is not sent there. Check -BaseUri.", target);
            }
            return to;
        }

        private static async Task<byte[]> ReadBodyAsync(HttpResponseMessage response, string target, long cap, CancellationToken ct)
        {
            if (response.Content == null) return new byte[0];
            var declared = response.Content.Headers.ContentLength;
            if (declared > cap) throw TooLarge(target, (int)response.StatusCode, cap);
            using var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
            if (declared is long length) return await ReadExactlyAsync(stream, (int)length, target, ct).ConfigureAwait(false);

            // No Content-Length (chunked): grow a buffer, still within the cap.
            using var buffer = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await stream.ReadAsync(chunk, 0, chunk.Length, ct).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > cap) throw TooLarge(target, (int)response.StatusCode, cap);
                buffer.Write(chunk, 0, read);
            }
            return buffer.ToArray();
        }

        /// <summary>The common case: a body of known length is read straight into one array of that size.</summary>
        private static async Task<byte[]> ReadExactlyAsync(Stream stream, int length, string target, CancellationToken ct)
        {
            var body = new byte[length];
            var filled = 0;
            while (filled < length)
            {
                var read = await stream.ReadAsync(body, filled, length - filled, ct).ConfigureAwait(false);
                if (read == 0) throw new IOException($"the answer for '{target}' ended after {filled} of {length} bytes.");
                filled += read;
            }
            return body;
        }

        private static VerifikApiException TooLarge(string target, int status, long cap) =>
            new VerifikApiException(VerifikFailure.InvalidResponse,
                $"'{target}': the response (HTTP {status}) is larger than the limit of {cap:N0} bytes and was not read.", target, status);

        private static Exception Innermost(Exception ex)
        {
            while (ex.InnerException != null) ex = ex.InnerException;
            return ex;
        }
    }
}
