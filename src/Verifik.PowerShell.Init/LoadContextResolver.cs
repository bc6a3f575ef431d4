using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace Verifik.PowerShell.Init
{
    /// <summary>
    /// PowerShell 7: the module's private dependencies (Verifik.Client, System.Text.Json, …) load into their own
    /// AssemblyLoadContext, so they neither clash with nor replace PowerShell's or another module's copies.
    /// Only requests from the default context for files in Dependencies/ are answered (the cmdlet assembly
    /// asking for Verifik.Client); everything else is left to PowerShell.
    /// </summary>
    internal static class LoadContextResolver
    {
        public static void Register(string moduleDir)
        {
            var dependencyDir = Path.Combine(moduleDir, DependencyResolver.FolderName);
            var context = new VerifikLoadContext(moduleDir, dependencyDir);
            AssemblyLoadContext.Default.Resolving += (defaultContext, name) =>
                DependencyResolver.Find(dependencyDir, name) == null ? null : context.LoadFromAssemblyName(name);
        }
    }

    /// <summary>
    /// Loads what Dependencies/ holds. The module's public assemblies (Verifik.Contracts) come from the default
    /// context, so the isolated client builds objects of the very types scripts name; anything else (the
    /// framework, including the polyfills in Dependencies/netfx that .NET already has) falls back to the default
    /// context too.
    /// </summary>
    internal sealed class VerifikLoadContext : AssemblyLoadContext
    {
        private readonly string _moduleDir;
        private readonly string _dependencyDir;

        public VerifikLoadContext(string moduleDir, string dependencyDir)
        {
            _moduleDir = moduleDir;
            _dependencyDir = dependencyDir;
        }

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            // Import-Module has normally loaded it already (RequiredAssemblies); loading by path returns that copy.
            var shared = DependencyResolver.FindPublic(_moduleDir, assemblyName);
            if (shared != null) return Default.LoadFromAssemblyPath(shared);
            var path = DependencyResolver.Find(_dependencyDir, assemblyName);
            return path == null ? null : LoadFromAssemblyPath(path);
        }
    }
}
