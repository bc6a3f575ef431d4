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
}
