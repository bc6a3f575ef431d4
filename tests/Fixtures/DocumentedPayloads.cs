using System.Text.Json.Nodes;

namespace Verifik;

/// <summary>
/// The documented payloads in tests/Fixtures, copied next to the test binaries. Linked into every
/// .NET test project, so there is one reader of them.
/// </summary>
public static class DocumentedPayloads
{
    public const string FlatId = "68a8bf34d8207d5f3357b643";
    public const string NestedId = "document_liveness_123456789";

    public static string Read(string name) => File.ReadAllText(PathOf(name));

    public static byte[] Bytes(string name) => File.ReadAllBytes(PathOf(name));

    /// <summary>The record under "data" of a documented response, as JSON text.</summary>
    public static string RecordJson(string responseFile) => RecordNode(responseFile).ToJsonString();

    /// <summary>The record under "data" of a documented response, as a mutable node (to vary one field).</summary>
    public static JsonObject RecordNode(string responseFile) => JsonNode.Parse(Read(responseFile))!["data"]!.AsObject();

    /// <summary>Stores both documented records in a sandbox under their documented IDs.</summary>
    public static void SeedDocumented(Verifik.Sandbox.RecordStore store)
    {
        store.Add(FlatId, RecordJson("flat-response.json"));
        store.Add(NestedId, RecordJson("nested-response.json"));
    }

    private static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);
}
