using System.Text.Json;
using System.Text.Json.Nodes;

namespace Verifik.Unit.Tests;

/// <summary>The documented payloads of tests/Fixtures, copied next to the test binaries.</summary>
internal static class TestFixtures
{
    public const string FlatId = "68a8bf34d8207d5f3357b643";
    public const string NestedId = "document_liveness_123456789";

    public static string Read(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));

    public static byte[] Bytes(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));

    /// <summary>The record under "data" of a documented response, as JSON text.</summary>
    public static string RecordJson(string responseFile) => JsonNode.Parse(Read(responseFile))!["data"]!.ToJsonString();

    /// <summary>The record under "data" of a documented response, as a mutable node (to vary one field).</summary>
    public static JsonObject RecordNode(string responseFile) => JsonNode.Parse(Read(responseFile))!["data"]!.AsObject();

    /// <summary>Parses one record JSON text; returns the record and the problems it reported.</summary>
    public static (DocumentLiveness Record, List<string> Problems) Parse(string recordJson)
    {
        using var doc = JsonDocument.Parse(recordJson);
        var problems = new List<string>();
        var record = DocumentLivenessParser.Parse(doc.RootElement, problems);
        return (record, problems);
    }

    public static (DocumentLiveness Record, List<string> Problems) Parse(JsonNode node) => Parse(node.ToJsonString());

    public static void SeedDocumented(Verifik.Sandbox.RecordStore store)
    {
        store.Add(FlatId, RecordJson("flat-response.json"));
        store.Add(NestedId, RecordJson("nested-response.json"));
    }
}
