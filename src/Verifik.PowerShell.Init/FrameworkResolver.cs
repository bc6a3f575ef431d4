using System;
using System.IO;
using System.Reflection;

namespace Verifik.PowerShell.Init
{
    /// <summary>
    /// Windows PowerShell 5.1 (.NET Framework, one load context): the resolve-handler pattern. Assemblies
    /// the process cannot find are served from Dependencies/ (and its netfx/ polyfills) whatever version
    /// was asked for, which also stands in for the binding redirects a module cannot ship.
    /// </summary>
    internal static class FrameworkResolver
    {
        public static void Register(string dependencyDir)
        {
            var polyfillDir = Path.Combine(dependencyDir, DependencyResolver.FrameworkOnlyFolderName);
            AppDomain.CurrentDomain.AssemblyResolve += (sender, args) =>
            {
                var name = new AssemblyName(args.Name);
                var path = DependencyResolver.Find(dependencyDir, name) ?? DependencyResolver.Find(polyfillDir, name);
                return path == null ? null : Assembly.LoadFrom(path);
            };
        }
    }
}
