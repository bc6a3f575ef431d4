using Xunit;

namespace Verifik.Unit.Tests;

/// <summary>
/// OrderedWindow's byte budget: while finished, untaken results hold more than the budget, no further item starts,
/// except the oldest (whose end is what lets them be taken). Driven with TaskCompletionSource; no timing.
/// </summary>
public class ResultBudgetTests
{
    private static readonly TimeSpan Safety = TimeSpan.FromSeconds(20); // a hang guard, never an expectation

    private static TaskCompletionSource<int> Tcs() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [Fact]
    public void While_the_budget_is_spent_no_further_item_starts_and_taking_results_makes_room()
    {
        // Each result "holds" its value in bytes; the budget is 100.
        using var window = new OrderedWindow<int>(throttle: 4, capacity: 16, CancellationToken.None, weigh: bytes => bytes, byteBudget: 100);
        var started = new List<int>();
        var gates = Enumerable.Range(0, 6).Select(_ => Tcs()).ToArray();
        for (var i = 0; i < gates.Length; i++)
        {
            var n = i;
            window.Add(_ => { lock (started) started.Add(n); return gates[n].Task; });
        }
        Assert.True(SpinWait.SpinUntil(() => { lock (started) return started.Count == 4; }, Safety));

        // The oldest is slow. One behind it finishes with 60 bytes (under the budget): its slot goes to the next item.
        gates[1].SetResult(60);
        Assert.True(SpinWait.SpinUntil(() => { lock (started) return started.Count == 5; }, Safety));
        // A second one finishes (120 > 100): its slot frees up, but the last item does not start.
        gates[2].SetResult(60);
        Assert.True(SpinWait.SpinUntil(() => window.HeldBytes == 120, Safety));
        Thread.Sleep(200); // room for a wrongly started item to show up
        lock (started) Assert.Equal(new[] { 0, 1, 2, 3, 4 }, started.Order());

        // The oldest ends; taking the results releases their bytes, and the last item starts.
        gates[0].SetResult(1);
        for (var expected = 0; expected < 3; expected++)
        {
            Assert.True(window.WaitForOldest(Safety));
            Assert.True(window.TryTakeCompleted(out var done));
            Assert.Equal(expected == 0 ? 1 : 60, done.Result);
        }
        Assert.Equal(0, window.HeldBytes);
        Assert.True(SpinWait.SpinUntil(() => { lock (started) return started.Count == 6; }, Safety));
        foreach (var gate in gates.Skip(3)) gate.SetResult(1);
    }

    [Fact]
    public void The_oldest_item_starts_even_when_the_budget_is_spent()
    {
        using var window = new OrderedWindow<int>(throttle: 1, capacity: 4, CancellationToken.None, weigh: bytes => bytes, byteBudget: 10);
        var first = Tcs();
        window.Add(_ => first.Task);
        first.SetResult(50); // over the budget on its own
        Assert.True(window.WaitForOldest(Safety));
        Assert.True(window.TryTakeCompleted(out _));

        var second = Tcs();
        var secondStarted = new ManualResetEventSlim();
        window.Add(_ => { secondStarted.Set(); return second.Task; });
        Assert.True(secondStarted.Wait(Safety), "the next item to be taken must never wait for room");
        second.SetResult(50);
        Assert.True(window.WaitForOldest(Safety));
    }

    [Fact]
    public async Task A_cancel_ends_an_item_waiting_for_room()
    {
        using var window = new OrderedWindow<int>(throttle: 2, capacity: 4, CancellationToken.None, weigh: bytes => bytes, byteBudget: 10);
        var slow = Tcs();
        window.Add(_ => slow.Task);
        window.Add(_ => Task.FromResult(20)); // finishes at once, spends the budget
        var neverStarted = true;
        window.Add(_ => { neverStarted = false; return Task.FromResult(1); });
        Assert.True(SpinWait.SpinUntil(() => window.HeldBytes == 20, Safety));

        window.Cancel();
        slow.SetResult(1);
        var results = new List<Task<int>>();
        while (window.Count > 0)
        {
            window.WaitForAll(Safety);
            Assert.True(window.TryTakeCompleted(out var done));
            results.Add(done);
        }
        Assert.True(results[2].IsCanceled);
        Assert.True(neverStarted);
        await Task.CompletedTask;
    }
}
