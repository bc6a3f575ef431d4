using System.Management.Automation;
using Verifik.Sandbox;
using Xunit;

namespace Verifik.Engine.Tests;

/// <summary>
/// Issue 12, item 1 (the Connect-Verifik part): a token or proxy that could never work is refused at Connect-Verifik
/// with a clear argument error, instead of being accepted and then failing every request of a bulk run. A token read
/// with Get-Content -Raw (a new line at its end) is trimmed, as VERIFIK_TOKEN already is.
/// </summary>
public class ConnectValidationTests : SandboxTestBase
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Server.Options.SyntheticCount = 10;
    }

    [Fact]
    public void A_token_with_white_space_around_it_is_trimmed_as_a_string_as_a_SecureString_and_at_the_prompt()
    {
        Host.Run("Connect-Verifik -Token \"$t`r`n\" -BaseUri $u; (Get-VerifikDocumentLiveness -Id dl-0000001).Id",
            ("t", SandboxDefaults.Token), ("u", Server.BaseUri));
        Assert.Empty(Host.Errors);
        Assert.Equal("dl-0000001", Assert.Single(Host.Output).BaseObject);

        Host.Run("Connect-Verifik -Token ([System.Net.NetworkCredential]::new('', \"  $t`t\").SecurePassword) -BaseUri $u; (Get-VerifikDocumentLiveness -Id dl-0000002).Id",
            ("t", SandboxDefaults.Token), ("u", Server.BaseUri));
        Assert.Empty(Host.Errors);
        Assert.Equal("dl-0000002", Assert.Single(Host.Output).BaseObject);

        var console = new CapturingHost { SecureAnswer = " " + SandboxDefaults.Token + "\n" };
        using var interactive = new ModuleHost(console);
        interactive.Run("Connect-Verifik -BaseUri $u; (Get-VerifikDocumentLiveness -Id dl-0000003).Id", ("u", Server.BaseUri));
        Assert.Empty(interactive.Errors);
        Assert.Equal("dl-0000003", Assert.Single(interactive.Output).BaseObject);
        Assert.All(Server.Requests.Snapshot(), r => Assert.Equal("Bearer " + SandboxDefaults.Token, r.Authorization));
    }

    [Theory]
    [InlineData("\0", 11, "NUL")]
    [InlineData("\r", 11, "carriage return")]
    [InlineData("\n", 11, "line feed")]
    [InlineData("\u001b", 11, "control character U+001B")]
    [InlineData("\u00e9", 11, "non-ASCII character U+00E9")]
    [InlineData(" ", 11, "space")]
    public void A_token_with_a_control_non_ASCII_or_space_character_inside_is_refused_saying_where_never_what(string bad, int position, string named)
    {
        var token = SandboxDefaults.Token.Insert(position - 1, bad);
        Host.Run("Connect-Verifik -Token $t -BaseUri $u", ("t", token), ("u", Server.BaseUri));

        var error = Assert.Single(Host.Errors);
        Assert.StartsWith("VerifikTokenInvalid,", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Null(error.TargetObject);
        Assert.Contains(named, error.Exception.Message);
        Assert.Contains($"position {position}", error.Exception.Message);
        Assert.DoesNotContain(SandboxDefaults.Token[..12], error.ToString());
        Assert.DoesNotContain(SandboxDefaults.Token[^12..], error.ToString());
        Assert.Empty(Host.Run("Get-VerifikContext"));
        Assert.Equal(0, Server.Requests.Count);
    }


    [Theory]
    [InlineData("proxy.contoso.com:8080", "http://proxy.contoso.com:8080")]
    [InlineData("ftp://proxy.contoso.com", "http://proxy.contoso.com:8080")]
    [InlineData("proxy/relative", "http://proxy.contoso.com:8080")]
    public void A_proxy_that_is_not_an_absolute_http_https_or_socks_URI_is_refused_with_an_example(string proxy, string example)
    {
        Host.Run("Connect-Verifik -Token $t -BaseUri $u -Proxy $p", ("t", SandboxDefaults.Token), ("u", Server.BaseUri), ("p", proxy));

        var error = Assert.Single(Host.Errors);
        Assert.StartsWith("InvalidProxyUri,", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Equal(proxy, Assert.IsType<Uri>(error.TargetObject).OriginalString); // the argument as given
        Assert.Contains(example, error.Exception.Message);
        Assert.Empty(Host.Run("Get-VerifikContext"));
    }


    [Fact]
    public void A_proxy_with_user_info_is_refused_without_showing_the_password_and_points_to_ProxyCredential()
    {
        Host.Run("Connect-Verifik -Token $t -BaseUri $u -Proxy 'http://ana:Pr0xyPass@proxy.contoso.com:8080'",
            ("t", SandboxDefaults.Token), ("u", Server.BaseUri));

        var error = Assert.Single(Host.Errors);
        Assert.StartsWith("InvalidProxyUri,", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Equal("http://proxy.contoso.com:8080/", error.TargetObject?.ToString());
        Assert.Contains("-ProxyCredential", error.Exception.Message);
        Assert.DoesNotContain("Pr0xyPass", error.ToString() + error.TargetObject + error.Exception.Message);
        Assert.Empty(Host.Run("Get-VerifikContext"));
    }

    [Fact]
    public void Http_https_and_socks_proxies_are_accepted()
    {
        foreach (var proxy in new[] { "http://proxy.contoso.com:8080", "https://proxy.contoso.com", "socks4://127.0.0.1:1080", "socks4a://127.0.0.1:1080", "socks5://127.0.0.1:1080" })
        {
            Host.Run("Connect-Verifik -Token $t -BaseUri 'https://api.verifik.test' -Proxy $p", ("t", SandboxDefaults.Token), ("p", proxy));
            Assert.Empty(Host.Errors);
            Assert.StartsWith(new Uri(proxy).AbsoluteUri, (string)Host.Run("(Get-VerifikContext).Proxy").Single().BaseObject);
        }
    }
}
