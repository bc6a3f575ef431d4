using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Verifik
{
    /// <summary>
    /// Runs work items concurrently (at most <c>throttle</c> at a time) and hands results back in the
    /// order the items were added. Holds at most <c>capacity</c> items (running or finished but not
    /// yet taken), so memory is bounded by the window, not by the input; and, when given a weight, at most
    /// about <c>byteBudget</c> bytes of finished results: one slow item followed by large ones must not pile
    /// up gigabytes behind it, so while the budget is spent no further item starts, except the oldest.
    /// Not thread-safe for callers: one thread adds and takes (the PowerShell pipeline thread).
    /// </summary>
    public sealed class OrderedWindow<TResult> : IDisposable
    {
        private readonly Queue<Task<TResult>> _pending = new Queue<Task<TResult>>();
        private readonly SemaphoreSlim _slots;
        private readonly CancellationTokenSource _cancel;
        private readonly int _capacity;
        private readonly ResultBudget<TResult> _budget;
        private volatile bool _stopStarting;
        private long _added;

        /// <param name="weigh">About how many bytes a finished result holds; null: results are not weighed.</param>
        /// <param name="byteBudget">Bytes of finished, untaken results beyond which no further item starts.</param>
        public OrderedWindow(int throttle, int capacity, CancellationToken outer, Func<TResult, long>? weigh = null, long byteBudget = long.MaxValue)
        {
            if (throttle < 1) throw new ArgumentOutOfRangeException(nameof(throttle));
            _slots = new SemaphoreSlim(throttle, throttle);
            _capacity = Math.Max(capacity, throttle);
            _cancel = CancellationTokenSource.CreateLinkedTokenSource(outer);
            _budget = new ResultBudget<TResult>(weigh, byteBudget);
        }

        public int Count => _pending.Count;
        public bool IsFull => _pending.Count >= _capacity;
        public CancellationToken Token => _cancel.Token;

        /// <summary>Bytes held by finished results not taken yet (0 without a weight).</summary>
        public long HeldBytes => _budget.Held;

        /// <summary>Queues an item; it starts as soon as a slot is free (slots are granted first come, first served).</summary>
        public void Add(Func<CancellationToken, Task<TResult>> work) => _pending.Enqueue(RunAsync(work, _added++));

        private async Task<TResult> RunAsync(Func<CancellationToken, Task<TResult>> work, long sequence)
        {
            var token = _cancel.Token;
            await _slots.WaitAsync(token).ConfigureAwait(false);
            try
            {
                // The oldest item never waits for room: the results that fill the budget are all behind it, and only
                // its end lets them be taken.
                await _budget.WaitForRoomAsync(sequence, token).ConfigureAwait(false);
                // Checked again: a stop may have come while this item waited for its slot.
                token.ThrowIfCancellationRequested();
                if (_stopStarting) throw new OperationCanceledException(token);
                var result = await work(token).ConfigureAwait(false);
                _budget.Hold(result);
                return result;
            }
            finally
            {
                _slots.Release();
            }
        }

        /// <summary>The oldest item, if it has finished; never blocks.</summary>
        public bool TryTakeCompleted(out Task<TResult> completed)
        {
            if (_pending.Count > 0 && _pending.Peek().IsCompleted)
            {
                completed = _pending.Dequeue();
                _budget.Taken(completed);
                return true;
            }
            completed = null!;
            return false;
        }

        /// <summary>
        /// Waits up to <paramref name="timeout"/> for the oldest item to finish. Returns false on timeout so the
        /// caller can do pipeline-thread chores (verbose, progress) and wait again.
        /// </summary>
        public bool WaitForOldest(TimeSpan timeout)
        {
            if (_pending.Count == 0) return true;
            try
            {
                return _pending.Peek().Wait((int)timeout.TotalMilliseconds, _cancel.Token);
            }
            catch (AggregateException)
            {
                return true; // it finished, with a fault the caller will read
            }
        }

        /// <summary>
        /// No item starts from now on, but those already running finish: items added earlier started earlier
        /// (slots are first come, first served), so every result before the caller's point still arrives.
        /// Thread-safe.
        /// </summary>
        public void StopStarting() => _stopStarting = true;

        /// <summary>Cancels everything running or waiting; no item starts afterwards.</summary>
        public void Cancel()
        {
            try { _cancel.Cancel(); }
            catch (ObjectDisposedException) { }
        }

        /// <summary>Waits up to <paramref name="timeout"/> for every item to finish, however it ends; false on timeout.</summary>
        public bool WaitForAll(TimeSpan timeout)
        {
            if (_pending.Count == 0) return true;
            try
            {
                return Task.WhenAll(_pending).ContinueWith(_ => { }, TaskScheduler.Default).Wait(timeout);
            }
            catch (AggregateException)
            {
                return true;
            }
        }

        public void Dispose()
        {
            Cancel();
            // Observe faults of abandoned items so they never surface as unobserved task exceptions.
            foreach (var task in _pending) task.ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
            _pending.Clear();
            _cancel.Dispose();
        }
    }
}
