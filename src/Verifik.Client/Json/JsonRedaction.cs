using System.Text;
using System.Text.Json;

namespace Verifik
{
    /// <summary>
    /// An answer's text for -Raw without its secrets: when a member <see cref="SecretFields"/> names is in it (at any
    /// depth), the JSON is written again with dropped members left out and tokens replaced by their masked hint
    /// ("****abcd"); otherwise it is the text exactly as it came.
    /// </summary>
    public static class JsonRedaction
    {
        /// <param name="redacted">Whether anything was left out or masked.</param>
        public static string Text(byte[] body, out bool redacted)
        {
            var text = Encoding.UTF8.GetString(JsonBody.WithoutBom(body).ToArray());
            redacted = false;
            JsonDocument doc;
            try
            {
                doc = JsonBody.Parse(body);
            }
            catch (JsonException)
            {
                return text; // not JSON: no member can hold a secret (it is shown as text)
            }
            using (doc)
            {
                if (!HoldsSecret(doc.RootElement)) return text;
                using var buffer = new System.IO.MemoryStream(body.Length);
                using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false, MaxDepth = JsonBody.MaxDepth + 1 }))
                {
                    Write(w, doc.RootElement);
                }
                redacted = true;
                return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
            }
        }

        private static bool HoldsSecret(JsonElement e)
        {
            if (e.ValueKind == JsonValueKind.Object)
            {
                foreach (var p in e.EnumerateObject())
                {
                    if (SecretFields.IsDropped(p.Name) || (SecretFields.IsToken(p.Name) && p.Value.ValueKind == JsonValueKind.String)) return true;
                    if (HoldsSecret(p.Value)) return true;
                }
            }
            else if (e.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in e.EnumerateArray())
                {
                    if (HoldsSecret(item)) return true;
                }
            }
            return false;
        }

        private static void Write(Utf8JsonWriter w, JsonElement e)
        {
            switch (e.ValueKind)
            {
                case JsonValueKind.Object:
                    w.WriteStartObject();
                    foreach (var p in e.EnumerateObject())
                    {
                        if (SecretFields.IsDropped(p.Name)) continue;
                        w.WritePropertyName(p.Name);
                        if (SecretFields.IsToken(p.Name) && p.Value.ValueKind == JsonValueKind.String) w.WriteStringValue(BearerToken.Mask(p.Value.GetString()!));
                        else Write(w, p.Value);
                    }
                    w.WriteEndObject();
                    break;
                case JsonValueKind.Array:
                    w.WriteStartArray();
                    foreach (var item in e.EnumerateArray()) Write(w, item);
                    w.WriteEndArray();
                    break;
                default:
                    e.WriteTo(w);
                    break;
            }
        }
    }
}
