using System;
using System.Text;
using System.Text.Json;

namespace Verifik
{
    /// <summary>The few claims the module reads from a Verifik JWT. The signature is not checked: that is the API's job.</summary>
    public sealed class JwtClaims
    {
        private JwtClaims(string? clientId, DateTime? expiresOn) { ClientId = clientId; ExpiresOn = expiresOn; }

        public string? ClientId { get; }

        /// <summary>From the "exp" claim, in UTC; null when the token carries none.</summary>
        public DateTime? ExpiresOn { get; }

        public static readonly JwtClaims None = new JwtClaims(null, null);

        /// <summary>Reads clientId and exp; any token that is not a readable JWT gives <see cref="None"/>.</summary>
        public static JwtClaims Read(string token)
        {
            var parts = (token ?? string.Empty).Split('.');
            if (parts.Length != 3) return None;
            try
            {
                using var doc = JsonDocument.Parse(Base64Url(parts[1]));
                var root = doc.RootElement;
                if (root.ValueKind != JsonValueKind.Object) return None;
                string? clientId = root.TryGetProperty("clientId", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
                DateTime? exp = null;
                // A NumericDate may have a fraction (RFC 7519 §2).
                var epoch = new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc);
                if (root.TryGetProperty("exp", out var e) && e.ValueKind == JsonValueKind.Number && e.TryGetDouble(out var seconds))
                {
                    // An exp at or before the epoch is no "no expiry": the token expired then (and is refused as expired).
                    if (seconds <= 0) exp = epoch;
                    else if (seconds < 253402300800d)
                    {
                        exp = e.TryGetInt64(out var whole) ? epoch.AddSeconds(whole) : epoch.AddTicks((long)(seconds * TimeSpan.TicksPerSecond));
                    }
                }
                return new JwtClaims(clientId, exp);
            }
            catch (Exception ex) when (ex is FormatException || ex is JsonException || ex is ArgumentException || ex is InvalidOperationException)
            {
                return None;
            }
        }

        private static byte[] Base64Url(string segment)
        {
            var s = segment.Replace('-', '+').Replace('_', '/');
            switch (s.Length % 4)
            {
                case 2: s += "=="; break;
                case 3: s += "="; break;
                case 1: throw new FormatException("Not base64url.");
            }
            return Convert.FromBase64String(s);
        }
    }
}
