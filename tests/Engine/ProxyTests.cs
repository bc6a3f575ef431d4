using System.Management.Automation;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Verifik.Sandbox;
using Xunit;

namespace Verifik.Engine.Tests;

/// <summary>
/// -Proxy and -ProxyCredential on Connect-Verifik: requests to the API go through the given proxy (an
/// https API is reached with CONNECT), and the proxy's Basic challenge is answered with the credential.
/// The proxy is a real listener on loopback that records what it is asked and then refuses the tunnel.
/// </summary>
public class ProxyTests : IDisposable
{
    private readonly TcpListener _proxy = new(IPAddress.Loopback, 0);
    private readonly List<string> _requests = new();
    private readonly ModuleHost _host = new();

    public ProxyTests()
    {
        _proxy.Start();
        _ = Task.Run(ServeAsync);
        _host.Run("Disconnect-Verifik");
    }

    private int Port => ((IPEndPoint)_proxy.LocalEndpoint).Port;

    /// <summary>Asks for credentials once per connection, records every request head, then answers 502.</summary>
    private async Task ServeAsync()
    {
        while (true)
        {
            TcpClient client;
            try { client = await _proxy.AcceptTcpClientAsync(); } catch (Exception) { return; }
            _ = Task.Run(async () =>
            {
                using (client)
                {
                    var stream = client.GetStream();
                    var reader = new StreamReader(stream, Encoding.ASCII);
                    for (var round = 0; round < 2; round++)
                    {
                        var head = new StringBuilder();
                        string? line;
                        while (!string.IsNullOrEmpty(line = await reader.ReadLineAsync())) head.AppendLine(line);
                        if (head.Length == 0) return;
                        lock (_requests) _requests.Add(head.ToString());
                        var challenge = !head.ToString().Contains("Proxy-Authorization:");
                        var answer = challenge
                            ? "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test\"\r\nContent-Length: 0\r\n\r\n"
                            : "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
                        await stream.WriteAsync(Encoding.ASCII.GetBytes(answer));
                        if (!challenge) return;
                    }
                }
            });
        }
    }

    [Fact]
    public void Requests_tunnel_through_the_given_proxy_and_answer_its_challenge_with_the_credential()
    {
        var password = new System.Security.SecureString();
        foreach (var ch in "s3cret") password.AppendChar(ch);
        var credential = new PSCredential("proxyuser", password);
        _host.Run("Connect-Verifik -Token $t -BaseUri 'https://api.verifik.test' -Proxy $p -ProxyCredential $c -MaxRetry 0",
            ("t", SandboxDefaults.Token), ("p", new Uri($"http://127.0.0.1:{Port}")), ("c", credential));
        Assert.Empty(_host.Errors);
        Assert.Equal($"http://127.0.0.1:{Port}/ (-Proxy)", _host.Run("(Get-VerifikContext).Proxy").Single().BaseObject);

        _host.Run("Get-VerifikDocumentLiveness -Id abc");

        var error = Assert.Single(_host.Errors);
        Assert.Equal(ErrorCategory.ConnectionError, error.CategoryInfo.Category); // the proxy refused the tunnel
        Assert.Equal("abc", error.TargetObject);
        List<string> seen;
        lock (_requests) seen = _requests.ToList();
        Assert.All(seen, r => Assert.StartsWith("CONNECT api.verifik.test:443 ", r));
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes("proxyuser:s3cret"));
        Assert.Contains(seen, r => r.Contains("Proxy-Authorization: Basic " + basic));
        Assert.DoesNotContain(seen, r => r.Contains(SandboxDefaults.Token)); // the bearer token only travels inside the tunnel
    }

    [Fact]
    public void Sign_in_requests_tunnel_through_the_given_proxy_too()
    {
        var password = new System.Security.SecureString();
        foreach (var ch in "s3cret") password.AppendChar(ch);
        _host.Run("try { Connect-Verifik -Email ana@example.com -Code $code -BaseUri 'https://api.verifik.test' -Proxy $p -ProxyCredential $c -MaxRetry 0 -ErrorAction Stop } catch { $_ }",
            ("code", "913572"), ("p", new Uri($"http://127.0.0.1:{Port}")), ("c", new PSCredential("proxyuser", password)));

        var error = (ErrorRecord)Assert.Single(_host.Output).BaseObject;
        Assert.StartsWith("VerifikConnectionFailed,", error.FullyQualifiedErrorId); // the proxy refused the tunnel
        Assert.Equal(ErrorCategory.ConnectionError, error.CategoryInfo.Category);
        Assert.Equal("ana@example.com", error.TargetObject);
        List<string> seen;
        lock (_requests) seen = _requests.ToList();
        Assert.NotEmpty(seen);
        Assert.All(seen, r => Assert.StartsWith("CONNECT api.verifik.test:443 ", r));
        Assert.Contains(seen, r => r.Contains("Proxy-Authorization: Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("proxyuser:s3cret"))));
        Assert.DoesNotContain(seen, r => r.Contains("913572")); // the code only travels inside the tunnel
        Assert.Empty(_host.Run("Get-VerifikContext"));
    }

    [Fact]
    public void ProxyCredential_and_ProxyUseDefaultCredentials_together_are_refused()
    {
        var password = new System.Security.SecureString();
        password.AppendChar('x');
        _host.Run("Connect-Verifik -Token $t -Proxy $p -ProxyCredential $c -ProxyUseDefaultCredentials",
            ("t", SandboxDefaults.Token), ("p", new Uri($"http://127.0.0.1:{Port}")), ("c", new PSCredential("u", password)));
        Assert.StartsWith("ProxyCredentialConflict", Assert.Single(_host.Errors).FullyQualifiedErrorId);
        Assert.Empty(_host.Run("Get-VerifikContext"));
    }

    public void Dispose()
    {
        _host.Run("Disconnect-Verifik");
        _host.Dispose();
        _proxy.Stop();
    }
}
