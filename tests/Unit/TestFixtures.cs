using System.Text.Json;
using System.Text.Json.Nodes;

namespace Verifik.Unit.Tests;

/// <summary>Parsing helpers over the documented payloads (<see cref="DocumentedPayloads"/>).</summary>
internal static class TestFixtures
{
    /// <summary>Parses one record JSON text; returns the record and the problems it reported.</summary>
    public static (DocumentLiveness Record, List<string> Problems) Parse(string recordJson)
    {
        using var doc = JsonDocument.Parse(recordJson);
        var problems = new List<string>();
        var record = DocumentLivenessParser.Parse(doc.RootElement, problems);
        return (record, problems);
    }

    public static (DocumentLiveness Record, List<string> Problems) Parse(JsonNode node) => Parse(node.ToJsonString());
}
