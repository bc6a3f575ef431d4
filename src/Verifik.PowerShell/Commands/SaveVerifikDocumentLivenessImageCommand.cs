using System;
using System.IO;
using System.Management.Automation;
using Verifik.PowerShell.Bulk;
using Verifik.PowerShell.Files;
using Verifik.PowerShell.Parameters;

namespace Verifik.PowerShell.Commands
{
    /// <summary>
    /// Save-VerifikDocumentLivenessImage: downloads the stored image of each record (piped records, CSV rows with Id
    /// and ImageUrl, or bare IDs whose record is fetched first) into a folder as &lt;Id&gt;.jpg/.png/.webp,
    /// concurrently and in input order, skipping images already there so a re-run resumes. The per-record work is
    /// <see cref="RecordImages"/>, shared with Export-VerifikDocumentLivenessReport.
    /// </summary>
    [Cmdlet(VerbsData.Save, "VerifikDocumentLivenessImage", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(FileInfo))]
    public sealed class SaveVerifikDocumentLivenessImageCommand : VerifikConnectedCmdlet, IDisposable
    {
        private const string Activity = "Save-VerifikDocumentLivenessImage";
        private const long Megabyte = 1024 * 1024;

        /// <summary>
        /// The value -ImageUrl has when nothing bound it for the current input. PowerShell resets a pipeline-bound
        /// parameter to the value it had before binding, so this tells "no ImageUrl property" (fetch the record) from an
        /// ImageUrl bound as null or empty (no saved image).
        /// </summary>
        private static readonly string NotGiven = new string('\0', 1);

        private readonly InputIds _inputs = new InputIds();
        private BulkRunner<SavedImage>? _runner;
        private RecordImages _images = null!;

        /// <summary>The record's ID; also the file name, made safe. Second in position: piped input is the usual way.</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("_id", "DocumentLivenessId")]
        [AllowNull, AllowEmptyString]
        public string? Id { get; set; }

        /// <summary>
        /// The pipeline object as it came, beside what -Id bound from it: a row without an Id column binds to -Id as the
        /// text "@{…}", and this is how it is told apart (and refused, naming its columns) before any request.
        /// </summary>
        [Parameter(ValueFromPipeline = true, DontShow = true)]
        public PSObject? InputObject { get; set; }

        /// <summary>Where the image is; when no input property binds it, the record is fetched to read it.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [AllowNull, AllowEmptyString]
        public string? ImageUrl { get; set; } = NotGiven;

        /// <summary>
        /// The folder to write to; relative paths are relative to the PowerShell location. First in position, so that
        /// "... | Save-VerifikDocumentLivenessImage ./review" binds the folder, not the ID.
        /// </summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Destination { get; set; } = null!;

        /// <summary>Downloads again, replacing the file, even when the image is already in the destination.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Writes a FileInfo (with DocumentLivenessId) for every record whose image is in the destination.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = 8;

        /// <summary>Largest image accepted; a larger one is cut off and not saved.</summary>
        [Parameter]
        [ValidateRange(1, 4096)]
        public int MaximumSizeMB { get; set; } = 50;

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            var folder = ImageDestination.Resolve(this, Destination, "-Destination");
            _images = new RecordImages(new ImageFolder(folder), Force, MaximumSizeMB * Megabyte);
        }

        protected override void ProcessRecord()
        {
            if (_runner == null)
            {
                _runner = new BulkRunner<SavedImage>(this, Activity, ThrottleLimit, Emit);
                WriteVerbose($"Saving images to {_images.Folder.FullPath}, up to {ThrottleLimit} at a time.");
            }
            var given = !ReferenceEquals(ImageUrl, NotGiven);
            // With its own ImageUrl a row's ID only names the file: it never goes into a request.
            foreach (var input in _inputs.Read(InputObject, new[] { Id }, requested: !given))
            {
                if (input.Error != null)
                {
                    _runner.Add(BulkOutcome<SavedImage>.Failure(input.Error));
                    continue;
                }
                var step = _images.Plan(input.Position, input.Id!, given, given ? ImageUrl : null);
                if (step.Known != null) _runner.Add(step.Known.Value);
                else if (step.Waiting != null) _runner.Add(input.Id, step.Waiting);
                else if (ShouldProcess(step.Describe(), step.Ask(), "Save image")) _runner.Add(input.Id, _images.Start(step, Client, Settings, OnRetry));
            }
        }

        protected override void EndProcessing() => _runner?.Complete();

        protected override void StopProcessing() => _runner?.Stop();

        public void Dispose() => _runner?.Dispose();

        private void Emit(SavedImage saved)
        {
            // A repeat is a warning: its own ImageUrl (a PNG beside a JPEG, say) was not downloaded.
            if (saved.Repeats != null) WriteWarning(saved.Describe());
            else WriteVerbose(saved.Describe());
            if (!PassThru) return;
            var item = ImageDestination.FileItem(this, saved);
            if (item.Error != null) WriteError(item.Error);
            else WriteObject(item.File);
        }
    }
}
