using System.Runtime.CompilerServices;

namespace Verifik.Sandbox;

/// <summary>
/// Picks the fault (if any) for a request: rules in list order, the first whose operation and id filters match,
/// whose Times budget for that id is not used up and whose Rate roll succeeds fires.
/// Also owns the sandbox's random source so a seed makes rates and jitter reproducible.
/// </summary>
internal sealed class FaultInjector
{
    // Times counter keys of the requests that have no id; GETs count per id.
    private const string ListKey = "\0list"; // also unknown /v2 paths, as before operations existed
    private const string CreateKey = "\0create";
    private const string SignInKey = "\0signin";
    private const string ImageKey = "\0image";

    // Counters hang off the rule object so replacing/removing a rule forgets its counts.
    private readonly ConditionalWeakTable<FaultRule, Dictionary<string, int>> _fired = new();
    private readonly object _randomGate = new();
    private Random _random = new();
    private SandboxOptions? _seededFor;
    private int _seedVersion;

    /// <param name="operation">What the request is; null for an unknown /v2 path.</param>
    /// <param name="id">The decoded id of a GET by id; null for everything else.</param>
    public FaultRule? Select(SandboxOptions options, FaultOperation? operation, string? id)
    {
        FaultRule[] rules;
        lock (options.Faults) rules = options.Faults.ToArray();

        foreach (var rule in rules)
        {
            if (!Applies(rule, operation, id)) continue;

            var counts = rule.Times is null ? null : _fired.GetValue(rule, _ => new Dictionary<string, int>(StringComparer.Ordinal));
            var key = operation switch
            {
                FaultOperation.Get when id is not null => id,
                FaultOperation.Create => CreateKey,
                FaultOperation.SignIn => SignInKey,
                FaultOperation.Image => ImageKey,
                _ => ListKey,
            };
            if (counts is not null)
            {
                lock (counts)
                    if (counts.GetValueOrDefault(key) >= rule.Times) continue;
            }

            if (rule.Rate < 1.0 && NextDouble(options) >= rule.Rate) continue;

            if (counts is not null)
            {
                lock (counts)
                {
                    // Re-check under the lock: concurrent requests for one id must not overshoot Times.
                    var n = counts.GetValueOrDefault(key);
                    if (n >= rule.Times) continue;
                    counts[key] = n + 1;
                }
            }
            return rule;
        }
        return null;
    }

    private static bool Applies(FaultRule rule, FaultOperation? operation, string? id)
    {
        if (rule.Operations is { } only)
        {
            if (operation is not { } op || (only & op) == 0) return false;
        }
        else if (operation == FaultOperation.Image)
        {
            return false; // images only get faults from rules that ask for them
        }
        return rule.Ids is null || (operation == FaultOperation.Get && id is not null && rule.Ids.Contains(id));
    }

    /// <summary>Latency plus a random 0..jitter.</summary>
    public TimeSpan Delay(SandboxOptions options)
    {
        var delay = options.Latency;
        var jitter = options.LatencyJitter;
        if (jitter > TimeSpan.Zero) delay += jitter * NextDouble(options);
        return delay;
    }

    private double NextDouble(SandboxOptions options)
    {
        lock (_randomGate)
        {
            // Reseed whenever RandomSeed is assigned, so a run is reproducible from that point.
            if (!ReferenceEquals(options, _seededFor) || options.SeedVersion != _seedVersion)
            {
                _seededFor = options;
                _seedVersion = options.SeedVersion;
                _random = options.RandomSeed is { } seed ? new Random(seed) : new Random();
            }
            return _random.NextDouble();
        }
    }
}
