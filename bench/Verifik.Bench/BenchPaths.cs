using System.Reflection;
using System.Runtime.InteropServices;

namespace Verifik.Bench;

/// <summary>Where the repository, the built module, the sandbox program and the dotnet host are.</summary>
internal static class BenchPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The built module; VERIFIK_BENCH_MODULE points elsewhere (another build, to compare before and after a change).</summary>
    public static string ModuleManifest =>
        Environment.GetEnvironmentVariable("VERIFIK_BENCH_MODULE") is { Length: > 0 } other ? other : Path.Combine(Root, "out", "Verifik", "Verifik.psd1");

    public static string ResultsFile(bool quick) => Path.Combine(Root, "bench", quick ? "results.local.json" : "results.json");

    /// <summary>The results of one scenario group run alone (--only): bench/results.&lt;name&gt;.json, or .local.json with --quick.</summary>
    public static string ResultsFile(bool quick, string only) => Path.Combine(Root, "bench", $"results.{only}{(quick ? ".local" : "")}.json");

    /// <summary>Verifik.Sandbox.dll with its runtimeconfig beside it, so "dotnet Verifik.Sandbox.dll" can start it.</summary>
    public static string SandboxDll()
    {
        var config = typeof(BenchPaths).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var candidates = new[]
        {
            Path.Combine(Root, "src", "Verifik.Sandbox", "bin", config, "net10.0", "Verifik.Sandbox.dll"),
            Path.Combine(AppContext.BaseDirectory, "Verifik.Sandbox.dll"),
            Path.Combine(Root, "src", "Verifik.Sandbox", "bin", "Release", "net10.0", "Verifik.Sandbox.dll"),
            Path.Combine(Root, "src", "Verifik.Sandbox", "bin", "Debug", "net10.0", "Verifik.Sandbox.dll"),
        };
        foreach (var dll in candidates)
        {
            if (File.Exists(dll) && File.Exists(Path.ChangeExtension(dll, ".runtimeconfig.json"))) return dll;
        }
        throw new FileNotFoundException("Verifik.Sandbox.dll (with its runtimeconfig.json) not found; tried: " + string.Join(", ", candidates));
    }

    /// <summary>The dotnet host running this process (the runtime lives in &lt;root&gt;/shared/Microsoft.NETCore.App/&lt;v&gt;/).</summary>
    public static string DotnetHost()
    {
        var fromEnv = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromEnv) && File.Exists(fromEnv)) return fromEnv;
        var runtimeDir = new DirectoryInfo(RuntimeEnvironment.GetRuntimeDirectory());
        var root = runtimeDir.Parent?.Parent?.Parent;
        var exe = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        if (root != null && File.Exists(Path.Combine(root.FullName, exe))) return Path.Combine(root.FullName, exe);
        return exe; // from PATH
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Verifik.PowerShell.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("Verifik.PowerShell.sln not found above " + AppContext.BaseDirectory);
    }
}
