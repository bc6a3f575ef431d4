using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Verifik.Sandbox.Endpoints;

/// <summary>
/// Everything on the API listener except /health: latency, then faults, then the bearer check (not for sign-ins),
/// then routing on the raw target (so an escaped "/" inside an id stays part of the id).
/// </summary>
internal static class ApiEndpoint
{
    /// <summary>HttpContext.Items key set when a fault drops the connection (logged as status 0).</summary>
    public const string DroppedKey = "Verifik.Sandbox.Dropped";

    /// <summary>HttpContext.Items key holding the status of a response written past Kestrel (straight to the socket).</summary>
    public const string RawStatusKey = "Verifik.Sandbox.RawStatus";

    public static async Task HandleAsync(HttpContext ctx, SandboxServer server, CancellationToken stopping)
    {
        var rawTarget = ctx.Features.Get<IHttpRequestFeature>()?.RawTarget ?? ctx.Request.Path.ToString();
        var segments = RequestTarget.Segments(rawTarget);

        // Outside /v2 there is no API: no auth, latency or faults, just the flat 404.
        if (segments.Count == 0 || segments[0] != "v2")
        {
            await SendAsync(ctx, ApiResponse.Json(404, ErrorBodies.NotFoundFlat), ctx.RequestAborted);
            return;
        }

        var route = ApiRoute.Parse(ctx.Request.Method, segments);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted, stopping);
        var token = linked.Token;
        var options = server.Options;
        try
        {
            var delay = server.Injector.Delay(options);
            if (delay > TimeSpan.Zero) await Task.Delay(delay, token);

            var response = server.Injector.Select(options, route.Operation, route.Id) is { } fault
                ? await ApplyFaultAsync(ctx, fault, rawTarget, () => AnswerAsync(ctx, server, route, token), token)
                : await AnswerAsync(ctx, server, route, token);
            if (response is null)
            {
                Drop(ctx);
                return;
            }
            await SendAsync(ctx, response, token);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Client went away or the sandbox is stopping: nothing useful to send.
            Drop(ctx);
        }
        catch (IOException)
        {
            // The client went away or sent less than it declared, mid-upload.
            Drop(ctx);
        }
    }

    /// <summary>Aborts the connection without a response (logged as status 0).</summary>
    public static void Drop(HttpContext ctx)
    {
        ctx.Items[DroppedKey] = true;
        SandboxServer.LogNow(ctx, 0); // before the client can see the connection end
        ctx.Abort();
    }

    /// <summary>The real answer, as if no fault were configured.</summary>
    private static async Task<ApiResponse> AnswerAsync(HttpContext ctx, SandboxServer server, ApiRoute route, CancellationToken token)
    {
        // Signing in is how a token is obtained: any Authorization header is ignored there.
        if (route.IsSignIn) return await SignInEndpoints.AnswerAsync(ctx, server, route.Kind, token);

        if (!server.Bearer.TryAuthorize(ctx.Request, out var clientId))
            return ApiResponse.Json(401, ErrorBodies.MissingToken);
        if (route.Kind == ApiRouteKind.Create) return await CreateEndpoint.AnswerAsync(ctx, server, clientId, token);
        if (AccountEndpoints.Answer(ctx, server, route, clientId) is { } account) return account;
        if (BiometricEndpoints.Answer(ctx, server, route) is { } biometric) return biometric;
        // HEAD is GET without the body (Kestrel sends the headers only).
        if (!HttpMethods.IsGet(ctx.Request.Method) && !HttpMethods.IsHead(ctx.Request.Method))
            return ApiResponse.Json(405, ErrorBodies.MethodNotAllowed) with { Allow = route.Kind == ApiRouteKind.List ? "GET, POST" : "GET" };
        return route.Kind switch
        {
            ApiRouteKind.List => DocumentLivenessEndpoints.List(server, ctx.Request.Query),
            ApiRouteKind.Get => DocumentLivenessEndpoints.Get(server, route.Id!),
            _ => ApiResponse.Json(404, ErrorBodies.NotFoundFlat),
        };
    }

    /// <returns>The response to send, or null to drop the connection.</returns>
    private static async Task<ApiResponse?> ApplyFaultAsync(
        HttpContext ctx, FaultRule fault, string rawTarget, Func<Task<ApiResponse>> answer, CancellationToken token)
    {
        switch (fault.Kind)
        {
            case FaultKind.DropConnection:
                return null; // before reading the body: a create is not processed
            case FaultKind.Slow:
                var delay = Task.Delay(fault.Delay, token);
                await (fault.Release is null ? delay : Task.WhenAny(delay, fault.Release));
                token.ThrowIfCancellationRequested();
                return await answer();
            case FaultKind.TruncatedBody:
                var whole = (await answer()).Body;
                // Content-Length matches the half that is sent: the client sees a complete response that is bad JSON.
                return ApiResponse.Json(200, whole[..(whole.Length / 2)]);
            case FaultKind.WrongStatus:
                return await answer() with { Status = fault.Status == 0 ? 200 : fault.Status };
            case FaultKind.ServerErrorAfterBody:
                await answer(); // processed (a create stored and charged), then the answer is lost
                return CannedFaults.ServerError(fault);
            case FaultKind.DropAfterBody:
                await answer();
                return null;
            case FaultKind.EarlyAnswer:
                return CannedFaults.EarlyAnswer(fault);
            case FaultKind.AnswerMidBody:
                await RequestBody.SkipAsync(ctx, 64 * 1024, token);
                return CannedFaults.EarlyAnswer(fault);
            case FaultKind.ListRepeat:
                // Every page is page 1, without counts: only a client that notices the repeat stops.
                ctx.Request.QueryString = ListFaults.FirstPage(ctx.Request.Query);
                return ListFaults.Reshape(fault, ctx.Request.Query, await answer());
            case var kind when BodyFaults.Handles(kind):
                return BodyFaults.Reshape(fault, await answer());
            case var kind when ListFaults.Handles(kind):
                return ListFaults.Reshape(fault, ctx.Request.Query, await answer());
            default:
                return CannedFaults.Answer(ctx, fault, rawTarget) ?? await answer();
        }
    }

    public static async Task SendAsync(HttpContext ctx, ApiResponse response, CancellationToken token)
    {
        if (response.Close)
        {
            await (CdnContent.From(response) with { Ending = CdnEnding.Abort }).WriteAsync(ctx, token);
            return;
        }
        var r = ctx.Response;
        r.StatusCode = response.Status;
        if (response.ContentType is not null) r.ContentType = response.ContentType;
        if (response.Location is not null) r.Headers.Location = response.Location;
        if (response.RetryAfter is not null) r.Headers.RetryAfter = response.RetryAfter;
        if (response.Allow is not null) r.Headers.Allow = response.Allow;
        if (response.ContentEncoding is not null) r.Headers.ContentEncoding = response.ContentEncoding;
        if (response.Status != 204) r.ContentLength = response.Body.Length;
        if (response.Body.Length > 0) await r.Body.WriteAsync(response.Body, token);
        else await r.StartAsync(token);
    }
}
