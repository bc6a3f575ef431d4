using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Verifik
{
    /// <summary>
    /// Reads the API's error body, whichever documented form it took:
    /// <c>{"message","code"}</c>, <c>{"error","message"}</c> (where "message" holds the code),
    /// <c>{"error"}</c> or <c>{"success":false,"error","code"}</c>.
    /// </summary>
    public static class ApiErrorReader
    {
        private static readonly Regex CodeLike = new Regex("^[A-Za-z]*[A-Z_][A-Za-z0-9_]*$|^[A-Z0-9_]+$", RegexOptions.CultureInvariant);

        /// <summary>Null when the body is not a JSON object with any of the known fields.</summary>
        public static ApiError? TryParse(byte[] body)
        {
            if (body == null || body.Length == 0) return null;
            try
            {
                using var doc = JsonBody.Parse(body);
                var root = doc.RootElement;
                if (root.ValueKind != JsonValueKind.Object) return null;
                string? Text(string name) =>
                    root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

                var code = Text("code");
                var texts = new List<string>();
                foreach (var name in new[] { "error", "message" })
                {
                    var value = Text(name);
                    if (string.IsNullOrWhiteSpace(value)) continue;
                    // {"error":"Document liveness not found","message":"DOCUMENT_LIVENESS_NOT_FOUND"}: the
                    // SHOUTING value is the code, the sentence is the message.
                    if (code == null && IsCode(value!)) code = value;
                    else texts.Add(value!);
                }
                if (code == null && texts.Count == 0) return null;
                return new ApiError(code, texts.Count == 0 ? null : string.Join(" ", texts.Distinct()));
            }
            catch (Exception ex) when (ex is JsonException || ex is InvalidOperationException)
            {
                return null; // not JSON, or strings that are not valid UTF-8
            }
        }

        private static bool IsCode(string value) => value.IndexOf(' ') < 0 && CodeLike.IsMatch(value) && value.ToUpperInvariant() == value;
    }
}
