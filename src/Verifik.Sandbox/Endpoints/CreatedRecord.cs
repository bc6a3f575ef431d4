using System.Buffers;
using System.Buffers.Binary;
using System.Text.Json;

namespace Verifik.Sandbox.Endpoints;

/// <summary>
/// The record a create answers with and stores: the flat shape of the retrieve page plus the newer create-only
/// fields. Scores, probabilities and warnings come from the image's SHA-256, so one image always scores the same.
/// </summary>
internal static class CreatedRecord
{
    private static readonly string[] Warnings =
    [
        "GLARE_ON_IMAGE", "IMAGE_TOO_BLURRY", "IMAGE_IS_TOO_COMPRESSED", "POOR_IMAGE_EXPOSURE",
        "DOCUMENT_TOO_CLOSE_TO_BORDER", "LOW_RESOLUTION",
    ];
    private static readonly string[] Errors = ["DOCUMENT_NOT_FOUND", "DOCUMENT_PHOTO_NOT_FOUND", "DOCUMENT_CROPPED"];

    // The API's own spelling: "sreen" in the score and calibration names of screen replay.
    private static readonly string[] ScoreNames = ["sreenReplayScore", "printedCopyScore", "portraitSubstitutionScore", "digitalManipulationScore"];
    private static readonly string[] ProbabilityNames = ["screenReplayProbability", "printedCopyProbability", "portraitSubstitutionProbability", "digitalManipulationProbability"];
    private static readonly string[] CalibrationNames = ["sreenReplayCalibration", "printedCopyCalibration", "portraitSubstitutionCalibration", "digitalManipulationCalibration"];
    private static readonly string[] ValidateNames = ["validateScreenReplay", "validatePrintedCopy", "validatePortraitSubstitution", "validateDigitalManipulation"];
    private static readonly string[] WarningNames = ["screenReplayWarnings", "printedCopyWarnings", "portraitSubstitutionWarnings", "digitalManipulationWarnings"];
    private static readonly string[] ErrorNames = ["screenReplayErrors", "printedCopyErrors", "portraitSubstitutionErrors", "digitalManipulationErrors"];

    /// <returns>The record as compact UTF-8 JSON.</returns>
    /// <param name="forcedWarning">A warning every checked check reports, instead of the one from the hash (hostile text).</param>
    public static byte[] Write(string id, string clientId, CreateRequest request, byte[] sha256, string? imageUrl, DateTimeOffset now,
        string? forcedWarning = null)
    {
        var h = BinaryPrimitives.ReadUInt64LittleEndian(sha256);
        bool[] validated = [request.ValidateScreenReplay, request.ValidatePrintedCopy, request.ValidatePortraitSubstitution, request.ValidateDigitalManipulation];
        string[] calibrations = [request.ScreenReplayCalibration, request.PrintedCopyCalibration, request.PortraitSubstitutionCalibration, "REGULAR"];

        // One shared warning most of the time (like the docs' example); now and then none, or an error on the first check.
        var warning = (h >> 20) % 5 == 0 ? null : Warnings[(int)((h >> 24) % (ulong)Warnings.Length)];
        var error = (h >> 32) % 8 == 0 ? Errors[(int)((h >> 40) % (ulong)Errors.Length)] : null;
        if (error == "DOCUMENT_CROPPED" && request.IgnoreDocumentCroppedValidation) error = null;
        warning = forcedWarning ?? warning;
        var firstChecked = Array.IndexOf(validated, true);

        var aggregated = 0.0;
        for (var c = 0; c < 4; c++) if (validated[c]) aggregated = Math.Max(aggregated, Probability(h, c));

        var buffer = new ArrayBufferWriter<byte>(2048);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("_id", id);
            w.WriteString("client", clientId);
            w.WriteBoolean("imageSaved", imageUrl is not null);
            if (imageUrl is null) w.WriteNull("imageUrl"); else w.WriteString("imageUrl", imageUrl);
            for (var c = 0; c < 4; c++) w.WriteBoolean(ValidateNames[c], validated[c]);
            for (var c = 0; c < 4; c++)
            {
                if (validated[c]) w.WriteNumber(ScoreNames[c], Round(HashMix.Unit(h, c) * 14 - 2)); // raw, unbounded
                else w.WriteNull(ScoreNames[c]);
            }
            for (var c = 0; c < 4; c++)
            {
                if (validated[c]) w.WriteNumber(ProbabilityNames[c], Probability(h, c));
                else w.WriteNull(ProbabilityNames[c]);
            }
            for (var c = 0; c < 4; c++) w.WriteString(CalibrationNames[c], calibrations[c]);
            w.WriteBoolean("ignoreDocumentCroppedValidation", request.IgnoreDocumentCroppedValidation);
            w.WriteBoolean("ignoreColourLessValidation", request.IgnoreColourLessValidation);
            for (var c = 0; c < 4; c++)
            {
                w.WriteStartArray(WarningNames[c]);
                if (validated[c] && warning is not null) w.WriteStringValue(warning);
                w.WriteEndArray();
            }
            for (var c = 0; c < 4; c++)
            {
                w.WriteStartArray(ErrorNames[c]);
                if (c == firstChecked && error is not null) w.WriteStringValue(error);
                w.WriteEndArray();
            }
            w.WriteNumber("aggregatedScore", Round(aggregated));
            w.WriteBoolean("isLive", error is null && aggregated < 0.5);
            w.WriteStartArray("aggregateWarnings");
            if (warning is not null) w.WriteStringValue(warning);
            w.WriteEndArray();
            w.WriteNumber("chargesCount", 1);
            var at = SampleRecords.IsoTime(now);
            w.WriteString("updatedAt", at);
            w.WriteString("createdAt", at);
            w.WriteNumber("__v", 0);
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static double Probability(ulong h, int check) => Round(HashMix.Unit(h, check + 4)); // 0..1

    private static double Round(double v) => Math.Round(v, 7);
}
