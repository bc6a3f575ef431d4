using System.Collections;
using System.Management.Automation;
using Verifik.Sandbox;
using Xunit;

namespace Verifik.Engine.Tests;

/// <summary>
/// The sign-in stories run with -Verbose -Debug and every stream merged (*>&amp;1), then everything a user could see
/// (each record, error, exception and its properties, the views, $Error) searched for the one-time code, every
/// token the sandbox issued and every otp hash it sent (<see cref="SandboxServer.SignIns"/>).
/// </summary>
public class SignInHygieneTests : SandboxTestBase
{
    // Distinctive, so that finding it cannot be a coincidence of some id or time stamp.
    private const string Code = "738291";

    private readonly CapturingHost _console = new();
    private readonly List<string> _seen = new();

    [Fact]
    public void The_code_the_tokens_and_the_otp_hashes_appear_in_no_stream_error_object_or_view()
    {
        Server.Options.OneTimeCode = Code;
        Server.Records.AddFlat("r1");
        _console.SecureAnswer = Code;
        using var interactive = new ModuleHost(_console);
        var vars = new (string, object?)[] { ("u", Server.BaseUri), ("code", Code), ("wrong", "111111") };
        void Run(ModuleHost host, string script)
        {
            host.Run("$VerbosePreference = 'Continue'; $DebugPreference = 'Continue'; $InformationPreference = 'Continue'; " +
                     "$all = & { " + script + " } *>&1; $all; $all | Out-Host", vars);
            Collect(host);
        }

        Run(interactive, "Connect-Verifik -Email ana@example.com -BaseUri $u -PassThru -Verbose -Debug");                       // prompt answered
        Run(interactive, "Connect-Verifik -Phone 3001234567 -CountryCode +57 -BaseUri $u -ReturnConnection -Verbose -Debug");   // step 1 sends a hash
        Run(Host, "Connect-Verifik -Phone 3001234567 -CountryCode +57 -BaseUri $u -Verbose -Debug");                            // VerifikCodeRequired
        Run(Host, "$c = Connect-Verifik -Phone 3001234567 -CountryCode +57 -Code $code -BaseUri $u -ReturnConnection -Verbose -Debug; $c; Get-VerifikDocumentLiveness -Id r1 -Connection $c -Verbose -Debug");
        Run(Host, "Connect-Verifik -Email ana@example.com -Code $wrong -BaseUri $u -Verbose -Debug");                           // VerifikCodeRejected
        Server.Options.Faults.Add(new FaultRule { Kind = FaultKind.TruncatedBody, Operations = FaultOperation.SignIn, Times = 1 });
        Run(Host, "Connect-Verifik -Phone 3001234567 -CountryCode +57 -BaseUri $u -Verbose -Debug");                            // half a phone answer
        Server.Options.Faults.Clear();
        Server.Options.Faults.Add(new FaultRule { Kind = FaultKind.ServerError, Status = 503, RetryAfter = "0", Operations = FaultOperation.SignIn, Times = 1 });
        Run(Host, "Connect-Verifik -Phone 3001234567 -CountryCode +57 -Code $code -BaseUri $u -Verbose -Debug");                // retried
        Server.Options.Faults.Clear();
        Server.Options.Faults.Add(new FaultRule { Kind = FaultKind.ServerErrorAfterBody, Operations = FaultOperation.SignIn, Times = 1 });
        Run(Host, "Connect-Verifik -Email ana@example.com -Code $code -BaseUri $u -Verbose -Debug");                            // issued, not delivered
        Run(Host, "Get-VerifikContext; Get-VerifikAccessToken -Verbose -Debug; $p = Get-VerifikAccessToken -AsPlainText -Verbose -Debug; $p | Out-Host; \"$p\"");
        const string dumpErrors = "$Error | ForEach-Object { $_; $_.Exception.ToString(); $_.Exception | Out-Host; " +
            "$_.PSObject.Properties | ForEach-Object { $_.Name + '=' + $_.Value }; $_.Exception.PSObject.Properties | ForEach-Object { $_.Name + '=' + $_.Value } }";
        Run(Host, dumpErrors);
        Run(interactive, dumpErrors);
        Run(Host, "Disconnect-Verifik -Verbose -Debug");
        _seen.Add(_console.Text);

        var secrets = new List<string> { Code };
        secrets.AddRange(Server.SignIns.Tokens);
        secrets.AddRange(Server.SignIns.Tokens.Select(t => "." + t.Split('.')[2] + "."));
        secrets.AddRange(Server.SignIns.Tokens.Select(t => t.Split('.')[1]));
        secrets.AddRange(Server.SignIns.OtpHashes);
        secrets.AddRange(Server.SignIns.OtpHashes.Select(h => h[^26..])); // any half of a hash
        Assert.Equal(5, Server.SignIns.Tokens.Count);   // e-mail, phone ×2, the retried one, the undelivered one
        Assert.Equal(3, Server.SignIns.OtpHashes.Count);
        // The scenarios did produce what is searched: the prompt, verbose and debug lines, each kind of error.
        foreach (var expected in new[] { "Verifik sent a one-time code", "Confirming the one-time code", "Retrying", "VerifikCodeRequired",
                     "VerifikCodeRejected", "InvalidVerifikResponse", "VerifikServerError", "status 'sent'", "Bearer ****" })
        {
            Assert.Contains(_seen, s => s.Contains(expected, StringComparison.Ordinal));
        }
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(_seen, s => s.Contains(secret, StringComparison.Ordinal));
        }
    }

    private void Collect(ModuleHost host)
    {
        foreach (var o in host.Output) Describe(o);
        foreach (var e in host.Errors) Describe(new PSObject(e));
        _seen.AddRange(host.Warnings);
        _seen.AddRange(host.Verbose);
        _seen.AddRange(host.Debug);
        _seen.AddRange(host.Information.Select(i => i?.ToString() ?? string.Empty));
    }

    private void Describe(PSObject o)
    {
        _seen.Add(o.BaseObject?.ToString() ?? string.Empty);
        if (o.BaseObject is ErrorRecord e)
        {
            _seen.Add(e.Exception.ToString());
            _seen.Add(e.ErrorDetails?.Message + " " + e.ErrorDetails?.RecommendedAction);
            _seen.Add(e.TargetObject?.ToString() ?? string.Empty);
            _seen.Add(e.FullyQualifiedErrorId);
        }
        foreach (var p in o.Properties)
        {
            object? value;
            try { value = p.Value; } catch (GetValueException) { continue; }
            _seen.Add(p.Name + "=" + (value is IEnumerable items && value is not string ? string.Join(";", items.Cast<object>()) : value));
        }
    }
}
