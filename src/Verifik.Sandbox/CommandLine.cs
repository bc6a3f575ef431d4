using System.Globalization;
using System.Text.Json;

namespace Verifik.Sandbox;

/// <summary>Parsed command line of the sandbox program. Usage errors throw <see cref="UsageException"/> (exit code 2).</summary>
internal sealed class CommandLine
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    public const string Usage = """
        Verifik sandbox: a loopback imitation of the Verifik document-liveness API.

        Usage: Verifik.Sandbox [options]
          --urls URL               listen address, loopback only (default http://127.0.0.1:5080; port 0 = any free port)
          --cdn-url URL            image (CDN) listener, loopback only, another origin (default http://127.0.0.1:0 = a free port)
          --token T                the bearer token to accept (default: the sandbox's own token, printed at startup)
          --otp CODE               the one-time code sign-ins accept (default 123456, printed at startup)
          --otp-lifetime-sec N     when a sent code is said to expire, in seconds after it was sent (default 600; 0: at once)
          --seed-file PATH         JSON array of records (flat or nested shape) served instead of the sample records;
                                   "_id" of each is its id
          --synthetic N            also serve N generated records dl-0000000 .. (not held in memory), listed after the others
          --no-samples             serve none of the sample records (only those of --seed-file and --synthetic)
          --synthetic-image-bytes N  synthetic records point imageUrl at a generated N-byte JPEG on the image listener
          --max-image-bytes N      largest decoded image a create accepts (default 20971520 = 20 MB; larger: 413)
          --latency-ms N           delay added to every /v2 and image request
          --jitter-ms N            plus a random 0..N ms
          --list-shape S           TopLevel | Pagination (default) | DataDocs
          --credits N              the account's credits before any create (default 1000; each create takes one)
          --biometric-validations N  how many /v2/biometric-validations list (default 25; data.docs envelope, perPage)
          --renew-method M         the only method /v2/auth/session renews with: GET or POST (default: both)
          --not-found-style S      Flat (default) | Nested
          --empty-list-204         an empty list page answers HTTP 204 with no body instead of "data": []
          --fault-kind KIND        a fault rule for soak runs and tests; repeatable: rules apply in the order given, and
                                   the --fault-* options after a --fault-kind shape that rule. KIND: TooManyRequests,
                                   ServerError, DropConnection, Slow, TruncatedBody, HtmlPage, WrongContentType,
                                   Unauthorized, Forbidden, RedirectToOtherHost, WrongStatus, ServerErrorAfterBody,
                                   DropAfterBody, Refusal, BadGzip, BadGzipCrc, BadDeflate, Utf8Bom, Unsuccessful,
                                   UnsuccessfulNoData, OtherRecordId, ListEndless, ListRepeat, ListEmptyAfterFirst,
                                   ListHugePages, HostileText, HostileSignIn, HugeAccessToken, EarlyAnswer, AnswerMidBody
          --fault-rate R           probability 0..1 of that fault per request (default 1 when --fault-kind is given)
          --fault-on OPS           only for these requests, comma-separated: create, get, list, signin, image
                                   (default: every /v2 request, never images)
          --fault-times N          at most N times per id (GETs) or per operation (the others)
          --fault-delay-ms N       how long Slow waits (default 5000)
          --expose-log             serve GET /sandbox/log: the requests, the creates and the issued tokens and otp
                                   hashes, as JSON (for tests that run this program in another process)
          --hostile-text           escape sequences and control characters in created IDs and warnings and in the
                                   sign-in's status and phoneGateway (for tests that none reaches a console raw)
          --fault-status N         the status of ServerError (default 503 here), ServerErrorAfterBody (500), WrongStatus
                                   and Refusal (400; 409 and 413 get their documented bodies too), EarlyAnswer and
                                   AnswerMidBody (413; 429 and 503 too)
          --fault-retry-after V    the Retry-After value of that fault, verbatim (TooManyRequests default: 1);
                                   none = no Retry-After header
          --fault-ids IDS          only GETs of these record ids, comma-separated (default: every matching request)
          --help                   show this text

        Unless --seed-file or --no-samples says otherwise, the sample records are served: the two documented examples
        (68a8bf34d8207d5f3357b643, flat; document_liveness_123456789, nested) and variants with other warnings,
        calibrations and statuses (completed, processing, failed), each with its image on the image listener.
        Sign-in accounts: ana@example.com (e-mail) and +57 3001234567 (phone).
        Also served: the account (/v2/clients/me), token renewal and revocation (/v2/auth/session, /v2/auth/renew-and-revoke)
        and /v2/biometric-validations.
        """;

    public bool Help { get; private set; }
    public string Url { get; private set; } = DefaultUrl;
    public string CdnUrl { get; private set; } = "http://127.0.0.1:0";
    public string? SeedFile { get; private set; }
    public bool NoSamples { get; private set; }
    public SandboxOptions Options { get; } = new();

    public static CommandLine Parse(string[] args)
    {
        var cl = new CommandLine();
        var rules = new List<FaultRuleArguments>();
        // The rule the --fault-* options shape: the last --fault-kind given.
        FaultRuleArguments Rule(string option) =>
            rules.Count > 0 ? rules[^1] : throw new UsageException($"{option} needs --fault-kind before it (it shapes that rule).");

        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (name is "--help" or "-h" or "-?") { cl.Help = true; continue; }
            if (name == "--expose-log") { cl.Options.ExposeLog = true; continue; }
            if (name == "--hostile-text") { cl.Options.HostileText = true; continue; }
            if (name == "--no-samples") { cl.NoSamples = true; continue; }
            if (name == "--empty-list-204") { cl.Options.EmptyListAsNoContent = true; continue; }

            // Accept both "--name value" and "--name=value".
            string value;
            var eq = name.IndexOf('=');
            if (name.StartsWith("--", StringComparison.Ordinal) && eq > 0) { value = name[(eq + 1)..]; name = name[..eq]; }
            else if (i + 1 < args.Length) value = args[++i];
            else throw new UsageException($"Missing value for {name}.");

            switch (name)
            {
                case "--urls": cl.Url = value; break;
                case "--cdn-url": cl.CdnUrl = value; break;
                case "--otp":
                    if (string.IsNullOrWhiteSpace(value)) throw new UsageException("--otp must not be empty.");
                    cl.Options.OneTimeCode = value;
                    break;
                case "--otp-lifetime-sec": cl.Options.CodeLifetime = TimeSpan.FromSeconds(Int(name, value)); break;
                case "--synthetic-image-bytes": cl.Options.SyntheticImageBytes = Long(name, value); break;
                case "--max-image-bytes": cl.Options.MaxImageBytes = Long(name, value); break;
                case "--fault-on": Rule(name).On = Operations(name, value); break;
                case "--fault-retry-after": Rule(name).RetryAfter = value; Rule(name).NoRetryAfter = value == "none"; break;
                case "--fault-ids":
                    var ids = value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
                    if (ids.Count == 0) throw new UsageException($"{name} needs at least one id.");
                    Rule(name).Ids = ids;
                    break;
                case "--fault-times": Rule(name).Times = Int(name, value); break;
                case "--fault-delay-ms": Rule(name).DelayMs = Int(name, value); break;
                case "--fault-status":
                    var status = Int(name, value);
                    if (status is < 100 or > 599) throw new UsageException($"{name} expects an HTTP status (100 to 599), got '{value}'.");
                    Rule(name).Status = status;
                    break;
                case "--token":
                    if (string.IsNullOrWhiteSpace(value)) throw new UsageException("--token must not be empty.");
                    cl.Options.Token = value;
                    break;
                case "--seed-file": cl.SeedFile = value; break;
                case "--synthetic": cl.Options.SyntheticCount = Int(name, value); break;
                case "--latency-ms": cl.Options.Latency = TimeSpan.FromMilliseconds(Int(name, value)); break;
                case "--jitter-ms": cl.Options.LatencyJitter = TimeSpan.FromMilliseconds(Int(name, value)); break;
                case "--list-shape": cl.Options.ListShape = Enum<ListShape>(name, value); break;
                case "--credits":
                    if (!decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var credits))
                        throw new UsageException($"{name} expects a number, got '{value}'.");
                    cl.Options.Credits = credits;
                    break;
                case "--biometric-validations": cl.Options.BiometricValidations = Int(name, value); break;
                case "--renew-method":
                    if (!value.Equals("GET", StringComparison.OrdinalIgnoreCase) && !value.Equals("POST", StringComparison.OrdinalIgnoreCase))
                        throw new UsageException($"{name} expects GET or POST, got '{value}'.");
                    cl.Options.RenewMethods.Clear();
                    cl.Options.RenewMethods.Add(value.ToUpperInvariant());
                    break;
                case "--not-found-style": cl.Options.NotFoundStyle = Enum<NotFoundStyle>(name, value); break;
                case "--fault-kind": rules.Add(new FaultRuleArguments(Enum<FaultKind>(name, value))); break;
                case "--fault-rate":
                    if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) || rate is < 0 or > 1)
                        throw new UsageException($"{name} expects a number between 0 and 1, got '{value}'.");
                    Rule(name).Rate = rate;
                    break;
                default: throw new UsageException($"Unknown option '{name}'. Try --help.");
            }
        }

        foreach (var rule in rules) cl.Options.Faults.Add(rule.ToRule());
        return cl;
    }

    /// <summary>
    /// Seeds the store: the seed file's records if one is given, else the samples (unless --no-samples); --synthetic's
    /// records come on top of either, as the usage text says.
    /// </summary>
    public void Seed(SandboxServer server)
    {
        if (SeedFile is null)
        {
            if (!NoSamples) SampleRecords.Seed(server);
            return;
        }
        var store = server.Records;

        JsonDocument doc;
        // Deeply nested records are a test case of their own: the reader's default limit of 64 levels would refuse them.
        try { doc = JsonDocument.Parse(File.ReadAllText(SeedFile), new JsonDocumentOptions { MaxDepth = 100_000 }); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            throw new UsageException($"Cannot read seed file '{SeedFile}': {e.Message}");
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Array)
                throw new UsageException($"Seed file '{SeedFile}' must hold a JSON array of records.");
            var n = 0;
            foreach (var record in doc.RootElement.EnumerateArray())
            {
                n++;
                if (record.ValueKind != JsonValueKind.Object
                    || !record.TryGetProperty("_id", out var id) || id.ValueKind != JsonValueKind.String)
                    throw new UsageException($"Seed file '{SeedFile}': record #{n} is not an object with a string \"_id\".");
                store.Add(id.GetString()!, record.GetRawText());
            }
        }
    }

    private static int Int(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new UsageException($"{name} expects a non-negative integer, got '{value}'.");

    private static long Long(string name, string value) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new UsageException($"{name} expects a non-negative integer, got '{value}'.");

    private static FaultOperation Operations(string name, string value)
    {
        FaultOperation ops = 0;
        foreach (var item in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            ops |= item.ToLowerInvariant() switch
            {
                "create" => FaultOperation.Create,
                "get" => FaultOperation.Get,
                "list" => FaultOperation.List,
                "signin" => FaultOperation.SignIn,
                "image" => FaultOperation.Image,
                _ => throw new UsageException($"{name} expects create, get, list, signin or image (comma-separated), got '{item}'."),
            };
        }
        return ops == 0 ? throw new UsageException($"{name} needs at least one of create, get, list, signin, image.") : ops;
    }

    private static T Enum<T>(string name, string value) where T : struct, Enum =>
        System.Enum.TryParse<T>(value, ignoreCase: true, out var v) && System.Enum.IsDefined(v)
            ? v
            : throw new UsageException($"{name} expects one of {string.Join(", ", System.Enum.GetNames<T>())}, got '{value}'.");
}

internal sealed class UsageException(string message) : Exception(message);
