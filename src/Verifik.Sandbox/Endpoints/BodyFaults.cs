using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;

namespace Verifik.Sandbox.Endpoints;

/// <summary>Faults that reshape the bytes or the envelope of the real answer (record, list page or image).</summary>
internal static class BodyFaults
{
    /// <summary>ESC [ … m colours, an OSC title ending in BEL, a C1 CSI, DEL and a newline: what a terminal would obey.</summary>
    public const string HostileMessage = "\u001b[31mAccess\u001b[0m denied\u001b]0;pwned\u0007\u009b2J\u007f\nretry";
    public const string HostileCode = "BAD\u001b[5mCODE";
    public const string OtherId = "other-record";
    public const string UnsuccessfulMessage = "Record is locked for review";
    public const string UnsuccessfulCode = "RECORD_LOCKED";
    public const int HugeTokenLength = 15 * 1024 * 1024;

    public static bool Handles(FaultKind kind) => kind is FaultKind.BadGzip or FaultKind.BadGzipCrc or FaultKind.BadDeflate
        or FaultKind.Utf8Bom or FaultKind.Unsuccessful or FaultKind.UnsuccessfulNoData or FaultKind.OtherRecordId or FaultKind.HostileText
        or FaultKind.HostileSignIn or FaultKind.HugeAccessToken;

    public static ApiResponse Reshape(FaultRule fault, ApiResponse real) => fault.Kind switch
    {
        FaultKind.BadGzip => real with { ContentEncoding = "gzip" },
        FaultKind.BadGzipCrc => real with { Body = GzipWithBadCrc(real.Body), ContentEncoding = "gzip" },
        // 0xFF… is neither a zlib header nor a valid raw deflate block.
        FaultKind.BadDeflate => real with { Body = Enumerable.Repeat((byte)0xFF, 64).ToArray(), ContentEncoding = "deflate" },
        FaultKind.Utf8Bom => real with { Body = [0xEF, 0xBB, 0xBF, .. real.Body] },
        FaultKind.Unsuccessful or FaultKind.UnsuccessfulNoData => Unsuccessful(real, keepData: fault.Kind == FaultKind.Unsuccessful),
        FaultKind.OtherRecordId => WithOtherId(real),
        FaultKind.HostileText => ApiResponse.Json(400, new JsonObject { ["message"] = HostileMessage, ["code"] = HostileCode }.ToJsonString()),
        // Only the step-1 answer has a status; the confirmation (data.accessToken) keeps its own.
        FaultKind.HostileSignIn => WithData(real, data => data["status"] is null ? false : Set(data, ("phoneGateway", HostileText.PhoneGateway), ("status", HostileText.Status))),
        FaultKind.HugeAccessToken => WithData(real, data => data["accessToken"] is null ? false : Set(data, ("accessToken", new string('A', HugeTokenLength)))),
        _ => real,
    };

    /// <summary>The real answer with its "data" object changed by <paramref name="change"/> (false: left as it was).</summary>
    private static ApiResponse WithData(ApiResponse real, Func<JsonObject, bool> change)
    {
        if (real.Status != 200 || JsonNode.Parse(real.Body) is not JsonObject root || root["data"] is not JsonObject data || !change(data)) return real;
        return real with { Body = Encoding.UTF8.GetBytes(root.ToJsonString()) };
    }

    private static bool Set(JsonObject data, params (string Name, string Value)[] members)
    {
        foreach (var (name, value) in members) data[name] = value;
        return true;
    }

    private static byte[] GzipWithBadCrc(byte[] body)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(body);
        var bytes = buffer.ToArray();
        // The trailer is CRC-32 then the length, 4 bytes each, little-endian.
        bytes[^8] ^= 0xFF;
        return bytes;
    }

    /// <summary>success:false with the API's error and code; a list page (data is an array or holds docs) loses its records and counts.</summary>
    private static ApiResponse Unsuccessful(ApiResponse real, bool keepData)
    {
        var root = JsonNode.Parse(real.Body)?.AsObject() ?? new JsonObject();
        var isList = root["data"] is JsonArray || root["data"]?["docs"] is not null;
        var data = keepData && !isList ? root["data"]?.DeepClone() : keepData ? new JsonArray() : null;
        var body = new JsonObject
        {
            ["success"] = false,
            ["error"] = UnsuccessfulMessage,
            ["code"] = UnsuccessfulCode,
            ["data"] = data,
        };
        return ApiResponse.Json(200, body.ToJsonString());
    }

    private static ApiResponse WithOtherId(ApiResponse real)
    {
        var root = JsonNode.Parse(real.Body)?.AsObject();
        if (root?["data"] is JsonObject data) data["_id"] = OtherId;
        return root is null ? real : real with { Body = Encoding.UTF8.GetBytes(root.ToJsonString()) };
    }
}
