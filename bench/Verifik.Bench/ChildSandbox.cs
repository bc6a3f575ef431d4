using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Verifik.Bench;

/// <summary>The sandbox program in a child process on a free loopback port, so its memory is not ours.</summary>
internal sealed class ChildSandbox : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = new();
    private int _disposed;

    private ChildSandbox(Process process, Uri baseUri)
    {
        _process = process;
        BaseUri = baseUri;
        // Should the benchmark be interrupted (Ctrl+C, unhandled exception), the child must not outlive it.
        AppDomain.CurrentDomain.ProcessExit += OnExit;
        Console.CancelKeyPress += OnExit;
    }

    public Uri BaseUri { get; }

    public int ProcessId => _process.Id;

    /// <summary>A sandbox serving exactly <paramref name="synthetic"/> generated records (no sample records).</summary>
    /// <param name="extra">More sandbox options, e.g. "--synthetic-image-bytes", "2097152".</param>
    public static ChildSandbox Start(int synthetic, TimeSpan startLimit, params string[] extra) =>
        Start(startLimit, new[] { "--synthetic", synthetic.ToString(System.Globalization.CultureInfo.InvariantCulture), "--no-samples" }.Concat(extra).ToArray());

    /// <param name="arguments">Sandbox options after --urls (see its --help), e.g. "--latency-ms", "20".</param>
    public static ChildSandbox Start(TimeSpan startLimit, params string[] arguments)
    {
        var dll = BenchPaths.SandboxDll();
        var port = FreeLoopbackPort();
        var url = $"http://127.0.0.1:{port}";
        var psi = new ProcessStartInfo(BenchPaths.DotnetHost())
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
        };
        foreach (var a in new[] { dll, "--urls", url }.Concat(arguments)) psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_gcServer"] = "0";

        var process = Process.Start(psi) ?? throw new InvalidOperationException("Could not start the sandbox process.");
        var child = new ChildSandbox(process, new Uri(url + "/"));
        try
        {
            process.OutputDataReceived += (_, e) => child.Keep(e.Data);
            process.ErrorDataReceived += (_, e) => child.Keep(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            child.WaitHealthy(startLimit);
            return child;
        }
        catch
        {
            child.Dispose();
            throw;
        }
    }

    private void Keep(string? line)
    {
        if (line == null) return;
        lock (_output)
        {
            _output.Add(line);
            if (_output.Count > 50) _output.RemoveAt(0);
        }
    }

    private void WaitHealthy(TimeSpan limit)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"The sandbox exited with code {_process.ExitCode}: {string.Join(" / ", Snapshot())}");
            try
            {
                using var response = http.GetAsync(new Uri(BaseUri, "health")).GetAwaiter().GetResult();
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            Thread.Sleep(100);
        }
        throw new TimeoutException($"The sandbox did not answer /health within {limit.TotalSeconds:N0} s: {string.Join(" / ", Snapshot())}");
    }

    private string[] Snapshot()
    {
        lock (_output) return _output.ToArray();
    }

    private static int FreeLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try { return ((IPEndPoint)listener.LocalEndpoint).Port; }
        finally { listener.Stop(); }
    }

    private void OnExit(object? sender, EventArgs e) => Dispose();

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        AppDomain.CurrentDomain.ProcessExit -= OnExit;
        Console.CancelKeyPress -= OnExit;
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(); // this child only, by its own process handle
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException) { } // already gone
        _process.Dispose();
    }
}
