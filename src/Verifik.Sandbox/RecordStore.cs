using System.Text.Json;
using System.Text.Json.Nodes;

namespace Verifik.Sandbox;

/// <summary>
/// Records the sandbox serves, in insertion order (the list order). Thread-safe; re-adding an id
/// replaces its record in place. Synthetic records (<see cref="SandboxOptions.SyntheticCount"/>) are not stored here.
/// </summary>
public sealed class RecordStore
{
    private readonly object _gate = new();
    private readonly OrderedDictionary<string, StoredRecord> _records = new(StringComparer.Ordinal);
    private StoredRecord[]? _snapshot; // cached list view, dropped on every change

    public int Count
    {
        get { lock (_gate) return _records.Count; }
    }

    /// <summary>
    /// Adds (or replaces) a record. <paramref name="dataJson"/> is the JSON object that goes in "data", in either
    /// documented shape: nested if it has "validationResults", else flat. It is served as given (compacted);
    /// its "_id" is not rewritten. Any depth is accepted, so tests can serve hostile nesting.
    /// </summary>
    public void Add(string id, string dataJson)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(dataJson);
        using var doc = JsonDocument.Parse(dataJson, new JsonDocumentOptions { MaxDepth = 100_000 });
        if (doc.RootElement.ValueKind != JsonValueKind.Object)
            throw new ArgumentException("A record must be a JSON object.", nameof(dataJson));

        var root = doc.RootElement;
        var nested = root.TryGetProperty("validationResults", out _);
        var status = root.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
        var record = new StoredRecord(id, Compact(root, dataJson), nested, status);

        lock (_gate)
        {
            _records[id] = record;
            _snapshot = null;
        }
    }

    /// <summary>Adds a record the sandbox wrote itself (compact flat JSON), without parsing it again.</summary>
    internal void AddCompact(string id, byte[] compactJson)
    {
        var record = new StoredRecord(id, compactJson, Nested: false, Status: null);
        lock (_gate)
        {
            _records[id] = record;
            _snapshot = null;
        }
    }

    /// <summary>Adds a flat record like the newer docs' example (the shape the live API returns), with this "_id".</summary>
    public void AddFlat(
        string id,
        string calibration = "REGULAR",
        string[]? warnings = null,
        string[]? errors = null,
        double? aggregatedScore = null,
        string? status = null,
        DateTimeOffset? createdAt = null,
        string? imageUrl = null)
    {
        var node = SampleRecords.FlatExample();
        node["_id"] = id;
        foreach (var check in SampleRecords.FlatChecks)
        {
            node[check == "screenReplay" ? "sreenReplayCalibration" : check + "Calibration"] = calibration;
            if (warnings is not null) node[check + "Warnings"] = ToArray(warnings);
            if (errors is not null) node[check + "Errors"] = ToArray(errors);
        }
        if (aggregatedScore is { } score) node["aggregatedScore"] = score;
        if (imageUrl is not null) node["imageUrl"] = imageUrl; // e.g. an image on the sandbox's image listener
        if (status is not null) node["status"] = status; // not in the documented flat shape; only for list filtering
        if (createdAt is { } at)
        {
            node["createdAt"] = SampleRecords.IsoTime(at);
            node["updatedAt"] = SampleRecords.IsoTime(at);
        }
        Add(id, node.ToJsonString());
    }

    /// <summary>Adds a nested record like the older docs' example, with this "_id".</summary>
    public void AddNested(
        string id,
        string status = "completed",
        bool passed = true,
        string calibration = "REGULAR",
        double? riskScore = null,
        DateTimeOffset? createdAt = null)
    {
        var node = SampleRecords.NestedExample();
        node["_id"] = id;
        node["status"] = status;
        foreach (var result in node["validationResults"]!.AsObject())
            result.Value!["passed"] = passed;
        foreach (var setting in node["calibrationSettings"]!.AsObject().Select(p => p.Key).ToArray())
            node["calibrationSettings"]![setting] = calibration;
        if (riskScore is { } risk) node["riskScore"] = risk;
        if (createdAt is { } at)
        {
            node["createdAt"] = SampleRecords.IsoTime(at);
            node["updatedAt"] = SampleRecords.IsoTime(at);
            node["completedAt"] = SampleRecords.IsoTime(at);
        }
        Add(id, node.ToJsonString());
    }

    private static byte[] Compact(JsonElement root, string dataJson)
    {
        try
        {
            return JsonSerializer.SerializeToUtf8Bytes(root);
        }
        catch (JsonException)
        {
            return System.Text.Encoding.UTF8.GetBytes(dataJson.Trim()); // deeper than the writer allows: served as given
        }
    }

    public bool Remove(string id)
    {
        lock (_gate)
        {
            _snapshot = null;
            return _records.Remove(id);
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _records.Clear();
            _snapshot = null;
        }
    }

    internal StoredRecord? Find(string id)
    {
        lock (_gate) return _records.TryGetValue(id, out var r) ? r : null;
    }

    /// <summary>All records in insertion order; cached until the next change so list pages don't copy each time.</summary>
    internal StoredRecord[] Snapshot()
    {
        lock (_gate) return _snapshot ??= _records.Values.ToArray();
    }

    private static JsonArray ToArray(string[] values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
}

/// <summary>A stored record: compact UTF-8 JSON plus what routing needs to know about it.</summary>
internal sealed record StoredRecord(string Id, byte[] Json, bool Nested, string? Status);
