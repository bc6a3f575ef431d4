using System.Management.Automation;
using Verifik.Sandbox;
using Xunit;

namespace Verifik.Engine.Tests;

/// <summary>
/// Issue 12, item 3: a plain-http loopback API (the sandbox) is reached directly, never through a proxy, which would
/// see the bearer token in clear and resolve "loopback" on its own side. Checked with a recording proxy on loopback:
/// given as -Proxy here, and as http_proxy / HTTPS_PROXY in a fresh process (.NET reads the environment's proxy once per
/// process, so only a new process proves it). Get-VerifikContext names the proxy actually used; a base URI with user
/// info is refused.
/// </summary>
public class ProxyBypassTests : RecordingProxyTestBase
{
    [Fact]
    public void With_Proxy_a_plain_http_loopback_API_and_its_images_are_reached_directly()
    {
        Server.Images.Add("one", SampleImages.Jpeg(), "image/jpeg");
        var destination = Path.Combine(Path.GetTempPath(), "verifik-bypass-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(destination);
        try
        {
            var ids = Host.Run("""
                Connect-Verifik -Token $t -BaseUri $u -Proxy $p -MaxRetry 0
                (Get-VerifikDocumentLiveness -Id dl-0000001, dl-0000002).Id
                [pscustomobject]@{ Id = 'one'; ImageUrl = $image } | Save-VerifikDocumentLivenessImage -Destination $d
                (Get-VerifikContext).Proxy
                """, ("t", SandboxDefaults.Token), ("u", Server.BaseUri), ("p", Proxy.Uri), ("image", Server.ImageUrl("one").AbsoluteUri), ("d", destination));

            Assert.Empty(Host.Errors);
            Assert.Equal(new[] { "dl-0000001", "dl-0000002", "direct (loopback)" }, ids.Select(o => o.BaseObject.ToString()));
            Assert.True(File.Exists(Path.Combine(destination, "one.jpg")));
            Assert.Equal(0, Proxy.Connections);
            Assert.Equal(3, Server.Requests.Count); // two records, one image: all straight to the sandbox
        }
        finally
        {
            Directory.Delete(destination, recursive: true);
        }
    }

    [Fact]
    public void An_https_API_goes_through_Proxy_and_the_context_names_it()
    {
        Host.Run("Connect-Verifik -Token $t -BaseUri 'https://api.verifik.test' -Proxy $p -MaxRetry 0; (Get-VerifikContext).Proxy; Get-VerifikDocumentLiveness -Id abc",
            ("t", SandboxDefaults.Token), ("p", Proxy.Uri));

        Assert.Equal(Proxy.Uri.AbsoluteUri + " (-Proxy)", Assert.Single(Host.Output).BaseObject);
        Assert.Equal(ErrorCategory.ConnectionError, Assert.Single(Host.Errors).CategoryInfo.Category); // the recorder refuses the tunnel
        Assert.All(Proxy.Heads(), h => Assert.StartsWith("CONNECT api.verifik.test:443 ", h));
        Assert.NotEmpty(Proxy.Heads());
    }

    [Fact]
    public void With_http_proxy_and_HTTPS_PROXY_set_a_loopback_API_is_reached_directly_and_the_context_names_the_variable()
    {
        Server.Images.Add("x", SampleImages.Jpeg(), "image/jpeg");
        var destination = Path.Combine(Path.GetTempPath(), "verifik-bypass-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(destination);
        var (output, errors) = FreshProcess.Run($$"""
            $env:http_proxy = '{{Proxy.Uri}}'
            $env:HTTPS_PROXY = '{{Proxy.Uri}}'
            $env:all_proxy = '{{Proxy.Uri}}'
            Connect-Verifik -Token '{{SandboxDefaults.Token}}' -BaseUri '{{Server.BaseUri}}' -MaxRetry 0
            (Get-VerifikDocumentLiveness -Id dl-0000004).Id
            [pscustomobject]@{ Id = 'x'; ImageUrl = '{{Server.ImageUrl("x").AbsoluteUri}}' } | Save-VerifikDocumentLivenessImage -Destination '{{destination}}'
            (Get-VerifikContext).Proxy
            Connect-Verifik -Token '{{SandboxDefaults.Token}}' -BaseUri 'https://api.verifik.test' -MaxRetry 0
            (Get-VerifikContext).Proxy
            Disconnect-Verifik
            """);

        var saved = File.Exists(Path.Combine(destination, "x.jpg"));
        Directory.Delete(destination, recursive: true);
        Assert.Empty(errors);
        Assert.True(saved);
        Assert.Equal(new[] { "dl-0000004", "direct (loopback)", Proxy.Uri.AbsoluteUri + " (HTTPS_PROXY)" }, output);
        Assert.Equal(0, Proxy.Connections);
        Assert.Contains(Server.Requests.Snapshot(), r => r.Path == "/v2/document-liveness/dl-0000004" && r.TokenId != null);
    }

    [Theory]
    [InlineData("-BaseUri $u")]
    [InlineData("")]
    public void A_base_URI_with_user_info_is_refused_without_showing_it(string given)
    {
        var withUser = new UriBuilder(Server.BaseUri) { UserName = "zorbuser", Password = "Pa55word" }.Uri;
        var saved = Environment.GetEnvironmentVariable("VERIFIK_BASE_URI");
        Environment.SetEnvironmentVariable("VERIFIK_BASE_URI", given.Length == 0 ? withUser.AbsoluteUri : null);
        try
        {
            Host.Run($"Connect-Verifik -Token $t {given} -Verbose", ("t", SandboxDefaults.Token), ("u", withUser));
        }
        finally
        {
            Environment.SetEnvironmentVariable("VERIFIK_BASE_URI", saved);
        }

        var error = Assert.Single(Host.Errors);
        Assert.StartsWith("InvalidBaseUri,", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Equal(Server.BaseUri.AbsoluteUri, error.TargetObject?.ToString());
        Assert.Contains(Server.BaseUri.AbsoluteUri, error.Exception.Message);
        Assert.DoesNotContain("Pa55word", error.Exception.Message + error.TargetObject + string.Join("\n", Host.Verbose));
        Assert.DoesNotContain("zorbuser", error.Exception.Message + error.TargetObject);
        Assert.Empty(Host.Run("Get-VerifikContext"));
    }
}
