using System.Management.Automation;
using Verifik.Sandbox;
using Xunit;

namespace Verifik.Engine.Tests;

/// <summary>
/// New-VerifikDocumentLiveness in bulk: input order under latency jitter, at most -ThrottleLimit (default 4) creates
/// in flight, Ctrl+C stops at once, progress on long runs, and -Verbose says what is sent without bytes or token.
/// </summary>
public class CreateBulkTests : CreateTestBase
{
    private string[] Files(int count) => Enumerable.Range(0, count).Select(i => Jpeg($"batch/{i:D3}.jpg", 600 + i, seed: 100 + i)).ToArray();

    [Fact]
    public void Records_come_out_in_input_order_under_random_latency()
    {
        var files = Files(30);
        Server.Options.LatencyJitter = TimeSpan.FromMilliseconds(30);
        var shuffled = files.OrderBy(f => Sha256(f)).ToArray();

        var output = Host.Run("$files | New-VerifikDocumentLiveness | ForEach-Object SourcePath", ("files", shuffled));

        Assert.Empty(Host.Errors);
        Assert.Equal(shuffled, output.Select(o => (string)o.BaseObject));
        Assert.Equal(30, Server.Creates.Count);
    }

    [Fact]
    public void Stop_returns_at_once_and_no_create_starts_after_the_four_in_flight()
    {
        var files = Files(40);
        Server.Options.Latency = TimeSpan.FromSeconds(20);

        using var ps = PowerShell.Create();
        ps.Runspace = Host.Runspace;
        ps.AddScript("$files | New-VerifikDocumentLiveness");
        ps.Runspace.SessionStateProxy.SetVariable("files", files);
        ps.BeginInvoke();
        Assert.True(SpinWait.SpinUntil(() => Server.Requests.Arrived >= 4, TimeSpan.FromSeconds(20)), "the creates never started");

        // Stop() returns once the pipeline has stopped; the guard only keeps a hang from blocking the suite.
        Assert.True(Task.Run(ps.Stop).Wait(TimeSpan.FromSeconds(15)), "Stop() hung");
        Assert.Equal(PSInvocationState.Stopped, ps.InvocationStateInfo.State);
        Assert.Equal(4, Server.Requests.Arrived);   // the default -ThrottleLimit
        Thread.Sleep(500);                          // room for a wrongly started create to arrive
        Assert.Equal(4, Server.Requests.Arrived);
        Assert.Equal(0, Server.Creates.Count);      // the cancelled ones were never processed
    }

    [Fact]
    public void A_long_run_shows_progress_with_a_running_count()
    {
        var files = Files(40);
        Server.Options.Latency = TimeSpan.FromMilliseconds(70);

        Host.Run("$files | New-VerifikDocumentLiveness -ThrottleLimit 1 | Out-Null", ("files", files));

        Assert.Contains(Host.Progress, p => p.Activity == "New-VerifikDocumentLiveness" && p.StatusDescription.Contains("records") && p.StatusDescription.Contains("/s"));
        Assert.Equal(ProgressRecordType.Completed, Host.Progress.Last().RecordType);
    }

    [Fact]
    public void Verbose_says_what_is_sent_and_never_the_image_or_the_token()
    {
        var file = Jpeg("card.jpg", 1536);
        var bytes = File.ReadAllBytes(file);
        Server.Options.Faults.Add(new FaultRule { Kind = FaultKind.TooManyRequests, RetryAfter = "0", Times = 1, Operations = FaultOperation.Create });

        var all = Host.Run("""
            New-VerifikDocumentLiveness -Path $file -Check ScreenReplay, PrintedCopy -ScreenReplayCalibration HARD -SaveImage -Verbose -Debug *>&1 |
                ForEach-Object { "$_" }
            """, ("file", file)).Select(o => (string)o.BaseObject).ToList();

        Assert.Contains($"Submitting '{file}' (1.5 KB, JPEG): checks ScreenReplay, PrintedCopy; ScreenReplay calibration HARD; save image.", all);
        Assert.Contains(all, line => line.StartsWith("Retrying " + file + ": HTTP 429"));
        Assert.Contains(all, line => line.StartsWith("Created '") && line.EndsWith($"' from '{file}'."));
        var text = string.Join("\n", all);
        Assert.DoesNotContain(SandboxDefaults.Token, text);
        Assert.DoesNotContain(SandboxDefaults.Token.Split('.')[2], text);
        Assert.DoesNotContain(Convert.ToBase64String(bytes, 0, 30), text);          // the image's first bytes, as sent
        Assert.DoesNotContain(Convert.ToBase64String(bytes, 900, 30)[4..], text);   // nor any later ones
    }
}
