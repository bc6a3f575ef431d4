using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Verifik.Sandbox.Endpoints;

namespace Verifik.Sandbox;

/// <summary>A running sandbox on a loopback address. Start one per test (or fixture) and dispose it.</summary>
public sealed class SandboxServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _disposed;

    private SandboxServer(WebApplication app, SandboxOptions options, RecordStore records, RequestLog requests)
    {
        _app = app;
        Options = options;
        Records = records;
        Requests = requests;
        BaseUri = null!; // set once Kestrel reports the bound address
    }

    /// <summary>The real bound address, with a trailing slash, e.g. http://127.0.0.1:41234/.</summary>
    public Uri BaseUri { get; private set; }

    /// <summary>Read on every request: change it between requests to change behaviour.</summary>
    public SandboxOptions Options { get; }

    public RecordStore Records { get; }

    public RequestLog Requests { get; }

    internal FaultInjector Injector { get; } = new();

    /// <param name="url">Loopback only (127.0.0.1, [::1] or localhost); port 0 picks a free port.</param>
    /// <param name="seed">Fills the store before the server listens, so /health never answers for an empty store.</param>
    /// <exception cref="ArgumentException">The URL is not an http loopback URL.</exception>
    public static async Task<SandboxServer> StartAsync(
        SandboxOptions? options = null, string url = "http://127.0.0.1:0", CancellationToken ct = default,
        Action<RecordStore>? seed = null)
    {
        var address = LoopbackUrl.Parse(url);
        options ??= new SandboxOptions();

        // The empty builder reads no appsettings, environment or command line, so the host process can't reconfigure us.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(SandboxServer).Assembly.GetName().Name,
        });
        builder.Services.AddRoutingCore();
        builder.Services.AddSingleton<IHostLifetime, QuietHostLifetime>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.Logging.AddConsole().SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            if (address.Address is { } ip) k.Listen(ip, address.Port);
            else if (address.Port == 0) k.Listen(IPAddress.Loopback, 0); // Kestrel can't pick a dynamic port for "localhost"
            else k.ListenLocalhost(address.Port);                        // 127.0.0.1 and [::1] where available
        });

        var app = builder.Build();
        var server = new SandboxServer(app, options, new RecordStore(), new RequestLog());
        var stopping = app.Lifetime.ApplicationStopping;
        seed?.Invoke(server.Records);

        app.Use(server.LogRequestAsync);
        app.MapGet("/health", () => Results.Text("ok", "text/plain"));
        app.Map("{**path}", (HttpContext ctx) => ApiEndpoint.HandleAsync(ctx, server, stopping));

        try
        {
            await app.StartAsync(ct).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var bound = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        server.BaseUri = new Uri(bound.TrimEnd('/') + "/");
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        // ApplicationStopping cancels Slow faults and latency first, so stopping doesn't wait on them.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        }
        finally
        {
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Logs each request as its response starts (before the client can see it, so a test reading the log
    /// right after a response never misses it), or when it ends without a response (status 0).
    /// </summary>
    private async Task LogRequestAsync(HttpContext ctx, RequestDelegate next)
    {
        var at = DateTimeOffset.UtcNow;
        Requests.NoteArrival();
        var logged = 0;
        void Log(int status)
        {
            if (Interlocked.Exchange(ref logged, 1) != 0) return;
            var req = ctx.Request;
            Requests.Add(new LoggedRequest(
                req.Method,
                ctx.Features.Get<IHttpRequestFeature>()?.RawTarget ?? req.Path.ToString(),
                (req.PathBase + req.Path).ToString(),
                req.QueryString.Value ?? "",
                req.Headers.Host.ToString(),
                req.Headers.Authorization.Count == 0 ? null : req.Headers.Authorization.ToString(),
                status,
                at));
        }

        ctx.Response.OnStarting(() => { Log(ctx.Response.StatusCode); return Task.CompletedTask; });
        try
        {
            await next(ctx);
        }
        finally
        {
            var dropped = ctx.Items.ContainsKey(ApiEndpoint.DroppedKey) || ctx.RequestAborted.IsCancellationRequested;
            Log(dropped ? 0 : ctx.Response.StatusCode);
        }
    }
}
