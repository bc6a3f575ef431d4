using System.Globalization;
using System.Text;
using CsCheck;

namespace Verifik.Unit.Tests;

/// <summary>
/// The inputs the properties are tried on: any text, and text shaped like what the module meets (record IDs, JSON
/// bodies in the API's envelopes, JWTs), with the characters that break naive code (controls, escapes, separators,
/// dots, reserved names, lone surrogates, combining marks, huge numbers) made frequent.
/// </summary>
internal static class PropertyGens
{
    private const string Tricky = "\u001b[]0;\u0007\u009b\u007f\r\n\t \"\\/.:%?#~*<>|CONPRNAUXNUL0129aA\u00e9\u0301\u202e\u00b9\ud800\udc00\ufeff\u0000";

    private static readonly string[] Keys =
    [
        "data", "_id", "id", "docs", "total", "limit", "page", "pages", "pagination", "success", "error", "message", "code", "signature",
        "status", "client", "appRegistration", "imageSaved", "imageUrl", "validateScreenReplay", "sreenReplayScore", "screenReplayScore",
        "printedCopyScore", "portraitSubstitutionProbability", "digitalManipulationCalibration", "screenReplayWarnings", "printedCopyErrors",
        "validationResults", "screenReplay", "printedCopy", "portraitSubstitution", "digitalManipulation", "passed", "score", "details",
        "calibrationSettings", "validationFlags", "riskScore", "confidence", "createdAt", "updatedAt", "completedAt", "isLive",
        "aggregateWarnings", "aggregatedScore", "chargesCount", "ignoreDocumentCroppedValidation", "ignoreColourLessValidation", "__v",
        "clientId", "exp",
    ];

    private static readonly string[] Numbers =
    [
        "0", "-0", "1", "-1", "0.5", "1e400", "-1e400", "1e-400", "123456789012345678901234567890", "9223372036854775808", "2147483648",
        "253402300799.9999999", "253402300800", "1.7976931348623157e308", "4.9e-324", "1E2", "00", "1.", ".5", "NaN", "Infinity",
    ];

    private static readonly string[] Strings =
    [
        "2025-08-22T19:04:25.503Z", "2024-01-15T10:30:00Z", "9999-12-31T23:59:59.9999999Z", "0001-01-01T00:00:00Z", "not a date", "",
        "REGULAR", "HARD", "completed", "GLARE_ON_IMAGE", "https://cdn.verifik.co/x.jpg", "\\u0000", "\\ud800", "\\udc00\\ud800", "\\u001b[31m",
    ];

    /// <summary>Any character, the tricky ones often.</summary>
    public static readonly Gen<char> Char = Gen.Frequency((3, Gen.Char), (2, Gen.Char[Tricky]), (2, Gen.Char['a', 'z']), (1, Gen.Char['0', '9']));

    public static readonly Gen<string> Text = Gen.OneOf(Gen.String, Gen.String[Char, 0, 40], Gen.String[Gen.Char[Tricky], 0, 20]);

    /// <summary>Record IDs: the API's hex IDs, tricky and reserved names, long ones, anything.</summary>
    public static readonly Gen<string> Id = Gen.Frequency(
        (1, Gen.String[Gen.Char["0123456789abcdef"], 24, 24]),
        (4, Gen.String[Char, 0, 40]),
        (2, Gen.String[Gen.Char[". /\\%:~CONPRNAUXNULLPTCOM1239¹$"], 0, 10]),
        (1, Gen.OneOf(Gen.Const("CON"), Gen.Const("con.jpg"), Gen.Const("COM1"), Gen.Const("lpt\u00b9"), Gen.Const("CONIN$"), Gen.Const(".."),
            Gen.Const("."), Gen.Const("..."), Gen.Const(" "), Gen.Const(""), Gen.Const("a."), Gen.Const("~a"))),
        (1, Gen.String[Gen.Char['a', 'z'], 100, 300]),
        (1, Gen.String));

    /// <summary>Two IDs that differ a little (case, a trailing dot or space, one character, normalisation) or not at all.</summary>
    public static readonly Gen<(string, string)> NearIds = Gen.Select(Id, Gen.Int[0, 9], Char, Gen.Int).Select(t =>
    {
        var (a, how, c, at) = t;
        var i = a.Length == 0 ? 0 : (at & int.MaxValue) % a.Length;
        var b = how switch
        {
            0 => a.ToUpperInvariant(),
            1 => a.ToLowerInvariant(),
            2 => a + ".",
            3 => a + " ",
            4 => a.Length == 0 ? c.ToString() : a[..i] + c + a[(i + 1)..],
            5 => Normalize(a, NormalizationForm.FormD),
            6 => Normalize(a, NormalizationForm.FormC),
            7 => a.Replace('_', '/').Replace('~', '_'),
            8 => a.Length == 0 ? "_" : a[..i] + c + a[i..],
            _ => a,
        };
        return (a, b);
    });

    /// <summary>Bodies: any bytes, JSON values, the API's envelopes around them, with a BOM, cut short.</summary>
    public static readonly Gen<byte[]> Body = Gen.Frequency(
        (2, Gen.Byte.Array[0, 300]),
        (3, Json(4).Select(Utf8)),
        (4, Envelope.Select(Utf8)),
        (1, Envelope.Select(j => new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Utf8(j)).ToArray())),
        (2, Gen.Select(Envelope, Gen.Int[0, 400]).Select(t => Utf8(t.Item1[..Math.Min(t.Item2, t.Item1.Length)]))));

    /// <summary>JWT-like strings: three segments whose payload is any JSON (exp and clientId of every kind), and anything.</summary>
    public static readonly Gen<string> Token = Gen.Frequency(
        (2, Text),
        (2, Gen.String[Gen.Char["abcXYZ019-_.=+/"], 0, 60]),
        (4, Gen.Select(Json(3), Claims, Gen.Int[0, 3]).Select(t => Base64Url("{\"alg\":\"none\"}") + "." + Base64Url(t.Item3 == 0 ? t.Item1 : t.Item2) + "." +
            (t.Item3 == 3 ? "x=" : "sig"))),
        (1, Gen.Select(Gen.Byte.Array[0, 60], Gen.Byte.Array[0, 60]).Select(t => Convert.ToBase64String(t.Item1) + "." + Convert.ToBase64String(t.Item2) + ".")));

    private static Gen<string> Claims => Gen.Select(Scalar, Scalar).Select(t => "{\"clientId\":" + t.Item1 + ",\"exp\":" + t.Item2 + "}");

    private static Gen<string> Envelope => Gen.Select(Record, Record.Array[0, 3], Json(2), Gen.Int[0, 4]).Select(t => t.Item4 switch
    {
        0 => "{\"data\":" + t.Item1 + "}",
        1 => "{\"success\":true,\"data\":[" + string.Join(",", t.Item2) + "],\"pagination\":" + t.Item3 + "}",
        2 => "{\"data\":{\"docs\":[" + string.Join(",", t.Item2) + "],\"total\":" + t.Item3 + ",\"pages\":" + t.Item3 + "}}",
        3 => "{\"data\":[" + string.Join(",", t.Item2) + "],\"total\":" + t.Item3 + "}",
        _ => t.Item1,
    });

    /// <summary>An object made of the record's own field names, with values of any type.</summary>
    private static Gen<string> Record => Gen.Select(Gen.OneOf(Keys.Select(Gen.Const).ToArray()), Json(2)).Array[0, 12]
        .Select(members => "{" + string.Join(",", members.Select(m => Quote(m.Item1) + ":" + m.Item2)) + "}");

    private static Gen<string> Scalar => Gen.Frequency(
        (1, Gen.OneOf(Gen.Const("null"), Gen.Const("true"), Gen.Const("false"))),
        (2, Gen.OneOf(Numbers.Select(Gen.Const).ToArray())),
        (1, Gen.Long.Select(n => n.ToString(CultureInfo.InvariantCulture))),
        (1, Gen.Double.Select(d => d.ToString("R", CultureInfo.InvariantCulture))),
        (2, Gen.OneOf(Strings.Select(s => Gen.Const("\"" + s + "\"")).ToArray())),
        (2, Gen.String[Char, 0, 20].Select(Quote)));

    private static Gen<string> Json(int depth) => depth == 0
        ? Scalar
        : Gen.Frequency(
            (4, Scalar),
            (1, Json(depth - 1).Array[0, 4].Select(items => "[" + string.Join(",", items) + "]")),
            (2, Gen.Select(Gen.OneOf(Gen.OneOf(Keys.Select(Gen.Const).ToArray()), Gen.String[Char, 0, 8]), Json(depth - 1)).Array[0, 5]
                .Select(members => "{" + string.Join(",", members.Select(m => Quote(m.Item1) + ":" + m.Item2)) + "}")));

    /// <summary>A JSON string literal (control characters and lone surrogates as \u escapes).</summary>
    private static string Quote(string s)
    {
        var sb = new StringBuilder(s.Length + 2).Append('"');
        foreach (var c in s)
        {
            if (c == '"' || c == '\\') sb.Append('\\').Append(c);
            else if (c < 0x20 || char.IsSurrogate(c)) sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            else sb.Append(c);
        }
        return sb.Append('"').ToString();
    }

    private static string Normalize(string s, NormalizationForm form)
    {
        try
        {
            return s.Normalize(form);
        }
        catch (ArgumentException)
        {
            return s; // a lone surrogate cannot be normalised
        }
    }

    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    private static string Base64Url(string s) => Convert.ToBase64String(Utf8(s)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
