using System;

namespace Verifik
{
    /// <summary>
    /// The Verifik account (client) a token belongs to, from <c>GET /v2/clients/me</c>: who it is, its credits and its
    /// plan. Deliberately without the answer's secrets (the <c>otp</c> hash, <c>JWTPhrase</c>, <c>secretKey</c>): they are
    /// never read into it.
    /// </summary>
    public sealed class VerifikAccount
    {
        public string? Id { get; set; }
        public string? Name { get; set; }
        public string? Email { get; set; }

        /// <summary>The country code and number, as the API gives them ("+1 7809843183").</summary>
        public string? Phone { get; set; }

        /// <summary>Credits left: what creates and other paid requests are charged against.</summary>
        public decimal? Credits { get; set; }

        /// <summary>The API's <c>totalRequestsCount</c>: requests the account has made.</summary>
        public long? TotalRequests { get; set; }

        /// <summary>The subscription plan's name (or, when the API does not name it, its ID).</summary>
        public string? Plan { get; set; }

        /// <summary>The API's status of the account ("joined", …).</summary>
        public string? Status { get; set; }

        public bool? Active { get; set; }

        /// <summary>UTC.</summary>
        public DateTime? CreatedAt { get; set; }

        /// <summary>UTC.</summary>
        public DateTime? UpdatedAt { get; set; }

        /// <summary>The API the account was read from.</summary>
        public Uri? BaseUri { get; set; }

        public override string ToString() => (Name ?? Id ?? "Verifik account") + (Email == null ? string.Empty : " <" + Email + ">");
    }
}
