using System;
using System.IO;

namespace Verifik.PowerShell.Files
{
    /// <summary>
    /// The destination folder of Save-VerifikDocumentLivenessImage: where a record's image goes
    /// (&lt;folder&gt;/&lt;safe name&gt;&lt;.jpg|.png|.webp&gt;), whether it is already there, and moving a finished
    /// download into place. Every path it hands out is checked to sit directly in the folder.
    /// </summary>
    internal sealed class ImageFolder
    {
        private static readonly string[] Extensions = { ".jpg", ".png", ".webp" };
        private const string PartialSuffix = ".partial";

        /// <param name="fullPath">An absolute file-system path.</param>
        public ImageFolder(string fullPath)
        {
            FullPath = Path.GetFullPath(fullPath);
        }

        public string FullPath { get; }

        /// <summary>
        /// The image of <paramref name="name"/> already in the folder, with any of the three extensions; else null. Only a
        /// regular file with content whose first bytes are the image its extension names counts: a link (even to an image)
        /// is replaced, never followed, and an empty or foreign file (an HTML page an older run kept) is downloaded again.
        /// </summary>
        public string? Existing(string name)
        {
            foreach (var extension in Extensions)
            {
                var path = Inside(name + extension);
                if (Kind(path) == EntryKind.File && HoldsImage(path, extension)) return path;
            }
            return null;
        }

        /// <summary>Whether <paramref name="path"/> is (still) a regular file: not gone, not a folder, not a link.</summary>
        public static bool IsRegularFile(string path) => Kind(path) == EntryKind.File;

        /// <summary>"&lt;folder&gt;/&lt;name&gt;.jpg, .png or .webp", for -WhatIf.</summary>
        public string Describe(string name) => Inside(name + Extensions[0]) + ", " + Extensions[1] + " or " + Extensions[2];

        /// <summary>A new hidden, uniquely named file beside the final one: .&lt;name&gt;.&lt;random&gt;.partial.</summary>
        public string NewTemporaryPath(string name) =>
            Inside("." + name + "." + Path.GetRandomFileName().Replace(".", string.Empty) + PartialSuffix);

        /// <summary>
        /// Moves a complete download into place as &lt;name&gt;&lt;extension&gt;, replacing a file of that name (-Force,
        /// or another run that got there first) and removing a link or other non-file of that name first (never writing
        /// through it); then, when <paramref name="replaceOthers"/> is set, deletes the same image under the other
        /// extensions (best effort: the image is saved either way). Returns the final path.
        /// </summary>
        public string Commit(string temporaryPath, string name, string extension, bool replaceOthers)
        {
            var final = Inside(name + extension);
            try
            {
                if (Kind(final) == EntryKind.Link) RemoveLink(final);
                if (Kind(final) == EntryKind.File) File.Replace(temporaryPath, final, null);
                else MoveOrReplace(temporaryPath, final);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new ImageFileException($"The image could not be moved into place as '{final}': {ex.Message}", final, ex);
            }
            if (replaceOthers)
            {
                foreach (var other in Extensions)
                {
                    if (other == extension) continue;
                    var stale = Inside(name + other);
                    var kind = Kind(stale);
                    if (kind == EntryKind.Link) TryRemoveLink(stale);
                    else if (kind == EntryKind.File) TryDelete(stale);
                }
            }
            return final;
        }

        /// <summary>Never throws: used on every failure path, when the file may or may not exist.</summary>
        public static void TryDelete(string path)
        {
            try
            {
                File.Delete(path);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }

        private static void TryRemoveLink(string path)
        {
            try
            {
                RemoveLink(path);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }

        /// <summary>Deletes the link itself, not what it points to.</summary>
        private static void RemoveLink(string path)
        {
            if ((File.GetAttributes(path) & FileAttributes.Directory) != 0) Directory.Delete(path, recursive: false);
            else File.Delete(path);
        }

        /// <summary>What is at <paramref name="path"/>, from its own entry (lstat): a dangling link is a link, not nothing.</summary>
        private static EntryKind Kind(string path)
        {
            FileAttributes attributes;
            try
            {
                attributes = File.GetAttributes(path);
            }
            catch (Exception ex) when (ex is FileNotFoundException || ex is DirectoryNotFoundException)
            {
                return EntryKind.None;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                return EntryKind.Other;
            }
            if ((attributes & FileAttributes.ReparsePoint) != 0) return EntryKind.Link;
            return (attributes & FileAttributes.Directory) != 0 ? EntryKind.Other : EntryKind.File;
        }

        /// <summary>Non-empty, and its first bytes are the format <paramref name="extension"/> names.</summary>
        private static bool HoldsImage(string path, string extension)
        {
            try
            {
                using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1);
                var header = new byte[ImageKind.HeaderLength];
                var count = 0;
                int read;
                while (count < header.Length && (read = file.Read(header, count, header.Length - count)) > 0) count += read;
                var format = ImageKind.Detect(header, count);
                return format != ImageFormat.Unknown && ImageKind.Extension(format) == extension;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                return false;
            }
        }

        private enum EntryKind
        {
            None,
            File,
            Link,
            Other,
        }

        private static void MoveOrReplace(string from, string to)
        {
            try
            {
                File.Move(from, to);
            }
            catch (IOException) when (Kind(to) == EntryKind.File)
            {
                File.Replace(from, to, null); // another download of the same ID finished in between
            }
        }

        /// <summary>The full path of a file name in the folder; refuses (defence in depth) one that would land elsewhere.</summary>
        private string Inside(string fileName)
        {
            var full = Path.GetFullPath(Path.Combine(FullPath, fileName));
            var parent = Path.GetDirectoryName(full);
            if (!string.Equals(Trim(parent), Trim(FullPath), StringComparison.Ordinal) || !string.Equals(Path.GetFileName(full), fileName, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"The file name '{fileName}' would not be directly in '{FullPath}'; nothing was written.");
            }
            return full;
        }

        private static string Trim(string? path) => (path ?? string.Empty).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
    }
}
