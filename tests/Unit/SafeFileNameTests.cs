using Xunit;

namespace Verifik.Unit.Tests;

/// <summary>Record IDs (from the API or a CSV) to file names valid on Windows and Unix, that stay in their folder and never collide.</summary>
public class SafeFileNameTests
{
    private static readonly char[] WindowsInvalid = { '<', '>', ':', '"', '/', '\\', '|', '?', '*' };

    /// <summary>IDs of every hostile kind, each with a reason a file system (or a person) would misread it.</summary>
    private static readonly string[] HostileIdList =
    {
        "../x", "/etc/x", "C:\\x", "a/b", "a\\b", "CON", "con", "con.txt", "Nul.jpg", "LPT1", "com9.png", "COM\u00B9", "CONIN$",
        "a:b", "a*b", "a?b", "a<b>c", "a|b", "a\"b", "..", ".", "", " ", "x.", "x ", "x. . ", ".hidden", "tab\tin", "nul\0byte",
        "line\nbreak", "\u202Egpj.exe", "caf\u00E9", "cafe\u0301", "\uD83D\uDE00smile", "lone\uD800high", "lone\uDC00low", "UPPER", "with~tilde",
        new string('a', 300), new string('\u00E9', 200), "\\\\server\\share\\x", "x\u2028y",
    };

    public static readonly TheoryData<string> HostileIds = new(HostileIdList);

    private static bool HasLoneSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
            else if (char.IsSurrogate(text[i])) return true;
        }
        return false;
    }

    [Theory]
    [InlineData("68a8bf34d8207d5f3357b643")]
    [InlineData("document_liveness_123456789")]
    [InlineData("dl-0000042")]
    [InlineData("a.b.c")]
    [InlineData("with space inside")]
    public void Plain_ids_are_kept_as_they_are(string id)
    {
        Assert.Equal(id, SafeFileName.FromId(id));
    }

    [Theory]
    [MemberData(nameof(HostileIds))]
    public void Every_hostile_id_becomes_one_valid_file_name_that_stays_in_its_folder(string id)
    {
        var name = SafeFileName.FromId(id);

        Assert.NotEqual(id, name);
        Assert.False(string.IsNullOrWhiteSpace(name));
        Assert.DoesNotContain(name, c => c < 0x20 || c == 0x7F || Array.IndexOf(WindowsInvalid, c) >= 0);
        Assert.False(HasLoneSurrogate(name), name);
        Assert.False(name.StartsWith('.'), name);
        Assert.False(name.EndsWith('.') || name.EndsWith(' '), name);
        Assert.NotEqual("..", name);
        Assert.False(SafeFileName.IsReservedOnWindows(name), name);
        Assert.Matches("~[0-9a-f]{12}$", name);
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(name) <= SafeFileName.MaxNameBytes + 1 + SafeFileName.HashLength, name);

        // As a file in a folder: directly inside it, with exactly this name.
        var folder = Path.Combine(Path.GetTempPath(), "verifik-safe-name");
        var full = Path.GetFullPath(Path.Combine(folder, name + ".jpg"));
        Assert.Equal(folder, Path.GetDirectoryName(full));
        Assert.Equal(name + ".jpg", Path.GetFileName(full));
    }

    [Fact]
    public void Different_ids_never_share_a_name_even_when_they_sanitise_alike_or_differ_only_in_case()
    {
        var ids = HostileIdList.Concat(new[]
        {
            "a_b", "a/b", "a\\b", "a:b", "a*b", "a?b", "a|b", "A_B", "a_B", "x", "x.", "x..", "x ", "_con", "con", "CON", "Con",
            "lone\uD800", "lone\uD801", "lone\uDC00", "lone_", "caf\u00E9", "cafe\u0301", new string('a', 300), new string('a', 301),
        }).Distinct(StringComparer.Ordinal).ToList();

        var names = ids.Select(id => SafeFileName.FromId(id)).ToList();

        // Case-insensitive, as on Windows and macOS: still one name per ID.
        Assert.Equal(ids.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void The_same_id_always_gets_the_same_name()
    {
        Assert.Equal(SafeFileName.FromId("a/b"), SafeFileName.FromId("a/b"));
        Assert.Equal("a_b~" + SafeFileName.FromId("a/b")[^12..], SafeFileName.FromId("a/b"));
    }

    [Theory]
    [InlineData("../x", "_._x")]
    [InlineData("/etc/x", "_etc_x")]
    [InlineData("C:\\x", "C__x")]
    [InlineData("CON", "_CON")]
    [InlineData("con.txt", "_con.txt")]
    [InlineData("..", "_")]
    [InlineData("x.", "x")]
    [InlineData(".hidden", "_hidden")]
    public void What_is_kept_of_a_changed_id_is_still_recognisable(string id, string stem)
    {
        Assert.Equal(stem + "~", SafeFileName.FromId(id)[..^SafeFileName.HashLength]);
    }

    [Fact]
    public void A_very_long_id_is_cut_to_the_byte_limit_without_splitting_a_character()
    {
        var name = SafeFileName.FromId(new string('\u00E9', 200)); // 2 bytes each in UTF-8
        var stem = name[..^(SafeFileName.HashLength + 1)];
        Assert.Equal(SafeFileName.MaxNameBytes / 2, stem.Length);
        Assert.All(stem, c => Assert.Equal('\u00E9', c));

        var emoji = SafeFileName.FromId(string.Concat(Enumerable.Repeat("\uD83D\uDE00", 100)));
        Assert.True(char.IsSurrogatePair(emoji, emoji.IndexOf('~') - 2));
    }

    [Theory]
    [InlineData("CON", true)]
    [InlineData("con.txt", true)]
    [InlineData("Aux.tar.gz", true)]
    [InlineData("COM0", true)]
    [InlineData("lpt9", true)]
    [InlineData("COM\u00B2", true)]
    [InlineData("CON .txt", true)]
    [InlineData("CONSOLE", false)]
    [InlineData("COM10", false)]
    [InlineData("xCON", false)]
    public void Windows_reserved_names_are_recognised_with_any_extension_and_case(string name, bool reserved)
    {
        Assert.Equal(reserved, SafeFileName.IsReservedOnWindows(name));
    }
}
