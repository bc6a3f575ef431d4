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

        /// <summary>The image of <paramref name="name"/> already in the folder, with any of the three extensions; else null.</summary>
        public string? Existing(string name)
        {
            foreach (var extension in Extensions)
            {
                var path = Inside(name + extension);
                if (File.Exists(path)) return path;
            }
            return null;
        }

        /// <summary>"&lt;folder&gt;/&lt;name&gt;.jpg, .png or .webp", for -WhatIf.</summary>
        public string Describe(string name) => Inside(name + Extensions[0]) + ", " + Extensions[1] + " or " + Extensions[2];

        /// <summary>A new hidden, uniquely named file beside the final one: .&lt;name&gt;.&lt;random&gt;.partial.</summary>
        public string NewTemporaryPath(string name) =>
            Inside("." + name + "." + Path.GetRandomFileName().Replace(".", string.Empty) + PartialSuffix);

        /// <summary>
        /// Moves a complete download into place as &lt;name&gt;&lt;extension&gt;, replacing a file of that name (-Force,
        /// or another run that got there first), then deletes the same image under the other extensions when
        /// <paramref name="replaceOthers"/> is set. Returns the final path.
        /// </summary>
        public string Commit(string temporaryPath, string name, string extension, bool replaceOthers)
        {
            var final = Inside(name + extension);
            try
            {
                if (File.Exists(final)) File.Replace(temporaryPath, final, null);
                else MoveOrReplace(temporaryPath, final);
                if (replaceOthers)
                {
                    foreach (var other in Extensions)
                    {
                        if (other != extension) File.Delete(Inside(name + other));
                    }
                }
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw new ImageFileException($"The image could not be moved into place as '{final}': {ex.Message}", final, ex);
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

        private static void MoveOrReplace(string from, string to)
        {
            try
            {
                File.Move(from, to);
            }
            catch (IOException) when (File.Exists(to))
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
