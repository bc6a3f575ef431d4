using Xunit;

namespace Verifik.Unit.Tests;

/// <summary>SignInInput: what is refused before any sign-in request, and why, in words.</summary>
public class SignInInputTests
{
    [Theory]
    [InlineData("ana@example.com")]
    [InlineData("ana.maria+verifik@mail.example.co")]
    [InlineData("  ana@example.com ")]
    [InlineData("josé@correo.example.co")]
    [InlineData("ana@xn--caf-dma.xn--p1ai")]
    public void Emails_like_name_at_domain_dot_tld_are_accepted(string email) => Assert.Null(SignInInput.EmailProblem(email));

    [Theory]
    [InlineData("", "empty")]
    [InlineData("ana", "has no '@'")]
    [InlineData("ana@example", "has no dot")]
    [InlineData("ana@@example.com", "more than one '@'")]
    [InlineData("@example.com", "nothing comes before")]
    [InlineData("ana@", "nothing comes after")]
    [InlineData("ana maria@example.com", "a space")]
    [InlineData("ana..maria@example.com", "two dots")]
    [InlineData("ana@example.c", "not a top-level domain")]
    [InlineData("ana@example.123", "not a top-level domain")]
    [InlineData("ana@-example.com", "starts or ends with '-'")]
    [InlineData("ana@exa_mple.com", "'_' is not allowed")]
    [InlineData("<ana@example.com>", "'<' is not allowed")]
    public void Other_emails_are_refused_with_the_reason(string email, string reason) =>
        Assert.Contains(reason, SignInInput.EmailProblem(email));

    [Theory]
    [InlineData("+57")]
    [InlineData("+1")]
    [InlineData("+1868")]
    [InlineData(" +57 ")]
    public void Country_codes_are_plus_and_one_to_four_digits(string code) => Assert.Null(SignInInput.CountryCodeProblem(code));

    [Theory]
    [InlineData("57")]
    [InlineData("+")]
    [InlineData("+057")]
    [InlineData("+12345")]
    [InlineData("+5 7")]
    [InlineData("")]
    public void Other_country_codes_are_refused(string code) => Assert.Contains("like +57", SignInInput.CountryCodeProblem(code));

    [Theory]
    [InlineData("3001234567", 3001234567L)]
    [InlineData("300 123 4567", 3001234567L)]
    [InlineData("300-123-4567", 3001234567L)]
    [InlineData("1234", 1234L)]
    [InlineData("123456789012345", 123456789012345L)]
    public void Phones_are_digits_with_spaces_or_dashes_between(string phone, long number)
    {
        Assert.Null(SignInInput.PhoneProblem(phone));
        Assert.Equal(number, SignInInput.PhoneNumber(phone));
        Assert.Equal("+57 " + number, SignInInput.DescribePhone("+57", phone));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("+573001234567", "-CountryCode")]
    [InlineData("300.123.4567", "'.' is not a digit")]
    [InlineData("(300) 1234567", "'(' is not a digit")]
    [InlineData("300-ABC-4567", "'A' is not a digit")]
    [InlineData("-3001234567", "start and end with a digit")]
    [InlineData("123", "has 3 digits")]
    [InlineData("1234567890123456", "has 16 digits")]
    [InlineData("03001234567", "without the leading 0")]
    public void Other_phones_are_refused_with_the_reason(string phone, string reason) =>
        Assert.Contains(reason, SignInInput.PhoneProblem(phone));
}
