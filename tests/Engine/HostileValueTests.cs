using System.Management.Automation;
using System.Text;
using Verifik.Sandbox;
using Xunit;

namespace Verifik.Engine.Tests;

/// <summary>
/// Values a server (or a token) can get subtly wrong: success:false with data, another record's ID, a negative exp,
/// lone surrogates, a Retry-After past Int32, dates that are not ISO 8601, and terminal escape sequences in text.
/// </summary>
public class HostileValueTests : SandboxTestBase
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        foreach (var id in new[] { "good", "asked", "locked" }) Server.Records.AddFlat(id);
        Connect();
    }

    private void Fault(FaultKind kind, string id, string? retryAfter = null) =>
        Server.Options.Faults.Add(new FaultRule { Kind = kind, Ids = new HashSet<string> { id }, RetryAfter = retryAfter });

    /// <summary>$error.Exception.ApiError.&lt;name&gt;, read the way a script reads it (the type lives in the module's assembly).</summary>
    internal static object? ApiErrorOf(ErrorRecord error, string name) =>
        (PSObject.AsPSObject(PSObject.AsPSObject(error.Exception).Properties["ApiError"].Value).Properties[name].Value);

    /// <summary>No C0 or C1 control character and no DEL: nothing a terminal would act on.</summary>
    private static void AssertPrintable(string text) =>
        Assert.DoesNotContain(text, c => c < 0x20 || (c >= 0x7F && c <= 0x9F));

    [Fact]
    public void A_success_false_record_is_that_IDs_error_with_the_APIs_message_and_code()
    {
        Fault(FaultKind.Unsuccessful, "locked"); // success:false, with the record still in "data"
        var output = Host.Run("'good', 'locked', 'good' | Get-VerifikDocumentLiveness | ForEach-Object Id");

        Assert.Equal(new[] { "good", "good" }, output.Select(o => (string)o.BaseObject));
        var error = Assert.Single(Host.Errors);
        Assert.StartsWith("VerifikRequestUnsuccessful,", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidResult, error.CategoryInfo.Category);
        Assert.Equal("locked", error.TargetObject);
        Assert.Equal("RECORD_LOCKED", ApiErrorOf(error, "Code"));
        Assert.Equal("Record is locked for review", ApiErrorOf(error, "Message"));
        Assert.Contains("Record is locked for review (RECORD_LOCKED)", error.Exception.Message);
    }

    [Fact]
    public void A_record_with_another_ID_is_written_with_a_warning_naming_both()
    {
        Fault(FaultKind.OtherRecordId, "asked");
        var output = Host.Run("Get-VerifikDocumentLiveness -Id asked | ForEach-Object Id");

        Assert.Equal("other-record", Assert.Single(output).BaseObject);
        Assert.Empty(Host.Errors);
        var warning = Assert.Single(Host.Warnings);
        Assert.Contains("'asked'", warning);
        Assert.Contains("'other-record'", warning);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("0")]
    [InlineData("-99999999999.5")]
    public void A_JWT_whose_exp_is_not_positive_is_expired(string exp)
    {
        static string Part(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var token = Part("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + Part("{\"clientId\":\"c1\",\"exp\":" + exp + "}") + ".c2lnbmF0dXJl";
        var caught = Host.Run("try { Connect-Verifik -Token $t -BaseUri $u; 'connected' } catch { $_ }", ("t", token), ("u", Server.BaseUri));

        var error = Assert.IsType<ErrorRecord>(Assert.Single(caught).BaseObject);
        Assert.StartsWith("VerifikTokenExpired,", error.FullyQualifiedErrorId);
        Assert.DoesNotContain(token, error.ToString());
    }

    [Fact]
    public void An_ID_with_a_lone_surrogate_is_refused_and_nothing_is_sent_for_it()
    {
        var ids = new[] { "a\uD800b", "\uDC00", "end\uD83D", "ok\uD83D\uDE00" }; // the last is a valid pair (an emoji)
        Host.Run("$ids | Get-VerifikDocumentLiveness", ("ids", ids));

        var refused = Host.Errors.Where(e => e.FullyQualifiedErrorId.StartsWith("InvalidDocumentLivenessId,")).ToList();
        Assert.Equal(ids.Take(3), refused.Select(e => (string)e.TargetObject));
        Assert.All(refused, e => Assert.Equal(ErrorCategory.InvalidArgument, e.CategoryInfo.Category));
        Assert.All(refused, e => Assert.Contains("surrogate", e.Exception.Message));
        // Only the valid pair went out (and was not found).
        Assert.Equal(new[] { "/v2/document-liveness/ok%F0%9F%98%80" }, RecordRequests());
    }

    [Fact]
    public void A_Retry_After_above_Int32_is_capped_at_the_longest_wait_not_ignored()
    {
        Fault(FaultKind.TooManyRequests, "good", retryAfter: "99999999999");
        using var ps = PowerShell.Create();
        ps.Runspace = Host.Runspace;
        ps.AddScript("Get-VerifikDocumentLiveness -Id good -MaxRetry 1 -Verbose");
        var retried = new ManualResetEventSlim();
        ps.Streams.Verbose.DataAdded += (_, _) => { if (ps.Streams.Verbose.Any(v => v.Message.StartsWith("Retrying"))) retried.Set(); };
        var run = ps.BeginInvoke();
        // Either the retry notice comes, or the command ends (after a short back-off, which is the bug).
        WaitHandle.WaitAny(new[] { retried.WaitHandle, run.AsyncWaitHandle }, TimeSpan.FromSeconds(60));
        ps.Stop();

        var notice = Assert.Single(ps.Streams.Verbose, v => v.Message.StartsWith("Retrying")).Message;
        Assert.Contains("HTTP 429", notice);
        Assert.Contains("retry 1 of 1 in 120 s", notice); // RequestSettings.MaxRetryAfter, 2 minutes
    }

    [Theory]
    [InlineData("12:00")]
    [InlineData("May 2024")]
    [InlineData("01/02/2024")]
    [InlineData("2024")]
    public void A_date_that_is_not_ISO_8601_is_null_with_a_warning_and_never_matches_CreatedAfter(string date)
    {
        Server.Records.Add("odd", "{\"_id\":\"odd\",\"createdAt\":\"" + date + "\"}");
        var created = Host.Run("(Get-VerifikDocumentLiveness -Id odd).CreatedAt");
        Assert.Null(Assert.Single(created)?.BaseObject);
        var warning = Assert.Single(Host.Warnings);
        Assert.Contains("'createdAt' should be an ISO 8601 date", warning);

        var listed = Host.Run("Get-VerifikDocumentLiveness -CreatedAfter '2000-01-01' -WarningAction SilentlyContinue | ForEach-Object Id");
        Assert.DoesNotContain("odd", listed.Select(o => (string)o.BaseObject));
    }

    [Theory]
    [InlineData("2024-01-15T10:30:00Z", "2024-01-15T10:30:00.0000000Z")]
    [InlineData("2025-08-22T19:04:25.503Z", "2025-08-22T19:04:25.5030000Z")]
    [InlineData("2024-01-15T10:30:00.1234567Z", "2024-01-15T10:30:00.1234567Z")]
    [InlineData("2024-01-15T05:30:00-05:00", "2024-01-15T10:30:00.0000000Z")]
    [InlineData("2024-01-15T12:30:00+0200", "2024-01-15T10:30:00.0000000Z")]
    [InlineData("2024-01-15T10:30:00", "2024-01-15T10:30:00.0000000Z")]
    [InlineData("2024-01-15 10:30:00Z", "2024-01-15T10:30:00.0000000Z")]
    [InlineData("2024-01-15", "2024-01-15T00:00:00.0000000Z")]
    public void Every_ISO_8601_form_still_parses_as_UTC(string date, string expected)
    {
        Server.Records.Add("iso", "{\"_id\":\"iso\",\"createdAt\":\"" + date + "\"}");
        var created = Host.Run("(Get-VerifikDocumentLiveness -Id iso).CreatedAt.ToString('o')");
        Assert.Empty(Host.Warnings);
        Assert.Equal(expected, Assert.Single(created).BaseObject);
    }

    [Fact]
    public void Escape_sequences_in_the_APIs_error_text_are_escaped_in_the_error_but_kept_in_ApiError()
    {
        Fault(FaultKind.HostileText, "good");
        Host.Run("Get-VerifikDocumentLiveness -Id good");

        var error = Assert.Single(Host.Errors);
        AssertPrintable(error.Exception.Message);
        AssertPrintable(error.ToString());
        Assert.Contains(@"\x1B[31mAccess\x1B[0m denied\x1B]0;pwned\x07\x9B2J\x7F\x0Aretry", error.Exception.Message);
        Assert.Contains(@"BAD\x1B[5mCODE", error.Exception.Message);
        // The object keeps what the API said, for a script that wants it.
        Assert.Equal("BAD\u001b[5mCODE", ApiErrorOf(error, "Code"));
    }

    [Fact]
    public void Escape_sequences_in_record_IDs_and_values_are_escaped_in_warnings_but_kept_in_the_record()
    {
        // An ID with an escape sequence, and a field of the wrong type whose quoted value holds more.
        Server.Records.Add("esc\u001b[2J", "{\"_id\":\"esc\\u001b[2J\",\"aggregatedScore\":\"\\u001b]0;title\\u0007\\u0085\"}");
        var ids = Host.Run("Get-VerifikDocumentLiveness -Id \"esc`e[2J\" | ForEach-Object Id; Get-VerifikDocumentLiveness | ForEach-Object Id");

        Assert.Equal("esc\u001b[2J", ids[0].BaseObject);
        Assert.Equal(2, Host.Warnings.Count); // one per read of the record
        Assert.All(Host.Warnings, AssertPrintable);
        Assert.All(Host.Warnings, w => Assert.Contains(@"Record 'esc\x1B[2J'", w));
        Assert.All(Host.Warnings, w => Assert.Contains(@"\x1B]0;title\x07\x85", w));
    }

    [Fact]
    public void An_ID_quoted_in_an_error_is_shown_escaped_and_kept_as_TargetObject()
    {
        // A listed record's ID piped on to another command reaches messages that quote the ID as it is.
        Host.Run("Get-VerifikDocumentLiveness -Id \"gone`e]0;x`a\"");

        var error = Assert.Single(Host.Errors);
        Assert.StartsWith("DocumentLivenessNotFound,", error.FullyQualifiedErrorId);
        Assert.Equal("gone\u001b]0;x\u0007", error.TargetObject);
        AssertPrintable(error.ToString());
        Assert.Contains(@"'gone\x1B]0;x\x07'", error.ToString());
    }
}
