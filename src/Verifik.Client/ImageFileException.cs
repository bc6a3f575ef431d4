using System;

namespace Verifik
{
    /// <summary>
    /// Writing the local file failed (disk full, access denied, a path that cannot be created). Deliberately not an
    /// <see cref="System.IO.IOException"/>: the transport takes those for a broken connection and would download
    /// again, when the fault is on this side and another attempt would fail the same way.
    /// </summary>
    public sealed class ImageFileException : Exception
    {
        public ImageFileException(string message, string path, Exception inner) : base(message, inner)
        {
            Path = path;
        }

        /// <summary>The file that could not be written.</summary>
        public string Path { get; }

        /// <summary>Refused by the file system's permissions rather than failed.</summary>
        public bool IsAccessDenied => InnerException is UnauthorizedAccessException;
    }
}
