using System.Security;
using Verifik.Sandbox;
using Xunit;

namespace Verifik.Unit.Tests;

/// <summary>BearerToken: a masked hint, never the token in ToString, and the claims read once.</summary>
public class BearerTokenTests
{
    [Fact]
    public void LongToken_HintIsStarsAndLastFour()
    {
        Assert.Equal("****" + SandboxDefaults.Token[^4..], BearerToken.Mask(SandboxDefaults.Token));
        Assert.Equal("****cdef", BearerToken.Mask("0123456789abcdef"));      // exactly 16 characters
        Assert.Equal("****mnop", BearerToken.Mask("abcdefghijklmnop-mnop"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("abcd")]
    [InlineData("0123456789abcde")] // 15 characters: showing four would reveal too much
    public void ShortToken_HintIsOnlyStars(string token) => Assert.Equal("****", BearerToken.Mask(token));

    [Fact]
    public void Mask_Null_IsStars() => Assert.Equal("****", BearerToken.Mask(null!));

    [Fact]
    public void FromPlainText_HintAndToString_NeverContainTheToken()
    {
        using var token = BearerToken.FromPlainText(SandboxDefaults.Token);

        Assert.Equal("****" + SandboxDefaults.Token[^4..], token.Hint);
        Assert.Equal(token.Hint, token.ToString());
        Assert.Equal(token.Hint, $"{token}");
        Assert.DoesNotContain(SandboxDefaults.Token, token.ToString());
        Assert.DoesNotContain(SandboxDefaults.Token.Split('.')[1], token.ToString());
    }

    [Fact]
    public void ShortToken_ToStringIsOnlyStars()
    {
        using var token = BearerToken.FromPlainText("secret-pw");

        Assert.Equal("****", token.ToString());
        Assert.DoesNotContain("secret", token.ToString());
        Assert.Same(JwtClaims.None, token.Claims);
    }

    [Fact]
    public void Claims_AreReadFromTheToken()
    {
        var exp = new DateTimeOffset(2031, 2, 3, 4, 5, 6, TimeSpan.Zero);
        using var token = BearerToken.FromPlainText(SandboxDefaults.MakeToken("client_42", exp));

        Assert.Equal("client_42", token.Claims.ClientId);
        Assert.Equal(exp.UtcDateTime, token.Claims.ExpiresOn);
    }

    [Fact]
    public void FromSecureString_CopiesIt()
    {
        var secure = new SecureString();
        foreach (var ch in SandboxDefaults.Token) secure.AppendChar(ch);

        using var token = new BearerToken(secure);
        secure.Dispose(); // the token holds its own copy

        Assert.Equal(SandboxDefaults.ClientId, token.Claims.ClientId);
        Assert.Equal("****" + SandboxDefaults.Token[^4..], token.Hint);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void EmptyToken_IsRefused(string? text) => Assert.Throws<ArgumentException>(() => BearerToken.FromPlainText(text!));

    [Fact]
    public void NullSecureString_IsRefused() => Assert.Throws<ArgumentNullException>(() => new BearerToken(null!));

    [Fact]
    public void White_space_around_the_token_is_removed_and_the_hint_is_of_the_trimmed_token()
    {
        using var token = BearerToken.FromPlainText("\t" + SandboxDefaults.Token + "\r\n");
        Assert.Equal("****" + SandboxDefaults.Token[^4..], token.Hint);
        using var copy = token.ToSecureString();
        Assert.Equal(SandboxDefaults.Token.Length, copy.Length);
    }

    [Theory]
    [InlineData('\0', "a NUL character (U+0000)")]
    [InlineData('\n', "a line feed (U+000A)")]
    [InlineData('\u007f', "a control character U+007F")]
    [InlineData('\u00a0', "a non-ASCII character U+00A0")]
    public void A_character_inside_that_no_header_can_carry_is_a_FormatException_naming_it_and_its_position(char bad, string named)
    {
        var text = "abcdefghij" + bad + "klmnopqrstuvwxyz";
        var ex = Assert.Throws<FormatException>(() => BearerToken.FromPlainText(text));
        Assert.Contains(named + " at position 11 of 27", ex.Message);
        Assert.DoesNotContain("abcdefghij", ex.Message);
        Assert.DoesNotContain("klmnopqrstuvwxyz", ex.Message);
    }

    [Fact]
    public void FromPlainText_LongerThanASecureStringHolds_IsAFormatExceptionNamingTheLength()
    {
        var ex = Assert.Throws<FormatException>(() => BearerToken.FromPlainText("  " + new string('A', 70000) + "\n"));

        Assert.Contains($"{70000:N0} characters long, and a token has at most {BearerToken.MaxLength:N0}", ex.Message);
        Assert.DoesNotContain("AAAAAAAA", ex.Message);
        using var longest = BearerToken.FromPlainText(new string('A', BearerToken.MaxLength) + " ");
        Assert.Equal("****AAAA", longest.Hint);
    }
}
