using System.Globalization;
using System.Text.Json.Nodes;

namespace Verifik.Sandbox;

/// <summary>The documented example records, verbatim, and the handful of samples the program seeds by default.</summary>
public static class SampleRecords
{
    /// <summary>The "data" of the newer docs' 200 example (flat shape, what the live API returns; typos kept).</summary>
    public const string FlatExampleJson = """
        {
            "_id": "68a8bf34d8207d5f3357b643",
            "client": "613375a1eab2fe08527f81e2",
            "imageSaved": true,
            "imageUrl": "https://cdn.verifik.co/document-liveness/document-liveness-1755889460500",
            "validateScreenReplay": true,
            "validatePrintedCopy": true,
            "validatePortraitSubstitution": true,
            "validateDigitalManipulation": true,
            "sreenReplayScore": 0.4201007,
            "printedCopyScore": 2.7406464,
            "portraitSubstitutionScore": 10.7250834,
            "digitalManipulationScore": -0.124236,
            "screenReplayProbability": 0.0019733,
            "printedCopyProbability": 0.000001,
            "portraitSubstitutionProbability": 0.948844,
            "digitalManipulationProbability": 0.3582724,
            "sreenReplayCalibration": "REGULAR",
            "printedCopyCalibration": "REGULAR",
            "portraitSubstitutionCalibration": "REGULAR",
            "digitalManipulationCalibration": "REGULAR",
            "ignoreDocumentCroppedValidation": false,
            "ignoreColourLessValidation": false,
            "screenReplayWarnings": [
                "GLARE_ON_IMAGE"
            ],
            "printedCopyWarnings": [
                "GLARE_ON_IMAGE"
            ],
            "portraitSubstitutionWarnings": [
                "GLARE_ON_IMAGE"
            ],
            "digitalManipulationWarnings": [
                "GLARE_ON_IMAGE"
            ],
            "screenReplayErrors": [],
            "printedCopyErrors": [],
            "portraitSubstitutionErrors": [],
            "digitalManipulationErrors": [],
            "aggregatedScore": 0.000001,
            "updatedAt": "2025-08-22T19:04:25.503Z",
            "createdAt": "2025-08-22T19:04:25.503Z",
            "__v": 0
        }
        """;

    /// <summary>The "data" of the older docs' 200 example (nested shape).</summary>
    public const string NestedExampleJson = """
        {
        "_id": "document_liveness_123456789",
        "client": "client_123456789",
        "appRegistration": "app_registration_123456789",
        "imageSaved": true,
        "imageUrl": "https://cdn.verifik.co/images/document_123456789.jpg",
        "status": "completed",
        "validationResults": {
        "screenReplay": {
        "passed": true,
        "score": 0.95,
        "details": "No screen replay detected"
        },
        "printedCopy": {
        "passed": true,
        "score": 0.90,
        "details": "No printed copy detected"
        },
        "portraitSubstitution": {
        "passed": true,
        "score": 0.88,
        "details": "No portrait substitution detected"
        },
        "digitalManipulation": {
        "passed": true,
        "score": 0.92,
        "details": "No digital manipulation detected"
        }
        },
        "calibrationSettings": {
        "screenReplayCalibration": "REGULAR",
        "printedCopyCalibration": "REGULAR",
        "portraitSubstitutionCalibration": "REGULAR"
        },
        "validationFlags": {
        "ignoreDocumentCroppedValidation": false,
        "ignoreColourLessValidation": false
        },
        "riskScore": 0.05,
        "confidence": 0.91,
        "createdAt": "2024-01-15T10:30:00Z",
        "updatedAt": "2024-01-15T10:32:00Z",
        "completedAt": "2024-01-15T10:32:00Z"
        }
        """;

    public const string FlatExampleId = "68a8bf34d8207d5f3357b643";
    public const string NestedExampleId = "document_liveness_123456789";

    internal static readonly string[] FlatChecks = ["screenReplay", "printedCopy", "portraitSubstitution", "digitalManipulation"];

    internal static JsonObject FlatExample() => JsonNode.Parse(FlatExampleJson)!.AsObject();

    internal static JsonObject NestedExample() => JsonNode.Parse(NestedExampleJson)!.AsObject();

    /// <summary>ISO 8601 UTC with milliseconds, as the API writes dates.</summary>
    internal static string IsoTime(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// The two documented examples plus variants with other warnings, calibrations and statuses: what the program serves
    /// unless told otherwise. Each keeps its image on the sandbox's own image listener (the sample JPEG under its id), so
    /// saving it works offline, and each flat one has a status (not in the documented flat shape) so that -Status finds it.
    /// </summary>
    public static void Seed(SandboxServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        var store = server.Records;
        var day = new DateTimeOffset(2025, 8, 21, 15, 0, 0, TimeSpan.Zero);
        store.Add(FlatExampleId, FlatExampleJson);
        store.Add(NestedExampleId, NestedExampleJson);
        store.AddFlat("68a8bf34d8207d5f3357b644", calibration: "SOFT", warnings: [], aggregatedScore: 0.0123, createdAt: day);
        store.AddFlat("68a8bf34d8207d5f3357b645", calibration: "HARD",
            warnings: ["IMAGE_TOO_BLURRY", "POOR_IMAGE_EXPOSURE"], aggregatedScore: 0.87, createdAt: day.AddHours(-3));
        store.AddFlat("68a8bf34d8207d5f3357b646",
            warnings: ["DOCUMENT_TOO_CLOSE_TO_BORDER"], errors: ["DOCUMENT_CROPPED"], aggregatedScore: 0.5, createdAt: day.AddDays(-1));
        store.AddNested("document_liveness_223456789", status: "processing", createdAt: day.AddDays(-2));
        store.AddNested("document_liveness_323456789", status: "failed", passed: false, calibration: "HARD",
            riskScore: 0.82, createdAt: day.AddDays(-3));

        var statuses = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [FlatExampleId] = "completed",
            ["68a8bf34d8207d5f3357b644"] = "completed",
            ["68a8bf34d8207d5f3357b645"] = "completed",
            ["68a8bf34d8207d5f3357b646"] = "failed",
        };
        foreach (var id in Ids)
        {
            var node = JsonNode.Parse(store.Find(id)!.Json)!.AsObject();
            if (statuses.TryGetValue(id, out var status)) node["status"] = status;
            node["imageUrl"] = server.ImageUrl(id).AbsoluteUri;
            store.Add(id, node.ToJsonString());
            server.Images.Add(id, SampleImages.Jpeg(), "image/jpeg");
        }
    }

    /// <summary>The ids <see cref="Seed"/> serves, in list order.</summary>
    public static readonly IReadOnlyList<string> Ids =
    [
        FlatExampleId, NestedExampleId, "68a8bf34d8207d5f3357b644", "68a8bf34d8207d5f3357b645", "68a8bf34d8207d5f3357b646",
        "document_liveness_223456789", "document_liveness_323456789",
    ];
}
