namespace Verifik.Sandbox;

/// <summary>
/// Behaviour of a running sandbox. Read on every request, so tests may change it between requests.
/// Mutate <see cref="Faults"/> and <see cref="Accounts"/> between requests, or under <c>lock</c> on the list while traffic flows.
/// </summary>
public sealed class SandboxOptions
{
    /// <summary>The bearer token accepted from the start (tokens issued by sign-ins are accepted too).</summary>
    public string Token { get; set; } = SandboxDefaults.Token;

    /// <summary>Added to every /v2 request and every image request.</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>Plus a random 0..jitter on top of <see cref="Latency"/>.</summary>
    public TimeSpan LatencyJitter { get; set; }

    public NotFoundStyle NotFoundStyle { get; set; } = NotFoundStyle.Flat;

    public ListShape ListShape { get; set; } = ListShape.Pagination;

    /// <summary>An empty list page answers HTTP 204 with no body instead of {"data":[]}.</summary>
    public bool EmptyListAsNoContent { get; set; }

    /// <summary>Ids dl-0000000 .. dl-{n-1:D7} exist without being stored (generated on demand).</summary>
    public int SyntheticCount { get; set; }

    /// <summary>
    /// When &gt; 0, synthetic records say <c>imageSaved: true</c> and point <c>imageUrl</c> at a generated image of this
    /// many bytes on the image listener (<see cref="SandboxServer.GeneratedImageUrl"/>); 0 keeps the cdn.verifik.co URL.
    /// </summary>
    public long SyntheticImageBytes { get; set; }

    /// <summary>Largest decoded image a create accepts; larger ones get 413 IMAGE_TOO_LARGE.</summary>
    public long MaxImageBytes { get; set; } = SandboxDefaults.MaxImageBytes;

    /// <summary>The code every sign-in confirm accepts (printed at start-up).</summary>
    public string OneTimeCode { get; set; } = SandboxDefaults.OneTimeCode;

    /// <summary>How long after step 1 the code is said to expire ("expiresAt"); zero: it expires as it is sent.</summary>
    public TimeSpan CodeLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Who can sign in. Default: ana@example.com (sandbox_ana) and +57 3001234567 (sandbox_luis).</summary>
    public List<SandboxAccount> Accounts { get; } =
    [
        SandboxAccount.WithEmail(SandboxDefaults.AccountEmail, SandboxDefaults.EmailClientId),
        SandboxAccount.WithPhone(SandboxDefaults.AccountCountryCode, SandboxDefaults.AccountPhone, SandboxDefaults.PhoneClientId),
    ];

    /// <summary>
    /// Serves GET /sandbox/log (the request log and the issued tokens and otp hashes) for tests running the sandbox
    /// program in another process. Off by default: it hands out what the sandbox treats as secrets.
    /// </summary>
    public bool ExposeLog { get; set; }

    /// <summary>The account's credits before any create; each create processed for a client takes one (GET /v2/clients/me).</summary>
    public decimal Credits { get; set; } = 1000m;

    /// <summary>How many biometric validations GET /v2/biometric-validations lists (a paged resource in the data.docs envelope).</summary>
    public int BiometricValidations { get; set; } = 25;

    /// <summary>The methods /v2/auth/session takes for a renewal (the docs' samples send GET, another page says POST); others get 405.</summary>
    public HashSet<string> RenewMethods { get; } = new(StringComparer.OrdinalIgnoreCase) { "GET", "POST" };

    /// <summary>
    /// The sandbox's own answers carry control characters and escape sequences (<see cref="Verifik.Sandbox.HostileText"/>):
    /// created IDs and warnings, the sign-in's status and phoneGateway. For tests that a client shows none of them raw.
    /// </summary>
    public bool HostileText { get; set; }

    /// <summary>Checked in order; the first matching rule fires.</summary>
    public List<FaultRule> Faults { get; } = new();

    /// <summary>Makes fault rates and latency jitter reproducible. Setting it (even to the same value) restarts the sequence.</summary>
    public int? RandomSeed
    {
        get => _randomSeed;
        set
        {
            _randomSeed = value;
            Interlocked.Increment(ref _seedVersion);
        }
    }

    private int? _randomSeed;
    private int _seedVersion;

    /// <summary>Bumped on every RandomSeed assignment so the fault injector knows to reseed.</summary>
    internal int SeedVersion => Volatile.Read(ref _seedVersion);
}

/// <summary>Which documented 404 body to send for an unknown id.</summary>
public enum NotFoundStyle
{
    /// <summary>{"message":"Record not found.","code":"NotFound"}</summary>
    Flat,
    /// <summary>{"error":"Document liveness not found","message":"DOCUMENT_LIVENESS_NOT_FOUND"}</summary>
    Nested,
}

/// <summary>Which of the documented list envelopes to send.</summary>
public enum ListShape
{
    /// <summary>{"data":[…],"total":N,"limit":L,"page":P,"pages":K}</summary>
    TopLevel,
    /// <summary>{"success":true,"data":[…],"pagination":{…},"signature":{…}}</summary>
    Pagination,
    /// <summary>{"data":{"docs":[…],"total":N,"limit":L,"page":P,"pages":K}}</summary>
    DataDocs,
}
