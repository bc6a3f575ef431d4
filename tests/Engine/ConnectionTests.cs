using System.Management.Automation;
using Verifik.Sandbox;
using Xunit;

namespace Verifik.Engine.Tests;

public class ConnectionTests : SandboxTestBase
{
    [Fact]
    public void Connect_then_context_shows_the_connection_but_never_the_token()
    {
        var ctx = Host.Run("Connect-Verifik -Token $t -BaseUri $u -PassThru; Get-VerifikContext", ("t", SandboxDefaults.Token), ("u", Server.BaseUri));

        Assert.Equal(2, ctx.Count);
        var context = ctx[1];
        Assert.Equal(Server.BaseUri, context.Properties["BaseUri"].Value);
        Assert.Equal(SandboxDefaults.ClientId, context.Properties["ClientId"].Value);
        Assert.Equal(SandboxDefaults.TokenExpiry.UtcDateTime, context.Properties["TokenExpiresOn"].Value);
        Assert.Equal("****" + SandboxDefaults.Token[^4..], context.Properties["TokenHint"].Value);
        var shown = Host.Run("(Get-VerifikContext).ToString(); (Get-VerifikContext).PSObject.Properties.Value -join ' '");
        Assert.DoesNotContain(SandboxDefaults.Token, string.Join("\n", shown));
        Assert.Contains(SandboxDefaults.ClientId, shown[1].ToString());
    }

    [Fact]
    public void Disconnect_forgets_the_token_and_context_is_then_empty_without_error()
    {
        Connect();
        var after = Host.Run("Disconnect-Verifik; Get-VerifikContext");
        Assert.Empty(after);
        Assert.Empty(Host.Errors);
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Server.Records.AddFlat("p0");
    }

    [Fact]
    public void A_plain_string_token_is_accepted_and_so_is_a_SecureString()
    {
        var secure = new System.Security.SecureString();
        foreach (var ch in SandboxDefaults.Token) secure.AppendChar(ch);
        Host.Run("Connect-Verifik -Token $t -BaseUri $u; Get-VerifikDocumentLiveness -Id p0", ("t", secure), ("u", Server.BaseUri));
        Assert.Single(Host.Output);
        Assert.Empty(Host.Errors);
    }

    [Fact]
    public void Token_and_base_uri_come_from_the_environment_when_not_given()
    {
        Environment.SetEnvironmentVariable("VERIFIK_TOKEN", SandboxDefaults.Token);
        Environment.SetEnvironmentVariable("VERIFIK_BASE_URI", Server.BaseUri.ToString());
        try
        {
            var ctx = Host.Run("Connect-Verifik -PassThru");
            Assert.Equal(Server.BaseUri, ctx.Single().Properties["BaseUri"].Value);
            Assert.Single(Host.Run("Get-VerifikDocumentLiveness -Id p0"));
        }
        finally
        {
            Environment.SetEnvironmentVariable("VERIFIK_TOKEN", null);
            Environment.SetEnvironmentVariable("VERIFIK_BASE_URI", null);
        }
    }

    [Fact]
    public void Without_a_token_a_non_interactive_host_gets_a_clear_error()
    {
        Environment.SetEnvironmentVariable("VERIFIK_TOKEN", null);
        Host.Run("Connect-Verifik -BaseUri $u", ("u", Server.BaseUri));
        var error = Assert.Single(Host.Errors);
        Assert.StartsWith("VerifikTokenMissing", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.AuthenticationError, error.CategoryInfo.Category);
        Assert.Contains("VERIFIK_TOKEN", error.Exception.Message);
        Assert.Empty(Host.Run("Get-VerifikContext"));
    }

    [Fact]
    public void The_default_base_uri_is_the_public_api()
    {
        var ctx = Host.Run("Connect-Verifik -Token $t -PassThru", ("t", SandboxDefaults.Token)).Single();
        Assert.Equal(new Uri("https://api.verifik.co/"), ctx.Properties["BaseUri"].Value);
    }

    [Fact]
    public void An_expired_token_is_refused_before_any_request()
    {
        var expired = SandboxDefaults.MakeToken("c1", DateTimeOffset.UtcNow.AddHours(-1));
        Host.Run("Connect-Verifik -Token $t -BaseUri $u", ("t", expired), ("u", Server.BaseUri));
        var error = Assert.Single(Host.Errors);
        Assert.StartsWith("VerifikTokenExpired", error.FullyQualifiedErrorId);
        Assert.Contains("expired", error.Exception.Message);
        Assert.DoesNotContain(expired, error.ToString());
        Assert.Empty(Host.Run("Get-VerifikContext"));
        Assert.Equal(0, Server.Requests.Count);
    }

    [Fact]
    public void A_token_expiring_within_a_day_connects_with_a_warning()
    {
        var soon = SandboxDefaults.MakeToken("c1", DateTimeOffset.UtcNow.AddHours(5));
        Host.Run("Connect-Verifik -Token $t -BaseUri $u", ("t", soon), ("u", Server.BaseUri));
        Assert.Empty(Host.Errors);
        Assert.Contains(Host.Warnings, w => w.Contains("expires in"));
        Assert.Single(Host.Run("Get-VerifikContext"));
    }

    [Theory]
    [InlineData("http://api.verifik.co", false)]
    [InlineData("http://10.1.2.3:8080", false)]
    [InlineData("http://localhost:5080", true)]
    [InlineData("http://127.0.0.5:5080", true)]
    [InlineData("http://[::1]:5080", true)]
    [InlineData("https://api.verifik.co", true)]
    public void Plain_http_is_refused_except_for_loopback(string uri, bool accepted)
    {
        Host.Run("Connect-Verifik -Token $t -BaseUri $u", ("t", SandboxDefaults.Token), ("u", uri));
        if (accepted)
        {
            Assert.Empty(Host.Errors);
        }
        else
        {
            var error = Assert.Single(Host.Errors);
            Assert.StartsWith("InsecureBaseUri", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
            Assert.Empty(Host.Run("Get-VerifikContext"));
        }
    }

    [Fact]
    public void Not_connected_is_a_terminating_error_that_names_Connect_Verifik()
    {
        var caught = Host.Run("try { Get-VerifikDocumentLiveness -Id x; 'not reached' } catch { $_.Exception.Message; $_.CategoryInfo.Category.ToString() }");
        Assert.Contains("Connect-Verifik", (string)caught[0].BaseObject);
        Assert.Equal("AuthenticationError", caught[1].BaseObject);
        Assert.Equal(0, Server.Requests.Count);

        // Statement-terminating: without -ErrorAction Stop the script goes on, with one error.
        var output = Host.Run("Get-VerifikDocumentLiveness -Id x; 'next statement'");
        Assert.Equal("next statement", Assert.Single(output).BaseObject);
        Assert.StartsWith("VerifikNotConnected", Assert.Single(Host.Errors).FullyQualifiedErrorId);
    }

    [Fact]
    public void One_connect_serves_ForEach_Object_Parallel_runspaces()
    {
        Server.Records.AddFlat("p1");
        Server.Records.AddFlat("p2");
        Server.Records.AddFlat("p3");
        Connect();
        // Each parallel runspace imports the module (an installed module would auto-load); none connects.
        var ids = Host.Run("'p1','p2','p3' | ForEach-Object -Parallel { Import-Module $using:manifest; (Get-VerifikDocumentLiveness -Id $_).Id } -ThrottleLimit 3",
            ("manifest", RepoPaths.ModuleManifest));
        Assert.Equal(new[] { "p1", "p2", "p3" }, ids.Select(o => (string)o.BaseObject).OrderBy(x => x));
        Assert.Empty(Host.Errors);
    }

    // The twins below run the Pester tests' own expressions (tests/Pester/Connection.Tests.ps1) in the engine; where
    // Pester says Should -Throw, they catch with try/catch, which is what Should -Throw does.

    [Fact]
    public void A_plain_string_token_connects_and_fetches()
    {
        var answers = Host.Run("Connect-Verifik -Token $t -BaseUri $u; $t -is [string]; (Get-VerifikDocumentLiveness -Id p0).Id",
            ("t", SandboxDefaults.Token), ("u", Server.BaseUri.AbsoluteUri));
        Assert.Empty(Host.Errors);
        Assert.Equal(new object[] { true, "p0" }, answers.Select(o => o.BaseObject));
    }

    [Fact]
    public void Connect_writes_nothing_without_PassThru_and_the_context_with_it()
    {
        var answers = Host.Run("""
            @(Connect-Verifik -Token $t -BaseUri $u).Count
            $context = @(Connect-Verifik -Token $t -BaseUri $u -PassThru)
            $context.Count
            $context[0].ClientId
            """, ("t", SandboxDefaults.Token), ("u", Server.BaseUri.AbsoluteUri));
        Assert.Empty(Host.Errors);
        Assert.Equal(new object[] { 0, 1, SandboxDefaults.ClientId }, answers.Select(o => o.BaseObject));
    }

    [Fact]
    public void An_expired_token_throws_a_terminating_VerifikTokenExpired_that_does_not_show_the_token()
    {
        var expired = SandboxDefaults.MakeToken("c", DateTimeOffset.UtcNow.AddHours(-1));
        var answers = Host.Run("""
            try { Connect-Verifik -Token $t -BaseUri $u; 'not thrown' }
            catch {
                $_.FullyQualifiedErrorId -like 'VerifikTokenExpired*'
                $_.CategoryInfo.Category -eq [System.Management.Automation.ErrorCategory]::AuthenticationError
                $_.Exception.Message -like '*expired*'
                $_.ToString().Contains($t)
            }
            @(Get-VerifikContext).Count
            """, ("t", expired), ("u", Server.BaseUri.AbsoluteUri));
        Assert.Equal(new object[] { true, true, true, false, 0 }, answers.Select(o => o.BaseObject));
        Assert.Equal(0, Server.Requests.Count);
    }

    [Theory]
    [InlineData("http://example.com")]
    [InlineData("http://api.verifik.co")]
    [InlineData("http://10.1.2.3:8080")]
    public void Plain_http_to_another_host_throws_a_terminating_InsecureBaseUri(string address)
    {
        var answers = Host.Run("""
            try { Connect-Verifik -Token $t -BaseUri $u; 'not thrown' }
            catch {
                $_.FullyQualifiedErrorId -like 'InsecureBaseUri*'
                $_.CategoryInfo.Category -eq [System.Management.Automation.ErrorCategory]::InvalidArgument
            }
            @(Get-VerifikContext).Count
            """, ("t", SandboxDefaults.Token), ("u", address));
        Assert.Equal(new object[] { true, true, 0 }, answers.Select(o => o.BaseObject));
    }

    [Theory]
    [InlineData("http://127.0.0.1:1", "http://127.0.0.1:1/")]
    [InlineData("http://localhost:5080", "http://localhost:5080/")]
    [InlineData("http://[::1]:5080", "http://[::1]:5080/")]
    [InlineData("https://api.verifik.co", "https://api.verifik.co/")]
    public void An_accepted_base_uri_shows_in_the_context_with_a_trailing_slash(string address, string expected)
    {
        // Connect-Verifik sends nothing, so nothing needs to listen there.
        var answers = Host.Run("""
            try { Connect-Verifik -Token $t -BaseUri $u; 'connected' } catch { 'threw: ' + $_ }
            (Get-VerifikContext).BaseUri.AbsoluteUri
            """, ("t", SandboxDefaults.Token), ("u", address));
        Assert.Equal(new object[] { "connected", expected }, answers.Select(o => o.BaseObject));
    }

    [Fact]
    public void A_refused_token_throws_a_terminating_AuthenticationError_that_does_not_show_the_token()
    {
        var wrong = SandboxDefaults.MakeToken("someone_else", DateTimeOffset.UtcNow.AddDays(10));
        var answers = Host.Run("""
            Connect-Verifik -Token $t -BaseUri $u
            try { 'p0', 'p0', 'p0' | Get-VerifikDocumentLiveness; 'not thrown' }
            catch {
                $_.CategoryInfo.Category -eq [System.Management.Automation.ErrorCategory]::AuthenticationError
                $_.FullyQualifiedErrorId -like 'VerifikTokenRefused*'
                $_.Exception.Message -like '*Connect-Verifik*'
                $_.Exception.Message.Contains($t)
                $_.ToString().Contains($t)
                $_.Exception.ToString().Contains($t)
            }
            """, ("t", wrong), ("u", Server.BaseUri.AbsoluteUri));
        Assert.Equal(new object[] { true, true, true, false, false, false }, answers.Select(o => o.BaseObject));
    }

    [Fact]
    public void Disconnecting_while_not_connected_is_quiet_even_with_ErrorAction_Stop()
    {
        var answers = Host.Run("""
            try { Disconnect-Verifik -ErrorAction Stop; Get-VerifikContext -ErrorAction Stop; 'quiet' } catch { 'threw: ' + $_ }
            @(Get-VerifikContext).Count
            """);
        Assert.Empty(Host.Errors);
        Assert.Equal(new object[] { "quiet", 0 }, answers.Select(o => o.BaseObject));
    }

    [Fact]
    public void The_context_shows_no_token_in_its_view_its_text_or_any_property()
    {
        var console = new CapturingHost(width: 400);
        using var host = new ModuleHost(console);
        // Format-List, Format-Table and ConvertTo-Json are not in the hosted engine. Out-Host renders the default view
        // (what Format-List shows); the property list is what Format-List *, Format-Table * and ConvertTo-Json write.
        var text = host.Run("""
            Connect-Verifik -Token $t -BaseUri $u
            Get-VerifikContext | Out-Host
            "$(Get-VerifikContext)"
            (Get-VerifikContext).PSObject.Properties | ForEach-Object { '{0} : {1}' -f $_.Name, $_.Value }
            """, ("t", SandboxDefaults.Token), ("u", Server.BaseUri.AbsoluteUri)).Select(o => o.ToString()).ToList();
        Assert.Empty(host.Errors);
        var hint = "****" + SandboxDefaults.Token[^4..];
        Assert.Contains(SandboxDefaults.ClientId, console.Text);
        Assert.Contains(hint, console.Text);
        Assert.DoesNotContain(SandboxDefaults.Token, console.Text);
        Assert.Equal(9, text.Count); // the interpolated context, then its eight properties
        Assert.Contains(text, line => line == "TokenHint : " + hint);
        Assert.All(text, line => Assert.DoesNotContain(SandboxDefaults.Token, line));
    }
}
