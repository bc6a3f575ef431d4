using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Verifik.Sandbox.Endpoints;

/// <summary>Faults that lie about a list page's counts (or its records), for clients that must not loop or stop early.</summary>
internal static class ListFaults
{
    public const long HugePages = (long)int.MaxValue + 2; // 2^31 + 1

    public static bool Handles(FaultKind kind) =>
        kind is FaultKind.ListEndless or FaultKind.ListRepeat or FaultKind.ListEmptyAfterFirst or FaultKind.ListHugePages;

    /// <summary>The same query for page 1.</summary>
    public static QueryString FirstPage(IQueryCollection query)
    {
        var pairs = query.Where(p => p.Key != "page").Select(p => KeyValuePair.Create(p.Key, (string?)p.Value.ToString())).ToList();
        pairs.Add(KeyValuePair.Create("page", (string?)"1"));
        return QueryString.Create(pairs);
    }

    public static ApiResponse Reshape(FaultRule fault, IQueryCollection query, ApiResponse real)
    {
        if (real.Status != 200 || real.Body.Length == 0 || JsonNode.Parse(real.Body) is not JsonObject root) return real;
        var page = Number(query, "page", 1);
        var limit = Number(query, "limit", 10);
        // Wherever the envelope keeps them: top level, "pagination", or next to "docs" in "data".
        var counts = root["pagination"] as JsonObject ?? (root["data"] is JsonObject docs ? docs : root);
        switch (fault.Kind)
        {
            case FaultKind.ListEndless:
                counts["pages"] = page + 1;
                counts["total"] = (page + 1) * limit;
                break;
            case FaultKind.ListRepeat:
                foreach (var name in new[] { "total", "pages", "page", "limit" }) counts.Remove(name);
                root.Remove("pagination");
                break;
            case FaultKind.ListEmptyAfterFirst when page > 1:
                if (root["data"] is JsonObject withDocs) withDocs["docs"] = new JsonArray();
                else root["data"] = new JsonArray();
                break;
            case FaultKind.ListHugePages:
                counts["pages"] = HugePages;
                break;
        }
        return real with { Body = Encoding.UTF8.GetBytes(root.ToJsonString()) };
    }

    private static long Number(IQueryCollection query, string name, long fallback) =>
        query.TryGetValue(name, out var v) && long.TryParse(v.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : fallback;
}
