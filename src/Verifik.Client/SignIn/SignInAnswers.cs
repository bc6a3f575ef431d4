using System;
using System.Collections.Generic;
using System.Text.Json;

namespace Verifik
{
    /// <summary>
    /// Reads the two sign-in answers. Only the fields named here are read: the phone answer's "otp" hash is never
    /// turned into a string, and nothing of a body is ever quoted in a message.
    /// </summary>
    internal static class SignInAnswers
    {
        public static OneTimeCodeSent CodeSent(ApiResponse response, string destination, string defaultChannel)
        {
            using var doc = Parse(response, destination);
            var root = doc.RootElement;
            var data = root.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.Object ? d : root;
            var fields = new FieldReader(data, new List<string>());
            var gateway = fields.String("phoneGateway");
            return new OneTimeCodeSent(destination, string.IsNullOrWhiteSpace(gateway) ? defaultChannel : gateway!.Trim(),
                fields.String("status"), fields.Date("expiresAt"));
        }

        /// <summary>data.accessToken, data.token, or a top-level accessToken (the docs are not consistent).</summary>
        public static BearerToken Token(ApiResponse response, string destination)
        {
            using var doc = Parse(response, destination);
            var root = doc.RootElement;
            var data = root.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.Object ? d : default;
            var token = Text(data, "accessToken") ?? Text(data, "token") ?? Text(root, "accessToken");
            if (string.IsNullOrWhiteSpace(token))
                throw FailureMapper.InvalidBody(response, destination, "it holds no access token (data.accessToken).");
            var trimmed = token!.Trim();
            if (trimmed.Length > BearerToken.MaxLength)
            {
                throw FailureMapper.InvalidBody(response, destination,
                    $"its access token is {trimmed.Length:N0} characters long, and a token has at most {BearerToken.MaxLength:N0}.");
            }
            try
            {
                return BearerToken.FromPlainText(trimmed);
            }
            catch (FormatException)
            {
                throw FailureMapper.InvalidBody(response, destination, "its access token holds characters no Authorization header can carry.");
            }
        }

        private static JsonDocument Parse(ApiResponse response, string destination)
        {
            try
            {
                var doc = JsonBody.Parse(response.Body); // a BOM skipped, as for every body
                if (doc.RootElement.ValueKind == JsonValueKind.Object) return doc;
                doc.Dispose();
            }
            catch (JsonException)
            {
            }
            throw FailureMapper.InvalidBody(response, destination, "it is not a JSON object.");
        }

        private static string? Text(JsonElement obj, string name) =>
            obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
    }
}
