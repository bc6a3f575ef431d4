using System.Text;
using CsCheck;
using Xunit;
using Xunit.Abstractions;

namespace Verifik.Unit.Tests;

/// <summary>
/// Property-based tests of the pure pieces (CsCheck): each property is tried on many generated inputs and, when one
/// fails, shrunk to a small failing input (CsCheck prints it with the seed that replays it). In CI each property runs a
/// bounded number of inputs (<see cref="PropertyRuns"/>: a few seconds in all); the benchmark's "properties" group runs
/// them for minutes. Each property says how many inputs it was tried on.
/// </summary>
public sealed class PureProperties(ITestOutputHelper output)
{
    private static readonly string[] Bases = ["https://api.verifik.co/", "https://gateway.example.com/verifik/", "http://127.0.0.1:5080/"];

    [Fact]
    public void The_response_parser_throws_nothing_but_its_own_typed_errors_for_any_bytes() =>
        PropertyRuns.Check(output, "response parser", 5_000, PropertyGens.Body, body =>
        {
            var response = new ApiResponse(200, "application/json", body, null, DateTime.UtcNow);
            Own(() => ResponseParser.ParseRecord(response, "target", askedId: "dl-1"));
            Own(() => ResponseParser.ParseRecord(response, "target"));
            Own(() => ResponseParser.ParsePage(response, "list page 1"));
            _ = ApiErrorReader.TryParse(body); // never throws at all
            foreach (var status in new[] { 302, 400, 404, 413, 429, 500, 503, 524 })
            {
                _ = FailureMapper.FromStatus(new ApiResponse(status, "text/html", body, null, DateTime.UtcNow), "target", isRecord: true, retries: 2);
            }
        });

    [Fact]
    public void SafeFileName_always_stays_inside_the_destination() =>
        PropertyRuns.Check(output, "SafeFileName inside", 40_000, PropertyGens.Id, id =>
        {
            var name = SafeFileName.FromId(id);
            Assert.NotEqual(0, name.Length);
            Assert.True(name.IndexOfAny(['/', '\\', ':', '*', '?', '"', '<', '>', '|']) < 0, $"'{name}' has a character a file name cannot");
            Assert.DoesNotContain(name, char.IsControl);
            Assert.False(HasLoneSurrogate(name), $"'{Show(name)}' has a lone surrogate");
            Assert.False(name.StartsWith('.') || name.EndsWith('.') || name.EndsWith(' '), $"'{name}' starts with a dot or ends with a dot or space");
            Assert.False(SafeFileName.IsReservedOnWindows(name), $"'{name}' is reserved on Windows");
            Assert.True(Encoding.UTF8.GetByteCount(name) <= SafeFileName.MaxNameBytes + 1 + SafeFileName.HashLength, $"'{name}' is too long");
            foreach (var folder in new[] { "/srv/images", Path.Combine(Path.GetTempPath(), "verifik") })
            {
                var file = Path.GetFullPath(Path.Combine(folder, name + ".jpg"));
                Assert.Equal(Path.GetFullPath(folder), Path.GetDirectoryName(file));
            }
        });

    [Fact]
    public void SafeFileName_never_gives_two_different_IDs_one_name() =>
        PropertyRuns.Check(output, "SafeFileName one-to-one", 40_000, PropertyGens.NearIds, pair =>
        {
            var (a, b) = pair;
            if (string.Equals(a, b, StringComparison.Ordinal)) return;
            // As a file system that ignores case and normalises Unicode would compare them.
            var first = SafeFileName.FromId(a).Normalize(NormalizationForm.FormC);
            var second = SafeFileName.FromId(b).Normalize(NormalizationForm.FormC);
            Assert.False(string.Equals(first, second, StringComparison.OrdinalIgnoreCase), $"'{Show(a)}' and '{Show(b)}' both give '{first}'");
        });

    [Fact]
    public void Printable_Escape_never_leaves_a_control_character() =>
        PropertyRuns.Check(output, "Printable.Escape", 60_000, PropertyGens.Text, text =>
        {
            var escaped = Printable.Escape(text);
            Assert.DoesNotContain(escaped, char.IsControl);
            if (!text.Any(char.IsControl)) Assert.Equal(text, escaped); // nothing to escape: kept as it is
        });

    [Fact]
    public void The_ID_path_segment_never_leaves_its_segment() =>
        PropertyRuns.Check(output, "record path segment", 20_000, PropertyGens.Id, id =>
        {
            if (RecordPath.Validate(id) != null)
            {
                Assert.Throws<ArgumentException>(() => RecordPath.ForDocumentLiveness(id));
                return;
            }
            var relative = RecordPath.ForDocumentLiveness(id);
            foreach (var text in Bases)
            {
                var baseUri = new Uri(text);
                var uri = new Uri(baseUri, relative);
                var prefix = baseUri.AbsolutePath + RecordPath.DocumentLiveness + "/";
                Assert.Equal(baseUri.GetLeftPart(UriPartial.Authority), uri.GetLeftPart(UriPartial.Authority));
                Assert.StartsWith(prefix, uri.AbsolutePath, StringComparison.Ordinal);
                var segment = uri.AbsolutePath[prefix.Length..];
                Assert.DoesNotContain('/', segment);
                Assert.Equal("", uri.Query);
                Assert.Equal("", uri.Fragment);
                Assert.Equal(id, Uri.UnescapeDataString(segment));
            }
        });

    [Fact]
    public void The_JWT_reader_never_throws_on_any_string() =>
        PropertyRuns.Check(output, "JWT reader", 40_000, PropertyGens.Token, token =>
        {
            var claims = JwtClaims.Read(token);
            Assert.NotNull(claims);
            if (claims.ExpiresOn is DateTime expires) Assert.Equal(DateTimeKind.Utc, expires.Kind);
        });

    [Fact]
    public void A_member_name_with_a_lone_surrogate_is_an_invalid_answer_not_a_crash()
    {
        // What the parser property found: looking up "success" unescapes the body's names, and "\udc00" has no UTF-16 form.
        var response = new ApiResponse(200, "application/json", Encoding.UTF8.GetBytes("{\"\\udc00\":1}"), null, DateTime.UtcNow);

        var ex = Assert.Throws<VerifikApiException>(() => ResponseParser.ParseRecord(response, "dl-1"));

        Assert.Equal(VerifikFailure.InvalidResponse, ex.Failure);
        Assert.Equal(VerifikFailure.InvalidResponse, Assert.Throws<VerifikApiException>(() => ResponseParser.ParsePage(response, "list")).Failure);
    }

    /// <summary>Runs <paramref name="parse"/>; only the parser's own <see cref="VerifikApiException"/> may come out.</summary>
    private static void Own(Action parse)
    {
        try
        {
            parse();
        }
        catch (VerifikApiException)
        {
        }
    }

    private static bool HasLoneSurrogate(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) i++;
            else if (char.IsSurrogate(s[i])) return true;
        }
        return false;
    }

    private static string Show(string s) => string.Concat(s.Select(c => c < 0x20 || c > 0x7E ? $"\\u{(int)c:X4}" : c.ToString()));
}

/// <summary>
/// How many inputs each property is tried on, and what is reported: VERIFIK_PROPERTY_SECONDS runs each for that many
/// seconds instead (the benchmark), VERIFIK_PROPERTY_REPORT names a file to which "property&lt;TAB&gt;inputs&lt;TAB&gt;seconds"
/// lines are appended.
/// </summary>
internal static class PropertyRuns
{
    public static void Check<T>(ITestOutputHelper output, string name, long inputs, Gen<T> gen, Action<T> property)
    {
        long tried = 0;
        var seconds = int.TryParse(Environment.GetEnvironmentVariable("VERIFIK_PROPERTY_SECONDS"), out var s) && s > 0 ? s : -1;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        gen.Sample(value =>
        {
            Interlocked.Increment(ref tried);
            property(value);
        }, iter: seconds > 0 ? -1 : inputs, time: seconds);
        var line = $"{name}: tried on {tried:N0} inputs in {clock.Elapsed.TotalSeconds:0.0} s";
        output.WriteLine(line);
        if (Environment.GetEnvironmentVariable("VERIFIK_PROPERTY_REPORT") is { Length: > 0 } report)
        {
            lock (typeof(PropertyRuns)) File.AppendAllText(report, $"{name}\t{tried}\t{clock.Elapsed.TotalSeconds:0.0}{Environment.NewLine}");
        }
    }
}
