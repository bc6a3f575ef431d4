using System.Diagnostics;

namespace Verifik.Bench;

/// <summary>The memory an action costs this process: peaks sampled every 50 ms against a baseline taken after a full GC.</summary>
internal sealed record MemoryRun(TimeSpan Elapsed, long WorkingSetGrowth, long PrivateGrowth, long ManagedGrowth, long RetainedManaged,
    long BaselineWorkingSet, long BaselineManaged, int Samples)
{
    public static MemoryRun Measure(Action action)
    {
        MemorySampler.FullGc();
        long baseWs, basePrivate;
        using (var self = Process.GetCurrentProcess())
        {
            baseWs = self.WorkingSet64;
            basePrivate = self.PrivateMemorySize64;
        }
        var baseManaged = GC.GetTotalMemory(true);

        using var sampler = new MemorySampler(TimeSpan.FromMilliseconds(50));
        sampler.Start();
        var clock = Stopwatch.StartNew();
        action();
        var elapsed = clock.Elapsed;
        sampler.Stop();

        MemorySampler.FullGc();
        var retained = GC.GetTotalMemory(true) - baseManaged;
        return new MemoryRun(elapsed, sampler.PeakWorkingSet - baseWs, sampler.PeakPrivate - basePrivate, sampler.PeakManaged - baseManaged,
            retained, baseWs, baseManaged, sampler.Samples);
    }
}
