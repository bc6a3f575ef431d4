using System.Management.Automation;
using Verifik.Sandbox;
using Xunit;

namespace Verifik.Engine.Tests;

/// <summary>Bulk lookups by ID: concurrency that keeps input order, duplicates, errors mid-batch, streaming, stop.</summary>
public class BulkTests : SandboxTestBase
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Connect();
    }

    private static string[] Ids(int count, string prefix = "b") => Enumerable.Range(0, count).Select(i => $"{prefix}{i:D4}").ToArray();

    [Fact]
    public void Records_come_out_in_input_order_under_random_server_latency()
    {
        var ids = Ids(150);
        foreach (var id in ids) Server.Records.AddFlat(id);
        Server.Options.LatencyJitter = TimeSpan.FromMilliseconds(25);

        var output = Host.Run("$ids | Get-VerifikDocumentLiveness -ThrottleLimit 8 | ForEach-Object Id", ("ids", ids));

        Assert.Equal(ids, output.Select(o => (string)o.BaseObject));
        Assert.Empty(Host.Errors);
        Assert.Equal(ids.Length, RecordRequests().Count);
    }

    [Fact]
    public void Duplicated_ids_are_each_answered()
    {
        Server.Records.AddFlat("x");
        Server.Records.AddFlat("y");
        var output = Host.Run("'x','y','x','x','y' | Get-VerifikDocumentLiveness | ForEach-Object Id");
        Assert.Equal(new[] { "x", "y", "x", "x", "y" }, output.Select(o => (string)o.BaseObject));
    }

    [Fact]
    public void Not_found_ids_in_a_concurrent_batch_are_errors_in_input_order_and_nothing_is_lost()
    {
        var ids = Ids(120);
        var missing = ids.Where((_, i) => i % 12 == 5).ToHashSet();
        foreach (var id in ids.Where(i => !missing.Contains(i))) Server.Records.AddFlat(id);
        Server.Options.LatencyJitter = TimeSpan.FromMilliseconds(10);

        var output = Host.Run("$ids | Get-VerifikDocumentLiveness | ForEach-Object Id", ("ids", ids));

        Assert.Equal(ids.Where(i => !missing.Contains(i)), output.Select(o => (string)o.BaseObject));
        Assert.Equal(ids.Where(missing.Contains), Host.Errors.Select(e => (string)e.TargetObject));
        Assert.All(Host.Errors, e => Assert.Equal(ErrorCategory.ObjectNotFound, e.CategoryInfo.Category));
    }

    [Fact]
    public void Throttle_limit_1_still_fetches_everything_in_order()
    {
        var ids = Ids(20);
        foreach (var id in ids) Server.Records.AddFlat(id);
        var output = Host.Run("$ids | Get-VerifikDocumentLiveness -ThrottleLimit 1 | ForEach-Object Id", ("ids", ids));
        Assert.Equal(ids, output.Select(o => (string)o.BaseObject));
    }

    [Fact]
    public void First_and_Skip_count_input_ids_and_skipped_ones_are_never_requested()
    {
        var ids = Ids(10);
        foreach (var id in ids) Server.Records.AddFlat(id);
        var output = Host.Run("$ids | Get-VerifikDocumentLiveness -Skip 2 -First 3 | ForEach-Object Id", ("ids", ids));
        Assert.Equal(ids.Skip(2).Take(3), output.Select(o => (string)o.BaseObject));
        Assert.Equal(3, RecordRequests().Count);
    }

    [Fact]
    public void The_first_record_is_written_while_later_ones_are_still_being_fetched()
    {
        Server.Records.AddFlat("quick");
        Server.Records.AddFlat("slow");
        Server.Options.Faults.Add(new FaultRule { Kind = FaultKind.Slow, Delay = TimeSpan.FromSeconds(30), Ids = new HashSet<string> { "slow" } });

        using var ps = PowerShell.Create();
        ps.Runspace = Host.Runspace;
        ps.AddScript("'quick','slow' | Get-VerifikDocumentLiveness");
        var output = new PSDataCollection<PSObject>();
        var firstArrived = new ManualResetEventSlim();
        output.DataAdded += (_, _) => firstArrived.Set();
        var running = ps.BeginInvoke<PSObject, PSObject>(null, output);

        Assert.True(firstArrived.Wait(TimeSpan.FromSeconds(20)), "no record was written");
        Assert.Equal("quick", output[0].Properties["Id"].Value);
        Assert.Equal(PSInvocationState.Running, ps.InvocationStateInfo.State); // "slow" is still in flight
        ps.Stop();
    }

    [Fact]
    public void Stop_cancels_in_flight_requests_and_starts_no_new_ones()
    {
        var ids = Ids(500);
        foreach (var id in ids) Server.Records.AddFlat(id);
        Server.Options.Latency = TimeSpan.FromSeconds(20);

        using var ps = PowerShell.Create();
        ps.Runspace = Host.Runspace;
        ps.AddScript("$ids | Get-VerifikDocumentLiveness -ThrottleLimit 4");
        ps.Runspace.SessionStateProxy.SetVariable("ids", ids);
        var running = ps.BeginInvoke();
        Assert.True(SpinWait.SpinUntil(() => Server.Requests.Arrived >= 4, TimeSpan.FromSeconds(20)), "the requests never started");

        // Stop() returns once the pipeline has stopped; the guard only keeps a hang from blocking the suite.
        Assert.True(Task.Run(ps.Stop).Wait(TimeSpan.FromSeconds(15)), "Stop() hung");
        Assert.Equal(PSInvocationState.Stopped, ps.InvocationStateInfo.State);
        var seen = Server.Requests.Arrived;
        Assert.Equal(4, seen);
        Thread.Sleep(500); // room for a wrongly started request to arrive
        Assert.Equal(seen, Server.Requests.Arrived);
    }

    [Fact]
    public void Progress_is_quiet_for_short_runs()
    {
        Server.Records.AddFlat("p");
        Host.Run("'p','p','p' | Get-VerifikDocumentLiveness");
        Assert.Empty(Host.Progress);
    }

    [Fact]
    public void Progress_shows_a_running_count_on_long_runs_unless_ProgressPreference_silences_it()
    {
        var ids = Ids(40);
        foreach (var id in ids) Server.Records.AddFlat(id);
        Server.Options.Latency = TimeSpan.FromMilliseconds(80);

        Host.Run("$ids | Get-VerifikDocumentLiveness -ThrottleLimit 1 | Out-Null", ("ids", ids));
        Assert.Contains(Host.Progress, p => p.StatusDescription.Contains("records") && p.StatusDescription.Contains("/s"));
        Assert.Equal(ProgressRecordType.Completed, Host.Progress.Last().RecordType);

        Host.Run("$ProgressPreference = 'SilentlyContinue'; $ids | Get-VerifikDocumentLiveness -ThrottleLimit 1 | Out-Null", ("ids", ids));
        Assert.Empty(Host.Progress);
    }
}
