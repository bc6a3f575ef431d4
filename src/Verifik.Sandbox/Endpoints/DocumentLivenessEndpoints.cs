using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Verifik.Sandbox.Endpoints;

/// <summary>GET by id and the list, answering in the shapes the two generations of the docs show.</summary>
internal static class DocumentLivenessEndpoints
{
    private const int DefaultLimit = 10;
    private const int MaxLimit = 100;
    private static readonly HashSet<string> KnownQuery = new(StringComparer.Ordinal) { "page", "limit", "status" };

    public static ApiResponse Get(SandboxServer server, string id)
    {
        var options = server.Options;
        if (server.Records.Find(id) is { } stored)
        {
            return stored.Nested
                ? Write(200, w => { WriteSuccess(w); w.WritePropertyName("data"); w.WriteRawValue(stored.Json, true); WriteSignature(w); })
                : Write(200, w => { w.WritePropertyName("data"); w.WriteRawValue(stored.Json, true); });
        }
        if (SyntheticRecords.TryParseIndex(id, options.SyntheticCount, out var index))
            return Write(200, w => { w.WritePropertyName("data"); SyntheticRecords.Write(w, index, SyntheticImageUrl(server, index)); });

        return ApiResponse.Json(404, options.NotFoundStyle == NotFoundStyle.Nested ? ErrorBodies.NotFoundNested : ErrorBodies.NotFoundFlat);
    }

    public static ApiResponse List(SandboxServer server, IQueryCollection query)
    {
        // Strict on purpose: unknown or repeated parameters are a client bug worth surfacing.
        foreach (var (key, values) in query)
            if (!KnownQuery.Contains(key) || values.Count != 1) return Invalid();
        if (!TryInt(query, "page", 1, out var page) || page < 1) return Invalid();
        if (!TryInt(query, "limit", DefaultLimit, out var limit) || limit < 1 || limit > MaxLimit) return Invalid();
        string? status = query.TryGetValue("status", out var s) ? s.ToString() : null;

        var options = server.Options;
        StoredRecord[] stored = server.Records.Snapshot();
        if (status is not null) stored = Array.FindAll(stored, r => r.Status == status);
        // Synthetic records have no status (the flat shape has none), so a status filter excludes them.
        long synthetic = status is null ? Math.Max(0, options.SyntheticCount) : 0;
        long total = stored.Length + synthetic;
        long pages = (total + limit - 1) / limit;
        long start = (long)(page - 1) * limit;
        long end = Math.Min(start + limit, total);

        if (start >= total)
        {
            if (options.EmptyListAsNoContent) return ApiResponse.NoContent;
            return options.ListShape == ListShape.DataDocs
                ? Write(200, w => { w.WriteStartObject("data"); w.WriteStartArray("docs"); w.WriteEndArray(); WriteCounts(w, total, limit, page, pages); w.WriteEndObject(); })
                : Write(200, w => { w.WriteStartArray("data"); w.WriteEndArray(); });
        }

        // Only this page is generated, however many synthetic records there are.
        void Items(Utf8JsonWriter w)
        {
            for (var i = start; i < end; i++)
            {
                if (i < stored.Length) w.WriteRawValue(stored[i].Json, true);
                else
                {
                    var index = (int)(i - stored.Length);
                    SyntheticRecords.Write(w, index, SyntheticImageUrl(server, index));
                }
            }
        }

        return options.ListShape switch
        {
            ListShape.TopLevel => Write(200, w =>
            {
                w.WriteStartArray("data"); Items(w); w.WriteEndArray();
                WriteCounts(w, total, limit, page, pages);
            }),
            ListShape.DataDocs => Write(200, w =>
            {
                w.WriteStartObject("data");
                w.WriteStartArray("docs"); Items(w); w.WriteEndArray();
                WriteCounts(w, total, limit, page, pages);
                w.WriteEndObject();
            }),
            _ => Write(200, w =>
            {
                WriteSuccess(w);
                w.WriteStartArray("data"); Items(w); w.WriteEndArray();
                w.WriteStartObject("pagination");
                w.WriteNumber("page", page);
                w.WriteNumber("limit", limit);
                w.WriteNumber("total", total);
                w.WriteNumber("pages", pages);
                w.WriteEndObject();
                WriteSignature(w);
            }),
        };
    }

    private static ApiResponse Invalid() => ApiResponse.Json(400, ErrorBodies.InvalidQuery);

    private static bool TryInt(IQueryCollection query, string name, int fallback, out int value)
    {
        if (!query.TryGetValue(name, out var raw)) { value = fallback; return true; }
        return int.TryParse(raw.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    private static void WriteCounts(Utf8JsonWriter w, long total, int limit, int page, long pages)
    {
        w.WriteNumber("total", total);
        w.WriteNumber("limit", limit);
        w.WriteNumber("page", page);
        w.WriteNumber("pages", pages);
    }

    private static void WriteSuccess(Utf8JsonWriter w) => w.WriteBoolean("success", true);

    private static void WriteSignature(Utf8JsonWriter w) => ApiResponse.WriteSignature(w, "April 11, 2023 12:25 PM");

    private static ApiResponse Write(int status, Action<Utf8JsonWriter> members) => ApiResponse.JsonObject(status, members);

    /// <summary>The generated image a synthetic record points at, or null when they keep the cdn.verifik.co URL.</summary>
    private static string? SyntheticImageUrl(SandboxServer server, int index) =>
        server.Options.SyntheticImageBytes is > 0 and var bytes ? server.GeneratedImagePath(bytes, SyntheticRecords.Id(index)) : null;
}
