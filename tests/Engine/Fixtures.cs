using System.Text.Json.Nodes;

namespace Verifik.Engine.Tests;

/// <summary>The documented payloads (tests/Fixtures), copied next to the test binaries.</summary>
public static class Fixtures
{
    public const string FlatId = "68a8bf34d8207d5f3357b643";
    public const string NestedId = "document_liveness_123456789";

    public static string Read(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));

    /// <summary>The record under "data" of a documented response, as JSON text.</summary>
    public static string Record(string responseFile) => JsonNode.Parse(Read(responseFile))!["data"]!.ToJsonString();

    public static void SeedDocumented(Verifik.Sandbox.RecordStore store)
    {
        store.Add(FlatId, Record("flat-response.json"));
        store.Add(NestedId, Record("nested-response.json"));
    }
}
