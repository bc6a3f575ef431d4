using System.Management.Automation;
using System.Text;
using Verifik.Sandbox;
using Xunit;

namespace Verifik.Engine.Tests;

/// <summary>
/// The bulk engine's limits as a script meets them: -First ends an endless input at once, finished records waiting
/// behind a slow one are bounded by their bytes, and a rate-limit pause left by an earlier command binds the next one
/// only within its own -MaxRetry and -TimeoutSec.
/// </summary>
public class BulkLimitsTests : SandboxTestBase
{
    /// <summary>Only guards the suite against a hang; nothing is asserted about how long anything takes.</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(40);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Connect();
    }

    [Fact]
    public void First_writes_its_records_at_once_and_stops_an_endless_input_as_Select_Object_First_does()
    {
        foreach (var id in new[] { "a1", "a2", "a3" }) Server.Records.AddFlat(id);
        using var ps = PowerShell.Create();
        ps.Runspace = Host.Runspace;
        // The input never ends: the command can only return if it stops it. The ForEach-Object after it still runs its
        // end block, as after Select-Object -First.
        ps.AddScript("""
            & { 'a1', 'a2', 'a3'; while ($true) { [System.Threading.Thread]::Sleep(20); 'late' } } |
                Get-VerifikDocumentLiveness -First 3 |
                ForEach-Object -Begin { $ids = @() } -Process { $ids += $_.Id } -End { $ids -join ','; 'end' }
            """);
        var running = ps.BeginInvoke();
        var finished = running.AsyncWaitHandle.WaitOne(HangGuard);
        if (!finished) ps.Stop();

        Assert.True(finished, "-First 3 never stopped its endless input");
        Assert.Equal(new object[] { "a1,a2,a3", "end" }, ps.EndInvoke(running).Select(o => o.BaseObject));
        Assert.Empty(ps.Streams.Error);
        Assert.Equal(new[] { "/v2/document-liveness/a1", "/v2/document-liveness/a2", "/v2/document-liveness/a3" }, RecordRequests().Order());
    }

    [Fact]
    public void First_0_requests_nothing_and_stops_an_endless_input_too()
    {
        using var ps = PowerShell.Create();
        ps.Runspace = Host.Runspace;
        ps.AddScript("& { while ($true) { [System.Threading.Thread]::Sleep(20); 'late' } } | Get-VerifikDocumentLiveness -First 0; 'after'");
        var running = ps.BeginInvoke();
        var finished = running.AsyncWaitHandle.WaitOne(HangGuard);
        if (!finished) ps.Stop();

        Assert.True(finished, "-First 0 never stopped its endless input");
        Assert.Equal(new object[] { "after" }, ps.EndInvoke(running).Select(o => o.BaseObject));
        Assert.Empty(RecordRequests());
    }

    [Fact]
    public void First_with_more_IDs_in_one_argument_requests_only_the_first_ones()
    {
        foreach (var id in new[] { "a1", "a2", "a3" }) Server.Records.AddFlat(id);
        var ids = Host.Run("(Get-VerifikDocumentLiveness -Id a1, a2, a3 -First 2).Id");
        Assert.Equal(new object[] { "a1", "a2" }, ids.Select(o => o.BaseObject));
        Assert.Equal(2, RecordRequests().Count);
    }

    [Fact]
    public void Finished_records_waiting_behind_a_slow_one_are_bounded_by_bytes_not_by_count()
    {
        // 6 MB records: the 64 MB budget holds 11 of them finished (the 11th crosses it), and the 7 other slots may each
        // finish one more. A count-bounded window (4 x 8 = 32) would fetch 31 of them behind the slow one.
        const int RecordBytes = 6 * 1024 * 1024;
        const int Throttle = 8;
        var allowed = 1 + (int)Math.Ceiling(64.0 * 1024 * 1024 / (RecordBytes + 2048)) + (Throttle - 1);
        Server.Records.AddFlat("slow");
        Server.Records.Add("big", "{\"_id\":\"big\",\"status\":\"completed\",\"notes\":\"" + new string('x', RecordBytes) + "\"}");
        var release = new TaskCompletionSource();
        Server.Options.Faults.Add(new FaultRule { Kind = FaultKind.Slow, Ids = new HashSet<string> { "slow" }, Delay = TimeSpan.FromMinutes(2), Release = release.Task });
        var ids = new[] { "slow" }.Concat(Enumerable.Repeat("big", 39)).ToArray();

        using var ps = PowerShell.Create();
        ps.Runspace = Host.Runspace;
        ps.AddScript("$ids | Get-VerifikDocumentLiveness -ThrottleLimit 8 | ForEach-Object { $_.Id }");
        ps.Runspace.SessionStateProxy.SetVariable("ids", ids);
        var running = ps.BeginInvoke();
        try
        {
            Assert.True(SpinWait.SpinUntil(() => Server.Requests.Arrived >= Throttle, HangGuard), "the first requests never arrived");
            // Give every request that the window would allow the time to arrive, then count them: the slow one still holds.
            var seen = Settled(() => Server.Requests.Arrived);
            Assert.True(seen <= allowed, $"{seen} requests were sent while the first was still running; at most {allowed} fit the byte budget");
        }
        finally
        {
            release.SetResult();
        }
        Assert.True(running.AsyncWaitHandle.WaitOne(HangGuard), "the run did not finish after the slow record came");
        Assert.Equal(ids, ps.EndInvoke(running).Select(o => (string)o.BaseObject));
        Assert.Empty(ps.Streams.Error);
    }

    [Fact]
    public void A_rate_limit_pause_left_by_a_stopped_command_binds_the_next_only_within_its_own_limits()
    {
        Server.Records.AddFlat("limited");
        Server.Records.AddFlat("good");
        Server.Options.Faults.Add(new FaultRule { Kind = FaultKind.TooManyRequests, Ids = new HashSet<string> { "limited" }, RetryAfter = "60" });

        // The first command is told to wait 60 s, which pauses the whole connection; it is stopped (Ctrl+C) while it waits.
        using (var first = PowerShell.Create())
        {
            first.Runspace = Host.Runspace;
            first.AddScript("Get-VerifikDocumentLiveness -Id limited -MaxRetry 1 -Verbose");
            var running = first.BeginInvoke();
            Assert.True(SpinWait.SpinUntil(() => first.Streams.Verbose.Any(v => v.Message.StartsWith("Retrying limited", StringComparison.Ordinal)), HangGuard),
                "the first command never reported its retry");
            first.Stop();
        }

        // -MaxRetry 0 asks for no waiting: the record comes without waiting on the pause (the guard would catch a 58 s wait).
        var quick = Invoke("Get-VerifikDocumentLiveness -Id good -MaxRetry 0 -TimeoutSec 5 -Verbose");
        Assert.Equal(new object[] { "good" }, quick.Output);
        Assert.DoesNotContain(quick.Verbose, v => v.StartsWith("Waiting", StringComparison.Ordinal));

        // With retries allowed it honours the pause, but only for as long as its own -TimeoutSec, and says so.
        var patient = Invoke("Get-VerifikDocumentLiveness -Id good, good -MaxRetry 2 -TimeoutSec 2 -Verbose");
        Assert.Equal(new object[] { "good", "good" }, patient.Output);
        var waits = patient.Verbose.Where(v => v.StartsWith("Waiting", StringComparison.Ordinal)).ToList();
        var wait = Assert.Single(waits); // shown once, not by each request that waits
        Assert.Matches(@"^Waiting 2 s before 'good': the API rate-limited this connection \(HTTP 429\), pausing it until \d\d:\d\d:\d\d UTC\.$", wait);
    }

    private (List<object> Output, List<string> Verbose) Invoke(string script)
    {
        using var ps = PowerShell.Create();
        ps.Runspace = Host.Runspace;
        ps.AddScript(script + " | ForEach-Object { $_.Id }");
        var running = ps.BeginInvoke();
        var finished = running.AsyncWaitHandle.WaitOne(HangGuard);
        if (!finished) ps.Stop();
        Assert.True(finished, "'" + script + "' hung");
        var output = ps.EndInvoke(running).Select(o => o.BaseObject).ToList();
        Assert.Empty(ps.Streams.Error);
        return (output, ps.Streams.Verbose.Select(v => v.Message).ToList());
    }

    /// <summary>The value once it has not changed for a second (at most 20 s).</summary>
    private static int Settled(Func<int> read)
    {
        var value = read();
        for (var i = 0; i < 20; i++)
        {
            Thread.Sleep(1000);
            var now = read();
            if (now == value) return now;
            value = now;
        }
        return value;
    }
}
