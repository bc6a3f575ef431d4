using System;

namespace Verifik.PowerShell.Report
{
    /// <summary>One of the four document-liveness checks, as the page reads it from a record.</summary>
    internal sealed class ReportCheck
    {
        private ReportCheck(string name, Func<DocumentLiveness, bool?> validated, Func<DocumentLiveness, double?> probability,
            Func<DocumentLiveness, double?> score, Func<DocumentLiveness, string?> calibration, Func<DocumentLiveness, bool?> passed,
            Func<DocumentLiveness, CodeList> warnings, Func<DocumentLiveness, CodeList> errors)
        {
            Name = name;
            Validated = validated;
            Probability = probability;
            Score = score;
            Calibration = calibration;
            Passed = passed;
            Warnings = warnings;
            Errors = errors;
        }

        /// <summary>"Screen replay", as a heading.</summary>
        public string Name { get; }

        public Func<DocumentLiveness, bool?> Validated { get; }
        public Func<DocumentLiveness, double?> Probability { get; }
        public Func<DocumentLiveness, double?> Score { get; }
        public Func<DocumentLiveness, string?> Calibration { get; }

        /// <summary>The API's own verdict, where it gave one (the nested shape's "passed").</summary>
        public Func<DocumentLiveness, bool?> Passed { get; }

        public Func<DocumentLiveness, CodeList> Warnings { get; }
        public Func<DocumentLiveness, CodeList> Errors { get; }

        /// <summary>Whether the check ran on the record: it says so, or it has a result.</summary>
        public bool Ran(DocumentLiveness record) => Validated(record) == true || Probability(record).HasValue || Score(record).HasValue;

        public static readonly ReportCheck[] All =
        {
            new ReportCheck("Screen replay", r => r.ScreenReplayValidated, r => r.ScreenReplayProbability, r => r.ScreenReplayScore,
                r => r.ScreenReplayCalibration, r => r.ScreenReplayPassed, r => r.ScreenReplayWarnings, r => r.ScreenReplayErrors),
            new ReportCheck("Printed copy", r => r.PrintedCopyValidated, r => r.PrintedCopyProbability, r => r.PrintedCopyScore,
                r => r.PrintedCopyCalibration, r => r.PrintedCopyPassed, r => r.PrintedCopyWarnings, r => r.PrintedCopyErrors),
            new ReportCheck("Portrait substitution", r => r.PortraitSubstitutionValidated, r => r.PortraitSubstitutionProbability,
                r => r.PortraitSubstitutionScore, r => r.PortraitSubstitutionCalibration, r => r.PortraitSubstitutionPassed,
                r => r.PortraitSubstitutionWarnings, r => r.PortraitSubstitutionErrors),
            new ReportCheck("Digital manipulation", r => r.DigitalManipulationValidated, r => r.DigitalManipulationProbability,
                r => r.DigitalManipulationScore, r => r.DigitalManipulationCalibration, r => r.DigitalManipulationPassed,
                r => r.DigitalManipulationWarnings, r => r.DigitalManipulationErrors),
        };
    }
}
