using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;

namespace Verifik
{
    public sealed partial class VerifikClient
    {
        private static readonly IReadOnlyDictionary<string, string[]> NoHeaders = new Dictionary<string, string[]>();

        /// <summary>Where a generic request's URI goes (see <see cref="ResourceUri.Resolve"/>); null with a problem when it is refused.</summary>
        public Uri? ResolveResource(string uri, out string? problem) => ResourceUri.Resolve(BaseUri, uri, out problem);

        /// <summary>
        /// Sends one generic request through the one request path: the token only to the API's origin, the idempotent
        /// retry rule for GET/HEAD/PUT/DELETE and the not-idempotent one for POST/PATCH (see
        /// <see cref="ResourceRequest.IsSafeToRepeat"/>). Throws <see cref="VerifikApiException"/> for every non-2xx answer
        /// (after the retries its rule allows), and <see cref="ImageFileException"/> when -OutFile cannot be written.
        /// </summary>
        public async Task<ResourceResponse> SendResourceAsync(ResourceRequest request, RequestSettings? settings = null,
            Action<RetryNotice>? onRetry = null, CancellationToken ct = default)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            if (!TransportPolicy.SameOrigin(request.Uri, BaseUri))
            {
                throw new VerifikApiException(VerifikFailure.InsecureUri,
                    $"'{request.Target}': {request.Uri.GetLeftPart(UriPartial.Authority)} is not the API's origin; nothing was sent.", request.Target);
            }
            var effective = settings ?? Defaults;
            var rule = request.IsSafeToRepeat ? RetryRule.Idempotent : RetryRule.NotIdempotent;
            var advice = rule == RetryRule.NotIdempotent ? ResourceFailures.UncertainAdvice(request.Target) : null;
            var file = request.OutFile == null ? null : new ResponseFile(request.OutFile, request.Target);
            var api = new ApiRequest(new HttpMethod(request.Method), request.Uri, request.Target)
            {
                Body = BodyOf(request),
                Retry = rule,
                UncertainAdvice = advice,
                Prepare = message => AddHeaders(message, request),
                KeepHeaders = true,
            };
            if (file != null) api.ReadSuccess = file.ReadAsync;

            var response = await _transport.SendAsync(api, effective, onRetry, ct).ConfigureAwait(false);
            if (!response.IsSuccess) throw ResourceFailures.FromStatus(response, request.Target, effective.MaxRetry, rule, advice);
            return new ResourceResponse(response.Status, response.MediaType, response.Body, response.Headers ?? NoHeaders, response.SentAt);
        }

        /// <summary>A fresh body for each attempt: the encoded bytes, or the file opened again (streamed, never read whole).</summary>
        private static Func<HttpContent>? BodyOf(ResourceRequest request)
        {
            if (request.Body is byte[] bytes)
            {
                return () => Typed(new ByteArrayContent(bytes), request.ContentType ?? "application/json");
            }
            if (request.BodyFile is string path)
            {
                return () => Typed(new StreamContent(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true), 81920),
                    request.ContentType ?? "application/octet-stream");
            }
            return request.IsSafeToRepeat ? null : EmptyBody;
        }

        /// <summary>
        /// An empty body for a POST or PATCH without one (it goes out as Content-Length: 0, as HttpClient sends such a
        /// request anyway): the transport learns from a body whether the request went out, and so whether it may have
        /// been processed; without one, a reset after the request reached the API would look like one that never left.
        /// </summary>
        internal static HttpContent EmptyBody() => new ByteArrayContent(new byte[0]);

        private static HttpContent Typed(HttpContent content, string contentType)
        {
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            return content;
        }

        /// <summary>The caller's headers; content headers (Content-Type, Content-Language…) go on the body, when there is one.</summary>
        private static void AddHeaders(HttpRequestMessage message, ResourceRequest request)
        {
            foreach (var header in request.Headers)
            {
                if (header.Key.StartsWith("Content-", StringComparison.OrdinalIgnoreCase))
                {
                    if (message.Content == null) continue;
                    // -ContentType, when given, wins over a Content-Type header.
                    if (request.ContentType != null && string.Equals(header.Key, "Content-Type", StringComparison.OrdinalIgnoreCase)) continue;
                    message.Content.Headers.Remove(header.Key);
                    message.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
                }
                else
                {
                    message.Headers.Remove(header.Key);
                    message.Headers.TryAddWithoutValidation(header.Key, header.Value);
                }
            }
        }
    }
}
