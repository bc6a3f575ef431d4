using Xunit;

namespace Verifik.Unit.Tests;

/// <summary>
/// OrderedWindow: results in add order, at most "throttle" items running, and Cancel() stopping queued items.
/// Completion order is driven with TaskCompletionSource; nothing here depends on timing.
/// </summary>
public class OrderedWindowTests
{
    private static readonly TimeSpan Safety = TimeSpan.FromSeconds(20); // a hang guard, never an expectation

    private static TaskCompletionSource<T> Tcs<T>() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static List<int> DrainAll(OrderedWindow<int> window)
    {
        var results = new List<int>();
        while (window.Count > 0)
        {
            Assert.True(window.WaitForOldest(Safety), "the oldest item did not finish");
            Assert.True(window.TryTakeCompleted(out var done));
            results.Add(done.Result);
        }
        return results;
    }

    [Fact]
    public async Task Results_ComeOutInAddOrder_WhenLaterItemsFinishFirst()
    {
        using var window = new OrderedWindow<int>(throttle: 4, capacity: 8, CancellationToken.None);
        var gates = Enumerable.Range(0, 4).Select(_ => Tcs<int>()).ToArray();
        foreach (var gate in gates) window.Add(_ => gate.Task);

        // The last two finish first: nothing can be taken while the oldest is still running.
        gates[3].SetResult(3);
        gates[2].SetResult(2);
        Assert.False(window.TryTakeCompleted(out _));
        Assert.False(window.WaitForOldest(TimeSpan.Zero));

        gates[0].SetResult(0);
        Assert.True(window.WaitForOldest(Safety));
        Assert.True(window.TryTakeCompleted(out var first));
        Assert.Equal(0, await first);
        Assert.False(window.WaitForOldest(TimeSpan.Zero)); // item 1 still running, items 2 and 3 done but held back
        Assert.False(window.TryTakeCompleted(out _));

        gates[1].SetResult(1);
        Assert.Equal(new[] { 1, 2, 3 }, DrainAll(window));
        Assert.Equal(0, window.Count);
    }

    [Fact]
    public void ReverseCompletion_OfManyItems_StillInAddOrder()
    {
        using var window = new OrderedWindow<int>(throttle: 16, capacity: 16, CancellationToken.None);
        var gates = Enumerable.Range(0, 16).Select(_ => Tcs<int>()).ToArray();
        for (var i = 0; i < gates.Length; i++)
        {
            var gate = gates[i];
            window.Add(async _ => await gate.Task * 10);
        }
        for (var i = gates.Length - 1; i >= 0; i--) gates[i].SetResult(i);

        Assert.Equal(Enumerable.Range(0, 16).Select(i => i * 10), DrainAll(window));
    }

    [Fact]
    public async Task AtMostThrottleItems_RunAtOnce()
    {
        const int throttle = 2, items = 6;
        using var window = new OrderedWindow<int>(throttle, capacity: items, CancellationToken.None);
        var gates = Enumerable.Range(0, items).Select(_ => Tcs<bool>()).ToArray();
        var startedSignals = Enumerable.Range(0, items).Select(_ => Tcs<bool>()).ToArray();
        int running = 0, maxRunning = 0, started = 0;

        for (var i = 0; i < items; i++)
        {
            var index = i;
            window.Add(async ct =>
            {
                var now = Interlocked.Increment(ref running);
                int seen;
                while ((seen = Volatile.Read(ref maxRunning)) < now && Interlocked.CompareExchange(ref maxRunning, now, seen) != seen) { }
                startedSignals[Interlocked.Increment(ref started) - 1].SetResult(true);
                try { await gates[index].Task; }
                finally { Interlocked.Decrement(ref running); }
                return index;
            });
        }

        // Two slots: exactly two items have started, the other four wait.
        Assert.Equal(throttle, Volatile.Read(ref started));
        Assert.Equal(throttle, Volatile.Read(ref running));

        // Finishing one item lets exactly one more start.
        gates[0].SetResult(true);
        await startedSignals[2].Task.WaitAsync(Safety);
        Assert.Equal(3, Volatile.Read(ref started));
        Assert.InRange(Volatile.Read(ref running), 1, throttle);

        foreach (var gate in gates) gate.TrySetResult(true);
        Assert.Equal(Enumerable.Range(0, items), DrainAll(window));
        Assert.Equal(items, started);
        Assert.Equal(throttle, maxRunning);
        Assert.Equal(0, running);
    }

    [Fact]
    public void Cancel_PreventsQueuedItemsFromStarting()
    {
        using var window = new OrderedWindow<int>(throttle: 1, capacity: 4, CancellationToken.None);
        var firstGate = Tcs<int>();
        var invoked = new bool[3];
        window.Add(ct => { invoked[0] = true; return firstGate.Task.WaitAsync(ct); });
        window.Add(_ => { invoked[1] = true; return Task.FromResult(1); });
        window.Add(_ => { invoked[2] = true; return Task.FromResult(2); });
        Assert.True(invoked[0]);

        window.Cancel();
        Assert.True(window.Token.IsCancellationRequested);
        firstGate.TrySetResult(0); // even if the running item now finishes, the queued ones must not start

        var taken = new List<Task<int>>();
        Assert.True(SpinWait.SpinUntil(() =>
        {
            while (window.TryTakeCompleted(out var t)) taken.Add(t);
            return window.Count == 0;
        }, Safety));

        Assert.Equal(3, taken.Count);
        Assert.False(invoked[1]);
        Assert.False(invoked[2]);
        Assert.True(taken[1].IsCanceled);
        Assert.True(taken[2].IsCanceled);
    }

    [Fact]
    public void StopStarting_LetsRunningItemsFinish_AndStartsNoQueuedOne()
    {
        using var window = new OrderedWindow<int>(throttle: 2, capacity: 4, CancellationToken.None);
        var gates = new[] { Tcs<int>(), Tcs<int>() };
        var invoked = new bool[4];
        window.Add(ct => { invoked[0] = true; return gates[0].Task.WaitAsync(ct); });
        window.Add(ct => { invoked[1] = true; return gates[1].Task.WaitAsync(ct); });
        window.Add(_ => { invoked[2] = true; return Task.FromResult(2); });
        window.Add(_ => { invoked[3] = true; return Task.FromResult(3); });

        window.StopStarting();
        Assert.False(window.Token.IsCancellationRequested); // running items are not cancelled
        gates[0].TrySetResult(10);
        gates[1].TrySetResult(11);

        var taken = new List<Task<int>>();
        Assert.True(SpinWait.SpinUntil(() =>
        {
            while (window.TryTakeCompleted(out var t)) taken.Add(t);
            return window.Count == 0;
        }, Safety));

        Assert.Equal(new[] { 10, 11 }, taken.Take(2).Select(t => t.Result));
        Assert.True(taken[2].IsCanceled);
        Assert.True(taken[3].IsCanceled);
        Assert.False(invoked[2]);
        Assert.False(invoked[3]);
    }

    [Fact]
    public void AddAfterCancel_NeverInvokesTheWork()
    {
        using var window = new OrderedWindow<int>(throttle: 4, capacity: 4, CancellationToken.None);
        window.Cancel();
        var invoked = false;

        window.Add(_ => { invoked = true; return Task.FromResult(1); });

        Assert.True(window.TryTakeCompleted(out var t));
        Assert.True(t.IsCanceled);
        Assert.False(invoked);
    }

    [Fact]
    public void OuterCancellation_AlsoStopsQueuedItems()
    {
        using var outer = new CancellationTokenSource();
        using var window = new OrderedWindow<int>(throttle: 1, capacity: 4, outer.Token);
        var gate = Tcs<int>();
        var secondInvoked = false;
        window.Add(ct => gate.Task.WaitAsync(ct));
        window.Add(_ => { secondInvoked = true; return Task.FromResult(1); });

        outer.Cancel();

        Assert.True(window.Token.IsCancellationRequested);
        Assert.True(SpinWait.SpinUntil(() => { while (window.TryTakeCompleted(out _)) { } return window.Count == 0; }, Safety));
        Assert.False(secondInvoked);
    }

    [Fact]
    public void WaitForOldest_AfterCancel_ThrowsOperationCanceled()
    {
        // The cmdlet relies on this to turn a stop into PipelineStoppedException.
        using var window = new OrderedWindow<int>(throttle: 1, capacity: 2, CancellationToken.None);
        var gate = Tcs<int>();
        window.Add(_ => gate.Task); // ignores the token: stays running
        window.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => window.WaitForOldest(Safety));
        gate.SetResult(1);
    }

    [Fact]
    public void FaultedItem_IsHandedBackInOrder_WithItsException()
    {
        using var window = new OrderedWindow<int>(throttle: 2, capacity: 2, CancellationToken.None);
        window.Add(_ => Task.FromException<int>(new InvalidOperationException("boom")));
        window.Add(_ => Task.FromResult(2));

        Assert.True(window.WaitForOldest(Safety));
        Assert.True(window.TryTakeCompleted(out var failed));
        Assert.True(failed.IsFaulted);
        Assert.IsType<InvalidOperationException>(failed.Exception!.InnerException);
        Assert.Equal(new[] { 2 }, DrainAll(window));
    }

    [Fact]
    public void CountAndIsFull_FollowTheCapacity()
    {
        using var window = new OrderedWindow<int>(throttle: 1, capacity: 3, CancellationToken.None);
        var gate = Tcs<int>();
        Assert.True(window.WaitForOldest(TimeSpan.Zero)); // empty: nothing to wait for
        Assert.False(window.TryTakeCompleted(out _));

        for (var i = 0; i < 3; i++)
        {
            Assert.False(window.IsFull);
            window.Add(_ => gate.Task);
        }

        Assert.Equal(3, window.Count);
        Assert.True(window.IsFull);
        gate.SetResult(5);
        Assert.Equal(new[] { 5, 5, 5 }, DrainAll(window));
        Assert.False(window.IsFull);
    }

    [Fact]
    public void CapacityBelowThrottle_IsRaisedToThrottle()
    {
        using var window = new OrderedWindow<int>(throttle: 3, capacity: 1, CancellationToken.None);
        var gate = Tcs<int>();
        window.Add(_ => gate.Task);
        window.Add(_ => gate.Task);

        Assert.False(window.IsFull);
        window.Add(_ => gate.Task);
        Assert.True(window.IsFull);
        gate.SetResult(0);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void ThrottleBelowOne_Throws(int throttle) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new OrderedWindow<int>(throttle, 4, CancellationToken.None));

    [Fact]
    public void Dispose_CancelsRunningItems_AndEmptiesTheWindow()
    {
        var window = new OrderedWindow<int>(throttle: 1, capacity: 2, CancellationToken.None);
        var token = CancellationToken.None;
        var gate = Tcs<int>();
        window.Add(ct => { token = ct; return gate.Task; });

        window.Dispose();

        Assert.True(token.IsCancellationRequested);
        Assert.Equal(0, window.Count);
        gate.SetResult(0);
    }
}
