using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Verifik.Unit.Tests.Sandbox;

/// <summary>The sandbox program (Verifik.Sandbox.dll beside the tests) run as a child process, as benchmarks and Pester run it.</summary>
internal sealed class SandboxProgram : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = new();

    private SandboxProgram(Process process) => _process = process;

    public static SandboxProgram Start(params string[] args)
    {
        var psi = new ProcessStartInfo(DotnetHost())
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Verifik.Sandbox.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);

        var program = new SandboxProgram(Process.Start(psi) ?? throw new InvalidOperationException("Could not start the sandbox."));
        program._process.OutputDataReceived += (_, e) => program.Keep(e.Data);
        program._process.ErrorDataReceived += (_, e) => program.Keep(e.Data);
        program._process.BeginOutputReadLine();
        program._process.BeginErrorReadLine();
        return program;
    }

    /// <summary>Runs to completion (for --help and usage errors).</summary>
    public static (int ExitCode, string Output) Run(params string[] args)
    {
        using var program = Start(args);
        if (!program._process.WaitForExit(TimeSpan.FromSeconds(60))) throw new TimeoutException("The sandbox did not exit.");
        program._process.WaitForExit(); // flushes the redirected output
        return (program._process.ExitCode, string.Join("\n", program.Lines()));
    }

    public int ProcessId => _process.Id;

    /// <summary>Ends the process at once, as benchmarks and Pester stop it (no clean-up runs).</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(TimeSpan.FromSeconds(10));
    }

    public IReadOnlyList<string> Lines()
    {
        lock (_output) return _output.ToArray();
    }

    /// <summary>Waits until a line starting with <paramref name="prefix"/> is printed.</summary>
    public string WaitForLine(string prefix, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            if (Lines().FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal)) is { } line) return line;
            if (_process.HasExited) break;
            Thread.Sleep(50);
        }
        throw new TimeoutException($"No line starting with '{prefix}'. Output:\n{string.Join("\n", Lines())}");
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        lock (_output) _output.Add(line);
    }

    private static string DotnetHost()
    {
        var fromEnv = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromEnv) && File.Exists(fromEnv)) return fromEnv;
        var root = new DirectoryInfo(RuntimeEnvironment.GetRuntimeDirectory()).Parent?.Parent?.Parent;
        var exe = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        return root is not null && File.Exists(Path.Combine(root.FullName, exe)) ? Path.Combine(root.FullName, exe) : exe;
    }

    public void Dispose()
    {
        // Only this process, which the test started.
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit(TimeSpan.FromSeconds(10));
        _process.Dispose();
    }
}
