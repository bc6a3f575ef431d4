using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;

namespace Verifik
{
    /// <summary>
    /// The one request path of the client: every call (reads, creates, sign-in, image downloads) goes through
    /// <see cref="SendAsync"/>, which owns the retry loop, the shared back-off gate, the per-attempt timeout,
    /// redirects and reading the answer. What differs per call, above all whether it is safe to repeat, is said
    /// by its <see cref="ApiRequest"/>.
    /// </summary>
    internal sealed class ApiTransport
    {
        private const int MaxRedirects = 5;
        private readonly HttpClient _http;
        private readonly BearerToken? _token;
        private readonly BackoffGate _gate = new BackoffGate();

        /// <param name="token">Null for a transport that never authenticates (sign-in).</param>
        public ApiTransport(HttpClient http, Uri baseUri, BearerToken? token)
        {
            _http = http;
            BaseUri = baseUri;
            _token = token;
        }

        public Uri BaseUri { get; }

        public async Task<ApiResponse> SendAsync(ApiRequest request, RequestSettings settings, Action<RetryNotice>? onRetry, CancellationToken ct)
        {
            var waitedOut = DateTime.MinValue; // the end of a pause this request has already waited for, before its retry
            for (var attempt = 0; ; attempt++)
            {
                await WaitOutPauseAsync(request.Target, settings, waitedOut, onRetry, ct).ConfigureAwait(false);
                var sent = DateTime.UtcNow;
                // Disposed with the request message that carries it; only its flag is read afterwards. A not-idempotent
                // request without a body goes out with "Content-Length: 0" anyway; as empty content, its sending is seen too.
                var tracker = request.Body != null ? new SendTracker(request.Body())
                    : request.Retry == RetryRule.NotIdempotent ? new SendTracker(new ByteArrayContent(new byte[0])) : null;
                ApiResponse response;
                try
                {
                    response = await SendOnceAsync(request, tracker, sent, settings, ct).ConfigureAwait(false);
                }
                catch (VerifikApiException ex) when (request.Retry == RetryRule.NotIdempotent && tracker != null && tracker.BodyStarted)
                {
                    // A create whose body went out may have been processed, whatever broke afterwards (a timeout, a reset, an
                    // answer too large or unreadable): it is never sent again, and the caller is told it may have been.
                    throw ex.OutcomeUnknown ? ex : Uncertain(ex, request, sent);
                }
                catch (VerifikApiException ex) when (ex.Failure == VerifikFailure.Timeout || ex.Failure == VerifikFailure.Connection)
                {
                    if (attempt >= settings.MaxRetry) throw;
                    await WaitBeforeRetryAsync(request.Target, attempt + 1, settings, RetryDelay.Backoff(attempt + 1, settings.BaseDelay, settings.MaxDelay),
                        ex.Message, onRetry, ct).ConfigureAwait(false);
                    continue;
                }

                if (!IsRetried(response, request.Retry) || attempt >= settings.MaxRetry) return response;

                var delay = RetryDelay.FromRetryAfter(response.RetryAfter, DateTimeOffset.UtcNow) is TimeSpan serverSays
                    ? (serverSays > settings.MaxRetryAfter ? settings.MaxRetryAfter : serverSays)
                    : RetryDelay.Backoff(attempt + 1, settings.BaseDelay, settings.MaxDelay);
                if (response.Status == 429)
                {
                    _gate.PauseFor(delay);
                    waitedOut = DateTime.UtcNow.Add(delay); // no earlier than the pause just set, which the wait below covers
                }
                await WaitBeforeRetryAsync(request.Target, attempt + 1, settings, delay, response.Describe(), onRetry, ct).ConfigureAwait(false);
            }
        }

        /// <summary>
        /// Whether an answer is worth another attempt. A request that is not safe to repeat is retried only on the two
        /// answers that say the API did not take it: 429 (rate limited) and 503 (unavailable).
        /// </summary>
        internal static bool IsRetried(ApiResponse response, RetryRule rule) =>
            rule == RetryRule.Idempotent ? response.IsTransient : TookNothing(response.Status);

        /// <summary>The two answers that say the API did not take a request at all: 429 (rate limited), 503 (unavailable).</summary>
        private static bool TookNothing(int status) => status == 429 || status == 503;

        /// <summary>
        /// Whether an answer leaves open that the API processed a request: the one rule for every request that is not
        /// safe to repeat (creates, sign-ins, any other POST). Once the first byte of its body went out, the request
        /// counts as not processed only when the answer proves it: a 4xx refuses it (413 included), and 429/503, which
        /// the retry rule repeats, say the API took nothing. Any other failure answer (a 3xx; 500, 502, 504; a gateway's
        /// 520, 522 or 524, "the origin accepted the request but did not answer in time"; 599) may come after the work was
        /// done. A success was processed; a request whose body never started cannot have been.
        /// </summary>
        internal static bool MayHaveBeenProcessed(RetryRule rule, bool bodyStarted, int status) =>
            rule == RetryRule.NotIdempotent && bodyStarted && (status < 200 || status >= 300)
            && !(status >= 400 && status < 500) && !TookNothing(status);

        /// <summary>
        /// A 429 pauses every request of the connection, so a rate-limit storm slows the batch instead of multiplying
        /// retries. The pause may have been set by an earlier command: each request honours it only within its own
        /// limits (none with -MaxRetry 0, which asks for no waiting; at most its -TimeoutSec otherwise), and says so.
        /// </summary>
        /// <param name="waitedOut">A pause end this request already waited for (its own 429's): not waited for again.</param>
        private Task WaitOutPauseAsync(string target, RequestSettings settings, DateTime waitedOut, Action<RetryNotice>? onRetry, CancellationToken ct)
        {
            if (settings.MaxRetry == 0) return Task.CompletedTask;
            var until = _gate.PausedUntil;
            var left = until - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || until <= waitedOut) return Task.CompletedTask;
            var wait = Min(left, Min(settings.Timeout, settings.MaxRetryAfter));
            onRetry?.Invoke(RetryNotice.Paused(target, wait, until));
            return Task.Delay(wait, ct);
        }

        private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

        private static VerifikApiException Uncertain(VerifikApiException ex, ApiRequest request, DateTime sent) =>
            new VerifikApiException(ex.Failure, ex.Message + " " + FailureMapper.UncertainAdvice(request.Target, request.UncertainAdvice, sent), ex.ResourceId,
                ex.StatusCode, ex.ApiError, ex.InnerException, outcomeUnknown: true);

        private static Task WaitBeforeRetryAsync(string target, int attempt, RequestSettings settings, TimeSpan delay, string reason,
            Action<RetryNotice>? onRetry, CancellationToken ct)
        {
            onRetry?.Invoke(new RetryNotice(target, attempt, settings.MaxRetry, delay, reason));
            return Task.Delay(delay, ct);
        }

        /// <summary>One attempt (following redirects as the request allows), within the per-attempt timeout.</summary>
        private async Task<ApiResponse> SendOnceAsync(ApiRequest request, SendTracker? body, DateTime sent, RequestSettings settings, CancellationToken ct)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(settings.Timeout);
            var uri = request.Uri;
            // Flows into the handler's writes of this request, where a connection seen through AnswerTapStream fills it.
            UploadWatch? watch = null;
            if (body != null)
            {
                UploadWatch.Current = watch = new UploadWatch();
                body.Token = timeout.Token; // a body read from a file stops with the attempt
            }
            try
            {
                for (var hop = 0; ; hop++)
                {
                    using var message = new HttpRequestMessage(request.Method, uri);
                    if (body != null && hop == 0) message.Content = body;
                    request.Prepare?.Invoke(message);
                    message.Headers.Authorization = null; // only the rule below sets it
                    // The token goes only to the API's own origin, and never past the first hop of a request whose redirects may
                    // leave it: decided here, for every request, not by each caller.
                    if (request.WithToken && _token != null && TransportPolicy.SameOrigin(uri, BaseUri)
                        && (hop == 0 || request.Redirects == RedirectRule.SameOrigin))
                    {
                        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Bearer(request.Target));
                    }
                    if (request.ReadSuccess == null && message.Headers.Accept.Count == 0) message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                    // A large body waits for the server's go-ahead, so a refusal (413, 429, 503) comes before it is sent.
                    if (body != null && hop == 0 && body.Headers.ContentLength > settings.ExpectContinueAbove) message.Headers.ExpectContinue = true;
                    using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);

                    var status = (int)response.StatusCode;
                    // Only reads follow redirects: a create answered with one is reported, not replayed elsewhere.
                    if (status >= 300 && status < 400 && response.Headers.Location != null && hop < MaxRedirects && request.Method == HttpMethod.Get)
                    {
                        uri = FollowRedirect(uri, response.Headers.Location, request);
                        continue;
                    }

                    var mediaType = response.Content?.Headers.ContentType?.MediaType;
                    var headers = request.KeepHeaders ? HeadersOf(response) : null;
                    if (status >= 200 && status < 300 && request.ReadSuccess != null)
                    {
                        await request.ReadSuccess(response, timeout.Token).ConfigureAwait(false);
                        return new ApiResponse(status, mediaType, new byte[0], RetryDelay.HeaderOf(response.Headers), sent, headers);
                    }
                    // A HEAD answer declares the length of a body it never sends.
                    var bytes = request.Method == HttpMethod.Head
                        ? new byte[0]
                        : await ReadBodyAsync(response, request.Target, settings.MaxResponseBytes, timeout.Token).ConfigureAwait(false);
                    return new ApiResponse(status, mediaType, bytes, RetryDelay.HeaderOf(response.Headers), sent, headers,
                        MayHaveBeenProcessed(request.Retry, body?.BodyStarted == true, status));
                }
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new VerifikApiException(VerifikFailure.Timeout,
                    $"'{request.Target}': no complete answer within {settings.Timeout.TotalSeconds:0.###} s (use -TimeoutSec to allow more).", request.Target);
            }
            catch (Exception ex) when (!ct.IsCancellationRequested && FailureMapper.DecodingFailure(ex) is InvalidDataException undecodable)
            {
                // A Content-Encoding the bytes do not follow (not gzip, a bad CRC, a broken deflate stream): an invalid answer.
                throw FailureMapper.Undecodable(request.Target, undecodable);
            }
            catch (Exception ex) when (!ct.IsCancellationRequested && (ex is HttpRequestException || ex is IOException || ex is WebException))
            {
                // Writing the request failed after the server answered (a gateway's 413, 429 or 503, then a closed
                // connection): its answer, not the broken pipe, says what happened.
                if (watch?.Received is byte[] received && EarlyAnswer.TryRead(received) is EarlyAnswer early && early.Status >= 300)
                {
                    return new ApiResponse(early.Status, early.MediaType, early.Body, early.RetryAfter, sent,
                        mayHaveBeenProcessed: MayHaveBeenProcessed(request.Retry, body?.BodyStarted == true, early.Status));
                }
                throw new VerifikApiException(VerifikFailure.Connection,
                    $"'{request.Target}': the connection to {uri.Host} failed: {Innermost(ex).Message}", request.Target, inner: ex);
            }
        }

        /// <summary>The token for a header; a connection closed meanwhile (in another runspace, say) stops the run like a refused token.</summary>
        private string Bearer(string target)
        {
            try
            {
                return _token!.Reveal();
            }
            catch (ObjectDisposedException)
            {
                throw new VerifikApiException(VerifikFailure.ConnectionClosed,
                    $"'{target}': the connection was closed (Disconnect-Verifik) while this request was waiting; nothing was sent. Connect again.", target);
            }
        }

        private static Uri FollowRedirect(Uri from, Uri location, ApiRequest request)
        {
            var to = location.IsAbsoluteUri ? location : new Uri(from, location);
            var sameScheme = string.Equals(to.Scheme, from.Scheme, StringComparison.OrdinalIgnoreCase);
            if (request.Redirects == RedirectRule.SameOrigin && !TransportPolicy.SameOrigin(to, from))
            {
                throw new VerifikApiException(VerifikFailure.Redirect,
                    $"'{request.Target}': the API redirected to {to.GetLeftPart(UriPartial.Authority)}, another origin; the request was not " +
                    "followed so that the token is not sent there. Check -BaseUri.", request.Target);
            }
            var refusal = sameScheme ? TransportPolicy.Check(to) : $"it changes the scheme from {from.Scheme} to {to.Scheme}.";
            if (refusal != null)
            {
                throw new VerifikApiException(VerifikFailure.Redirect,
                    $"'{request.Target}': a redirect to {to.GetLeftPart(UriPartial.Authority)} was refused: {refusal}", request.Target);
            }
            return to;
        }

        private static IReadOnlyDictionary<string, string[]> HeadersOf(HttpResponseMessage response)
        {
            var all = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
            foreach (var h in response.Headers) all[h.Key] = System.Linq.Enumerable.ToArray(h.Value);
            if (response.Content != null) foreach (var h in response.Content.Headers) all[h.Key] = System.Linq.Enumerable.ToArray(h.Value);
            return all;
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
            var filled = await StreamFill.FillAsync(stream, body, 0, length, ct).ConfigureAwait(false);
            if (filled < length) throw new IOException($"the answer for '{target}' ended after {filled} of {length} bytes.");
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
