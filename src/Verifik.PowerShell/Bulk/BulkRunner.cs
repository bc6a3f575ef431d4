using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Verifik.PowerShell.Commands;

namespace Verifik.PowerShell.Bulk
{
    /// <summary>
    /// The bulk engine every pipeline cmdlet shares (Get, New and Save): runs each input item's work concurrently,
    /// at most ThrottleLimit at a time, and reports the outcomes on the pipeline thread in input order, streaming
    /// (the first result is written while later ones are still running). It owns the bounded window, the drain,
    /// progress, Ctrl+C and the fatal stop: when an item says nothing later can succeed (a refused token), no new item
    /// starts, but those already running are not cancelled: a create among them may be processed (and charged) whatever
    /// the client does, so each still gets its record or its error, in input order; then the run ends with that error.
    /// Pipeline thread only, except <see cref="Stop"/>.
    /// </summary>
    internal sealed class BulkRunner<T> : IDisposable
    {
        private static readonly TimeSpan ChoreInterval = TimeSpan.FromMilliseconds(200);
        private static readonly TimeSpan SettleLimit = TimeSpan.FromSeconds(5);

        /// <summary>
        /// Finished results waiting to be written (behind a slow item) may hold this much before no further item starts:
        /// records may be up to the 16 MB body cap each, and a count alone would let a window of them reach gigabytes.
        /// </summary>
        internal const long ByteBudget = 64L * 1024 * 1024;

        private readonly VerifikConnectedCmdlet _cmdlet;
        private readonly Action<T> _emit;
        private readonly OrderedWindow<BulkOutcome<T>> _window;

        /// <param name="emit">Writes one successful result (pipeline thread).</param>
        /// <param name="weigh">About how many bytes a result holds, for <see cref="ByteBudget"/>; null for small results.</param>
        public BulkRunner(VerifikConnectedCmdlet cmdlet, string activity, int throttle, Action<T> emit, Func<T, long>? weigh = null)
        {
            _cmdlet = cmdlet;
            _emit = emit;
            // A window of a few throttles keeps every slot busy while the oldest answer is awaited.
            _window = new OrderedWindow<BulkOutcome<T>>(throttle, Math.Max(throttle * 4, 16), CancellationToken.None,
                weigh == null ? null : outcome => outcome.Error == null ? weigh(outcome.Value) : 0, ByteBudget);
            Progress = new BulkProgress(cmdlet, activity);
        }

        public BulkProgress Progress { get; }

        /// <summary>Cancelled by Ctrl+C (and by a fatal stop); work should pass it to every request.</summary>
        public CancellationToken Token => _window.Token;

        /// <summary>Queues an item's work; writes what has finished, and waits while the window is full.</summary>
        public void Add(object? target, Func<CancellationToken, Task<BulkOutcome<T>>> work)
        {
            Progress.Started = true;
            _window.Add(async ct =>
            {
                BulkOutcome<T> outcome;
                try
                {
                    outcome = await work(ct).ConfigureAwait(false);
                }
                catch (Exception ex) when (!(ex is OperationCanceledException))
                {
                    // A bug must cost one item, never the host or the rest of the run.
                    outcome = BulkOutcome<T>.Failure(new ErrorRecord(ex, "VerifikUnexpectedError", ErrorCategory.NotSpecified, target));
                }
                // At once, from the worker: the pipeline thread may still be waiting for an earlier item.
                if (outcome.IsFatal) _window.StopStarting();
                return outcome;
            });
            Drain(untilEmpty: false);
        }

        /// <summary>An outcome known at once (an input refused before any work): still reported in input order.</summary>
        public void Add(BulkOutcome<T> known) => Add(null, _ => Task.FromResult(known));

        /// <summary>EndProcessing: writes everything still running, then completes the progress bar and writes the summary.</summary>
        public void Complete()
        {
            Drain(untilEmpty: true);
            Progress.Complete();
        }

        /// <summary>Ctrl+C (StopProcessing, any thread): cancels running work and starts none.</summary>
        public void Stop() => _window.Cancel();

        /// <summary>
        /// Cancels what still runs and waits (briefly) until it has settled, so each item's own clean-up (a temporary
        /// file deleted, say) is done by the time the pipeline reports that it stopped.
        /// </summary>
        public void Dispose()
        {
            _window.Cancel();
            _window.WaitForAll(SettleLimit);
            _window.Dispose();
        }

        private void Drain(bool untilEmpty)
        {
            while (true)
            {
                _cmdlet.FlushVerbose();
                if (_window.TryTakeCompleted(out var done))
                {
                    Report(done);
                    continue;
                }
                Progress.Update();
                if (_window.Count == 0 || !(untilEmpty || _window.IsFull)) return;
                try
                {
                    _window.WaitForOldest(ChoreInterval);
                }
                catch (OperationCanceledException)
                {
                    throw new PipelineStoppedException(); // Ctrl+C
                }
            }
        }

        private void Report(Task<BulkOutcome<T>> done)
        {
            if (done.IsCanceled) throw new PipelineStoppedException(); // Ctrl+C
            var outcome = done.Result;
            if (outcome.IsFatal) StopAfter(outcome.Error!);
            Write(outcome);
        }

        private void Write(BulkOutcome<T> outcome)
        {
            if (outcome.Error == null)
            {
                Progress.Done++;
                _emit(outcome.Value);
                return;
            }
            Progress.Failed++;
            _cmdlet.WriteError(ErrorDisplay.Escaped(outcome.Error));
        }

        /// <summary>
        /// The fatal stop, once every earlier item is written: what is still running finishes and is written (the items
        /// that never started, and further refusals of the same token, are not), then the run ends with <paramref name="fatal"/>.
        /// </summary>
        private void StopAfter(ErrorRecord fatal)
        {
            _window.StopStarting();
            while (_window.Count > 0)
            {
                _cmdlet.FlushVerbose();
                if (_window.TryTakeCompleted(out var done))
                {
                    if (!done.IsCanceled && !done.Result.IsFatal) Write(done.Result);
                    continue;
                }
                try
                {
                    _window.WaitForOldest(ChoreInterval);
                }
                catch (OperationCanceledException)
                {
                    throw new PipelineStoppedException(); // Ctrl+C while the last ones finish
                }
            }
            _cmdlet.FlushVerbose();
            Progress.Failed++;
            Progress.Stop(fatal);
            _cmdlet.ThrowTerminatingError(ErrorDisplay.Escaped(fatal));
        }
    }
}
