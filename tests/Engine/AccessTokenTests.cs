using System.Management.Automation;
using System.Text.RegularExpressions;
using Verifik.Sandbox;
using Xunit;

namespace Verifik.Engine.Tests;

/// <summary>
/// Get-VerifikAccessToken: the connection's token as a SecureString (or -AsPlainText), with its expiry, client id
/// and base URI, for a secret vault; -Connection; the errors without a usable connection; views that never show a
/// plain token.
/// </summary>
public class AccessTokenTests : SandboxTestBase
{
    private static readonly string VaultToken = SandboxDefaults.MakeToken("vault_client", DateTimeOffset.FromUnixTimeSeconds(4_000_000_000));

    [Fact]
    public void By_default_the_token_is_a_SecureString_with_its_expiry_client_id_and_base_uri()
    {
        Connect(VaultToken);
        var answers = Host.Run("""
            $t = Get-VerifikAccessToken
            $t -is [Verifik.PowerShell.VerifikAccessToken]
            $t -is [Verifik.PowerShell.VerifikAccessTokenInfo]
            $t.Token -is [System.Security.SecureString]
            [System.Net.NetworkCredential]::new('', $t.Token).Password -eq $expected
            $t.TokenType
            $t.ExpiresOn
            $t.ExpiresOn.Kind.ToString()
            $t.ClientId
            $t.BaseUri
            "$t"
            """, ("expected", VaultToken));

        Assert.Empty(Host.Errors);
        Assert.Equal(new object[] { true, true, true, true, "Bearer", DateTimeOffset.FromUnixTimeSeconds(4_000_000_000).UtcDateTime, "Utc",
            "vault_client", Server.BaseUri, "Bearer ****" + VaultToken[^4..] }, answers.Select(o => o.BaseObject));
        Assert.Equal(0, Server.Requests.Arrived); // nothing is sent
    }

    [Fact]
    public void AsPlainText_gives_the_signed_in_token_as_a_string()
    {
        Host.Run("Connect-Verifik -Email ana@example.com -Code 123456 -BaseUri $u", ("u", Server.BaseUri));
        var answers = Host.Run("$p = Get-VerifikAccessToken -AsPlainText; $p -is [Verifik.PowerShell.VerifikPlainTextAccessToken]; $p.Token -is [string]; $p.Token; $p.ClientId");

        Assert.Empty(Host.Errors);
        Assert.Equal(new object[] { true, true, Server.SignIns.Tokens.Single(), "sandbox_ana" }, answers.Select(o => o.BaseObject));
    }

    [Fact]
    public void A_token_kept_as_a_SecureString_connects_again_as_a_runbook_would_from_a_vault()
    {
        Host.Run("Connect-Verifik -Phone 3001234567 -CountryCode +57 -Code 123456 -BaseUri $u; $vault = @{ VerifikToken = (Get-VerifikAccessToken).Token }; Disconnect-Verifik",
            ("u", Server.BaseUri));
        Server.Records.AddFlat("r1");
        var id = Host.Run("Connect-Verifik -Token $vault['VerifikToken'] -BaseUri $u; (Get-VerifikDocumentLiveness -Id r1).Id; (Get-VerifikContext).ClientId",
            ("u", Server.BaseUri));

        Assert.Empty(Host.Errors);
        Assert.Equal(new object[] { "r1", "sandbox_luis" }, id.Select(o => o.BaseObject));
        Assert.Equal(SandboxDefaults.TokenId(Server.SignIns.Tokens.Single()), Server.Requests.Snapshot().Last().TokenId);
    }

    [Fact]
    public void Connection_picks_that_connections_token_and_not_the_defaults()
    {
        Connect();
        var answers = Host.Run("""
            $other = Connect-Verifik -Token $t -BaseUri $u -ReturnConnection
            (Get-VerifikAccessToken -Connection $other -AsPlainText).Token -eq $t
            (Get-VerifikAccessToken -AsPlainText).Token -eq $default
            (Get-VerifikAccessToken -Connection $other).ClientId
            """, ("t", VaultToken), ("u", Server.BaseUri), ("default", SandboxDefaults.Token));

        Assert.Empty(Host.Errors);
        Assert.Equal(new object[] { true, true, "vault_client" }, answers.Select(o => o.BaseObject));
    }

    [Fact]
    public void Without_a_connection_it_is_VerifikNotConnected_and_after_Disconnect_VerifikConnectionClosed()
    {
        Host.Run("try { Get-VerifikAccessToken -ErrorAction Stop } catch { $_ }");
        var notConnected = (ErrorRecord)Host.Output.Single().BaseObject;
        Assert.Equal("VerifikNotConnected,Verifik.PowerShell.Commands.GetVerifikAccessTokenCommand", notConnected.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.AuthenticationError, notConnected.CategoryInfo.Category);

        Host.Run("$c = Connect-Verifik -Token $t -BaseUri $u -ReturnConnection; Disconnect-Verifik -Connection $c; try { Get-VerifikAccessToken -Connection $c -ErrorAction Stop } catch { $_ }",
            ("t", VaultToken), ("u", Server.BaseUri));
        var closed = (ErrorRecord)Host.Output.Single().BaseObject;
        Assert.Equal("VerifikConnectionClosed,Verifik.PowerShell.Commands.GetVerifikAccessTokenCommand", closed.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.AuthenticationError, closed.CategoryInfo.Category);
        Assert.DoesNotContain(VaultToken, closed.ToString());
    }

    [Fact]
    public void The_default_views_never_show_a_plain_token()
    {
        var console = new CapturingHost(width: 200);
        using var host = new ModuleHost(console);
        host.Run("""
            Connect-Verifik -Token $t -BaseUri $u
            Get-VerifikAccessToken | Out-Host
            Get-VerifikAccessToken -AsPlainText | Out-Host
            Get-VerifikAccessToken -AsPlainText | Out-Default
            "$(Get-VerifikAccessToken -AsPlainText)" | Out-Host
            """, ("t", VaultToken), ("u", Server.BaseUri));

        Assert.Empty(host.Errors);
        var text = Regex.Replace(console.Text, "\u001b\\[[0-9;]*m", "");
        Assert.DoesNotContain(VaultToken, text);
        Assert.DoesNotContain(VaultToken.Split('.')[2], text);
        Assert.Matches(@"(?m)^Token\s*: System\.Security\.SecureString", text);
        Assert.Equal(2, Regex.Matches(text, @"(?m)^TokenHint\s*: \*\*\*\*" + Regex.Escape(VaultToken[^4..])).Count);
        Assert.Contains("Bearer ****" + VaultToken[^4..], text);
        Assert.Equal(3, Regex.Matches(text, @"(?m)^ClientId\s*: vault_client").Count);
        host.Run("Disconnect-Verifik");
    }
}
