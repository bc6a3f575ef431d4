using System;
using System.Management.Automation;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;

namespace Verifik.PowerShell.Bulk
{
    /// <summary>Waits for one task on the pipeline thread without going deaf to Ctrl+C or to worker-thread notices.</summary>
    internal static class PipelineWait
    {
        private static readonly TimeSpan ChoreInterval = TimeSpan.FromMilliseconds(200);

        /// <summary>
        /// The task's result, or its own exception (unwrapped). <paramref name="chores"/> runs every 200 ms and once at the
        /// end (relaying verbose messages, say); a cancelled <paramref name="stop"/> or task stops the pipeline.
        /// </summary>
        public static T Result<T>(Task<T> task, CancellationToken stop, Action? chores = null)
        {
            try
            {
                while (!task.Wait((int)ChoreInterval.TotalMilliseconds, stop)) chores?.Invoke();
                chores?.Invoke();
                return task.Result;
            }
            catch (OperationCanceledException)
            {
                // Left behind by the stop: whatever it ends with must not surface later as an unobserved exception.
                task.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
                throw new PipelineStoppedException();
            }
            catch (AggregateException ex) when (ex.InnerException != null)
            {
                chores?.Invoke();
                if (ex.InnerException is OperationCanceledException) throw new PipelineStoppedException();
                ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
                throw;
            }
        }
    }
}
