using System.Globalization;
using System.Text.Json;

namespace Verifik.Sandbox;

/// <summary>
/// Flat records generated from an index on demand, so a benchmark can page through 100,000+ records
/// that are never held in memory. Same index, same record, every time.
/// </summary>
public static class SyntheticRecords
{
    private static readonly DateTime Newest = new(2025, 8, 22, 19, 4, 25, 503, DateTimeKind.Utc);
    private static readonly string[] Calibrations = ["SOFT", "REGULAR", "HARD"];
    private static readonly string[] Warnings =
    [
        "GLARE_ON_IMAGE", "IMAGE_TOO_BLURRY", "IMAGE_IS_TOO_COMPRESSED", "POOR_IMAGE_EXPOSURE",
        "DOCUMENT_TOO_CLOSE_TO_BORDER", "LOW_RESOLUTION",
    ];
    private static readonly string[] Errors = ["DOCUMENT_NOT_FOUND", "DOCUMENT_PHOTO_NOT_FOUND", "DOCUMENT_CROPPED"];

    // Property names pre-encoded once: the "cached template" that keeps generation cheap.
    private static readonly JsonEncodedText[] ScoreNames = Names("sreenReplayScore", "printedCopyScore", "portraitSubstitutionScore", "digitalManipulationScore");
    private static readonly JsonEncodedText[] ProbabilityNames = Names("screenReplayProbability", "printedCopyProbability", "portraitSubstitutionProbability", "digitalManipulationProbability");
    private static readonly JsonEncodedText[] CalibrationNames = Names("sreenReplayCalibration", "printedCopyCalibration", "portraitSubstitutionCalibration", "digitalManipulationCalibration");
    private static readonly JsonEncodedText[] ValidateNames = Names("validateScreenReplay", "validatePrintedCopy", "validatePortraitSubstitution", "validateDigitalManipulation");
    private static readonly JsonEncodedText[] WarningNames = Names("screenReplayWarnings", "printedCopyWarnings", "portraitSubstitutionWarnings", "digitalManipulationWarnings");
    private static readonly JsonEncodedText[] ErrorNames = Names("screenReplayErrors", "printedCopyErrors", "portraitSubstitutionErrors", "digitalManipulationErrors");

    /// <summary>The id of synthetic record <paramref name="index"/>: dl-0000000, dl-0000001, …</summary>
    public static string Id(int index) => "dl-" + index.ToString("D7", CultureInfo.InvariantCulture);

    /// <summary>True when <paramref name="id"/> is the canonical id of an index below <paramref name="count"/>.</summary>
    internal static bool TryParseIndex(string id, int count, out int index)
    {
        index = -1;
        if (count <= 0 || id.Length < 10 || !id.StartsWith("dl-", StringComparison.Ordinal)) return false;
        var digits = id.AsSpan(3);
        foreach (var c in digits) if (c is < '0' or > '9') return false;
        if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var i) || i >= count) return false;
        // Reject non-canonical spellings (dl-00000001) so each record has exactly one id.
        if (digits.Length > 7 && digits[0] == '0') return false;
        index = i;
        return true;
    }

    /// <summary>Writes synthetic record <paramref name="index"/> as a flat-shape JSON object.</summary>
    /// <param name="imageUrl">A saved image to point at (imageSaved true); null = the usual cdn.verifik.co URL.</param>
    internal static void Write(Utf8JsonWriter w, int index, string? imageUrl = null)
    {
        var h = HashMix.Mix((ulong)index);
        var created = Newest.AddMinutes(-index);
        var calibration = Calibrations[(int)(h % 3)];

        w.WriteStartObject();
        w.WriteString("_id", Id(index));
        w.WriteString("client", "613375a1eab2fe08527f81e2");
        w.WriteBoolean("imageSaved", imageUrl is not null || (h & 8) != 0);
        w.WriteString("imageUrl", imageUrl ?? "https://cdn.verifik.co/document-liveness/document-liveness-" +
            new DateTimeOffset(created).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
        foreach (var n in ValidateNames) w.WriteBoolean(n, true);
        for (var c = 0; c < 4; c++) w.WriteNumber(ScoreNames[c], Round(Unit(h, c) * 14 - 2));      // raw, unbounded
        for (var c = 0; c < 4; c++) w.WriteNumber(ProbabilityNames[c], Round(Unit(h, c + 4)));       // 0..1
        foreach (var n in CalibrationNames) w.WriteString(n, calibration);
        w.WriteBoolean("ignoreDocumentCroppedValidation", false);
        w.WriteBoolean("ignoreColourLessValidation", false);

        // Most records get one shared warning (like the docs' example); a few get none or an error.
        var warning = (h >> 20) % 5 == 0 ? null : Warnings[(int)((h >> 24) % (ulong)Warnings.Length)];
        var error = (h >> 32) % 50 == 0 ? Errors[(int)((h >> 40) % (ulong)Errors.Length)] : null;
        for (var c = 0; c < 4; c++)
        {
            w.WriteStartArray(WarningNames[c]);
            if (warning is not null) w.WriteStringValue(warning);
            w.WriteEndArray();
        }
        for (var c = 0; c < 4; c++)
        {
            w.WriteStartArray(ErrorNames[c]);
            if (error is not null && c == 0) w.WriteStringValue(error);
            w.WriteEndArray();
        }
        w.WriteNumber("aggregatedScore", Round(Unit(h, 9)));
        w.WriteString("updatedAt", Iso(created.AddMilliseconds((double)((h >> 48) % 5000))));
        w.WriteString("createdAt", Iso(created));
        w.WriteNumber("__v", 0);
        w.WriteEndObject();
    }

    private static JsonEncodedText[] Names(params string[] names) => [.. names.Select(n => JsonEncodedText.Encode(n))];

    private static string Iso(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static double Round(double v) => Math.Round(v, 7);

    private static double Unit(ulong h, int slot) => HashMix.Unit(h, slot);
}
