using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.IO;
using System.Management.Automation;
using System.Text;
using Verifik.PowerShell.Bulk;
using Verifik.PowerShell.Files;
using Verifik.PowerShell.Report;

namespace Verifik.PowerShell.Commands
{
    /// <summary>
    /// Export-VerifikDocumentLivenessReport: one self-contained HTML page that shows each piped record beside its stored
    /// image, with a summary on top; the images go to &lt;page&gt;_files/ beside it, saved by the same per-record work as
    /// Save-VerifikDocumentLivenessImage (<see cref="RecordImages"/>) through the shared <see cref="BulkRunner{T}"/>.
    /// Records are held until the end (the summary comes first and flagged records lead); the page is streamed.
    /// </summary>
    [Cmdlet(VerbsData.Export, "VerifikDocumentLivenessReport", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(FileInfo))]
    public sealed class ExportVerifikDocumentLivenessReportCommand : VerifikConnectedCmdlet, IDisposable
    {
        private const string Activity = "Export-VerifikDocumentLivenessReport";
        private const long Megabyte = 1024 * 1024;

        private readonly List<ReportEntry> _entries = new List<ReportEntry>();
        private BulkRunner<ReportImage>? _runner;
        private RecordImages? _images;
        private string _page = null!;
        private string _folderName = null!;
        private int _ruleFailures;
        private long _position;

        /// <summary>The HTML file to write; relative paths are relative to the PowerShell location. Its images go beside it, in &lt;name&gt;_files.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = null!;

        /// <summary>The records (from Get-, New-VerifikDocumentLiveness or a listing); usually piped.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true)]
        [AllowNull]
        public PSObject? InputObject { get; set; }

        /// <summary>The rule that flags a record, as Where-Object takes it: { $_.PortraitSubstitutionProbability -gt 0.8 }.</summary>
        [Parameter]
        public ScriptBlock? FlagWhere { get; set; }

        /// <summary>Writes the page alone: no images are downloaded and no folder is made.</summary>
        [Parameter]
        public SwitchParameter NoImage { get; set; }

        /// <summary>Opens the page in the default browser once it is written (when there is a desktop).</summary>
        [Parameter]
        public SwitchParameter Show { get; set; }

        /// <summary>Writes the FileInfo of the page.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>Most image downloads at once.</summary>
        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = 8;

        /// <summary>Largest image accepted; a larger one is cut off and not saved.</summary>
        [Parameter]
        [ValidateRange(1, 4096)]
        public int MaximumSizeMB { get; set; } = 50;

        protected override void BeginProcessing()
        {
            _page = ResolvePage();
            var directory = System.IO.Path.GetDirectoryName(_page)!;
            _folderName = System.IO.Path.GetFileNameWithoutExtension(_page) + "_files";
            if (NoImage) return; // no request at all: no connection needed
            base.BeginProcessing();
            var folder = System.IO.Path.Combine(directory, _folderName);
            if (File.Exists(folder))
            {
                ThrowTerminatingError(VerifikErrors.Argument($"The images of '{_page}' go to '{folder}', which is a file. Move it, or use -NoImage.",
                    "VerifikInvalidReportPath", Path));
            }
            ImageDestination.Create(this, folder);
            _images = new RecordImages(new ImageFolder(folder), force: false, MaximumSizeMB * Megabyte);
            _runner = new BulkRunner<ReportImage>(this, Activity, ThrottleLimit, Emit);
            WriteVerbose($"Saving the images of the records to {folder}, up to {ThrottleLimit} at a time.");
        }

        protected override void ProcessRecord()
        {
            var input = InputObject?.BaseObject;
            if (!(input is DocumentLiveness record))
            {
                WriteError(NotARecord(InputObject));
                return;
            }
            var entry = new ReportEntry(++_position, record, Flag(record));
            _entries.Add(entry);
            if (_images == null)
            {
                entry.ImageProblem = "Images were left out of this page (-NoImage).";
                return;
            }
            if (string.IsNullOrWhiteSpace(record.Id))
            {
                entry.ImageProblem = "The record has no ID to name its image by.";
                return;
            }
            if (string.IsNullOrWhiteSpace(record.ImageUrl))
            {
                entry.ImageProblem = "No stored image: the record was created without saveImage (New-VerifikDocumentLiveness -SaveImage keeps one).";
                return;
            }

            var step = _images.Plan(entry.Position, record.Id!, urlGiven: true, record.ImageUrl);
            if (step.Known != null)
            {
                _runner!.Add(BulkOutcome<ReportImage>.Success(new ReportImage(entry, step.Known.Value)));
            }
            else if (step.Waiting != null)
            {
                var waiting = step.Waiting;
                _runner!.Add(record.Id, async ct => BulkOutcome<ReportImage>.Success(new ReportImage(entry, await waiting(ct).ConfigureAwait(false))));
            }
            else if (ShouldProcess(step.Describe(), step.Ask(), "Save image"))
            {
                var work = _images.Start(step, Client, Settings, OnRetry);
                _runner!.Add(record.Id, async ct => BulkOutcome<ReportImage>.Success(new ReportImage(entry, await work(ct).ConfigureAwait(false))));
            }
            else
            {
                entry.ImageProblem = "Not downloaded (-WhatIf, or declined at -Confirm).";
            }
        }

        protected override void EndProcessing()
        {
            _runner?.Complete();
            var summary = ReportSummary.Of(_entries);
            var images = _images == null ? "no images" : $"{summary.ImagesSaved:N0} images in {_folderName}";
            if (!ShouldProcess(_page, $"Write the review page of {_entries.Count:N0} records ({summary.Flagged:N0} flagged, {images})")) return;

            WritePage(summary);
            WriteVerbose($"Wrote {_page}: {_entries.Count:N0} records, {summary.Flagged:N0} flagged, {images}.");
            if (PassThru)
            {
                foreach (var item in SessionState.InvokeProvider.Item.Get(new[] { _page }, true, true)) WriteObject(item);
            }
            if (Show)
            {
                var problem = DefaultBrowser.Open(_page);
                if (problem != null) WriteWarning($"The page was not opened: {problem}. Open {_page} in a browser.");
            }
        }

        protected override void StopProcessing() => _runner?.Stop();

        public void Dispose() => _runner?.Dispose();

        /// <summary>A finished download (or its failure) lands on its row; a failure is also the record's own error.</summary>
        private void Emit(ReportImage image)
        {
            var entry = image.Entry;
            var outcome = image.Outcome;
            if (outcome.Error != null)
            {
                WriteError(outcome.Error);
                entry.ImageProblem = "Not saved: " + (outcome.Error.ErrorDetails?.Message ?? outcome.Error.Exception.Message);
                return;
            }
            var saved = outcome.Value;
            WriteVerbose(saved.Describe());
            if (!ImageFolder.IsRegularFile(saved.Path))
            {
                var gone = ImageDestination.Gone(saved);
                WriteError(gone);
                entry.ImageProblem = gone.Exception.Message;
                return;
            }
            entry.ImageFile = System.IO.Path.GetFileName(saved.Path);
        }

        /// <summary>Whether the user's rule is true for the record ($_ and $PSItem); an error in it is that record's error, and no flag.</summary>
        private bool Flag(DocumentLiveness record)
        {
            if (FlagWhere == null) return false;
            Collection<PSObject> result;
            try
            {
                result = FlagWhere.InvokeWithContext(null, new List<PSVariable> { new PSVariable("_", record), new PSVariable("PSItem", record) }, record);
            }
            catch (RuntimeException ex)
            {
                _ruleFailures++;
                WriteError(new ErrorRecord(ex, "VerifikFlagRuleFailed", ErrorCategory.InvalidOperation, record)
                {
                    ErrorDetails = new ErrorDetails(Printable.Escape($"-FlagWhere failed on record '{record.Id}': {ex.Message} It is not flagged.")),
                });
                return false;
            }
            return result.Count == 1 ? LanguagePrimitives.IsTrue(result[0]) : LanguagePrimitives.IsTrue(result);
        }

        /// <summary>-Path as a full file-system path whose folder exists; never a folder itself.</summary>
        private string ResolvePage()
        {
            var resolved = FileSystemPaths.Resolve(SessionState.Path, Path, literal: true)[0];
            if (resolved.Path == null)
            {
                ThrowTerminatingError(VerifikErrors.Argument($"-Path '{Path}' names no file to write the page to: {resolved.Reason}", "VerifikInvalidReportPath", Path));
            }
            var page = resolved.Path!;
            if (Directory.Exists(page))
            {
                ThrowTerminatingError(VerifikErrors.Argument($"-Path '{page}' is a folder; name the HTML file to write, such as {System.IO.Path.Combine(page, "review.html")}.",
                    "VerifikInvalidReportPath", Path));
            }
            var directory = System.IO.Path.GetDirectoryName(page);
            if (string.IsNullOrEmpty(directory) || !Directory.Exists(directory))
            {
                ThrowTerminatingError(VerifikErrors.Argument($"The folder of -Path '{page}' does not exist; create it first.", "VerifikInvalidReportPath", Path));
            }
            return page;
        }

        /// <summary>To a temporary file beside the page, then moved into place: a reader never sees half a page.</summary>
        private void WritePage(ReportSummary summary)
        {
            var temporary = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(_page)!,
                "." + System.IO.Path.GetFileName(_page) + "." + System.IO.Path.GetRandomFileName().Replace(".", string.Empty) + ".partial");
            try
            {
                using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024))
                using (var writer = new StreamWriter(stream, new UTF8Encoding(false), 64 * 1024))
                {
                    new ReportPage(writer, summary, _entries)
                    {
                        Rule = FlagWhere?.ToString(),
                        RuleFailures = _ruleFailures,
                        ImageFolder = _images == null ? null : _folderName,
                    }.Write();
                }
                if (File.Exists(_page)) File.Replace(temporary, _page, null);
                else File.Move(temporary, _page);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                ImageFolder.TryDelete(temporary);
                ThrowTerminatingError(new ErrorRecord(ex, "VerifikFileWriteFailed",
                    ex is UnauthorizedAccessException ? ErrorCategory.PermissionDenied : ErrorCategory.WriteError, _page));
            }
        }

        private static ErrorRecord NotARecord(PSObject? input)
        {
            var what = input == null ? "nothing (null)" : Printable.Escape(input.BaseObject.GetType().FullName);
            var message = $"The input is {what}, not a document-liveness record: pipe records from Get-VerifikDocumentLiveness or " +
                          "New-VerifikDocumentLiveness (rows of a CSV hold only text: Import-Csv ids.csv | Get-VerifikDocumentLiveness | " +
                          "Export-VerifikDocumentLivenessReport ...). It is not on the page.";
            return new ErrorRecord(new ArgumentException(message), "VerifikNotARecord", ErrorCategory.InvalidArgument, input);
        }
    }
}
