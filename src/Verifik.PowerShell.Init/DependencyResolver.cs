using System;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;

namespace Verifik.PowerShell.Init
{
    /// <summary>
    /// Chooses the isolation the runtime allows, once per process (every runspace that imports the module
    /// shares it; it is never unregistered, since another runspace may still be using the module).
    /// </summary>
    internal static class DependencyResolver
    {
        public const string FolderName = "Dependencies";

        /// <summary>Polyfills that only .NET Framework needs (.NET has them built in); kept apart so PowerShell 7 never loads them.</summary>
        public const string FrameworkOnlyFolderName = "netfx";

        private static readonly object Gate = new object();
        private static bool _registered;

        public static void Register(string dependencyDir)
        {
            lock (Gate)
            {
                if (_registered) return;
                _registered = true;
            }
            if (RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal))
            {
                FrameworkResolver.Register(dependencyDir);
            }
            else
            {
                // A separate class: on .NET Framework the AssemblyLoadContext type must never be JIT-resolved.
                LoadContextResolver.Register(dependencyDir);
            }
        }

        /// <summary>The file for an assembly name in one folder, or null.</summary>
        internal static string? Find(string folder, AssemblyName name)
        {
            if (string.IsNullOrEmpty(name.Name)) return null;
            var path = Path.Combine(folder, name.Name + ".dll");
            return File.Exists(path) ? path : null;
        }
    }
}
