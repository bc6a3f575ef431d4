using System;
using System.Text;

namespace Verifik
{
    /// <summary>
    /// One document-liveness record, flattened: the same properties whichever of the two documented
    /// response shapes (flat or nested) the API returned. Null wherever the API gave nothing.
    /// </summary>
    public sealed class DocumentLiveness
    {
        private static readonly byte[] EmptyObject = Encoding.UTF8.GetBytes("{}");

        // The API's text as UTF-8 bytes: half the memory of a string, and records are held by the thousand.
        private readonly byte[] _utf8Json;

        public DocumentLiveness() { _utf8Json = EmptyObject; }

        public DocumentLiveness(string json) { _utf8Json = json == null ? EmptyObject : Encoding.UTF8.GetBytes(json); }

        /// <summary>Takes ownership of <paramref name="utf8Json"/>, which must be valid UTF-8.</summary>
        internal DocumentLiveness(byte[] utf8Json) { _utf8Json = utf8Json ?? EmptyObject; }

        public string? Id { get; set; }
        public string? Client { get; set; }
        public string? AppRegistration { get; set; }
        public string? Status { get; set; }
        public bool? ImageSaved { get; set; }
        public string? ImageUrl { get; set; }
        public double? AggregatedScore { get; set; }
        public double? RiskScore { get; set; }
        public double? Confidence { get; set; }
        public bool? IgnoreDocumentCroppedValidation { get; set; }
        public bool? IgnoreColourLessValidation { get; set; }
        public DateTime? CreatedAt { get; set; }
        public DateTime? UpdatedAt { get; set; }
        public DateTime? CompletedAt { get; set; }

        /// <summary>The file New-VerifikDocumentLiveness submitted for this record; null on fetched records.</summary>
        public string? SourcePath { get; set; }

        // Sent by newer versions of the API in answer to a create.
        public bool? IsLive { get; set; }
        public CodeList AggregateWarnings { get; set; } = CodeList.Empty;
        public int? ChargesCount { get; set; }

        public bool? ScreenReplayValidated { get; set; }
        public double? ScreenReplayScore { get; set; }
        public double? ScreenReplayProbability { get; set; }
        public bool? ScreenReplayPassed { get; set; }
        public string? ScreenReplayCalibration { get; set; }
        public CodeList ScreenReplayWarnings { get; set; } = CodeList.Empty;
        public CodeList ScreenReplayErrors { get; set; } = CodeList.Empty;
        public string? ScreenReplayDetails { get; set; }

        public bool? PrintedCopyValidated { get; set; }
        public double? PrintedCopyScore { get; set; }
        public double? PrintedCopyProbability { get; set; }
        public bool? PrintedCopyPassed { get; set; }
        public string? PrintedCopyCalibration { get; set; }
        public CodeList PrintedCopyWarnings { get; set; } = CodeList.Empty;
        public CodeList PrintedCopyErrors { get; set; } = CodeList.Empty;
        public string? PrintedCopyDetails { get; set; }

        public bool? PortraitSubstitutionValidated { get; set; }
        public double? PortraitSubstitutionScore { get; set; }
        public double? PortraitSubstitutionProbability { get; set; }
        public bool? PortraitSubstitutionPassed { get; set; }
        public string? PortraitSubstitutionCalibration { get; set; }
        public CodeList PortraitSubstitutionWarnings { get; set; } = CodeList.Empty;
        public CodeList PortraitSubstitutionErrors { get; set; } = CodeList.Empty;
        public string? PortraitSubstitutionDetails { get; set; }

        public bool? DigitalManipulationValidated { get; set; }
        public double? DigitalManipulationScore { get; set; }
        public double? DigitalManipulationProbability { get; set; }
        public bool? DigitalManipulationPassed { get; set; }
        public string? DigitalManipulationCalibration { get; set; }
        public CodeList DigitalManipulationWarnings { get; set; } = CodeList.Empty;
        public CodeList DigitalManipulationErrors { get; set; } = CodeList.Empty;
        public string? DigitalManipulationDetails { get; set; }

        /// <summary>
        /// The record exactly as the API sent it (the object under "data"), for fields this type lacks.
        /// A method rather than a property so that Export-Csv and Select-Object * don't carry it.
        /// </summary>
        public string ToJson() => Encoding.UTF8.GetString(_utf8Json);

        public override string ToString() => Id ?? string.Empty;
    }
}
