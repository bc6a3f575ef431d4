using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;

namespace Verifik
{
    /// <summary>
    /// Maps one record (the object under "data") to <see cref="DocumentLiveness"/>. Understands both
    /// documented shapes: the flat one the live API returns (with its typo "sreenReplay…") and the
    /// nested one (validationResults / calibrationSettings / validationFlags).
    /// </summary>
    public static class DocumentLivenessParser
    {
        private static readonly UTF8Encoding StrictUtf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);

        /// <summary>Parses a record; fields of the wrong type are left null and described in <paramref name="problems"/>.</summary>
        public static DocumentLiveness Parse(JsonElement record, List<string> problems) => Parse(record, problems, null);

        /// <param name="raw">The record's exact bytes in the body it came from (see <see cref="RecordSpans"/>), kept as they are.</param>
        internal static DocumentLiveness Parse(JsonElement record, List<string> problems, ArraySegment<byte>? raw)
        {
            if (record.ValueKind != JsonValueKind.Object)
            {
                throw new JsonException("The record is " + record.ValueKind.ToString().ToLowerInvariant() + ", not a JSON object.");
            }

            var f = new FieldReader(record, problems);
            var flags = f.Child("validationFlags");
            var results = f.Child("validationResults");
            var calibrations = f.Child("calibrationSettings");

            var r = new DocumentLiveness(raw is ArraySegment<byte> bytes ? Keep(bytes) : new ArraySegment<byte>(RawUtf8(record)))
            {
                Id = f.String("_id", "id"),
                Client = f.Shared("client"),
                AppRegistration = f.Shared("appRegistration"),
                Status = f.Shared("status"),
                ImageSaved = f.Bool("imageSaved"),
                ImageUrl = f.String("imageUrl"),
                AggregatedScore = f.Double("aggregatedScore"),
                RiskScore = f.Double("riskScore"),
                Confidence = f.Double("confidence"),
                IgnoreDocumentCroppedValidation = f.Bool("ignoreDocumentCroppedValidation") ?? flags?.Bool("ignoreDocumentCroppedValidation"),
                IgnoreColourLessValidation = f.Bool("ignoreColourLessValidation") ?? flags?.Bool("ignoreColourLessValidation"),
                CreatedAt = f.Date("createdAt"),
                UpdatedAt = f.Date("updatedAt"),
                CompletedAt = f.Date("completedAt"),
                IsLive = f.Bool("isLive"),
                AggregateWarnings = f.Codes("aggregateWarnings"),
                ChargesCount = f.Int("chargesCount"),
            };

            var screen = Check.Read(f, results, calibrations, "screenReplay", typo: "sreenReplay");
            r.ScreenReplayValidated = screen.Validated;
            r.ScreenReplayScore = screen.Score;
            r.ScreenReplayProbability = screen.Probability;
            r.ScreenReplayPassed = screen.Passed;
            r.ScreenReplayCalibration = screen.Calibration;
            r.ScreenReplayWarnings = screen.Warnings;
            r.ScreenReplayErrors = screen.Errors;
            r.ScreenReplayDetails = screen.Details;

            var printed = Check.Read(f, results, calibrations, "printedCopy");
            r.PrintedCopyValidated = printed.Validated;
            r.PrintedCopyScore = printed.Score;
            r.PrintedCopyProbability = printed.Probability;
            r.PrintedCopyPassed = printed.Passed;
            r.PrintedCopyCalibration = printed.Calibration;
            r.PrintedCopyWarnings = printed.Warnings;
            r.PrintedCopyErrors = printed.Errors;
            r.PrintedCopyDetails = printed.Details;

            var portrait = Check.Read(f, results, calibrations, "portraitSubstitution");
            r.PortraitSubstitutionValidated = portrait.Validated;
            r.PortraitSubstitutionScore = portrait.Score;
            r.PortraitSubstitutionProbability = portrait.Probability;
            r.PortraitSubstitutionPassed = portrait.Passed;
            r.PortraitSubstitutionCalibration = portrait.Calibration;
            r.PortraitSubstitutionWarnings = portrait.Warnings;
            r.PortraitSubstitutionErrors = portrait.Errors;
            r.PortraitSubstitutionDetails = portrait.Details;

            var digital = Check.Read(f, results, calibrations, "digitalManipulation");
            r.DigitalManipulationValidated = digital.Validated;
            r.DigitalManipulationScore = digital.Score;
            r.DigitalManipulationProbability = digital.Probability;
            r.DigitalManipulationPassed = digital.Passed;
            r.DigitalManipulationCalibration = digital.Calibration;
            r.DigitalManipulationWarnings = digital.Warnings;
            r.DigitalManipulationErrors = digital.Errors;
            r.DigitalManipulationDetails = digital.Details;

            return r;
        }

        /// <summary>
        /// The record's exact bytes, checked to be UTF-8: the body itself when the record is most of it (the answer for one
        /// record), so a large record is not held twice; a copy of just its bytes otherwise (an item of a list page must not
        /// keep the whole page alive).
        /// </summary>
        private static ArraySegment<byte> Keep(ArraySegment<byte> bytes)
        {
            try
            {
                StrictUtf8.GetCharCount(bytes.Array!, bytes.Offset, bytes.Count); // validates without decoding into a string
            }
            catch (DecoderFallbackException ex)
            {
                throw new JsonException("The record holds text that is not valid UTF-8.", ex);
            }
            if (bytes.Count >= bytes.Array!.Length / 2) return bytes;
            var copy = new byte[bytes.Count];
            Buffer.BlockCopy(bytes.Array, bytes.Offset, copy, 0, bytes.Count);
            return new ArraySegment<byte>(copy);
        }

        private static byte[] RawUtf8(JsonElement record)
        {
            try
            {
                return Encoding.UTF8.GetBytes(record.GetRawText());
            }
            catch (InvalidOperationException ex)
            {
                throw new JsonException("The record holds text that is not valid UTF-8.", ex);
            }
        }

        /// <summary>The eight values of one anti-spoofing check, from whichever shape carries them.</summary>
        private readonly struct Check
        {
            public bool? Validated { get; }
            public double? Score { get; }
            public double? Probability { get; }
            public bool? Passed { get; }
            public string? Calibration { get; }
            public CodeList Warnings { get; }
            public CodeList Errors { get; }
            public string? Details { get; }

            private Check(bool? validated, double? score, double? probability, bool? passed, string? calibration,
                CodeList warnings, CodeList errors, string? details)
            {
                Validated = validated; Score = score; Probability = probability; Passed = passed;
                Calibration = calibration; Warnings = warnings; Errors = errors; Details = details;
            }

            public static Check Read(FieldReader flat, FieldReader? results, FieldReader? calibrations, string name, string? typo = null)
            {
                var nested = results?.Child(name);
                var title = char.ToUpperInvariant(name[0]) + name.Substring(1);
                // The live API spells screenReplay's score and calibration "sreenReplay…"; accept both.
                string[] Names(string suffix) => typo == null ? new[] { name + suffix } : new[] { typo + suffix, name + suffix };

                var validated = flat.Bool("validate" + title);
                // The nested shape has no "validate…" flags: a check with results was evidently run.
                if (validated == null && nested != null) validated = true;

                var calibrationNames = Names("Calibration");
                return new Check(
                    validated,
                    flat.Double(Names("Score")) ?? nested?.Double("score"),
                    flat.Double(name + "Probability") ?? nested?.Double("probability"),
                    flat.Bool(name + "Passed") ?? nested?.Bool("passed"),
                    flat.Shared(calibrationNames) ?? calibrations?.Shared(calibrationNames),
                    Merge(flat.Codes(name + "Warnings"), nested?.Codes("warnings")),
                    Merge(flat.Codes(name + "Errors"), nested?.Codes("errors")),
                    flat.Shared(name + "Details") ?? nested?.Shared("details"));
            }

            private static CodeList Merge(CodeList first, CodeList? second) =>
                first.Count > 0 || second == null ? first : second;
        }
    }
}
