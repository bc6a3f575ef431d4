namespace Verifik.Sandbox;

/// <summary>One way the sandbox misbehaves, for reliability tests. See <see cref="FaultInjector"/> for matching.</summary>
public sealed class FaultRule
{
    public FaultKind Kind { get; init; }

    /// <summary>Probability per matching request (0..1).</summary>
    public double Rate { get; init; } = 1.0;

    /// <summary>Only GETs of these ids; null = any request (including the list endpoint).</summary>
    public ISet<string>? Ids { get; init; }

    /// <summary>
    /// Only these kinds of request; null = any /v2 request (Get, List, Create, SignIn and unknown /v2 paths) but never
    /// images, which is how rules behaved before operations existed.
    /// </summary>
    public FaultOperation? Operations { get; init; }

    /// <summary>
    /// Fire at most this many times per id for GETs, and per operation for the rest (all creates share one count,
    /// the list and unknown /v2 paths another, …); null = unlimited.
    /// </summary>
    public int? Times { get; init; }

    /// <summary>
    /// Status for <see cref="FaultKind.ServerError"/> and <see cref="FaultKind.ServerErrorAfterBody"/> (default 500),
    /// <see cref="FaultKind.WrongStatus"/> and <see cref="FaultKind.Refusal"/> (default 400), <see cref="FaultKind.EarlyAnswer"/> and
    /// <see cref="FaultKind.AnswerMidBody"/> (default 413).
    /// </summary>
    public int Status { get; init; }

    /// <summary>Verbatim Retry-After value ("2" or an HTTP-date) for 429/5xx; null = no header.</summary>
    public string? RetryAfter { get; init; }

    /// <summary>How long <see cref="FaultKind.Slow"/> waits before answering normally.</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>Ends a <see cref="FaultKind.Slow"/> wait early when it completes: a test holds a request for as long as it needs.</summary>
    public Task? Release { get; init; }

    public override string ToString() =>
        $"{Kind} rate={Rate} ids={(Ids is null ? "*" : string.Join(',', Ids))} on={Operations?.ToString() ?? "*"} times={Times?.ToString() ?? "∞"}";
}

public enum FaultKind
{
    TooManyRequests,
    ServerError,
    DropConnection,
    Slow,
    TruncatedBody,
    HtmlPage,
    WrongContentType,
    Unauthorized,
    Forbidden,
    RedirectToOtherHost,
    /// <summary>The real body with <see cref="FaultRule.Status"/> instead of its status (the brief's Status mentions it).</summary>
    WrongStatus,
    /// <summary>
    /// Reads the whole body and processes the request (a create is stored and charged), then answers 500
    /// (or <see cref="FaultRule.Status"/>): the case where retrying would charge twice.
    /// </summary>
    ServerErrorAfterBody,
    /// <summary>Like <see cref="ServerErrorAfterBody"/>, but aborts the connection instead of answering.</summary>
    DropAfterBody,
    /// <summary>
    /// Refuses the request without processing it, with <see cref="FaultRule.Status"/> (default 400) and the documented
    /// body for that status: 400 INVALID_IMAGE_FORMAT, 409 MissingParameter, 413 IMAGE_TOO_LARGE, else INVALID_PARAMETERS.
    /// For refusals a well-behaved client cannot provoke (the live API also decodes the image, the sandbox only sniffs it).
    /// </summary>
    Refusal,
    /// <summary>The real body sent with <c>Content-Encoding: gzip</c> although it is not gzip (images: the sample JPEG).</summary>
    BadGzip,
    /// <summary>The real body gzipped, with its CRC-32 trailer wrong.</summary>
    BadGzipCrc,
    /// <summary><c>Content-Encoding: deflate</c> over bytes that are no deflate stream.</summary>
    BadDeflate,
    /// <summary>The real body after a UTF-8 byte order mark (EF BB BF).</summary>
    Utf8Bom,
    /// <summary>
    /// HTTP 200 <c>{"success":false,"error","code",…}</c>: a record keeps its "data"; a list page has <c>"data":[]</c> and no counts.
    /// </summary>
    Unsuccessful,
    /// <summary>Like <see cref="Unsuccessful"/>, with <c>"data":null</c>.</summary>
    UnsuccessfulNoData,
    /// <summary>A record answered with another record's "_id" (<c>other-record</c>).</summary>
    OtherRecordId,
    /// <summary>Every list page says there is one more: pages = page + 1, total = pages × limit.</summary>
    ListEndless,
    /// <summary>Every list page is page 1 without any counts (full pages that repeat).</summary>
    ListRepeat,
    /// <summary>List pages after the first come back empty, with the real counts.</summary>
    ListEmptyAfterFirst,
    /// <summary>List pages say pages = 2^31 + 1 (above Int32), total as it is.</summary>
    ListHugePages,
    /// <summary>HTTP 400 whose message and code hold ANSI escape sequences and control characters.</summary>
    HostileText,
    /// <summary>
    /// A sign-in's step-1 answer whose "phoneGateway" and "status" hold escape sequences, a forged new line and a forged
    /// "Finish the sign-in with:" command; other answers as they are.
    /// </summary>
    HostileSignIn,
    /// <summary>A sign-in confirmation whose "accessToken" is 15 MB long (under the client's 16 MB body cap); other answers as they are.</summary>
    HugeAccessToken,
    /// <summary>
    /// What a gateway with a body limit or a rate limit does: answers <see cref="FaultRule.Status"/> (413 by default; 429
    /// and 503 too, with <see cref="FaultRule.RetryAfter"/>) before reading any of the body, with "Connection: close", and
    /// closes without reading it, so a client still sending gets a reset. Nothing is processed. A client that sent
    /// "Expect: 100-continue" gets the answer before its body (no 100 Continue is sent).
    /// </summary>
    EarlyAnswer,
    /// <summary>
    /// Like <see cref="EarlyAnswer"/>, but after reading 64 KB of the body (sending 100 Continue to a client that asked):
    /// the answer arrives while the client is still sending, whether it asked to wait or not.
    /// </summary>
    AnswerMidBody,
}
