using System.Collections.Generic;
using System.Text.Json;

namespace Verifik
{
    /// <summary>
    /// Reads <c>GET /v2/clients/me</c> into a <see cref="VerifikAccount"/>. Only the fields named here are read: the
    /// answer's <c>otp</c> hash, <c>JWTPhrase</c> and <c>secretKey</c> are never turned into strings, and no part of the
    /// body is quoted in a message (the caller wipes it afterwards).
    /// </summary>
    internal static class AccountReader
    {
        public const string Path = "v2/clients/me?populates[]=clientSubscriptionPlan.subscriptionPlan";

        public static VerifikAccount Read(ApiResponse response, string target, List<string> problems)
        {
            return ResponseParser.WithDocument(response, target, root =>
            {
                var data = root.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.Object ? d : root;
                if (!data.TryGetProperty("_id", out _) && !data.TryGetProperty("email", out _))
                {
                    throw FailureMapper.InvalidBody(response, target, "it holds no account (data._id).");
                }
                var f = new FieldReader(data, problems);
                var countryCode = f.String("countryCode");
                var phone = f.String("phone");
                return new VerifikAccount
                {
                    Id = f.String("_id", "id"),
                    Name = f.String("name"),
                    Email = f.String("email"),
                    Phone = phone == null ? null : (countryCode == null ? phone : countryCode + " " + phone),
                    Credits = f.Decimal("credits"),
                    TotalRequests = f.Long("totalRequestsCount"),
                    Plan = PlanOf(data),
                    Status = f.String("status"),
                    Active = f.Bool("active"),
                    CreatedAt = f.Date("createdAt"),
                    UpdatedAt = f.Date("updatedAt"),
                };
            });
        }

        /// <summary>
        /// The plan's name from the populated clientSubscriptionPlan.subscriptionPlan (the docs' request asks for it), else
        /// the name of clientSubscriptionPlan itself, else the bare subscriptionPlan ID.
        /// </summary>
        private static string? PlanOf(JsonElement data)
        {
            if (data.TryGetProperty("clientSubscriptionPlan", out var client) && client.ValueKind == JsonValueKind.Object)
            {
                if (client.TryGetProperty("subscriptionPlan", out var plan) && plan.ValueKind == JsonValueKind.Object && Name(plan) is string named) return named;
                if (Name(client) is string own) return own;
            }
            if (data.TryGetProperty("subscriptionPlan", out var bare))
            {
                if (bare.ValueKind == JsonValueKind.String) return bare.GetString();
                if (bare.ValueKind == JsonValueKind.Object) return Name(bare);
            }
            return null;
        }

        private static string? Name(JsonElement obj) =>
            obj.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
    }
}
