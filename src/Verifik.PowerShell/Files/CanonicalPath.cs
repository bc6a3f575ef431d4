using System;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;

namespace Verifik.PowerShell.Files
{
    /// <summary>
    /// One name for a file however it was reached: the full path with every symbolic link in it followed (each component
    /// in turn, as realpath does), compared without case where the file system ignores it (Windows, macOS). Links are
    /// followed through FileSystemInfo.ResolveLinkTarget (.NET 6 and later, so PowerShell 7); where the runtime has none
    /// (.NET Framework), the full path as it is ("..", "." and repeated separators removed). Hard links stay two names.
    /// </summary>
    internal static class CanonicalPath
    {
        /// <summary>More hops than this means a loop of links: the path as far as it got.</summary>
        private const int MaxLinks = 40;

        private static readonly MethodInfo? ResolveLinkTarget = typeof(FileSystemInfo).GetMethod("ResolveLinkTarget", new[] { typeof(bool) });

        public static StringComparer Comparer { get; } =
            RuntimeInformation.IsOSPlatform(OSPlatform.Windows) || RuntimeInformation.IsOSPlatform(OSPlatform.OSX)
                ? StringComparer.OrdinalIgnoreCase
                : StringComparer.Ordinal;

        public static string Of(string path)
        {
            var full = Path.GetFullPath(path);
            if (ResolveLinkTarget == null) return full;
            for (var hops = 0; hops < MaxLinks; hops++)
            {
                var next = FollowFirstLink(full);
                if (next == null) return full;
                full = next;
            }
            return full;
        }

        /// <summary>The path with its first component that is a link replaced by the link's target; null when none is a link.</summary>
        private static string? FollowFirstLink(string full)
        {
            var root = Path.GetPathRoot(full) ?? string.Empty;
            var parts = full.Substring(root.Length).Split(new[] { Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar }, StringSplitOptions.RemoveEmptyEntries);
            var prefix = root;
            for (var i = 0; i < parts.Length; i++)
            {
                prefix = Path.Combine(prefix, parts[i]);
                FileSystemInfo? target;
                try
                {
                    target = (FileSystemInfo?)ResolveLinkTarget!.Invoke(new FileInfo(prefix), new object[] { true });
                }
                catch (TargetInvocationException)
                {
                    return null; // unreadable, or a link that leads nowhere: the path as it is
                }
                if (target == null) continue;
                var rest = new string[parts.Length - i - 1];
                Array.Copy(parts, i + 1, rest, 0, rest.Length);
                return Path.GetFullPath(rest.Length == 0 ? target.FullName : Path.Combine(target.FullName, Path.Combine(rest)));
            }
            return null;
        }
    }
}
