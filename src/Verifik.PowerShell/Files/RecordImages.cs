using System;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Verifik.PowerShell.Bulk;

namespace Verifik.PowerShell.Files
{
    /// <summary>
    /// Saving the stored images of records into one folder during one command: what Save-VerifikDocumentLivenessImage and
    /// Export-VerifikDocumentLivenessReport do per record, written once. <see cref="Plan"/> decides on the pipeline thread
    /// (a safe name, already there, a repeat of an earlier input, a URL that cannot be fetched); <see cref="Start"/> gives
    /// the download for the cmdlet's <see cref="BulkRunner{T}"/> once the user agreed (ShouldProcess). Rows naming the same
    /// ID in one command are one file: the first downloads it, the later ones wait for it and report the same file (or
    /// its failure), so no row ever replaces or deletes a file another row of the run wrote.
    /// </summary>
    internal sealed class RecordImages
    {
        private readonly Dictionary<string, Claim> _claims = new Dictionary<string, Claim>(StringComparer.OrdinalIgnoreCase);
        private readonly bool _force;
        private readonly long _maxBytes;

        /// <param name="force">Download even when the image is already in the folder, replacing it.</param>
        public RecordImages(ImageFolder folder, bool force, long maxBytes)
        {
            Folder = folder;
            _force = force;
            _maxBytes = maxBytes;
        }

        public ImageFolder Folder { get; }

        /// <summary>
        /// What to do for the image of record <paramref name="id"/> (trimmed and valid), input #<paramref name="position"/>.
        /// <paramref name="urlGiven"/>: the input named its ImageUrl (<paramref name="url"/>, perhaps empty); otherwise the
        /// record is fetched first for it. Pipeline thread only; touches the disk only to look for the file.
        /// </summary>
        public ImageStep Plan(long position, string id, bool urlGiven, string? url)
        {
            var name = SafeFileName.FromId(id);
            string target;
            try
            {
                target = Folder.Describe(name);
            }
            catch (InvalidOperationException ex)
            {
                return ImageStep.Decided(BulkOutcome<SavedImage>.Failure(new ErrorRecord(ex, "VerifikUnsafeFileName", ErrorCategory.SecurityError, id)));
            }

            if (_claims.TryGetValue(name, out var earlier)) return ImageStep.Repeating(ct => RepeatAsync(earlier, position, id, ct));

            var existing = _force ? null : Folder.Existing(name);
            if (existing != null)
            {
                var there = BulkOutcome<SavedImage>.Success(SavedImage.AlreadyThere(id, existing));
                var claim = new Claim(position);
                claim.Done.TrySetResult(there);
                _claims[name] = claim;
                return ImageStep.Decided(there);
            }

            Uri? source = null;
            if (urlGiven)
            {
                var refusal = ParseImageUrl(id, url, out source);
                if (refusal != null) return ImageStep.Decided(BulkOutcome<SavedImage>.Failure(refusal));
            }
            return ImageStep.Download(position, id, name, source, target);
        }

        /// <summary>
        /// The download of a <see cref="ImageStep.NeedsDownload"/> step, for the bulk runner. From now on later inputs of
        /// the same ID wait for this one. Pipeline thread only (the returned work runs on a worker).
        /// </summary>
        public Func<CancellationToken, Task<BulkOutcome<SavedImage>>> Start(ImageStep step, VerifikClient client, RequestSettings settings,
            Action<RetryNotice> onRetry)
        {
            if (!step.NeedsDownload) throw new InvalidOperationException("Only a step that needs a download can be started.");
            var claim = new Claim(step.Position);
            _claims[step.Name!] = claim;
            var id = step.Id!;
            return async ct =>
            {
                try
                {
                    var outcome = await DownloadAsync(client, id, step.Name!, step.Source, settings, onRetry, ct).ConfigureAwait(false);
                    claim.Done.TrySetResult(outcome);
                    return outcome;
                }
                catch (OperationCanceledException)
                {
                    claim.Done.TrySetCanceled();
                    throw;
                }
                catch (Exception ex)
                {
                    // The runner reports it for this input; a repeat gets its own error.
                    claim.Done.TrySetResult(BulkOutcome<SavedImage>.Failure(new ErrorRecord(ex, "VerifikUnexpectedError", ErrorCategory.NotSpecified, id)));
                    throw;
                }
            };
        }

        private async Task<BulkOutcome<SavedImage>> DownloadAsync(VerifikClient client, string id, string name, Uri? source, RequestSettings settings,
            Action<RetryNotice> onRetry, CancellationToken ct)
        {
            if (source == null)
            {
                var found = await ReadImageUrlAsync(client, id, settings, onRetry, ct).ConfigureAwait(false);
                if (found.Error != null) return found.Error.Value;
                source = found.Url!;
            }
            var temporary = Folder.NewTemporaryPath(name);
            try
            {
                var image = await client.DownloadImageAsync(id, source, temporary, _maxBytes, settings, onRetry, ct).ConfigureAwait(false);
                var path = Folder.Commit(temporary, name, image.Extension, _force);
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
        }

        /// <summary>A later input of an ID already in this run: the earlier one's file, or its failure, and no request.</summary>
        private static async Task<BulkOutcome<SavedImage>> RepeatAsync(Claim earlier, long position, string id, CancellationToken ct)
        {
            var cancelled = new TaskCompletionSource<bool>();
            using (ct.Register(() => cancelled.TrySetResult(true)))
            {
                await Task.WhenAny(earlier.Done.Task, cancelled.Task).ConfigureAwait(false);
            }
            ct.ThrowIfCancellationRequested();
            var first = await earlier.Done.Task.ConfigureAwait(false);
            if (first.Error == null) return BulkOutcome<SavedImage>.Success(first.Value.RepeatedBy(id, position, earlier.Position));

            var message = string.Format(CultureInfo.InvariantCulture,
                "Input #{0} ('{1}') repeats input #{2}, whose image was not saved: {3} One file per record: it was not tried again.",
                position, Printable.Escape(id), earlier.Position, Printable.Escape(first.Error.ErrorDetails?.Message ?? first.Error.Exception.Message));
            return BulkOutcome<SavedImage>.Failure(new ErrorRecord(new InvalidOperationException(message, first.Error.Exception), "VerifikRepeatedInput",
                first.Error.CategoryInfo.Category, id));
        }

        /// <summary>An ID alone: the record is fetched (inside the work item) for its ImageUrl.</summary>
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
            return new ErrorRecord(new ArgumentException($"'{Printable.Escape(id)}': the ImageUrl '{Printable.Escape(text)}' is not an absolute URL; nothing was requested."),
                "VerifikInvalidImageUrl", ErrorCategory.InvalidArgument, id);
        }

        /// <summary>The first input of a name in this run, and how it ended.</summary>
        private sealed class Claim
        {
            public Claim(long position)
            {
                Position = position;
            }

            public long Position { get; }

            public TaskCompletionSource<BulkOutcome<SavedImage>> Done { get; } =
                new TaskCompletionSource<BulkOutcome<SavedImage>>(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }
}
