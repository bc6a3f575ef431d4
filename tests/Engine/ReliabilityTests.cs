using System.Management.Automation;
using Verifik.Sandbox;
using Xunit;

namespace Verifik.Engine.Tests;

/// <summary>Transient faults: retries with back-off, Retry-After, timeouts, and what happens when retries run out.</summary>
public class ReliabilityTests : SandboxTestBase
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        foreach (var id in new[] { "a", "b", "c", "d" }) Server.Records.AddFlat(id);
        Host.Run("Connect-Verifik -Token $t -BaseUri $u -MaxRetry 3 -TimeoutSec 30", ("t", SandboxDefaults.Token), ("u", Server.BaseUri));
    }

    private static HashSet<string> Only(params string[] ids) => new(ids);

    private int RequestsFor(string id) => RecordRequests().Count(t => t == "/v2/document-liveness/" + id);

    [Fact]
    public void A_429_with_Retry_After_is_retried_and_each_retry_is_visible_in_verbose()
    {
        Server.Options.Faults.Add(new FaultRule { Kind = FaultKind.TooManyRequests, RetryAfter = "0", Times = 2, Ids = Only("b") });
        var ids = Host.Run("'a','b','c' | Get-VerifikDocumentLiveness -Verbose | ForEach-Object Id");
        Assert.Equal(new object[] { "a", "b", "c" }, ids.Select(o => o.BaseObject));
        Assert.Empty(Host.Errors);
        Assert.Equal(3, RequestsFor("b"));
        var retries = Host.Verbose.Where(v => v.StartsWith("Retrying")).ToList();
        Assert.Equal(2, retries.Count);
        Assert.Contains("HTTP 429", retries[0]);
        Assert.Contains("retry 1 of 3", retries[0]);
        Assert.Contains("retry 2 of 3", retries[1]);
        Assert.Contains("b:", retries[0]);
    }

    [Fact]
    public void Retry_After_as_an_http_date_is_honoured()
    {
        var when = DateTimeOffset.UtcNow.AddSeconds(1).ToString("r");
        Server.Options.Faults.Add(new FaultRule { Kind = FaultKind.TooManyRequests, RetryAfter = when, Times = 1, Ids = Only("a") });
        Assert.Single(Host.Run("Get-VerifikDocumentLiveness -Id a -Verbose"));
        Assert.Equal(2, RequestsFor("a"));
        Assert.Single(Host.Verbose, v => v.StartsWith("Retrying") && v.Contains("HTTP 429"));
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public void Server_errors_are_retried_with_back_off(int status)
    {
        Server.Options.Faults.Add(new FaultRule { Kind = FaultKind.ServerError, Status = status, Times = 1, Ids = Only("a") });
        Assert.Single(Host.Run("Get-VerifikDocumentLiveness -Id a"));
        Assert.Empty(Host.Errors);
        Assert.Equal(2, RequestsFor("a"));
    }

    [Fact]
    public void A_dropped_connection_is_retried()
    {
        Server.Options.Faults.Add(new FaultRule { Kind = FaultKind.DropConnection, Times = 1, Ids = Only("c") });
        Assert.Single(Host.Run("Get-VerifikDocumentLiveness -Id c"));
        Assert.Empty(Host.Errors);
    }

    [Fact]
    public void A_response_slower_than_TimeoutSec_is_abandoned_and_retried()
    {
        Server.Options.Faults.Add(new FaultRule { Kind = FaultKind.Slow, Delay = TimeSpan.FromSeconds(20), Times = 1, Ids = Only("d") });
        Assert.Single(Host.Run("Get-VerifikDocumentLiveness -Id d -TimeoutSec 1 -Verbose"));
        Assert.Contains(Host.Verbose, v => v.StartsWith("Retrying") && v.Contains("no complete answer within 1 s"));

        Server.Options.Faults.Add(new FaultRule { Kind = FaultKind.Slow, Delay = TimeSpan.FromSeconds(20), Ids = Only("c") });
        Assert.Empty(Host.Run("Get-VerifikDocumentLiveness -Id c -TimeoutSec 1 -MaxRetry 0"));
        var error = Assert.Single(Host.Errors);
        Assert.Equal(ErrorCategory.OperationTimeout, error.CategoryInfo.Category);
        Assert.Equal("c", error.TargetObject);
    }

    [Fact]
    public void When_retries_run_out_the_id_gets_an_error_from_the_last_failure_and_the_run_goes_on()
    {
        Server.Options.Faults.Add(new FaultRule { Kind = FaultKind.ServerError, Status = 503, RetryAfter = "0", Ids = Only("b") });
        var ids = Host.Run("'a','b','c' | Get-VerifikDocumentLiveness -MaxRetry 2 | ForEach-Object Id");
        Assert.Equal(new object[] { "a", "c" }, ids.Select(o => o.BaseObject));
        var error = Assert.Single(Host.Errors);
        Assert.Equal("b", error.TargetObject);
        Assert.Equal(ErrorCategory.ResourceUnavailable, error.CategoryInfo.Category);
        Assert.Contains("HTTP 503", error.Exception.Message);
        Assert.Contains("after 2 retries", error.Exception.Message);
        Assert.Equal(3, RequestsFor("b"));
    }

    [Fact]
    public void Rate_limiting_that_outlasts_the_retries_is_LimitsExceeded()
    {
        Server.Options.Faults.Add(new FaultRule { Kind = FaultKind.TooManyRequests, RetryAfter = "0", Ids = Only("a") });
        Host.Run("Get-VerifikDocumentLiveness -Id a -MaxRetry 1");
        Assert.Equal(ErrorCategory.LimitsExceeded, Assert.Single(Host.Errors).CategoryInfo.Category);
        Assert.Equal(2, RequestsFor("a"));
    }

    [Theory]
    [InlineData(400)]
    [InlineData(409)]
    [InlineData(422)]
    public void Client_errors_other_than_408_and_429_are_not_retried(int status)
    {
        Server.Options.Faults.Add(new FaultRule { Kind = FaultKind.WrongStatus, Status = status, Ids = Only("a") });
        Host.Run("Get-VerifikDocumentLiveness -Id a");
        Assert.Equal("a", Assert.Single(Host.Errors).TargetObject);
        Assert.Equal(1, RequestsFor("a"));
    }

    [Fact]
    public void A_429_storm_slows_the_batch_down_instead_of_failing_it()
    {
        var ids = Enumerable.Range(0, 60).Select(i => $"s{i:D2}").ToArray();
        foreach (var id in ids) Server.Records.AddFlat(id);
        // Every ID is rate-limited twice before it is served.
        Server.Options.Faults.Add(new FaultRule { Kind = FaultKind.TooManyRequests, RetryAfter = "1", Times = 2, Ids = ids.ToHashSet() });
        var output = Host.Run("$ids | Get-VerifikDocumentLiveness | ForEach-Object Id", ("ids", ids));
        Assert.Equal(ids, output.Select(o => (string)o.BaseObject));
        Assert.Empty(Host.Errors);
    }

    [Fact]
    public void A_401_in_the_middle_of_a_bulk_run_stops_the_run()
    {
        var ids = Enumerable.Range(0, 200).Select(i => $"u{i:D3}").ToArray();
        foreach (var id in ids) Server.Records.AddFlat(id);
        Server.Options.Faults.Add(new FaultRule { Kind = FaultKind.Unauthorized, Ids = Only("u020") });
        var output = Host.Run("$ids | Get-VerifikDocumentLiveness -ThrottleLimit 4 | ForEach-Object Id", ("ids", ids));

        var error = Assert.Single(Host.Errors);
        Assert.Equal(ErrorCategory.AuthenticationError, error.CategoryInfo.Category);
        Assert.Equal("u020", error.TargetObject);
        var written = output.Select(o => (string)o.BaseObject).ToList();
        Assert.Equal(ids.Take(20), written.Take(20));
        // What was already running when the 401 came is not cancelled: it is written, in input order; nothing starts after.
        var after = written.Skip(20).ToList();
        Assert.Equal(after.OrderBy(id => id, StringComparer.Ordinal), after);
        Assert.All(after, id => Assert.Contains("/v2/document-liveness/" + id, RecordRequests()));
        Assert.True(after.Count < 16, "more than the window's worth was written after the 401: " + after.Count);
        Assert.True(RecordRequests().Count < 60, "the run went on after the 401: " + RecordRequests().Count + " requests");
    }

    [Fact]
    public void A_403_token_expired_is_a_terminating_PermissionDenied()
    {
        Server.Options.Faults.Add(new FaultRule { Kind = FaultKind.Forbidden, Ids = Only("b") });
        Host.Run("'a','b','c' | Get-VerifikDocumentLiveness");
        var error = Assert.Single(Host.Errors);
        Assert.Equal(ErrorCategory.PermissionDenied, error.CategoryInfo.Category);
        Assert.Contains("token_expired", error.Exception.Message);
    }

    [Fact]
    public void A_redirect_to_another_host_is_not_followed_so_the_token_stays_home()
    {
        Server.Options.Faults.Add(new FaultRule { Kind = FaultKind.RedirectToOtherHost, Ids = Only("a") });
        var ids = Host.Run("'a','b' | Get-VerifikDocumentLiveness | ForEach-Object Id");
        Assert.Equal("b", Assert.Single(ids).BaseObject);
        var error = Assert.Single(Host.Errors);
        Assert.Equal(ErrorCategory.SecurityError, error.CategoryInfo.Category);
        Assert.Equal("a", error.TargetObject);
        Assert.DoesNotContain(Server.Requests.Snapshot(), r => r.Host.StartsWith("localhost") && r.Authorization != null);
        Assert.DoesNotContain(Server.Requests.Snapshot(), r => r.Host.StartsWith("localhost"));
    }

    [Fact]
    public void MaxRetry_and_TimeoutSec_set_on_Connect_are_the_defaults_and_show_in_the_context()
    {
        var ctx = Host.Run("Get-VerifikContext").Single();
        Assert.Equal(3, ctx.Properties["MaxRetry"].Value);
        Assert.Equal(30.0, ctx.Properties["TimeoutSec"].Value);
        Server.Options.Faults.Add(new FaultRule { Kind = FaultKind.ServerError, RetryAfter = "0", Ids = Only("a") });
        Host.Run("Get-VerifikDocumentLiveness -Id a");
        Assert.Equal(4, RequestsFor("a"));
    }

    [Fact]
    public void Soak_every_id_is_accounted_for_exactly_once_in_order_under_ten_percent_transient_faults()
    {
        const int n = 2000;
        Server.Options.SyntheticCount = n;
        var ids = Enumerable.Range(0, n).Select(i => $"dl-{i:D7}").Concat(new[] { "missing-1", "missing-2" }).ToArray();
        Random.Shared.Shuffle(ids);
        lock (Server.Options.Faults)
        {
            Server.Options.Faults.Add(new FaultRule { Kind = FaultKind.TooManyRequests, Rate = 0.04, RetryAfter = "0" });
            Server.Options.Faults.Add(new FaultRule { Kind = FaultKind.ServerError, Status = 503, Rate = 0.03, RetryAfter = "0" });
            Server.Options.Faults.Add(new FaultRule { Kind = FaultKind.DropConnection, Rate = 0.03 });
        }

        var output = Host.Run("$ids | Get-VerifikDocumentLiveness -MaxRetry 6 | ForEach-Object Id", ("ids", ids));

        var found = output.Select(o => (string)o.BaseObject).ToList();
        var failed = Host.Errors.Select(e => (string)e.TargetObject).ToList();
        Assert.Equal(ids.Where(i => !i.StartsWith("missing")), found);                 // order kept, none lost or doubled
        Assert.Equal(new[] { "missing-1", "missing-2" }, failed.OrderBy(x => x));       // only the real 404s fail
        Assert.All(Host.Errors, e => Assert.Equal(ErrorCategory.ObjectNotFound, e.CategoryInfo.Category));
        Assert.True(Server.Requests.Count > n + n / 20, "the faults did not fire");    // the faults did happen
    }

    /// <summary>
    /// The twin of tests/Pester/Reliability.Tests.ps1, run as its script runs: the verbose stream merged into the output
    /// and taken apart again by type literal (-is [Verifik.DocumentLiveness]), with a fifth of the requests rate-limited.
    /// </summary>
    [Fact]
    public void Under_rate_limiting_a_script_gets_every_record_in_order_and_sees_the_retries_in_verbose_without_the_token()
    {
        Server.Options.SyntheticCount = 40;
        var ids = Enumerable.Range(0, 40).Select(i => $"dl-{i:D7}").ToArray();
        lock (Server.Options.Faults)
        {
            Server.Options.Faults.Add(new FaultRule { Kind = FaultKind.TooManyRequests, RetryAfter = "0", Times = 1, Ids = Only(ids[3]) }); // at least one retry
            Server.Options.Faults.Add(new FaultRule { Kind = FaultKind.TooManyRequests, RetryAfter = "0", Rate = 0.2 });
        }
        var answers = Host.Run("""
            $all = @($ids | Get-VerifikDocumentLiveness -MaxRetry 8 -Verbose 4>&1)
            $records = @($all | Where-Object { $_ -is [Verifik.DocumentLiveness] })
            $verbose = @($all | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
            $retries = @($verbose | Where-Object { $_ -like 'Retrying*' })
            ($records | ForEach-Object Id) -join ','
            $retries.Count -gt 0
            $retries[0] -match 'HTTP 429'
            $retries[0] -match 'retry \d+ of 8'
            @($verbose | Where-Object { $_ -like "*$token*" }).Count
            """, ("ids", ids), ("token", SandboxDefaults.Token));
        Assert.Empty(Host.Errors);
        Assert.Equal(new object[] { string.Join(",", ids), true, true, true, 0 }, answers.Select(o => o.BaseObject));
    }
}
