using System;
using System.IO;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Verifik.PowerShell.Bulk;
using Verifik.PowerShell.Files;

namespace Verifik.PowerShell.Commands
{
    /// <summary>
    /// Save-VerifikDocumentLivenessImage: downloads the stored image of each record (piped records, CSV rows with Id
    /// and ImageUrl, or bare IDs whose record is fetched first) into a folder as &lt;Id&gt;.jpg/.png/.webp,
    /// concurrently and in input order, skipping images already there so a re-run resumes.
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

        private BulkRunner<SavedImage>? _runner;
        private ImageFolder _folder = null!;

        /// <summary>The record's ID; also the file name, made safe. Second in position: piped input is the usual way.</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("_id", "DocumentLivenessId")]
        [AllowNull, AllowEmptyString]
        public string? Id { get; set; }

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
            _folder = new ImageFolder(ResolveDestination());
        }

        protected override void ProcessRecord()
        {
            if (_runner == null)
            {
                _runner = new BulkRunner<SavedImage>(this, Activity, ThrottleLimit, Emit);
                WriteVerbose($"Saving images to {_folder.FullPath}, up to {ThrottleLimit} at a time.");
            }
            var id = Id;
            var given = !ReferenceEquals(ImageUrl, NotGiven);
            var url = given ? ImageUrl : null;

            var problem = ProblemWith(id);
            if (problem != null)
            {
                _runner.Add(BulkOutcome<SavedImage>.Failure(new ErrorRecord(new ArgumentException(problem), "InvalidDocumentLivenessId", ErrorCategory.InvalidArgument, id)));
                return;
            }
            var name = SafeFileName.FromId(id!);
            string? existing;
            string target;
            try
            {
                target = _folder.Describe(name);
                existing = Force ? null : _folder.Existing(name);
            }
            catch (InvalidOperationException ex)
            {
                _runner.Add(BulkOutcome<SavedImage>.Failure(new ErrorRecord(ex, "VerifikUnsafeFileName", ErrorCategory.SecurityError, id)));
                return;
            }
            if (existing != null)
            {
                _runner.Add(BulkOutcome<SavedImage>.Success(SavedImage.AlreadyThere(id!, existing)));
                return;
            }

            Uri? source = null;
            if (given)
            {
                var refusal = ParseImageUrl(id!, url, out source);
                if (refusal != null)
                {
                    _runner.Add(BulkOutcome<SavedImage>.Failure(refusal));
                    return;
                }
            }

            var from = source == null ? "the ImageUrl of its record" : ImageAddress.ForDisplay(source);
            if (!ShouldProcess($"Saving the image of '{id}' from {from} to {target}.", $"Save the image of '{id}' from {from} to {target}?", "Save image"))
            {
                return;
            }
            Enqueue(id!, name, source);
        }

        protected override void EndProcessing() => _runner?.Complete();

        protected override void StopProcessing() => _runner?.Stop();

        public void Dispose() => _runner?.Dispose();

        private void Enqueue(string id, string name, Uri? source)
        {
            var client = Client;
            var settings = Settings;
            var onRetry = OnRetry;
            var folder = _folder;
            var maxBytes = MaximumSizeMB * Megabyte;
            var replace = Force.IsPresent;
            _runner!.Add(id, async ct =>
            {
                if (source == null)
                {
                    var found = await ReadImageUrlAsync(client, id, settings, onRetry, ct).ConfigureAwait(false);
                    if (found.Error != null) return found.Error.Value;
                    source = found.Url!;
                }
                var temporary = folder.NewTemporaryPath(name);
                try
                {
                    var image = await client.DownloadImageAsync(id, source, temporary, maxBytes, settings, onRetry, ct).ConfigureAwait(false);
                    var path = folder.Commit(temporary, name, image.Extension, replace);
                    return BulkOutcome<SavedImage>.Success(SavedImage.Downloaded(id, path, image, ImageAddress.ForDisplay(source)));
                }
                catch (VerifikApiException ex)
                {
                    return BulkOutcome<SavedImage>.Failure(VerifikErrors.FromDownload(ex, id));
                }
                catch (ImageFileException ex)
                {
                    return BulkOutcome<SavedImage>.Failure(VerifikErrors.FileWriteFailed(ex, id));
                }
                finally
                {
                    // Failed, refused or cancelled: no partial file is left behind (after a success it is gone already).
                    ImageFolder.TryDelete(temporary);
                }
            });
        }

        /// <summary>-Id alone: the record is fetched (inside the work item) for its ImageUrl.</summary>
        private static async Task<(Uri? Url, BulkOutcome<SavedImage>? Error)> ReadImageUrlAsync(VerifikClient client, string id,
            RequestSettings settings, Action<RetryNotice> onRetry, CancellationToken ct)
        {
            FetchedRecord fetched;
            try
            {
                fetched = await client.GetDocumentLivenessAsync(id, settings, onRetry, ct).ConfigureAwait(false);
            }
            catch (VerifikApiException ex)
            {
                // A refused token fails every later record the same way: the run stops after the earlier ones.
                return (null, BulkOutcome<SavedImage>.Failure(VerifikErrors.From(ex, id), fatal: BulkOutcome.StopsRun(ex)));
            }
            var refusal = ParseImageUrl(id, fetched.Record.ImageUrl, out var url);
            return refusal == null ? (url, null) : (null, BulkOutcome<SavedImage>.Failure(refusal));
        }

        /// <summary>Null when <paramref name="text"/> is an absolute URL; else the error (no saved image, or not a URL).</summary>
        private static ErrorRecord? ParseImageUrl(string id, string? text, out Uri? url)
        {
            url = null;
            if (string.IsNullOrWhiteSpace(text)) return VerifikErrors.ImageNotSaved(id);
            var trimmed = text!.Trim();
            // A URL that names its scheme (longer than a drive letter): "/etc/x" and "C:\x" would otherwise be file: URLs
            // on one OS and not on the other.
            if (Uri.TryCreate(trimmed, UriKind.Absolute, out url) && url.Scheme.Length > 1
                && trimmed.StartsWith(url.Scheme + ":", StringComparison.OrdinalIgnoreCase)) return null;
            url = null;
            return new ErrorRecord(new ArgumentException($"'{id}': the ImageUrl '{text}' is not an absolute URL; nothing was requested."),
                "VerifikInvalidImageUrl", ErrorCategory.InvalidArgument, id);
        }

        /// <summary>Null for an ID that can name a file; else why not.</summary>
        private static string? ProblemWith(string? id)
        {
            if (string.IsNullOrWhiteSpace(id)) return "The ID is empty: it cannot name a record or a file.";
            var trimmed = id!.Trim();
            // What a row without an Id column becomes when PowerShell binds the whole object as text.
            if (trimmed.StartsWith("@{", StringComparison.Ordinal) && trimmed.EndsWith("}", StringComparison.Ordinal))
            {
                return $"'{id}' is a whole input object, not an ID: it has no Id, _id or DocumentLivenessId property.";
            }
            return null;
        }

        /// <summary>-Destination against the PowerShell location, FileSystem only; created when missing (unless -WhatIf).</summary>
        private string ResolveDestination()
        {
            var resolved = FileSystemPaths.Resolve(SessionState.Path, Destination, literal: true)[0];
            if (resolved.Path == null)
            {
                ThrowTerminatingError(VerifikErrors.Argument($"-Destination '{Destination}' names no folder to save images to: {resolved.Reason}",
                    "VerifikInvalidDestination", Destination));
            }
            var path = resolved.Path!;
            if (File.Exists(path))
            {
                ThrowTerminatingError(VerifikErrors.Argument($"-Destination '{path}' is a file, not a folder.", "VerifikInvalidDestination", Destination));
            }
            if (!Directory.Exists(path) && ShouldProcess(path, "Create folder"))
            {
                try
                {
                    Directory.CreateDirectory(path);
                    WriteVerbose($"Created the folder {path}.");
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                {
                    ThrowTerminatingError(new ErrorRecord(ex, "VerifikFileWriteFailed",
                        ex is UnauthorizedAccessException ? ErrorCategory.PermissionDenied : ErrorCategory.WriteError, path));
                }
            }
            return path;
        }

        private void Emit(SavedImage saved)
        {
            if (saved.Download == null)
            {
                WriteVerbose($"Skipped '{saved.Id}': {saved.Path} is already there (-Force downloads it again).");
            }
            else
            {
                WriteVerbose($"Saved '{saved.Id}' to {saved.Path} ({saved.Download.Bytes:N0} bytes, {saved.Download.MediaType ?? "no Content-Type"}, from {saved.Source}).");
            }
            if (!PassThru) return;
            foreach (var item in SessionState.InvokeProvider.Item.Get(new[] { saved.Path }, true, true))
            {
                item.Properties.Add(new PSNoteProperty("DocumentLivenessId", saved.Id));
                WriteObject(item);
            }
        }
    }
}
