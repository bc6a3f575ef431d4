using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Verifik.Sandbox.Endpoints;

/// <summary>
/// GET /v2/biometric-validations (and /{id}): another paged resource, in the other envelope and with the other page-size
/// word, for generic requests: <c>{"data":{"docs":[…],"total","perPage","page","pages"}}</c>, paged by <c>page</c> and
/// <c>perPage</c> (default 20, at most 100; <c>limit</c> is not one of its parameters), filtered by <c>in_status[]</c> or
/// <c>where_status</c>. The validations are generated: bv-0000000 .. (see <see cref="SandboxOptions.BiometricValidations"/>).
/// </summary>
internal static class BiometricEndpoints
{
    private const int DefaultPerPage = 20;
    private const int MaxPerPage = 100;
    private static readonly string[] Statuses = ["completed", "completed", "failed", "pending"];
    private static readonly HashSet<string> Known = new(StringComparer.Ordinal) { "page", "perPage", "offset", "sort", "in_status[]", "where_status" };

    /// <returns>The answer, or null when the route is not one of these.</returns>
    public static ApiResponse? Answer(HttpContext ctx, SandboxServer server, ApiRoute route)
    {
        if (route.Kind is not (ApiRouteKind.BiometricList or ApiRouteKind.BiometricGet)) return null;
        if (!HttpMethods.IsGet(ctx.Request.Method)) return ApiResponse.Json(405, ErrorBodies.MethodNotAllowed) with { Allow = "GET" };
        return route.Kind == ApiRouteKind.BiometricGet ? Get(server, route.Id!) : List(server, ctx.Request.Query);
    }

    private static ApiResponse Get(SandboxServer server, string id)
    {
        if (!id.StartsWith("bv-", StringComparison.Ordinal)
            || !int.TryParse(id.AsSpan(3), NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index >= server.Options.BiometricValidations)
            return ApiResponse.Json(404, ErrorBodies.NotFoundFlat);
        return ApiResponse.JsonObject(200, w => { w.WritePropertyName("data"); Write(w, index); });
    }

    private static ApiResponse List(SandboxServer server, IQueryCollection query)
    {
        foreach (var (key, _) in query)
            if (!Known.Contains(key)) return ApiResponse.Json(400, ErrorBodies.InvalidQuery);
        if (!Number(query, "page", 1, out var page) || page < 1) return ApiResponse.Json(400, ErrorBodies.InvalidQuery);
        if (!Number(query, "perPage", DefaultPerPage, out var perPage) || perPage < 1 || perPage > MaxPerPage) return ApiResponse.Json(400, ErrorBodies.InvalidQuery);
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        if (query.TryGetValue("in_status[]", out var inStatus)) foreach (var s in inStatus) if (s is not null) wanted.Add(s);
        if (query.TryGetValue("where_status", out var whereStatus)) wanted.Add(whereStatus.ToString());

        var matching = Enumerable.Range(0, Math.Max(0, server.Options.BiometricValidations))
            .Where(i => wanted.Count == 0 || wanted.Contains(StatusOf(i))).ToArray();
        long total = matching.Length;
        long pages = (total + perPage - 1) / perPage;
        var start = (long)(page - 1) * perPage;
        return ApiResponse.JsonObject(200, w =>
        {
            w.WriteStartObject("data");
            w.WriteStartArray("docs");
            for (var i = start; i < Math.Min(start + perPage, total); i++) Write(w, matching[i]);
            w.WriteEndArray();
            w.WriteNumber("total", total);
            w.WriteNumber("perPage", perPage);
            w.WriteNumber("page", page);
            w.WriteNumber("pages", pages);
            w.WriteEndObject();
        });
    }

    public static string Id(int index) => "bv-" + index.ToString("D7", CultureInfo.InvariantCulture);

    private static string StatusOf(int index) => Statuses[index % Statuses.Length];

    private static void Write(Utf8JsonWriter w, int index)
    {
        w.WriteStartObject();
        w.WriteString("_id", Id(index));
        w.WriteString("status", StatusOf(index));
        w.WriteString("type", "liveness");
        w.WriteNumber("score", Math.Round(0.5 + (index % 50) / 100.0, 2));
        w.WriteString("createdAt", SampleRecords.IsoTime(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).AddHours(index)));
        w.WriteEndObject();
    }

    private static bool Number(IQueryCollection query, string name, int fallback, out int value)
    {
        if (!query.TryGetValue(name, out var raw)) { value = fallback; return true; }
        return int.TryParse(raw.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }
}
