using System.Management.Automation;
using System.Text.RegularExpressions;
using Verifik.Sandbox;
using Xunit;

namespace Verifik.Engine.Tests;

/// <summary>
/// Connect-Verifik on an interactive host (<see cref="CapturingHost"/>, whose secure prompt answers
/// <see cref="CapturingHost.SecureAnswer"/>): the secure token prompt, and the one-time-code prompt of a sign-in
/// without -Code, which says where the code went and until when.
/// </summary>
public class InteractivePromptTests : SandboxTestBase
{
    private readonly CapturingHost _console = new();
    private ModuleHost _interactive = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _interactive = new ModuleHost(_console);
    }

    public override async Task DisposeAsync()
    {
        _interactive.Dispose();
        await base.DisposeAsync();
    }

    [Fact]
    public void Without_a_token_an_interactive_host_is_asked_for_it_securely()
    {
        Environment.SetEnvironmentVariable("VERIFIK_TOKEN", null);
        _console.SecureAnswer = SandboxDefaults.Token;

        _interactive.Run("Connect-Verifik -BaseUri $u", ("u", Server.BaseUri));

        Assert.Empty(_interactive.Errors);
        Assert.Equal(new[] { "Verifik API token: " }, _console.Prompts);
        Assert.Equal(SandboxDefaults.ClientId, Host.Run("(Get-VerifikContext).ClientId").Single().BaseObject);
        Assert.DoesNotContain(SandboxDefaults.Token, _console.Text);
        Assert.Equal(0, Server.Requests.Arrived);
    }

    [Fact]
    public void Without_Code_the_code_is_sent_then_asked_for_with_where_it_went_and_until_when()
    {
        _console.SecureAnswer = SandboxDefaults.OneTimeCode;

        var context = _interactive.Run("Connect-Verifik -Email ana@example.com -BaseUri $u -PassThru", ("u", Server.BaseUri));

        Assert.Empty(_interactive.Errors);
        Assert.Equal("sandbox_ana", context.Single().Properties["ClientId"].Value);
        Assert.Equal("sandbox_ana", Host.Run("(Get-VerifikContext).ClientId").Single().BaseObject);
        Assert.Equal(new[] { "/v2/projects/email-login", "/v2/projects/email-login/confirm" }, Server.Requests.Snapshot().Select(r => r.Path));
        Assert.Equal(new[] { "One-time code: " }, _console.Prompts);
        // Where the code went, and when it expires: in UTC, in local time, and how long that is from now.
        var said = Regex.Match(_console.Text,
            @"Verifik sent a one-time code to ana@example\.com by e-mail; it expires at (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) UTC \((.+?) local time\), in about (\d+) minutes\.");
        Assert.True(said.Success, _console.Text);
        var expires = DateTime.SpecifyKind(DateTime.ParseExact(said.Groups[1].Value, "yyyy-MM-dd HH:mm:ss", null), DateTimeKind.Utc);
        Assert.InRange(expires, DateTime.UtcNow.AddMinutes(8), DateTime.UtcNow.AddMinutes(11));
        Assert.EndsWith(said.Groups[2].Value, expires.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss"));
        Assert.InRange(int.Parse(said.Groups[3].Value), 9, 10);
        Assert.True(_console.Text.IndexOf("Verifik sent", StringComparison.Ordinal) < _console.Text.IndexOf("One-time code: ", StringComparison.Ordinal));
    }

    [Fact]
    public void A_phone_sign_in_says_the_code_went_by_WhatsApp_and_returns_a_connection()
    {
        _console.SecureAnswer = " " + SandboxDefaults.OneTimeCode + " "; // pasted with spaces

        var connection = _interactive.Run("Connect-Verifik -Phone 300-123-4567 -CountryCode +57 -BaseUri $u -ReturnConnection", ("u", Server.BaseUri)).Single();

        Assert.Empty(_interactive.Errors);
        Assert.Equal("sandbox_luis", connection.Properties["ClientId"].Value);
        Assert.Contains("Verifik sent a one-time code to +57 3001234567 by WhatsApp; it expires at ", _console.Text);
        Assert.Equal(new[] { "/v2/projects/phone-login", "/v2/projects/phone-login/confirm" }, Server.Requests.Snapshot().Select(r => r.Path));
        Assert.Empty(Host.Run("Get-VerifikContext"));
    }

    [Fact]
    public void An_empty_answer_stops_with_VerifikCodeRequired_and_sends_no_confirmation()
    {
        _console.SecureAnswer = "";

        _interactive.Run("try { Connect-Verifik -Email ana@example.com -BaseUri $u -ErrorAction Stop } catch { $_ }", ("u", Server.BaseUri));

        var error = (ErrorRecord)Assert.Single(_interactive.Output).BaseObject;
        Assert.StartsWith("VerifikCodeRequired,", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.AuthenticationError, error.CategoryInfo.Category);
        Assert.StartsWith("No code was entered.", error.Exception.Message);
        Assert.Equal($"Connect-Verifik -Email ana@example.com -BaseUri {Server.BaseUri} -Code <code>", error.ErrorDetails.RecommendedAction);
        Assert.Equal(new[] { "/v2/projects/email-login" }, Server.Requests.Snapshot().Select(r => r.Path));
        Assert.Empty(Host.Run("Get-VerifikContext"));
    }
}
