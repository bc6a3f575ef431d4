using System;
using System.Collections.Generic;
using System.Management.Automation;

namespace Verifik.PowerShell.Submission
{
    /// <summary>
    /// Turns -Path (wildcards) and -LiteralPath input into file-system paths the way PowerShell's own cmdlets do: against
    /// the PowerShell location (not the process directory), through providers and drives (<c>~</c>, <c>./x</c>, PSDrives).
    /// Pipeline thread only (it uses the session state).
    /// </summary>
    internal static class SubmissionPaths
    {
        private const string FileSystem = "FileSystem";

        /// <summary>The full paths <paramref name="input"/> names, or the one error that says why it names none.</summary>
        public static IReadOnlyList<Resolved> Resolve(PathIntrinsics paths, string input, bool literal)
        {
            try
            {
                ProviderInfo provider;
                IReadOnlyList<string> found;
                if (literal)
                {
                    // Not checked for existence here: the worker does it with the other file checks, in input order.
                    found = new[] { paths.GetUnresolvedProviderPathFromPSPath(input, out provider, out _) };
                }
                else
                {
                    found = paths.GetResolvedProviderPathFromPSPath(input, out provider);
                    if (found.Count == 0) return Failed(SubmissionErrors.PathNotFound(input, "no file matches it."));
                }
                if (!string.Equals(provider.Name, FileSystem, StringComparison.OrdinalIgnoreCase))
                    return Failed(SubmissionErrors.NotFileSystem(input, provider.Name));

                var resolved = new Resolved[found.Count];
                for (var i = 0; i < found.Count; i++) resolved[i] = new Resolved(found[i], null);
                return resolved;
            }
            catch (Exception ex) when (ex is SessionStateException || ex is ArgumentException || ex is NotSupportedException ||
                                       ex is PSInvalidOperationException || ex is ProviderInvocationException)
            {
                // ItemNotFoundException (no such file, or a wildcard that matches nothing), an unknown drive or provider, a malformed path.
                return Failed(SubmissionErrors.PathNotFound(input, ex.Message));
            }
        }

        private static Resolved[] Failed(ErrorRecord error) => new[] { new Resolved(null, error) };

        /// <summary>A full file-system path, or the error for an input that names none.</summary>
        internal readonly struct Resolved
        {
            public Resolved(string? path, ErrorRecord? error)
            {
                Path = path;
                Error = error;
            }

            public string? Path { get; }
            public ErrorRecord? Error { get; }
        }
    }
}
