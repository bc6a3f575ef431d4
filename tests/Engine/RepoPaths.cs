namespace Verifik.Engine.Tests;

/// <summary>Finds the repository (and the module folder the build assembles) from the test binaries.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string ModuleManifest => Path.Combine(Root, "out", "Verifik", "Verifik.psd1");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Verifik.PowerShell.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("Verifik.PowerShell.sln not found above " + AppContext.BaseDirectory);
    }
}
