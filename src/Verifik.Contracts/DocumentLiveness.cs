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
        // The API's JSON: a slice of the response body when the record is most of it (an answer for one record), so a
        // large record is not held twice; its own array otherwise.
        private readonly byte[] _utf8Json;
        private readonly int _jsonOffset;
        private readonly int _jsonLength;

        private RareFields? _rare;

        private RareFields Rare => _rare ??= new RareFields();

        // The optional numbers, flags and dates, stored compactly (see CompactValues.cs).
        private CompactBool _imageSaved;
        private CompactDouble _aggregatedScore;
        private CompactBool _ignoreDocumentCroppedValidation;
        private CompactBool _ignoreColourLessValidation;
        private CompactDate _createdAt;
        private CompactDate _updatedAt;
        private CompactBool _screenReplayValidated;
        private CompactDouble _screenReplayScore;
        private CompactDouble _screenReplayProbability;
        private CompactBool _printedCopyValidated;
        private CompactDouble _printedCopyScore;
        private CompactDouble _printedCopyProbability;
        private CompactBool _portraitSubstitutionValidated;
        private CompactDouble _portraitSubstitutionScore;
        private CompactDouble _portraitSubstitutionProbability;
        private CompactBool _digitalManipulationValidated;
        private CompactDouble _digitalManipulationScore;
        private CompactDouble _digitalManipulationProbability;

        public DocumentLiveness() : this(new ArraySegment<byte>(EmptyObject)) { }

        public DocumentLiveness(string json) : this(new ArraySegment<byte>(json == null ? EmptyObject : Encoding.UTF8.GetBytes(json))) { }

        /// <summary>Takes ownership of <paramref name="utf8Json"/>, which must be valid UTF-8.</summary>
        internal DocumentLiveness(byte[] utf8Json) : this(new ArraySegment<byte>(utf8Json ?? EmptyObject)) { }

        internal DocumentLiveness(ArraySegment<byte> utf8Json)
        {
            _utf8Json = utf8Json.Array ?? EmptyObject;
            _jsonOffset = utf8Json.Array == null ? 0 : utf8Json.Offset;
            _jsonLength = utf8Json.Array == null ? EmptyObject.Length : utf8Json.Count;
        }

        public string? Id { get; set; }
        public string? Client { get; set; }
        public string? AppRegistration { get => _rare?.AppRegistration; set { if (Needs(value)) Rare.AppRegistration = value; } }
        public string? Status { get => _rare?.Status; set { if (Needs(value)) Rare.Status = value; } }
        public bool? ImageSaved { get => _imageSaved; set => _imageSaved = value; }
        public string? ImageUrl { get; set; }
        public double? AggregatedScore { get => _aggregatedScore; set => _aggregatedScore = value; }
        public double? RiskScore { get => _rare?.RiskScore; set { if (Needs(value)) Rare.RiskScore = value; } }
        public double? Confidence { get => _rare?.Confidence; set { if (Needs(value)) Rare.Confidence = value; } }
        public bool? IgnoreDocumentCroppedValidation { get => _ignoreDocumentCroppedValidation; set => _ignoreDocumentCroppedValidation = value; }
        public bool? IgnoreColourLessValidation { get => _ignoreColourLessValidation; set => _ignoreColourLessValidation = value; }
        public DateTime? CreatedAt { get => _createdAt; set => _createdAt = value; }
        public DateTime? UpdatedAt { get => _updatedAt; set => _updatedAt = value; }
        public DateTime? CompletedAt { get => _rare?.CompletedAt; set { if (Needs(value)) Rare.CompletedAt = value; } }

        /// <summary>The file New-VerifikDocumentLiveness submitted for this record; null on fetched records.</summary>
        public string? SourcePath { get => _rare?.SourcePath; set { if (Needs(value)) Rare.SourcePath = value; } }

        // Sent by newer versions of the API in answer to a create.
        public bool? IsLive { get => _rare?.IsLive; set { if (Needs(value)) Rare.IsLive = value; } }
        public CodeList AggregateWarnings
        {
            get => _rare?.AggregateWarnings ?? CodeList.Empty;
            set { if ((value != null && value.Count > 0) || _rare != null) Rare.AggregateWarnings = value ?? CodeList.Empty; }
        }
        public int? ChargesCount { get => _rare?.ChargesCount; set { if (Needs(value)) Rare.ChargesCount = value; } }

        public bool? ScreenReplayValidated { get => _screenReplayValidated; set => _screenReplayValidated = value; }
        public double? ScreenReplayScore { get => _screenReplayScore; set => _screenReplayScore = value; }
        public double? ScreenReplayProbability { get => _screenReplayProbability; set => _screenReplayProbability = value; }
        public bool? ScreenReplayPassed { get => _rare?.ScreenReplayPassed; set { if (Needs(value)) Rare.ScreenReplayPassed = value; } }
        public string? ScreenReplayCalibration { get; set; }
        public CodeList ScreenReplayWarnings { get; set; } = CodeList.Empty;
        public CodeList ScreenReplayErrors { get; set; } = CodeList.Empty;
        public string? ScreenReplayDetails { get => _rare?.ScreenReplayDetails; set { if (Needs(value)) Rare.ScreenReplayDetails = value; } }

        public bool? PrintedCopyValidated { get => _printedCopyValidated; set => _printedCopyValidated = value; }
        public double? PrintedCopyScore { get => _printedCopyScore; set => _printedCopyScore = value; }
        public double? PrintedCopyProbability { get => _printedCopyProbability; set => _printedCopyProbability = value; }
        public bool? PrintedCopyPassed { get => _rare?.PrintedCopyPassed; set { if (Needs(value)) Rare.PrintedCopyPassed = value; } }
        public string? PrintedCopyCalibration { get; set; }
        public CodeList PrintedCopyWarnings { get; set; } = CodeList.Empty;
        public CodeList PrintedCopyErrors { get; set; } = CodeList.Empty;
        public string? PrintedCopyDetails { get => _rare?.PrintedCopyDetails; set { if (Needs(value)) Rare.PrintedCopyDetails = value; } }

        public bool? PortraitSubstitutionValidated { get => _portraitSubstitutionValidated; set => _portraitSubstitutionValidated = value; }
        public double? PortraitSubstitutionScore { get => _portraitSubstitutionScore; set => _portraitSubstitutionScore = value; }
        public double? PortraitSubstitutionProbability { get => _portraitSubstitutionProbability; set => _portraitSubstitutionProbability = value; }
        public bool? PortraitSubstitutionPassed { get => _rare?.PortraitSubstitutionPassed; set { if (Needs(value)) Rare.PortraitSubstitutionPassed = value; } }
        public string? PortraitSubstitutionCalibration { get; set; }
        public CodeList PortraitSubstitutionWarnings { get; set; } = CodeList.Empty;
        public CodeList PortraitSubstitutionErrors { get; set; } = CodeList.Empty;
        public string? PortraitSubstitutionDetails { get => _rare?.PortraitSubstitutionDetails; set { if (Needs(value)) Rare.PortraitSubstitutionDetails = value; } }

        public bool? DigitalManipulationValidated { get => _digitalManipulationValidated; set => _digitalManipulationValidated = value; }
        public double? DigitalManipulationScore { get => _digitalManipulationScore; set => _digitalManipulationScore = value; }
        public double? DigitalManipulationProbability { get => _digitalManipulationProbability; set => _digitalManipulationProbability = value; }
        public bool? DigitalManipulationPassed { get => _rare?.DigitalManipulationPassed; set { if (Needs(value)) Rare.DigitalManipulationPassed = value; } }
        public string? DigitalManipulationCalibration { get; set; }
        public CodeList DigitalManipulationWarnings { get; set; } = CodeList.Empty;
        public CodeList DigitalManipulationErrors { get; set; } = CodeList.Empty;
        public string? DigitalManipulationDetails { get => _rare?.DigitalManipulationDetails; set { if (Needs(value)) Rare.DigitalManipulationDetails = value; } }

        /// <summary>
        /// The record exactly as the API sent it (the object under "data"), for fields this type lacks.
        /// A method rather than a property so that Export-Csv and Select-Object * don't carry it.
        /// </summary>
        public string ToJson() => Encoding.UTF8.GetString(_utf8Json, _jsonOffset, _jsonLength);

        /// <summary>The size of the JSON the record keeps, most of what it holds.</summary>
        internal int JsonByteCount => _jsonLength;

        public override string ToString() => Id ?? string.Empty;

        private bool Needs(string? value) => value != null || _rare != null;

        private bool Needs<TValue>(TValue? value) where TValue : struct => value.HasValue || _rare != null;

        /// <summary>
        /// What only the older nested shape (status, risk, per-check passed/details…) or a create's answer carries. The
        /// live API's flat records, held by the thousand, never allocate it.
        /// </summary>
        private sealed class RareFields
        {
            public string? AppRegistration { get; set; }
            public string? Status { get; set; }
            public double? RiskScore { get; set; }
            public double? Confidence { get; set; }
            public DateTime? CompletedAt { get; set; }
            public string? SourcePath { get; set; }
            public bool? IsLive { get; set; }
            public int? ChargesCount { get; set; }
            public bool? ScreenReplayPassed { get; set; }
            public bool? PrintedCopyPassed { get; set; }
            public bool? PortraitSubstitutionPassed { get; set; }
            public bool? DigitalManipulationPassed { get; set; }
            public string? ScreenReplayDetails { get; set; }
            public string? PrintedCopyDetails { get; set; }
            public string? PortraitSubstitutionDetails { get; set; }
            public string? DigitalManipulationDetails { get; set; }
            public CodeList AggregateWarnings { get; set; } = CodeList.Empty;
        }
    }
}
