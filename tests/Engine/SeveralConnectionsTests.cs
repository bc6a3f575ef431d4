using System.Management.Automation;
using Verifik.Sandbox;
using Xunit;

namespace Verifik.Engine.Tests;

/// <summary>
/// Connections held side by side: Connect-Verifik -ReturnConnection, -Connection on every cmdlet, each request
/// with its own connection's token, Disconnect-Verifik -Connection closing only one.
/// </summary>
public class SeveralConnectionsTests : SandboxTestBase
{
    private const string OtherToken =
        "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJjbGllbnRJZCI6Im90aGVyX2NsaWVudCIsImV4cCI6NDEwMjQ0NDgwMH0.b3RoZXI";

    private SandboxServer _other = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        // A second account: another sandbox that accepts only its own token.
        _other = await SandboxServer.StartAsync(new SandboxOptions { Token = OtherToken });
        Server.Records.AddFlat("mine");
        _other.Records.AddFlat("theirs");
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _other.DisposeAsync();
    }

    private PSObject ReturnConnection(Uri baseUri, string token) =>
        Host.Run("Connect-Verifik -Token $t -BaseUri $u -ReturnConnection", ("t", token), ("u", baseUri)).Single();

    [Fact]
    public void ReturnConnection_writes_a_connection_and_leaves_the_default_as_it_was()
    {
        var connection = ReturnConnection(Server.BaseUri, SandboxDefaults.Token);
        Assert.Equal("Verifik.PowerShell.VerifikConnection", connection.BaseObject.GetType().FullName);
        Assert.Equal(true, Host.Run("$c -is [Verifik.PowerShell.VerifikConnection] -and $c -is [Verifik.PowerShell.VerifikContext]",
            ("c", connection)).Single().BaseObject);
        Assert.Empty(Host.Run("Get-VerifikContext")); // no default was made

        Connect(); // a default to the same sandbox
        var other = ReturnConnection(_other.BaseUri, OtherToken);
        Assert.Equal(Server.BaseUri, Host.Run("(Get-VerifikContext).BaseUri").Single().BaseObject);
        Assert.Equal(_other.BaseUri, Host.Run("(Get-VerifikContext -Connection $c).BaseUri", ("c", other)).Single().BaseObject);
        Assert.Equal("other_client", other.Properties["ClientId"].Value);
    }

    [Fact]
    public void Each_request_carries_its_own_connections_token()
    {
        Connect();
        var other = ReturnConnection(_other.BaseUri, OtherToken);

        var ids = Host.Run("(Get-VerifikDocumentLiveness -Id mine).Id; (Get-VerifikDocumentLiveness -Id theirs -Connection $c).Id; " +
                           "('theirs', 'theirs' | Get-VerifikDocumentLiveness -Connection $c).Count", ("c", other));
        Assert.Empty(Host.Errors);
        Assert.Equal(new object[] { "mine", "theirs", 2 }, ids.Select(o => o.BaseObject));
        Assert.All(Server.Requests.Snapshot(), r => Assert.Equal("Bearer " + SandboxDefaults.Token, r.Authorization));
        var theirs = _other.Requests.Snapshot();
        Assert.Equal(3, theirs.Count);
        Assert.All(theirs, r => Assert.Equal("Bearer " + OtherToken, r.Authorization));
    }

    [Fact]
    public void Disconnect_with_Connection_closes_only_that_one()
    {
        Connect();
        var other = ReturnConnection(_other.BaseUri, OtherToken);
        Host.Run("Disconnect-Verifik -Connection $c", ("c", other));

        var caught = Host.Run("try { Get-VerifikDocumentLiveness -Id theirs -Connection $c -ErrorAction Stop } catch { $_.FullyQualifiedErrorId; $_.CategoryInfo.Category.ToString() }",
            ("c", other));
        Assert.StartsWith("VerifikConnectionClosed", (string)caught[0].BaseObject);
        Assert.Equal("AuthenticationError", caught[1].BaseObject);
        Assert.Empty(_other.Requests.Snapshot());
        Assert.Empty(Host.Run("Get-VerifikContext -Connection $c", ("c", other)));

        // The default connection still works.
        Assert.Equal("mine", Host.Run("(Get-VerifikDocumentLiveness -Id mine).Id").Single().BaseObject);
        Assert.Empty(Host.Errors);
    }

    [Fact]
    public void Disconnect_without_Connection_leaves_returned_connections_working()
    {
        Connect();
        var other = ReturnConnection(_other.BaseUri, OtherToken);
        Host.Run("Disconnect-Verifik");
        Assert.Empty(Host.Run("Get-VerifikContext"));
        Assert.Equal("theirs", Host.Run("(Get-VerifikDocumentLiveness -Id theirs -Connection $c).Id", ("c", other)).Single().BaseObject);
    }

    [Fact]
    public void A_connection_passed_with_using_works_in_ForEach_Object_Parallel()
    {
        var other = ReturnConnection(_other.BaseUri, OtherToken);
        var ids = Host.Run(
            "1..3 | ForEach-Object -Parallel { Import-Module $using:manifest; (Get-VerifikDocumentLiveness -Id theirs -Connection $using:c).Id } -ThrottleLimit 3",
            ("c", other), ("manifest", RepoPaths.ModuleManifest));
        Assert.Empty(Host.Errors);
        Assert.Equal(new[] { "theirs", "theirs", "theirs" }, ids.Select(o => (string)o.BaseObject));
        Assert.Equal(3, _other.Requests.Count);
    }

    [Fact]
    public void A_connection_shows_like_Get_VerifikContext_and_never_the_token()
    {
        var console = new CapturingHost(width: 120);
        using var host = new ModuleHost(console);
        host.Run("$c = Connect-Verifik -Token $t -BaseUri $u -ReturnConnection; $c | Out-Host; $c.ToString() | Out-Host; Connect-Verifik -Token $t -BaseUri $u; Get-VerifikContext | Out-Host",
            ("t", OtherToken), ("u", _other.BaseUri));
        Assert.Empty(host.Errors);
        var text = System.Text.RegularExpressions.Regex.Replace(console.Text, "\u001b\\[[0-9;]*m", "");
        Assert.DoesNotContain(OtherToken, text);
        Assert.DoesNotContain(OtherToken.Split('.')[1], text);
        // The same list view twice (the returned connection, then the default's context).
        var hint = "****" + OtherToken[^4..];
        Assert.Equal(3, System.Text.RegularExpressions.Regex.Matches(text, System.Text.RegularExpressions.Regex.Escape(hint)).Count);
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(text, @"(?m)^TokenHint\s*:").Count);
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(text, @"(?m)^ClientId\s*: other_client").Count);
        host.Run("Disconnect-Verifik");
    }

    [Fact]
    public void A_connection_closed_while_a_run_uses_it_gives_each_remaining_ID_its_own_VerifikConnectionClosed_error()
    {
        var other = ReturnConnection(_other.BaseUri, OtherToken);
        _other.Options.Latency = TimeSpan.FromSeconds(1);
        using var elsewhere = new ModuleHost(); // another runspace of the process, as a second console tab would be

        using var ps = PowerShell.Create();
        ps.Runspace = Host.Runspace;
        ps.AddScript("""
            'theirs', 'theirs', 'theirs' | Get-VerifikDocumentLiveness -Connection $c -ThrottleLimit 1 -ErrorVariable failed -ErrorAction SilentlyContinue |
                ForEach-Object Id
            foreach ($e in $failed) { $e.FullyQualifiedErrorId; $e.CategoryInfo.Category.ToString(); $e.TargetObject }
            """);
        ps.Runspace.SessionStateProxy.SetVariable("c", other.BaseObject);
        var running = ps.BeginInvoke();
        Assert.True(SpinWait.SpinUntil(() => _other.Requests.Arrived >= 1, TimeSpan.FromSeconds(20)), "the first request never arrived");
        elsewhere.Run("Disconnect-Verifik -Connection $c", ("c", other.BaseObject));
        var output = ps.EndInvoke(running).Select(o => o.BaseObject).ToList();

        // The request already sent finishes; each later ID finds the token wiped and gets its own error, without a request.
        var closed = new object[] { "VerifikConnectionClosed,Verifik.PowerShell.Commands.GetVerifikDocumentLivenessCommand", "AuthenticationError", "theirs" };
        Assert.Equal(new object[] { "theirs" }.Concat(closed).Concat(closed), output);
        Assert.Equal(1, _other.Requests.Arrived);
    }
}
