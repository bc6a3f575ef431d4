using System.Text.Json;

namespace Verifik.Sandbox.Endpoints;

/// <summary>
/// The JSON body of a create. The image is kept as the raw (still JSON-escaped) bytes of its string inside the
/// body, so the base64 is decoded once, in chunks, and never copied whole.
/// </summary>
internal sealed class CreateRequest
{
    private static readonly string[] CalibrationValues = ["SOFT", "REGULAR", "HARD"];

    /// <summary>The image string's bytes between the quotes; empty when missing, null or "".</summary>
    public ReadOnlyMemory<byte> Image { get; private set; }

    public bool ImageEscaped { get; private set; }

    /// <summary>"image" was there but not a string (a number, an object, …).</summary>
    public bool ImageNotText { get; private set; }

    public bool SaveImage { get; private set; }
    public bool ValidateScreenReplay { get; private set; }
    public bool ValidatePrintedCopy { get; private set; }
    public bool ValidatePortraitSubstitution { get; private set; }
    public bool ValidateDigitalManipulation { get; private set; }
    public string ScreenReplayCalibration { get; private set; } = "REGULAR";
    public string PrintedCopyCalibration { get; private set; } = "REGULAR";
    public string PortraitSubstitutionCalibration { get; private set; } = "REGULAR";
    public bool IgnoreDocumentCroppedValidation { get; private set; }
    public bool IgnoreColourLessValidation { get; private set; }

    /// <summary>A calibration was given that is not SOFT, REGULAR or HARD.</summary>
    public bool BadCalibration { get; private set; }

    /// <summary>Every member but "image", as its raw JSON text (<c>true</c>, <c>"HARD"</c>), so tests see what a client sent and what it left out.</summary>
    public Dictionary<string, string> Members { get; } = new(StringComparer.Ordinal);

    public bool AnyValidation => ValidateScreenReplay || ValidatePrintedCopy || ValidatePortraitSubstitution || ValidateDigitalManipulation;

    /// <returns>null when the body is not one JSON object.</returns>
    public static CreateRequest? Parse(ReadOnlyMemory<byte> body)
    {
        try
        {
            return ParseObject(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static CreateRequest? ParseObject(ReadOnlyMemory<byte> body)
    {
        var reader = new Utf8JsonReader(body.Span);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;

        var r = new CreateRequest();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString();
            reader.Read();
            var start = reader.TokenStartIndex;
            switch (name)
            {
                case "image":
                    r.Image = default;
                    r.ImageEscaped = r.ImageNotText = false;
                    if (reader.TokenType == JsonTokenType.String)
                    {
                        // Single-segment reader: the raw value starts just after the opening quote.
                        r.Image = body.Slice((int)reader.TokenStartIndex + 1, reader.ValueSpan.Length);
                        r.ImageEscaped = reader.ValueIsEscaped;
                    }
                    else if (reader.TokenType != JsonTokenType.Null)
                    {
                        r.ImageNotText = true;
                    }
                    break;
                // Only a JSON true selects: "true" as a string is a client bug worth surfacing as "nothing selected".
                case "saveImage": r.SaveImage = IsTrue(reader); break;
                case "validateScreenReplay": r.ValidateScreenReplay = IsTrue(reader); break;
                case "validatePrintedCopy": r.ValidatePrintedCopy = IsTrue(reader); break;
                case "validatePortraitSubstitution": r.ValidatePortraitSubstitution = IsTrue(reader); break;
                case "validateDigitalManipulation": r.ValidateDigitalManipulation = IsTrue(reader); break;
                case "ignoreDocumentCroppedValidation": r.IgnoreDocumentCroppedValidation = IsTrue(reader); break;
                case "ignoreColourLessValidation": r.IgnoreColourLessValidation = IsTrue(reader); break;
                case "screenReplayCalibration": r.ScreenReplayCalibration = r.Calibration(ref reader); break;
                case "printedCopyCalibration": r.PrintedCopyCalibration = r.Calibration(ref reader); break;
                case "portraitSubstitutionCalibration": r.PortraitSubstitutionCalibration = r.Calibration(ref reader); break;
            }
            reader.Skip(); // nested values of unknown members; a no-op for primitives
            if (name != "image" && name is not null)
                r.Members[name] = System.Text.Encoding.UTF8.GetString(body.Span.Slice((int)start, (int)(reader.BytesConsumed - start)));
        }
        if (reader.TokenType != JsonTokenType.EndObject) return null;
        // Anything after the object ("{} {}", "{}x") makes the reader throw: not one JSON object.
        if (reader.Read()) return null;
        return r;
    }

    private static bool IsTrue(Utf8JsonReader reader) => reader.TokenType == JsonTokenType.True;

    private string Calibration(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null) return "REGULAR";
        if (reader.TokenType == JsonTokenType.String && reader.GetString() is { } value && Array.IndexOf(CalibrationValues, value) >= 0)
            return value;
        BadCalibration = true;
        return "REGULAR";
    }
}
