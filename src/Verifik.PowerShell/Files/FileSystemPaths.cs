using System;
using System.Collections.Generic;
using System.Management.Automation;

namespace Verifik.PowerShell.Files
{
    /// <summary>
    /// Turns -Path (wildcards), -LiteralPath and -Destination input into file-system paths the way PowerShell's own cmdlets
    /// do: against the PowerShell location (not the process directory), through providers and drives (<c>~</c>, <c>./x</c>,
    /// PSDrives), and only on the FileSystem provider. Pipeline thread only (it uses the session state).
    /// </summary>
    internal static class FileSystemPaths
    {
        private const string FileSystem = "FileSystem";

        /// <summary>The full paths <paramref name="input"/> names, or the one problem that says why it names none.</summary>
        /// <param name="literal">Taken as it is, and not checked for existence (the caller does that when it matters).</param>
        public static IReadOnlyList<Resolved> Resolve(PathIntrinsics paths, string input, bool literal)
        {
            try
            {
                ProviderInfo provider;
                IReadOnlyList<string> found;
                if (literal)
                {
                    found = new[] { paths.GetUnresolvedProviderPathFromPSPath(input, out provider, out _) };
                }
                else
                {
                    found = paths.GetResolvedProviderPathFromPSPath(input, out provider);
                    if (found.Count == 0) return Failed(Problem.NotFound, "no file matches it.");
                }
                if (!string.Equals(provider.Name, FileSystem, StringComparison.OrdinalIgnoreCase))
                {
                    return Failed(Problem.NotFileSystem, $"it is a {provider.Name} path, not a file-system one.");
                }

                var resolved = new Resolved[found.Count];
                for (var i = 0; i < found.Count; i++) resolved[i] = new Resolved(found[i], Problem.None, null);
                return resolved;
            }
            catch (Exception ex) when (ex is SessionStateException || ex is ArgumentException || ex is NotSupportedException ||
                                       ex is PSInvalidOperationException || ex is ProviderInvocationException)
            {
                // ItemNotFoundException (no such file, or a wildcard that matches nothing), an unknown drive or provider, a malformed path.
                return Failed(Problem.NotFound, ex.Message);
            }
        }

        private static Resolved[] Failed(Problem problem, string reason) => new[] { new Resolved(null, problem, reason) };

        internal enum Problem
        {
            None,
            NotFound,
            NotFileSystem,
        }

        /// <summary>A full file-system path, or why the input names none.</summary>
        internal readonly struct Resolved
        {
            public Resolved(string? path, Problem problem, string? reason)
            {
                Path = path;
                Problem = problem;
                Reason = reason;
            }

            public string? Path { get; }
            public Problem Problem { get; }
            public string? Reason { get; }
        }
    }
}
