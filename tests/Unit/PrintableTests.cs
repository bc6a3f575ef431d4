using Xunit;

namespace Verifik.Unit.Tests;

/// <summary>Printable.Escape: what a terminal would act on is shown as \xNN; everything else is left alone.</summary>
public class PrintableTests
{
    [Theory]
    [InlineData("\u001b[31mred\u001b[0m", @"\x1B[31mred\x1B[0m")]          // SGR colours
    [InlineData("\u001b]0;title\u0007", @"\x1B]0;title\x07")]               // OSC window title, ended by BEL
    [InlineData("a\u009b2Jb", @"a\x9B2Jb")]                                  // C1 CSI
    [InlineData("del\u007f", @"del\x7F")]
    [InlineData("line\r\nforged", @"line\x0D\x0Aforged")]
    [InlineData("\0", @"\x00")]
    [InlineData("é ñ 😀 \\ \u00a0", "é ñ 😀 \\ \u00a0")]                      // printable Unicode, a backslash and NBSP stay
    public void Escapes_C0_DEL_and_C1(string input, string expected) => Assert.Equal(expected, Printable.Escape(input));

    [Fact]
    public void CleanText_IsReturnedAsIs()
    {
        var text = "rec-0001 (NotFound)";
        Assert.Same(text, Printable.Escape(text));
    }

    [Fact]
    public void Null_IsEmpty() => Assert.Equal(string.Empty, Printable.Escape(null));
}
