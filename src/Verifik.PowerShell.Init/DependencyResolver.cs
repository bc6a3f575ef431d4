using System;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;

namespace Verifik.PowerShell.Init
{
    /// <summary>
    /// Chooses the isolation the runtime allows, once per process (every runspace that imports the module
    /// shares it; it is never unregistered, since another runspace may still be using the module).
    /// Two kinds of assembly: the module's own public ones at the top of the module folder (the cmdlets and
    /// Verifik.Contracts, in the default context so PowerShell resolves their type names), and the private
    /// ones in Dependencies/ (Verifik.Client, System.Text.Json, …), which could clash with other copies.
    /// </summary>
    internal static class DependencyResolver
    {
        public const string FolderName = "Dependencies";

        /// <summary>Polyfills that only .NET Framework needs (.NET has them built in); kept apart so PowerShell 7 never loads them.</summary>
        public const string FrameworkOnlyFolderName = "netfx";

        private static readonly object Gate = new object();
        private static bool _registered;

        public static void Register(string moduleDir)
        {
            lock (Gate)
            {
                if (_registered) return;
                _registered = true;
            }
            if (RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal))
            {
                FrameworkResolver.Register(moduleDir);
            }
            else
            {
                // A separate class: on .NET Framework the AssemblyLoadContext type must never be JIT-resolved.
                LoadContextResolver.Register(moduleDir);
            }
        }

        /// <summary>
        /// The module's own public assembly of that name (at the top of the module folder), or null. Only Verifik.*
        /// names: PowerShell itself resolves whatever else sits there.
        /// </summary>
        internal static string? FindPublic(string moduleDir, AssemblyName name) =>
            name.Name != null && name.Name.StartsWith("Verifik.", StringComparison.Ordinal) ? Find(moduleDir, name) : null;

        /// <summary>The file for an assembly name in one folder, or null.</summary>
        internal static string? Find(string folder, AssemblyName name)
        {
            if (string.IsNullOrEmpty(name.Name)) return null;
            var path = Path.Combine(folder, name.Name + ".dll");
            return File.Exists(path) ? path : null;
        }
    }
}
