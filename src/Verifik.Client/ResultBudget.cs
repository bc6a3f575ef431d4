using System;
using System.Threading;
using System.Threading.Tasks;

namespace Verifik
{
    /// <summary>
    /// The byte budget of an <see cref="OrderedWindow{TResult}"/>: how much its finished, untaken results hold, and the
    /// wait of an item that would start while that is over the budget. Results are counted from the moment their work
    /// returns until the pipeline thread takes them; the oldest untaken item never waits (see <see cref="WaitForRoomAsync"/>).
    /// </summary>
    internal sealed class ResultBudget<TResult>
    {
        private readonly Func<TResult, long>? _weigh;
        private readonly long _limit;
        private long _held;
        private long _taken;
        private TaskCompletionSource<bool> _room = NewSignal();

        public ResultBudget(Func<TResult, long>? weigh, long limit)
        {
            if (limit < 1) throw new ArgumentOutOfRangeException(nameof(limit));
            _weigh = weigh;
            _limit = limit;
        }

        public long Held => Interlocked.Read(ref _held);

        /// <summary>A worker's result is done (worker thread).</summary>
        public void Hold(TResult result)
        {
            if (_weigh != null) Interlocked.Add(ref _held, _weigh(result));
        }

        /// <summary>The pipeline thread took the next item in order; what it held no longer counts.</summary>
        public void Taken(Task<TResult> task)
        {
            Interlocked.Increment(ref _taken);
            if (_weigh == null) return;
            if (task.Status == TaskStatus.RanToCompletion) Interlocked.Add(ref _held, -_weigh(task.Result));
            Interlocked.Exchange(ref _room, NewSignal()).TrySetResult(true);
        }

        /// <summary>
        /// Waits while the budget is spent, unless item <paramref name="sequence"/> is the next to be taken: everything
        /// held was added after it, so it must run for any of that to be written (waiting would deadlock).
        /// </summary>
        public async Task WaitForRoomAsync(long sequence, CancellationToken ct)
        {
            while (true)
            {
                var room = Volatile.Read(ref _room); // read before the check, so a take in between is not missed
                if (Held < _limit || Interlocked.Read(ref _taken) == sequence) return;
                var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                using (ct.Register(s => ((TaskCompletionSource<bool>)s!).TrySetResult(true), cancelled))
                {
                    await Task.WhenAny(room.Task, cancelled.Task).ConfigureAwait(false);
                }
                ct.ThrowIfCancellationRequested();
            }
        }

        private static TaskCompletionSource<bool> NewSignal() => new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
