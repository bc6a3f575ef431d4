using System;
using System.IO;
using System.Management.Automation;

namespace Verifik.PowerShell.Files
{
    /// <summary>
    /// The pipeline-thread side of a folder of saved images (Save-VerifikDocumentLivenessImage's -Destination, the
    /// report's &lt;page&gt;_files): resolving and creating it, and writing a saved image out as the FileInfo PowerShell's
    /// own cmdlets write, or as an error when the file went away meanwhile.
    /// </summary>
    internal static class ImageDestination
    {
        /// <summary>
        /// <paramref name="input"/> against the PowerShell location (FileSystem only) as a full folder path, created when
        /// missing (unless -WhatIf); a terminating VerifikInvalidDestination or VerifikFileWriteFailed otherwise.
        /// </summary>
        /// <param name="parameter">How the folder was named, for messages ("-Destination").</param>
        public static string Resolve(PSCmdlet cmdlet, string input, string parameter)
        {
            var resolved = FileSystemPaths.Resolve(cmdlet.SessionState.Path, input, literal: true)[0];
            if (resolved.Path == null)
            {
                cmdlet.ThrowTerminatingError(VerifikErrors.Argument($"{parameter} '{input}' names no folder to save images to: {resolved.Reason}",
                    "VerifikInvalidDestination", input));
            }
            var path = resolved.Path!;
            if (File.Exists(path))
            {
                cmdlet.ThrowTerminatingError(VerifikErrors.Argument($"{parameter} '{path}' is a file, not a folder.", "VerifikInvalidDestination", input));
            }
            Create(cmdlet, path);
            return path;
        }

        /// <summary>Creates the folder when it is missing and the user agrees (not under -WhatIf).</summary>
        public static void Create(PSCmdlet cmdlet, string path)
        {
            if (Directory.Exists(path) || !cmdlet.ShouldProcess(path, "Create folder")) return;
            try
            {
                Directory.CreateDirectory(path);
                cmdlet.WriteVerbose($"Created the folder {path}.");
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                cmdlet.ThrowTerminatingError(new ErrorRecord(ex, "VerifikFileWriteFailed",
                    ex is UnauthorizedAccessException ? ErrorCategory.PermissionDenied : ErrorCategory.WriteError, path));
            }
        }

        /// <summary>
        /// The saved image as the provider's FileInfo (PSPath and the rest) with a DocumentLivenessId property; or, when
        /// the file is no longer a file there (moved or deleted while the command ran), that input's own error.
        /// </summary>
        public static (PSObject? File, ErrorRecord? Error) FileItem(PSCmdlet cmdlet, SavedImage saved)
        {
            if (ImageFolder.IsRegularFile(saved.Path))
            {
                try
                {
                    foreach (var item in cmdlet.SessionState.InvokeProvider.Item.Get(new[] { saved.Path }, true, true))
                    {
                        if (!(item.BaseObject is FileInfo)) continue;
                        item.Properties.Add(new PSNoteProperty("DocumentLivenessId", saved.Id));
                        return (item, null);
                    }
                }
                catch (Exception ex) when (ex is ItemNotFoundException || ex is ProviderInvocationException || ex is SessionStateException ||
                                           ex is IOException || ex is UnauthorizedAccessException)
                {
                    // Gone between the check and the read: the error below.
                }
            }
            return (null, Gone(saved));
        }

        /// <summary>The error of an input whose image file went away (moved, deleted, replaced by a folder) before it was written out.</summary>
        public static ErrorRecord Gone(SavedImage saved)
        {
            var how = saved.Download != null ? "saved as" : saved.Repeats != null ? "saved (by input #" + saved.Repeats + ") as" : "found as";
            var message = Printable.Escape($"'{saved.Id}': the image was {how} '{saved.Path}', but that file is no longer there " +
                "(moved or deleted while the command ran). Run the command again to download it.");
            return new ErrorRecord(new ItemNotFoundException(message), "VerifikImageFileGone", ErrorCategory.ObjectNotFound, saved.Id);
        }
    }
}
