using System;
using System.IO;
using System.Reflection;

namespace Verifik.PowerShell.Init
{
    /// <summary>
    /// Windows PowerShell 5.1 (.NET Framework, one load context): the resolve-handler pattern. Assemblies
    /// the process cannot find are served from Dependencies/ (and its netfx/ polyfills) whatever version
    /// was asked for, which also stands in for the binding redirects a module cannot ship; the module's own
    /// public assemblies (top of the module folder) are served too, so Dependencies/Verifik.Client finds
    /// Verifik.Contracts there.
    /// </summary>
    internal static class FrameworkResolver
    {
        public static void Register(string moduleDir)
        {
            var dependencyDir = Path.Combine(moduleDir, DependencyResolver.FolderName);
            var polyfillDir = Path.Combine(dependencyDir, DependencyResolver.FrameworkOnlyFolderName);
            AppDomain.CurrentDomain.AssemblyResolve += (sender, args) =>
            {
                var name = new AssemblyName(args.Name);
                var path = DependencyResolver.FindPublic(moduleDir, name)
                    ?? DependencyResolver.Find(dependencyDir, name)
                    ?? DependencyResolver.Find(polyfillDir, name);
                return path == null ? null : Assembly.LoadFrom(path);
            };
        }
    }
}
