namespace Verifik.Sandbox;

/// <summary>
/// The --fault-* options of one rule, as read: each --fault-kind starts a rule, and the options after it (up to the next
/// --fault-kind) shape that rule. Several rules apply in the order given (see <see cref="FaultInjector"/>).
/// </summary>
internal sealed class FaultRuleArguments(FaultKind kind)
{
    public double? Rate { get; set; }
    public FaultOperation? On { get; set; }
    public int? Times { get; set; }
    public int? Status { get; set; }
    public string? RetryAfter { get; set; }

    /// <summary>--fault-retry-after none: no Retry-After header, even for TooManyRequests.</summary>
    public bool NoRetryAfter { get; set; }
    public HashSet<string>? Ids { get; set; }
    public int? DelayMs { get; set; }

    public FaultRule ToRule()
    {
        if (DelayMs is not null && kind != FaultKind.Slow) throw new UsageException("--fault-delay-ms needs --fault-kind Slow.");
        return new FaultRule
        {
            Kind = kind,
            Rate = Rate ?? 1.0,
            Operations = On,
            Ids = Ids,
            Times = Times,
            Status = Status ?? (kind == FaultKind.ServerError ? 503 : 0),
            RetryAfter = NoRetryAfter ? null : RetryAfter ?? (kind == FaultKind.TooManyRequests ? "1" : null),
            Delay = kind == FaultKind.Slow ? TimeSpan.FromMilliseconds(DelayMs ?? 5000) : TimeSpan.Zero,
        };
    }
}
