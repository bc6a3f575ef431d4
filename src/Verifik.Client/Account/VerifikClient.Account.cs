using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Verifik
{
    public sealed partial class VerifikClient
    {
        private const string RenewPath = "v2/auth/session";
        private const string RevokePath = "v2/auth/renew-and-revoke";

        /// <summary>
        /// The account the token belongs to (<c>GET /v2/clients/me</c>, with the plan populated). The answer's secrets are
        /// never read, and its bytes are wiped once read. <paramref name="problems"/> receives fields of the wrong type.
        /// </summary>
        public async Task<VerifikAccount> GetAccountAsync(List<string>? problems = null, RequestSettings? settings = null,
            Action<RetryNotice>? onRetry = null, CancellationToken ct = default)
        {
            var effective = settings ?? Defaults;
            const string target = "GET /v2/clients/me";
            var response = await _transport.SendAsync(new ApiRequest(HttpMethod.Get, Resolve(AccountReader.Path), target), effective, onRetry, ct)
                .ConfigureAwait(false);
            try
            {
                if (!response.IsSuccess) throw ResourceFailures.FromStatus(response, target, effective.MaxRetry, RetryRule.Idempotent, null);
                var account = AccountReader.Read(response, target, problems ?? new List<string>());
                account.BaseUri = BaseUri;
                return account;
            }
            finally
            {
                Array.Clear(response.Body, 0, response.Body.Length); // it carries the otp hash and the JWTPhrase
            }
        }

        /// <summary>
        /// A new token for the connection's account. Renewal (<c>/v2/auth/session?origin=refresh&amp;expiresIn=N</c>, N in
        /// months) is sent as GET, as the docs' samples do, and once more as POST only when the API refuses GET with 404 or
        /// 405 (another page of the docs says POST); the old token keeps working. It is safe to repeat (a second renewal only
        /// gives another token), so it is retried like a read. With <paramref name="revokeOthers"/>, <c>POST
        /// /v2/auth/renew-and-revoke</c> expires every other token of the account: not safe to repeat, so it is sent again
        /// only when the API provably did not take it. The answer's bytes are wiped once the token is read.
        /// </summary>
        public async Task<RenewedToken> RenewTokenAsync(int expiresInMonths, bool revokeOthers, RequestSettings? settings = null,
            Action<RetryNotice>? onRetry = null, CancellationToken ct = default)
        {
            if (expiresInMonths < 1) throw new ArgumentOutOfRangeException(nameof(expiresInMonths), "A token lasts at least one month.");
            var effective = settings ?? Defaults;
            if (revokeOthers)
            {
                var path = RevokePath;
                var request = new ApiRequest(HttpMethod.Post, Resolve(path), "POST /" + path)
                {
                    Body = EmptyBody, // so that the transport knows when it went out (see EmptyBody)
                    Retry = RetryRule.NotIdempotent,
                    UncertainAdvice = RevokeAdvice,
                };
                return await TokenFrom(request, effective, onRetry, "POST", "/" + path, revoked: true, ct).ConfigureAwait(false);
            }

            var renew = RenewPath + "?origin=refresh&expiresIn=" + expiresInMonths.ToString(CultureInfo.InvariantCulture);
            try
            {
                return await TokenFrom(new ApiRequest(HttpMethod.Get, Resolve(renew), "GET /" + renew), effective, onRetry, "GET", "/" + renew, false, ct)
                    .ConfigureAwait(false);
            }
            catch (VerifikApiException ex) when (ex.StatusCode == 404 || ex.StatusCode == 405)
            {
                return await TokenFrom(new ApiRequest(HttpMethod.Post, Resolve(renew), "POST /" + renew), effective, onRetry, "POST", "/" + renew, false, ct)
                    .ConfigureAwait(false);
            }
        }

        private async Task<RenewedToken> TokenFrom(ApiRequest request, RequestSettings settings, Action<RetryNotice>? onRetry, string method, string path,
            bool revoked, CancellationToken ct)
        {
            var response = await _transport.SendAsync(request, settings, onRetry, ct).ConfigureAwait(false);
            try
            {
                if (!response.IsSuccess)
                {
                    throw ResourceFailures.FromStatus(response, request.Target, settings.MaxRetry, request.Retry, request.UncertainAdvice);
                }
                return new RenewedToken(SignInAnswers.Token(response, request.Target), method, path, revoked);
            }
            finally
            {
                Array.Clear(response.Body, 0, response.Body.Length); // it carries the new token
            }
        }

        private static string RevokeAdvice(DateTime sent) =>
            $"The request to revoke every other token was sent at {sent:yyyy-MM-dd HH:mm:ss} UTC and may or may not have been processed; it was not " +
            "sent again. If it was, every earlier token of the account (this connection's too) stopped working and the new one was lost: check with " +
            "Get-VerifikAccount, and if the token is refused, sign in again with Connect-Verifik -Email or -Phone.";
    }
}
