using System.Reflection;
using Verifik.Sandbox;
using Xunit;

namespace Verifik.Engine.Tests;

/// <summary>
/// Issue 12, item 6: one HttpClient (one connection pool) per distinct proxy setting BY VALUE, so a new PSCredential
/// with the same user and password reuses it; and a client no connection uses any more is released, so the cache
/// keeps no proxy password after the last Disconnect-Verifik. Seen from outside as the sandbox sees it (the TCP
/// connections its requests came on), and from inside through the cache's own list of live clients.
/// </summary>
public class HttpClientSharingTests : RecordingProxyTestBase
{
    /// <summary>The cache's live clients, as "proxy user leases" lines (never a password), read the way a script would.</summary>
    internal const string LiveClientsScript =
        "@([AppDomain]::CurrentDomain.GetAssemblies().Where({ $_.GetName().Name -eq 'Verifik.Client' })[0]." +
        "GetType('Verifik.HttpClientCache').GetProperty('LiveClients', [Reflection.BindingFlags]'NonPublic, Static').GetValue($null))";

    private List<string> LiveClientsOfTheProxy() =>
        Host.Run(LiveClientsScript).Select(o => o.BaseObject.ToString()!).Where(l => l.StartsWith(Proxy.Uri.AbsoluteUri)).ToList();

    [Fact]
    public void A_hundred_connects_with_new_credential_objects_of_the_same_values_use_one_client_released_by_Disconnect()
    {
        var ids = Host.Run("""
            foreach ($i in 1..100) {
                $credential = [pscredential]::new('proxyuser', [System.Net.NetworkCredential]::new('', 's3cret').SecurePassword)
                Connect-Verifik -Token $t -BaseUri $u -Proxy $p -ProxyCredential $credential -MaxRetry 0
                (Get-VerifikDocumentLiveness -Id dl-0000001).Id
            }
            """, ("t", SandboxDefaults.Token), ("u", Server.BaseUri), ("p", Proxy.Uri));

        Assert.Empty(Host.Errors);
        Assert.Equal(100, ids.Count(o => (string)o.BaseObject == "dl-0000001"));
        var requests = Server.Requests.Snapshot();
        Assert.Equal(100, requests.Count);
        Assert.Single(requests.Select(r => r.ConnectionId).Distinct()); // one pool: every request on the same kept-alive connection
        // One pool, leased by the default connection and by those it replaced that were not collected yet (they may still
        // be in use by another runspace; Disconnect-Verifik closes them too).
        Assert.StartsWith(Proxy.Uri.AbsoluteUri + " proxyuser ", Assert.Single(LiveClientsOfTheProxy()));

        Host.Run("Disconnect-Verifik");

        Assert.Empty(LiveClientsOfTheProxy()); // released: the cache no longer holds the proxy password
    }

    [Fact]
    public void A_client_lives_while_any_connection_uses_it_and_a_new_password_gets_its_own()
    {
        Host.Run("""
            $one = Connect-Verifik -Token $t -BaseUri $u -Proxy $p -ProxyCredential ([pscredential]::new('proxyuser', [System.Net.NetworkCredential]::new('', 's3cret').SecurePassword)) -ReturnConnection
            $two = Connect-Verifik -Token $t -BaseUri $u -Proxy $p -ProxyCredential ([pscredential]::new('proxyuser', [System.Net.NetworkCredential]::new('', 's3cret').SecurePassword)) -ReturnConnection
            $other = Connect-Verifik -Token $t -BaseUri $u -Proxy $p -ProxyCredential ([pscredential]::new('proxyuser', [System.Net.NetworkCredential]::new('', 'changed').SecurePassword)) -ReturnConnection
            """, ("t", SandboxDefaults.Token), ("u", Server.BaseUri), ("p", Proxy.Uri));
        Assert.Empty(Host.Errors);
        Assert.Equal(new[] { Proxy.Uri.AbsoluteUri + " proxyuser 1", Proxy.Uri.AbsoluteUri + " proxyuser 2" }, LiveClientsOfTheProxy().Order());

        Host.Run("Disconnect-Verifik -Connection $one; (Get-VerifikDocumentLiveness -Id dl-0000002 -Connection $two).Id");
        Assert.Empty(Host.Errors);
        Assert.Equal("dl-0000002", Assert.Single(Host.Output).BaseObject);
        Assert.Equal(new[] { Proxy.Uri.AbsoluteUri + " proxyuser 1", Proxy.Uri.AbsoluteUri + " proxyuser 1" }, LiveClientsOfTheProxy());

        Host.Run("Disconnect-Verifik -Connection $two; Disconnect-Verifik -Connection $other");
        Assert.Empty(LiveClientsOfTheProxy());
    }
}
