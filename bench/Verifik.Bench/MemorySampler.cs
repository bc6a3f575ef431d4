using System.Diagnostics;
using System.Runtime;

namespace Verifik.Bench;

/// <summary>Peak process memory while an action runs: sampled every <c>interval</c> on a dedicated thread.</summary>
internal sealed class MemorySampler : IDisposable
{
    private readonly Thread _thread;
    private readonly TimeSpan _interval;
    private readonly Process _self = Process.GetCurrentProcess();
    private volatile bool _stop;

    public MemorySampler(TimeSpan interval)
    {
        _interval = interval;
        _thread = new Thread(Loop) { IsBackground = true, Name = "memory sampler", Priority = ThreadPriority.AboveNormal };
    }

    public long PeakWorkingSet { get; private set; }
    public long PeakPrivate { get; private set; }
    public long PeakManaged { get; private set; }
    public int Samples { get; private set; }

    public void Start()
    {
        Sample();
        _thread.Start();
    }

    public void Stop()
    {
        _stop = true;
        _thread.Join();
        Sample();
    }

    private void Loop()
    {
        while (!_stop)
        {
            Thread.Sleep(_interval);
            Sample();
        }
    }

    private void Sample()
    {
        lock (_self)
        {
            _self.Refresh();
            PeakWorkingSet = Math.Max(PeakWorkingSet, _self.WorkingSet64);
            PeakPrivate = Math.Max(PeakPrivate, _self.PrivateMemorySize64);
            PeakManaged = Math.Max(PeakManaged, GC.GetTotalMemory(false));
            Samples++;
        }
    }

    /// <summary>Full, blocking, compacting collection (LOH included), twice around finalizers.</summary>
    public static void FullGc()
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
    }

    public void Dispose()
    {
        if (!_stop && _thread.IsAlive) Stop();
        _self.Dispose();
    }
}
