using System.Collections;
using System.Management.Automation;
using Verifik.Sandbox;
using Xunit;

namespace Verifik.Engine.Tests;

/// <summary>
/// Runs the module's stories with -Verbose -Debug and searches everything PowerShell could show a user
/// (every stream, every error's text and exception, every output object's properties and formatting)
/// for the token.
/// </summary>
public class TokenHygieneTests : SandboxTestBase
{
    private static readonly string Secret = SandboxDefaults.MakeToken("hygiene_client", DateTimeOffset.UtcNow.AddDays(20));

    private readonly CapturingHost _console = new();
    private readonly List<string> _seen = new();

    [Fact]
    public void The_token_appears_in_no_stream_error_object_or_view()
    {
        Server.Options.Token = Secret;
        Server.Records.AddFlat("ok");
        using var host = new ModuleHost(_console);
        // Format-List * -Force is not in the hosted engine: Show-Properties writes every property as it would.
        const string prelude = "$VerbosePreference = 'Continue'; $DebugPreference = 'Continue'; $InformationPreference = 'Continue'; " +
            "function Show-Properties { process { foreach ($p in $_.PSObject.Properties) { try { '{0} : {1}' -f $p.Name, $p.Value } catch { } } } }; ";
        void Run(string script, params (string, object?)[] vars)
        {
            host.Run(prelude + script, vars);
            Collect(host);
        }

        Run("Connect-Verifik -Token $t -BaseUri $u -PassThru -Verbose -Debug | Out-Host", ("t", Secret), ("u", Server.BaseUri));
        Run("Get-VerifikContext | Out-Host; Get-VerifikContext | Show-Properties; Get-VerifikContext");
        Run("'ok','missing','', 'ok' | Get-VerifikDocumentLiveness -Verbose -Debug");
        Run("Get-VerifikDocumentLiveness -Verbose -Debug | Out-Host");
        Server.Options.Faults.Add(new FaultRule { Kind = FaultKind.TooManyRequests, RetryAfter = "0", Times = 1 });
        Server.Options.Faults.Add(new FaultRule { Kind = FaultKind.HtmlPage, Ids = new HashSet<string> { "html" } });
        Run("'ok','html' | Get-VerifikDocumentLiveness -Verbose -Debug -MaxRetry 1 | Out-Host");
        Server.Options.Faults.Add(new FaultRule { Kind = FaultKind.RedirectToOtherHost, Ids = new HashSet<string> { "redirect" } });
        Run("Get-VerifikDocumentLiveness -Id redirect -Verbose -Debug");
        Server.Options.Token = "rotated";
        Run("'ok' | Get-VerifikDocumentLiveness -Verbose -Debug");                              // 401: token refused
        Run("Connect-Verifik -Token $t -BaseUri 'http://example.com' -Verbose -Debug", ("t", Secret)); // refused base URI
        Run("Connect-Verifik -Token $t -BaseUri $u -Verbose -Debug", ("t", SandboxDefaults.MakeToken("x", DateTimeOffset.UtcNow.AddDays(-1)) ), ("u", Server.BaseUri));
        Run("$Error | ForEach-Object { $_ | Out-Host; $_ | Show-Properties; $_.Exception | Out-Host; $_.Exception | Show-Properties }");
        Run("Disconnect-Verifik -Verbose -Debug");

        _seen.Add(_console.Text);
        Assert.True(_seen.Count > 20, "the scenarios produced too little to search");
        Assert.Contains(_seen, s => s.Contains("Retrying"));              // verbose retries were captured
        Assert.Contains(_seen, s => s.Contains("VerifikTokenRefused"));   // the 401 error was captured
        Assert.Contains(_seen, s => s.Contains("VerifikTokenExpired"));   // so was the expired token
        Assert.Contains(_seen, s => s.StartsWith("TokenHint : "));        // and the context's properties, one by one
        Assert.DoesNotContain(_seen, s => s.Contains("CommandNotFoundException")); // every scenario ran a command the engine has
        foreach (var text in _seen) Assert.DoesNotContain(Secret, text);
        // Not even the signature part, which would be enough to replay most of a token.
        var signature = Secret.Split('.')[2];
        foreach (var text in _seen) Assert.DoesNotContain("." + signature, text);
    }

    private void Collect(ModuleHost host)
    {
        foreach (var o in host.Output) Describe(o);
        foreach (var e in host.Errors)
        {
            _seen.Add(e.ToString());
            _seen.Add(e.FullyQualifiedErrorId);
            _seen.Add(e.Exception.ToString());
            _seen.Add(e.ErrorDetails?.Message ?? string.Empty);
            _seen.Add(e.TargetObject?.ToString() ?? string.Empty);
        }
        _seen.AddRange(host.Warnings);
        _seen.AddRange(host.Verbose);
        _seen.AddRange(host.Debug);
        _seen.AddRange(host.Information.Select(i => i?.ToString() ?? string.Empty));
        _seen.AddRange(host.Progress.Select(p => p.Activity + " " + p.StatusDescription));
    }

    private void Describe(PSObject o)
    {
        _seen.Add(o.BaseObject?.ToString() ?? string.Empty);
        foreach (var p in o.Properties)
        {
            object? value;
            try { value = p.Value; } catch (GetValueException) { continue; }
            _seen.Add(p.Name + "=" + (value is IEnumerable e && value is not string ? string.Join(";", e.Cast<object>()) : value));
        }
    }
}
