using System.IO;
using System.Management.Automation;

namespace Verifik.PowerShell.Init
{
    /// <summary>
    /// Runs when Verifik.psd1 loads this nested module, before the cmdlet assembly: from then on the
    /// module's dependencies resolve from its Dependencies/ folder, isolated where the runtime allows.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer
    {
        public void OnImport()
        {
            var moduleDir = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? ".";
            DependencyResolver.Register(moduleDir);
        }
    }
}
