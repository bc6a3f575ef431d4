using System.Reflection;
using System.Runtime.Loader;

namespace Verifik.PowerShell.Init
{
    /// <summary>
    /// PowerShell 7: the module's dependencies (Verifik.Client, System.Text.Json, …) load into their own
    /// AssemblyLoadContext, so they neither clash with nor replace PowerShell's or another module's copies.
    /// Only requests from the default context for files in Dependencies/ are answered (the cmdlet assembly
    /// asking for Verifik.Client); everything else is left to PowerShell.
    /// </summary>
    internal static class LoadContextResolver
    {
        public static void Register(string dependencyDir)
        {
            var context = new VerifikLoadContext(dependencyDir);
            AssemblyLoadContext.Default.Resolving += (defaultContext, name) =>
                DependencyResolver.Find(dependencyDir, name) == null ? null : context.LoadFromAssemblyName(name);
        }
    }

    /// <summary>
    /// Loads what Dependencies/ holds; anything else (the framework, including the polyfills in
    /// Dependencies/netfx that .NET already has) falls back to the default context.
    /// </summary>
    internal sealed class VerifikLoadContext : AssemblyLoadContext
    {
        private readonly string _dependencyDir;

        public VerifikLoadContext(string dependencyDir) { _dependencyDir = dependencyDir; }

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            var path = DependencyResolver.Find(_dependencyDir, assemblyName);
            return path == null ? null : LoadFromAssemblyPath(path);
        }
    }
}
