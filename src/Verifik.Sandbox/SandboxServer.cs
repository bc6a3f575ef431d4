using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Verifik.Sandbox.Endpoints;

namespace Verifik.Sandbox;

/// <summary>
/// A running sandbox on a loopback address, with a second loopback listener for stored images (the "CDN", a
/// different origin from the API). Start one per test (or fixture) and dispose it.
/// </summary>
public sealed class SandboxServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _disposed;
    private int _ready;
    private int _cdnPort = -1;
    private string? _apiOrigin;
    private string? _cdnOrigin;

    private SandboxServer(WebApplication app, SandboxOptions options, RecordStore records, RequestLog requests)
    {
        _app = app;
        Options = options;
        Records = records;
        Requests = requests;
        Bearer = new BearerCheck(this);
        BaseUri = null!;    // set once Kestrel reports the bound addresses
        CdnBaseUri = null!;
    }

    /// <summary>The real bound address, with a trailing slash, e.g. http://127.0.0.1:41234/.</summary>
    public Uri BaseUri { get; private set; }

    /// <summary>The image listener's address, with a trailing slash, e.g. http://127.0.0.1:41235/. No /v2 routes there.</summary>
    public Uri CdnBaseUri { get; private set; }

    /// <summary>Read on every request: change it between requests to change behaviour.</summary>
    public SandboxOptions Options { get; }

    public RecordStore Records { get; }

    /// <summary>Requests to both listeners (<see cref="LoggedRequest.Origin"/> tells them apart).</summary>
    public RequestLog Requests { get; }

    /// <summary>Images served at <see cref="ImageUrl"/>: saved by creates with saveImage, or added by tests.</summary>
    public ImageStore Images { get; } = new();

    /// <summary>Creates processed (stored, and charged on the live API), even those a fault answered 500 or dropped.</summary>
    public CreateLog Creates { get; } = new();

    /// <summary>Tokens issued and otp hashes sent by the sign-in endpoints.</summary>
    public SignInLog SignIns { get; } = new();

    internal FaultInjector Injector { get; } = new();

    internal BearerCheck Bearer { get; }

    /// <summary>Where an image of <see cref="Images"/> is served: &lt;CdnBaseUri&gt;document-liveness/&lt;name&gt;.</summary>
    public Uri ImageUrl(string name) => new(ImageAddress(name));

    /// <summary>A generated JPEG of exactly <paramref name="bytes"/> bytes (streamed, never held): &lt;CdnBaseUri&gt;generated/&lt;bytes&gt;/&lt;name&gt;.jpg.</summary>
    public Uri GeneratedImageUrl(long bytes, string name) => new(GeneratedImageAddress(bytes, name));

    /// <summary>The small sample JPEG (<see cref="SampleImages.Jpeg"/>), image/jpeg, under any name.</summary>
    public Uri SampleImageUrl(string name) => new(CdnBaseUri, "sample/" + Uri.EscapeDataString(name));

    /// <summary>A misbehaving image answer (see <see cref="HostileImage"/>).</summary>
    /// <param name="bytes">For Oversized/OversizedChunked: the size the body exceeds (by one byte); for Truncated/Stall: the declared
    /// Content-Length. Ignored by the other kinds.</param>
    public Uri HostileImageUrl(HostileImage kind, string name, long bytes = 64 * 1024)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        return new Uri(CdnBaseUri, HostileRoutes.Path(kind, name, bytes));
    }

    internal string ImageAddress(string name) => CdnBaseUri.AbsoluteUri + "document-liveness/" + Uri.EscapeDataString(name);

    internal string GeneratedImageAddress(long bytes, string name)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        return CdnBaseUri.AbsoluteUri + "generated/" + bytes.ToString(System.Globalization.CultureInfo.InvariantCulture) + "/" + Uri.EscapeDataString(name) + ".jpg";
    }

    private bool IsCdn(HttpContext ctx) => ctx.Connection.LocalPort == Volatile.Read(ref _cdnPort);

    /// <param name="url">Loopback only (127.0.0.1, [::1] or localhost); port 0 picks a free port.</param>
    /// <param name="seed">Fills the store (and images) once both addresses are bound, before StartAsync returns; /health
    /// answers 503 until it is done, so a client waiting on /health never sees a half-seeded store.</param>
    /// <param name="cdnUrl">The image listener's address, loopback only like <paramref name="url"/>; port 0 picks a free port.</param>
    /// <exception cref="ArgumentException">A URL is not an http loopback URL.</exception>
    public static async Task<SandboxServer> StartAsync(
        SandboxOptions? options = null, string url = "http://127.0.0.1:0", CancellationToken ct = default,
        Action<SandboxServer>? seed = null, string cdnUrl = "http://127.0.0.1:0")
    {
        var address = LoopbackUrl.Parse(url);
        var cdnAddress = LoopbackUrl.Parse(cdnUrl);
        options ??= new SandboxOptions();

        // The empty builder reads no appsettings, environment or command line, so the host process can't reconfigure us.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(SandboxServer).Assembly.GetName().Name,
        });
        builder.Services.AddRoutingCore();
        builder.Services.AddSingleton<IHostLifetime, QuietHostLifetime>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        // A port already taken is reported once, by the caller, from the exception: not also as the host's stack trace.
        builder.Logging.AddConsole().SetMinimumLevel(LogLevel.Warning).AddFilter("Microsoft.Extensions.Hosting", LogLevel.None);
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            // API first, then images: Kestrel reports the bound addresses in this order.
            Listen(k, address);
            Listen(k, cdnAddress);
        });

        var app = builder.Build();
        var server = new SandboxServer(app, options, new RecordStore(), new RequestLog());
        var stopping = app.Lifetime.ApplicationStopping;

        app.Use(server.LogRequestAsync);
        // Route by the listener's port, before any API route: the image origin has none of them (not even /health).
        app.Use((ctx, next) => server.IsCdn(ctx) ? CdnEndpoint.HandleAsync(ctx, server, stopping) : next(ctx));
        app.MapGet("/health", () => Volatile.Read(ref server._ready) == 1 ? Results.Text("ok", "text/plain") : Results.StatusCode(503));
        app.MapGet(LogEndpoint.Path, (HttpContext ctx) => LogEndpoint.HandleAsync(ctx, server));
        app.Map("{**path}", (HttpContext ctx) => ApiEndpoint.HandleAsync(ctx, server, stopping));

        try
        {
            await app.StartAsync(ct).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            server.Images.Dispose();
            throw;
        }

        var bound = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.ToArray();
        server.BaseUri = new Uri(bound[0].TrimEnd('/') + "/");
        server.CdnBaseUri = new Uri(bound[^1].TrimEnd('/') + "/");
        server._apiOrigin = server.BaseUri.GetLeftPart(UriPartial.Authority);
        server._cdnOrigin = server.CdnBaseUri.GetLeftPart(UriPartial.Authority);
        Volatile.Write(ref server._cdnPort, server.CdnBaseUri.Port);
        try
        {
            seed?.Invoke(server); // sample records point at images on the image listener, whose port is only known now
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        Volatile.Write(ref server._ready, 1);
        return server;
    }

    private static void Listen(KestrelServerOptions k, LoopbackUrl address)
    {
        if (address.Address is { } ip) k.Listen(ip, address.Port);
        else if (address.Port == 0) k.Listen(IPAddress.Loopback, 0); // Kestrel can't pick a dynamic port for "localhost"
        else k.ListenLocalhost(address.Port);                        // 127.0.0.1 and [::1] where available
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
            Images.Dispose(); // the temp folder of saved images goes with the server
        }
    }

    private const string LogNowKey = "Verifik.Sandbox.LogNow";

    /// <summary>
    /// Logs the request now, for an answer that does not pass through Kestrel's response (a response written straight to
    /// the socket, a deliberate drop), so it is in the log before the client can see it end. Later calls do nothing.
    /// </summary>
    internal static void LogNow(HttpContext ctx, int status)
    {
        if (ctx.Items.TryGetValue(LogNowKey, out var log) && log is Action<int> now) now(status);
    }

    /// <summary>
    /// Logs each request as its response starts, or as the sandbox itself ends it without one (<see cref="LogNow"/>),
    /// before the client can see either, so a test reading the log right after an answer never misses it; a request the
    /// client abandoned is logged when it ends (status 0).
    /// </summary>
    private async Task LogRequestAsync(HttpContext ctx, RequestDelegate next)
    {
        var at = DateTimeOffset.UtcNow;
        Requests.NoteArrival(ctx.Request.Method, (ctx.Request.PathBase + ctx.Request.Path).ToString());
        var logged = 0;
        void Log(int status)
        {
            if (Interlocked.Exchange(ref logged, 1) != 0) return;
            var req = ctx.Request;
            var authorization = req.Headers.Authorization;
            var token = authorization.Count == 0 ? null : BearerCheck.TokenOf(authorization[0]);
            Requests.Add(new LoggedRequest(
                req.Method,
                ctx.Features.Get<IHttpRequestFeature>()?.RawTarget ?? req.Path.ToString(),
                (req.PathBase + req.Path).ToString(),
                req.QueryString.Value ?? "",
                req.Headers.Host.ToString(),
                req.Headers.Authorization.Count == 0 ? null : req.Headers.Authorization.ToString(),
                status,
                at,
                token is null ? null : SandboxDefaults.TokenId(token),
                IsCdn(ctx) ? _cdnOrigin : _apiOrigin,
                req.ContentLength,
                ctx.Connection.Id,
                Requests.Arrived));
        }

        ctx.Items[LogNowKey] = (Action<int>)Log;
        ctx.Response.OnStarting(() => { Log(ctx.Response.StatusCode); return Task.CompletedTask; });
        try
        {
            await next(ctx);
        }
        finally
        {
            var dropped = ctx.Items.ContainsKey(ApiEndpoint.DroppedKey) || ctx.RequestAborted.IsCancellationRequested;
            Log(ctx.Items.TryGetValue(ApiEndpoint.RawStatusKey, out var raw) && raw is int sent ? sent : dropped ? 0 : ctx.Response.StatusCode);
        }
    }
}
