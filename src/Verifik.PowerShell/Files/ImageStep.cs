using System;
using System.Threading;
using System.Threading.Tasks;
using Verifik.PowerShell.Bulk;

namespace Verifik.PowerShell.Files
{
    /// <summary>
    /// What <see cref="RecordImages.Plan"/> decided for one record's image: an outcome known at once (already there, refused),
    /// work that waits for an earlier input of the same ID, or a download that needs the user's consent and
    /// <see cref="RecordImages.Start"/>.
    /// </summary>
    internal sealed class ImageStep
    {
        private ImageStep(BulkOutcome<SavedImage>? known, Func<CancellationToken, Task<BulkOutcome<SavedImage>>>? waiting)
        {
            Known = known;
            Waiting = waiting;
        }

        /// <summary>Decided now, nothing to download.</summary>
        public BulkOutcome<SavedImage>? Known { get; }

        /// <summary>A repeat of an earlier input: no request, no consent needed; it ends as the earlier one does.</summary>
        public Func<CancellationToken, Task<BulkOutcome<SavedImage>>>? Waiting { get; }

        public bool NeedsDownload => Known == null && Waiting == null;

        public long Position { get; private set; }
        public string? Id { get; private set; }

        /// <summary>The safe file name, without extension.</summary>
        public string? Name { get; private set; }

        /// <summary>Where the image is; null when the record must be fetched first for its ImageUrl.</summary>
        public Uri? Source { get; private set; }

        /// <summary>"&lt;folder&gt;/&lt;name&gt;.jpg, .png or .webp", for -WhatIf.</summary>
        public string? Target { get; private set; }

        /// <summary>The ShouldProcess text of the download ("Saving the image of 'id' from … to …."), escaped.</summary>
        public string Describe() => Printable.Escape($"Saving the image of '{Id}' from {From} to {Target}.");

        /// <summary>The ShouldProcess question (-Confirm), escaped.</summary>
        public string Ask() => Printable.Escape($"Save the image of '{Id}' from {From} to {Target}?");

        private string From => Source == null ? "the ImageUrl of its record" : ImageAddress.ForDisplay(Source);

        public static ImageStep Decided(BulkOutcome<SavedImage> outcome) => new ImageStep(outcome, null);

        public static ImageStep Repeating(Func<CancellationToken, Task<BulkOutcome<SavedImage>>> work) => new ImageStep(null, work);

        public static ImageStep Download(long position, string id, string name, Uri? source, string target) =>
            new ImageStep(null, null) { Position = position, Id = id, Name = name, Source = source, Target = target };
    }
}
