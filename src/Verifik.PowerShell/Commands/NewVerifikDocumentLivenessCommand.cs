using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using Verifik.PowerShell.Bulk;
using Verifik.PowerShell.Files;
using Verifik.PowerShell.Submission;

namespace Verifik.PowerShell.Commands
{
    /// <summary>
    /// New-VerifikDocumentLiveness: submits image files (POST /v2/document-liveness) concurrently and writes the record
    /// the API creates for each, in input order. Every create is charged, so it supports -WhatIf/-Confirm and is never
    /// sent twice when it may already have been processed.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "VerifikDocumentLiveness", DefaultParameterSetName = PathSet, SupportsShouldProcess = true,
        ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(DocumentLiveness))]
    public sealed class NewVerifikDocumentLivenessCommand : VerifikConnectedCmdlet, IDisposable
    {
        private const string PathSet = "Path";
        private const string LiteralPathSet = "LiteralPath";
        private const string Activity = "New-VerifikDocumentLiveness";
        internal const string ShouldProcessAction = "Submit for document-liveness validation (charged to the account)";

        /// <summary>The type name a created record carries first, so its default table (a view of its own) shows SourcePath.</summary>
        internal const string SubmissionTypeName = "Verifik.DocumentLiveness#Submission";

        private const string ScreenReplay = "ScreenReplay";
        private const string PrintedCopy = "PrintedCopy";
        private const string PortraitSubstitution = "PortraitSubstitution";
        private const string DigitalManipulation = "DigitalManipulation";
        private static readonly string[] AllChecks = { ScreenReplay, PrintedCopy, PortraitSubstitution, DigitalManipulation };

        private readonly RepeatedFiles _given = new RepeatedFiles();
        private readonly UnreportedCreates _unreported = new UnreportedCreates();
        private BulkRunner<FetchedRecord>? _runner;
        private BulkRunner<PreviewedFile>? _preview;   // -WhatIf: the files are checked as the run would, nothing is sent
        private WhatIfSummary? _whatIf;
        private List<DocumentLivenessSubmission>? _stoppedWith;
        private string _checksText = string.Empty;

        /// <summary>Files to submit; wildcards are expanded. Binds from strings and from objects with a Path property.</summary>
        [Parameter(ParameterSetName = PathSet, Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        public string[] Path { get; set; } = null!;

        /// <summary>Files to submit, taken as typed (no wildcards). Binds from Get-ChildItem output (PSPath) and FullName columns.</summary>
        [Parameter(ParameterSetName = LiteralPathSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "FullName")]
        public string[] LiteralPath { get; set; } = null!;

        /// <summary>The validations to run; all four by default.</summary>
        [Parameter]
        [ValidateSet(ScreenReplay, PrintedCopy, PortraitSubstitution, DigitalManipulation)]
        [AllowEmptyCollection]
        public string[] Check { get; set; } = AllChecks;

        [Parameter]
        [ValidateSet("SOFT", "REGULAR", "HARD")]
        public string? ScreenReplayCalibration { get; set; }

        [Parameter]
        [ValidateSet("SOFT", "REGULAR", "HARD")]
        public string? PrintedCopyCalibration { get; set; }

        [Parameter]
        [ValidateSet("SOFT", "REGULAR", "HARD")]
        public string? PortraitSubstitutionCalibration { get; set; }

        /// <summary>Asks the API to keep the image (the record then has ImageUrl).</summary>
        [Parameter]
        public SwitchParameter SaveImage { get; set; }

        [Parameter]
        public SwitchParameter IgnoreDocumentCropped { get; set; }

        [Parameter]
        [Alias("IgnoreColorLess")]
        public SwitchParameter IgnoreColourLess { get; set; }

        /// <summary>Submits a file again when the command names it more than once (each create is charged).</summary>
        [Parameter]
        public SwitchParameter AllowDuplicate { get; set; }

        /// <summary>Most creates in flight at once (they carry whole images, so fewer than Get's reads).</summary>
        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = 4;

        protected override void BeginProcessing()
        {
            // An argument error, before any connection is looked at or any file read.
            if (Check == null || Check.Length == 0)
            {
                ThrowTerminatingError(VerifikErrors.Argument(
                    "-Check is empty: select at least one of ScreenReplay, PrintedCopy, PortraitSubstitution, DigitalManipulation, " +
                    "or leave -Check out to run all four. Nothing was submitted.", "VerifikNoCheckSelected", Check));
            }
            base.BeginProcessing();
            _checksText = string.Join(", ", AllChecks.Where(Checked));
            if (IsWhatIf())
            {
                _whatIf = new WhatIfSummary();
                _preview = new BulkRunner<PreviewedFile>(this, Activity, ThrottleLimit, EmitPreview);
                _preview.Progress.Logs = false; // nothing is done: no summary for a job log
                WriteVerbose("-WhatIf: each file is checked as a run would check it; nothing is sent.");
                return;
            }
            _runner = new BulkRunner<FetchedRecord>(this, Activity, ThrottleLimit, Emit, fetched => fetched.HeldBytes);
            WriteVerbose($"Submitting files to {Client.BaseUri}{RecordPath.DocumentLiveness}, up to {ThrottleLimit} at a time.");
        }

        protected override void ProcessRecord()
        {
            var literal = ParameterSetName == LiteralPathSet;
            var files = new List<(string Input, FileSystemPaths.Resolved Resolved)>();
            foreach (var input in literal ? LiteralPath : Path)
            {
                foreach (var resolved in FileSystemPaths.Resolve(SessionState.Path, input, literal)) files.Add((input, resolved));
            }
            // Paths given as an argument, not piped, are all resolved now: the bar can show "N of M" and the time left.
            var progress = _runner?.Progress ?? _preview!.Progress;
            if (!MyInvocation.ExpectingInput) progress.Total = files.Count;
            foreach (var (input, resolved) in files)
            {
                // A path that names nothing keeps its place in the output order.
                if (resolved.Path == null)
                {
                    Refuse(SubmissionErrors.Unresolved(input, resolved));
                    continue;
                }
                var path = resolved.Path;
                if (!AllowDuplicate && _given.Earlier(path) is string earlier)
                {
                    WriteWarning(Repeat(path, earlier));
                    if (_whatIf != null) _whatIf.Repeats++;
                    if (progress.Total > 0) progress.Total--; // not submitted again
                }
                else if (_preview != null) Preview(path);
                else if (ShouldProcess(path, ShouldProcessAction)) Enqueue(path);
                else if (progress.Total > 0) progress.Total--; // declined at -Confirm
            }
        }

        protected override void EndProcessing()
        {
            _runner?.Complete();
            if (_preview == null) return;
            _preview.Complete();
            CreditsLeft.Show(this, Client, Settings); // just before the total of what would be charged
            foreach (var line in _whatIf!.Lines(SaveImage)) ShouldProcess(line, line, Activity); // shown as "What if: …"
        }

        protected override void StopProcessing()
        {
            // Taken before the creates in flight are cancelled: those are the ones that may have been charged.
            if (_runner != null) _stoppedWith ??= _unreported.MayHaveBeenCharged();
            _runner?.Stop();
            _preview?.Stop();
        }

        public void Dispose()
        {
            _runner?.Dispose();
            _preview?.Dispose();
            if (_stoppedWith != null) TellStopped(_stoppedWith);
        }

        /// <summary>-WhatIf given, or $WhatIfPreference set: ShouldProcess would only say what it would do.</summary>
        private bool IsWhatIf() =>
            MyInvocation.BoundParameters.TryGetValue("WhatIf", out var given)
                ? ((SwitchParameter)given).IsPresent
                : LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference"));

        private void Refuse(ErrorRecord error)
        {
            if (_preview == null)
            {
                _runner!.Add(BulkOutcome<FetchedRecord>.Failure(error));
                return;
            }
            _whatIf!.Refuses();
            _preview.Add(BulkOutcome<PreviewedFile>.Failure(error));
        }

        private static string Repeat(string path, string earlier) =>
            path == earlier
                ? $"'{Printable.Escape(path)}' was given more than once in this command; it is submitted once (each create is charged). " +
                  "To submit it again, add -AllowDuplicate."
                : $"'{Printable.Escape(path)}' is the same file as '{Printable.Escape(earlier)}', given earlier in this command; it is submitted " +
                  "once (each create is charged). To submit it again, add -AllowDuplicate.";

        /// <summary>-WhatIf: the run's own check, on a worker; what passes is listed (in input order), what fails gets the run's error.</summary>
        private void Preview(string path)
        {
            var timeout = Settings.Timeout;
            var summary = _whatIf!;
            _preview!.Add(path, async ct =>
            {
                var file = await ImageFileCheck.InspectAsync(path, timeout, ct).ConfigureAwait(false);
                if (file.Error == null) return BulkOutcome<PreviewedFile>.Success(new PreviewedFile(path, file.Length));
                summary.Refuses();
                return BulkOutcome<PreviewedFile>.Failure(file.Error);
            });
        }

        private void EmitPreview(PreviewedFile file)
        {
            _whatIf!.Submits(file.Length);
            ShouldProcess(file.Path, ShouldProcessAction); // "What if: Performing the operation … on target …"
        }

        /// <summary>
        /// After Ctrl+C (or Stop()), on the pipeline thread: the streams are closed by then, so the host is told directly,
        /// as a warning, which creates may have been charged without their record being written, and how to find them.
        /// </summary>
        private void TellStopped(List<DocumentLivenessSubmission> unseen)
        {
            var preference = GetVariableValue("WarningPreference");
            if (preference is ActionPreference quiet && (quiet == ActionPreference.SilentlyContinue || quiet == ActionPreference.Ignore)) return;
            Host?.UI?.WriteWarningLine(StopNotice.Text(unseen));
        }

        private void Enqueue(string path)
        {
            var client = Client;
            var settings = Settings;
            var onRetry = OnRetry;
            var unreported = _unreported;
            _runner!.Add(path, async ct =>
            {
                // The file checks do I/O: off the pipeline thread, and within the request's time, so a stalled share
                // never holds up the pipeline nor the run.
                var file = await ImageFileCheck.InspectAsync(path, settings.Timeout, ct).ConfigureAwait(false);
                if (file.Error != null) return BulkOutcome<FetchedRecord>.Failure(file.Error);

                var submission = NewSubmission(path, file.Length);
                QueueVerbose(Describe(submission, file.Format));
                unreported.Started(submission); // a Ctrl+C from here on may leave it charged and unseen
                try
                {
                    var created = await client.CreateDocumentLivenessAsync(submission, settings, onRetry, ct).ConfigureAwait(false);
                    unreported.Created(submission, created);
                    return BulkOutcome<FetchedRecord>.Success(created);
                }
                catch (VerifikApiException ex)
                {
                    unreported.Failed(submission);
                    // A refused token fails every later file the same way: the run stops after the earlier ones.
                    return BulkOutcome<FetchedRecord>.Failure(SubmissionErrors.FromCreate(ex, path), fatal: BulkOutcome.StopsRun(ex));
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                {
                    unreported.Failed(submission);
                    // The file changed or vanished after its check: the upload broke off on this side, nothing was processed.
                    return BulkOutcome<FetchedRecord>.Failure(SubmissionErrors.Unreadable(path, ex));
                }
            });
        }

        private DocumentLivenessSubmission NewSubmission(string path, long length) => new DocumentLivenessSubmission(path, length)
        {
            ValidateScreenReplay = Checked(ScreenReplay),
            ValidatePrintedCopy = Checked(PrintedCopy),
            ValidatePortraitSubstitution = Checked(PortraitSubstitution),
            ValidateDigitalManipulation = Checked(DigitalManipulation),
            // ValidateSet ignores case; the API wants the values upper-case.
            ScreenReplayCalibration = ScreenReplayCalibration?.ToUpperInvariant(),
            PrintedCopyCalibration = PrintedCopyCalibration?.ToUpperInvariant(),
            PortraitSubstitutionCalibration = PortraitSubstitutionCalibration?.ToUpperInvariant(),
            SaveImage = SaveImage,
            IgnoreDocumentCroppedValidation = IgnoreDocumentCropped,
            IgnoreColourLessValidation = IgnoreColourLess,
        };

        private bool Checked(string check) => Check.Contains(check, StringComparer.OrdinalIgnoreCase);

        /// <summary>What is sent, for -Verbose: never the image's bytes, never the token.</summary>
        private string Describe(DocumentLivenessSubmission s, ImageFormat format)
        {
            var parts = new List<string> { "checks " + _checksText };
            if (s.ScreenReplayCalibration != null) parts.Add("ScreenReplay calibration " + s.ScreenReplayCalibration);
            if (s.PrintedCopyCalibration != null) parts.Add("PrintedCopy calibration " + s.PrintedCopyCalibration);
            if (s.PortraitSubstitutionCalibration != null) parts.Add("PortraitSubstitution calibration " + s.PortraitSubstitutionCalibration);
            if (s.SaveImage) parts.Add("save image");
            if (s.IgnoreDocumentCroppedValidation) parts.Add("ignore document cropped");
            if (s.IgnoreColourLessValidation) parts.Add("ignore colour-less");
            return $"Submitting '{s.Path}' ({FileSize.Format(s.Length)}, {FormatName(format)}): {string.Join("; ", parts)}.";
        }

        private static string FormatName(ImageFormat format) => format == ImageFormat.WebP ? "WebP" : format.ToString().ToUpperInvariant();

        private void Emit(FetchedRecord fetched)
        {
            _unreported.Written(fetched);
            var record = fetched.Record;
            foreach (var problem in fetched.Problems) WriteWarning($"Record '{Printable.Escape(record.Id)}' ('{record.SourcePath}'): {problem}");
            WriteVerbose($"Created '{Printable.Escape(record.Id)}' from '{record.SourcePath}'.");
            // Still a Verifik.DocumentLiveness (-is, OutputType, Export-Csv); only the view it is shown with differs.
            var shown = PSObject.AsPSObject(record);
            shown.TypeNames.Insert(0, SubmissionTypeName);
            WriteObject(shown);
        }
    }
}
