using System;
using System.IO;
using System.Text.Json;
using System.Threading;

namespace Verifik
{
    /// <summary>
    /// One file to submit to <c>POST /v2/document-liveness</c> and what to ask of the API for it. Builds the request body
    /// (<see cref="DocumentLivenessUploadContent"/>), which streams the file instead of holding it.
    /// </summary>
    public sealed class DocumentLivenessSubmission
    {
        /// <param name="path">The file's full path.</param>
        /// <param name="length">Its size when it was checked: exactly this many bytes are sent (the body's length is declared up front).</param>
        public DocumentLivenessSubmission(string path, long length)
        {
            Path = path ?? throw new ArgumentNullException(nameof(path));
            if (length < 0) throw new ArgumentOutOfRangeException(nameof(length));
            Length = length;
        }

        private long _sentAtTicks;

        public string Path { get; }
        public long Length { get; }

        /// <summary>
        /// When the body of an attempt first began to go out (UTC): from then on the API may have processed (and charged)
        /// it. Null while nothing of it was sent.
        /// </summary>
        public DateTime? SentAt
        {
            get
            {
                var ticks = Interlocked.Read(ref _sentAtTicks);
                return ticks == 0 ? (DateTime?)null : new DateTime(ticks, DateTimeKind.Utc);
            }
        }

        public bool ValidateScreenReplay { get; set; }
        public bool ValidatePrintedCopy { get; set; }
        public bool ValidatePortraitSubstitution { get; set; }
        public bool ValidateDigitalManipulation { get; set; }

        /// <summary>SOFT, REGULAR or HARD; null leaves the API's default (REGULAR) and sends nothing.</summary>
        public string? ScreenReplayCalibration { get; set; }
        public string? PrintedCopyCalibration { get; set; }
        public string? PortraitSubstitutionCalibration { get; set; }

        public bool SaveImage { get; set; }
        public bool IgnoreDocumentCroppedValidation { get; set; }
        public bool IgnoreColourLessValidation { get; set; }

        /// <summary>A new body for one attempt; each opens the file again when it is sent.</summary>
        public DocumentLivenessUploadContent CreateContent() => new DocumentLivenessUploadContent(Path, Length, OptionsJson(), Sending);

        private void Sending() => Interlocked.CompareExchange(ref _sentAtTicks, DateTime.UtcNow.Ticks, 0);

        /// <summary>
        /// The body's members other than the image, as a complete JSON object (<c>{"saveImage":false,…}</c>). The booleans
        /// are always sent; a calibration only when given.
        /// </summary>
        internal byte[] OptionsJson()
        {
            using var buffer = new MemoryStream();
            using (var w = new Utf8JsonWriter(buffer))
            {
                w.WriteStartObject();
                w.WriteBoolean("saveImage", SaveImage);
                w.WriteBoolean("validateScreenReplay", ValidateScreenReplay);
                w.WriteBoolean("validatePrintedCopy", ValidatePrintedCopy);
                w.WriteBoolean("validatePortraitSubstitution", ValidatePortraitSubstitution);
                w.WriteBoolean("validateDigitalManipulation", ValidateDigitalManipulation);
                if (ScreenReplayCalibration != null) w.WriteString("screenReplayCalibration", ScreenReplayCalibration);
                if (PrintedCopyCalibration != null) w.WriteString("printedCopyCalibration", PrintedCopyCalibration);
                if (PortraitSubstitutionCalibration != null) w.WriteString("portraitSubstitutionCalibration", PortraitSubstitutionCalibration);
                w.WriteBoolean("ignoreDocumentCroppedValidation", IgnoreDocumentCroppedValidation);
                w.WriteBoolean("ignoreColourLessValidation", IgnoreColourLessValidation);
                w.WriteEndObject();
            }
            return buffer.ToArray();
        }
    }
}
