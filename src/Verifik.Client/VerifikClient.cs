using System;
using System.IO;
using System.Net.Http;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;

namespace Verifik
{
    /// <summary>
    /// The Verifik document-liveness API over one shared <see cref="HttpClient"/>. Thread-safe: one
    /// instance serves every runspace and every concurrent request of a session.
    /// </summary>
    public sealed partial class VerifikClient
    {
        public static readonly Uri DefaultBaseUri = new Uri("https://api.verifik.co/");

        private readonly ApiTransport _transport;

        public VerifikClient(Uri baseUri, BearerToken token, HttpClient http, RequestSettings? defaults = null)
        {
            if (baseUri == null) throw new ArgumentNullException(nameof(baseUri));
            BaseUri = NormalizeBaseUri(baseUri);
            Token = token ?? throw new ArgumentNullException(nameof(token));
            Defaults = defaults ?? new RequestSettings();
            _transport = new ApiTransport(http ?? throw new ArgumentNullException(nameof(http)), BaseUri, token);
        }

        public Uri BaseUri { get; }
        public BearerToken Token { get; }
        public RequestSettings Defaults { get; }

        /// <summary>
        /// Fetches one record. Throws <see cref="VerifikApiException"/> for every failure (invalid ID,
        /// HTTP error after retries, body that is not the documented JSON).
        /// </summary>
        public async Task<FetchedRecord> GetDocumentLivenessAsync(string id, RequestSettings? settings = null,
            Action<RetryNotice>? onRetry = null, CancellationToken ct = default)
        {
            var problem = RecordPath.Validate(id);
            if (problem != null) throw new VerifikApiException(VerifikFailure.InvalidId, problem, id);

            var effective = settings ?? Defaults;
            var request = new ApiRequest(HttpMethod.Get, Resolve(RecordPath.ForDocumentLiveness(id)), id);
            var response = await _transport.SendAsync(request, effective, onRetry, ct).ConfigureAwait(false);
            if (!response.IsSuccess) throw FailureMapper.FromStatus(response, id, isRecord: true, effective.MaxRetry);
            return ResponseParser.ParseRecord(response, id, askedId: id);
        }

        /// <summary>Fetches one page of the list endpoint.</summary>
        public async Task<DocumentLivenessPage> ListDocumentLivenessAsync(ListQuery query, RequestSettings? settings = null,
            Action<RetryNotice>? onRetry = null, CancellationToken ct = default)
        {
            var effective = settings ?? Defaults;
            var target = "list " + query;
            var response = await _transport.SendAsync(new ApiRequest(HttpMethod.Get, Resolve(query.ToRelativeUri()), target), effective, onRetry, ct)
                .ConfigureAwait(false);
            if (!response.IsSuccess) throw FailureMapper.FromStatus(response, target, isRecord: false, effective.MaxRetry);
            return ResponseParser.ParsePage(response, target);
        }

        /// <summary>What <see cref="CheckTokenAsync"/> asks for: the first record of the listing, the cheapest read every token
        /// this module uses must be allowed (the account endpoint, /v2/clients/me, would answer secrets).</summary>
        private static readonly ListQuery TokenCheckQuery = new ListQuery { Page = 1, Limit = 1 };

        private const string TokenCheckTarget = "token check";

        /// <summary>The request <see cref="CheckTokenAsync"/> sends (GET v2/document-liveness?page=1&amp;limit=1).</summary>
        public Uri TokenCheckUri => Resolve(TokenCheckQuery.ToRelativeUri());

        /// <summary>
        /// Asks the API whether it takes the token, with one cheap authenticated read, and returns the status of the answer
        /// that took it. Throws <see cref="VerifikApiException"/> otherwise: <see cref="VerifikFailure.Unauthorized"/> or
        /// <see cref="VerifikFailure.Forbidden"/> when the API refused the token; any other failure (the API down, a timeout,
        /// an answer that is no listing) means the token could not be checked. Retried like any read.
        /// </summary>
        public async Task<int> CheckTokenAsync(RequestSettings? settings = null, Action<RetryNotice>? onRetry = null, CancellationToken ct = default)
        {
            var effective = settings ?? Defaults;
            var response = await _transport.SendAsync(new ApiRequest(HttpMethod.Get, TokenCheckUri, TokenCheckTarget), effective, onRetry, ct)
                .ConfigureAwait(false);
            if (!response.IsSuccess) throw FailureMapper.FromStatus(response, TokenCheckTarget, isRecord: false, effective.MaxRetry);
            // A listing, so the answer came from the API and not from a page that answers 200 to anything.
            ResponseParser.ParsePage(response, TokenCheckTarget);
            return response.Status;
        }

        /// <summary>
        /// Submits one file (<c>POST /v2/document-liveness</c>) and returns the record the API created for it, with
        /// <see cref="DocumentLiveness.SourcePath"/> set. A create is charged, so it is sent again only when the API
        /// provably did not take it (429, 503, a connection that failed before the body went out); when it may have,
        /// the <see cref="VerifikApiException"/> has <see cref="VerifikApiException.OutcomeUnknown"/> set. A file that
        /// could not be read while it was sent throws its <see cref="IOException"/> (or <see cref="UnauthorizedAccessException"/>):
        /// the body broke off, so nothing was processed.
        /// </summary>
        public async Task<FetchedRecord> CreateDocumentLivenessAsync(DocumentLivenessSubmission submission, RequestSettings? settings = null,
            Action<RetryNotice>? onRetry = null, CancellationToken ct = default)
        {
            if (submission == null) throw new ArgumentNullException(nameof(submission));
            var effective = settings ?? Defaults;
            var target = submission.Path;
            DocumentLivenessUploadContent? body = null;
            var request = new ApiRequest(HttpMethod.Post, Resolve(RecordPath.DocumentLiveness), target)
            {
                Body = () => body = submission.CreateContent(),
                Retry = RetryRule.NotIdempotent,
            };

            ApiResponse response;
            try
            {
                response = await _transport.SendAsync(request, effective, onRetry, ct).ConfigureAwait(false);
            }
            catch (VerifikApiException) when (body?.ReadFailure != null)
            {
                // The transport saw a broken upload; the break was on this side, before the body's end.
                ExceptionDispatchInfo.Capture(body!.ReadFailure!).Throw();
                throw;
            }
            if (!response.IsSuccess) throw FailureMapper.FromStatus(response, target, isRecord: false, effective.MaxRetry, RetryRule.NotIdempotent);

            FetchedRecord fetched;
            try
            {
                fetched = ResponseParser.ParseRecord(response, target);
            }
            catch (VerifikApiException ex)
            {
                // The API said 2xx: the file was most likely processed (and charged), only its answer is unreadable.
                throw new VerifikApiException(ex.Failure, ex.Message + " " + FailureMapper.OutcomeUnknownAdvice(target, response.SentAt), target,
                    ex.StatusCode, ex.ApiError, ex, outcomeUnknown: true);
            }
            fetched.Record.SourcePath = target;
            return fetched;
        }

        /// <summary>
        /// Downloads the image at <paramref name="imageUrl"/> into <paramref name="temporaryPath"/> (created or truncated
        /// on each attempt; the caller moves it into place, or deletes it when this throws). Only https is fetched, or
        /// http to loopback; redirects are followed to hosts of the same scheme; the token is sent only when the URL is
        /// on the API's own origin, and never past the first hop. Throws <see cref="VerifikApiException"/> (InsecureUri,
        /// Redirect, TooLarge, InvalidResponse for what is not an image, the HTTP and connection failures) and
        /// <see cref="ImageFileException"/> when the local file cannot be written.
        /// </summary>
        /// <param name="target">What the image belongs to (the record ID), for messages.</param>
        public async Task<DownloadedImage> DownloadImageAsync(string target, Uri imageUrl, string temporaryPath, long maxBytes,
            RequestSettings? settings = null, Action<RetryNotice>? onRetry = null, CancellationToken ct = default)
        {
            if (imageUrl == null) throw new ArgumentNullException(nameof(imageUrl));
            var shown = ImageAddress.ForDisplay(imageUrl);
            if (TransportPolicy.Check(imageUrl) != null)
            {
                // The token never goes to an image host, but an image fetched in the clear could be swapped on the way.
                var why = imageUrl.Scheme == Uri.UriSchemeHttp
                    ? "it uses plain http, which anyone on the way could read or alter. Only https is fetched (plain http only from loopback addresses, such as the sandbox)."
                    : "it is neither https nor http.";
                throw new VerifikApiException(VerifikFailure.InsecureUri, $"'{target}': the image URL {shown} was not fetched: {why}", target);
            }

            var effective = settings ?? Defaults;
            var download = new ImageDownload(target, shown, temporaryPath, maxBytes);
            var request = new ApiRequest(HttpMethod.Get, imageUrl, target)
            {
                Retry = RetryRule.Idempotent,
                Redirects = RedirectRule.SameScheme,
                ReadSuccess = download.ReadAsync,
            };
            var response = await _transport.SendAsync(request, effective, onRetry, ct).ConfigureAwait(false);
            if (!response.IsSuccess) throw FailureMapper.FromImageStatus(response, target, shown, effective.MaxRetry);
            return download.Result ?? throw new InvalidOperationException("The download completed without a result.");
        }

        private Uri Resolve(string relativeUri) => new Uri(BaseUri, relativeUri);

        /// <summary>A trailing slash makes relative paths resolve under any path prefix (a gateway's /verifik/, say).</summary>
        public static Uri NormalizeBaseUri(Uri baseUri)
        {
            if (!baseUri.IsAbsoluteUri) throw new ArgumentException("The base URI must be absolute, like https://api.verifik.co.", nameof(baseUri));
            var builder = new UriBuilder(baseUri) { Query = string.Empty, Fragment = string.Empty };
            if (!builder.Path.EndsWith("/", StringComparison.Ordinal)) builder.Path += "/";
            return builder.Uri;
        }
    }
}
