namespace Verifik
{
    /// <summary>What went wrong with a request, in terms a caller can map to its own error categories.</summary>
    public enum VerifikFailure
    {
        /// <summary>The ID cannot name a record (null, blank, or a bare "." / ".." path segment). No request was sent.</summary>
        InvalidId,
        /// <summary>HTTP 404.</summary>
        NotFound,
        /// <summary>HTTP 401: the token was refused.</summary>
        Unauthorized,
        /// <summary>HTTP 403: the token is valid but may not do this (or has expired).</summary>
        Forbidden,
        /// <summary>HTTP 400/409/413/422 and other client errors the API rejects.</summary>
        BadRequest,
        /// <summary>HTTP 429 after every retry.</summary>
        RateLimited,
        /// <summary>HTTP 5xx after every retry.</summary>
        ServerError,
        /// <summary>A body that is not the documented JSON (truncated, HTML, wrong content, too large).</summary>
        InvalidResponse,
        /// <summary>No answer within the per-request timeout, after every retry.</summary>
        Timeout,
        /// <summary>The connection failed or was dropped, after every retry.</summary>
        Connection,
        /// <summary>A redirect the client will not follow (to another host, or from https to http).</summary>
        Redirect,
        /// <summary>A download larger than the caller's size cap; it was cut off.</summary>
        TooLarge,
        /// <summary>The connection's token was wiped (Disconnect-Verifik) before the request could carry it. Nothing was sent.</summary>
        ConnectionClosed,
        /// <summary>A URL the client will not fetch (plain http to a non-loopback host, or not http at all). No request was sent.</summary>
        InsecureUri,
        /// <summary>Sign-in: the one-time code was refused (wrong, expired or already used): HTTP 401, or a 400 whose code names the OTP.</summary>
        CodeRejected,
        /// <summary>Sign-in: the API knows no account with that e-mail address or phone number (HTTP 404).</summary>
        AccountNotFound,
        /// <summary>A success status (HTTP 200) whose body says <c>"success": false</c>; <see cref="VerifikApiException.ApiError"/> holds what the API said.</summary>
        Unsuccessful,
    }
}
