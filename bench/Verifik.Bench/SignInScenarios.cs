using System.Diagnostics;
using System.Text;
using Verifik.Sandbox;

namespace Verifik.Bench;

/// <summary>
/// 5 Sign-in: what Connect-Verifik -Email -Code costs over the one HTTP request it makes (against a raw HttpClient
/// POST of the same confirmation), what Get-VerifikAccessToken costs, and whether thousands of sign-ins (each
/// connection then read and closed) leave anything behind in the benchmark process (sandbox in a child process).
/// </summary>
internal static class SignInScenarios
{
    private static readonly TimeSpan RunLimit = TimeSpan.FromMinutes(5);
    private const string Confirm = "v2/projects/email-login/confirm";
    private const string ConfirmBody = """{"email":"ana@example.com","otp":"123456"}""";

    public static async Task Run(ScenarioResult r, bool quick)
    {
        var latencyRounds = quick ? 100 : 400;
        var tokenReads = quick ? 1_000 : 5_000;
        var memoryRounds = quick ? 500 : 2_000;
        await Latency(r, latencyRounds, tokenReads);
        Memory(r, memoryRounds);
    }

    private static async Task Latency(ScenarioResult r, int rounds, int tokenReads)
    {
        await using var server = await SandboxServer.StartAsync(new SandboxOptions());
        using var host = new EngineHost();
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, UseCookies = false, AllowAutoRedirect = false });
        var loop = "foreach ($i in 1..$n) { $null = Connect-Verifik -Email ana@example.com -Code 123456 -BaseUri $u -ReturnConnection }";

        // Warm-up (JIT, the pooled connection), then the better of two interleaved rounds each.
        host.Run(loop, RunLimit, ("n", 20), ("u", server.BaseUri));
        await RawAsync(http, server.BaseUri, 20);
        var module = new List<TimeSpan>();
        var raw = new List<TimeSpan>();
        for (var round = 0; round < 2; round++)
        {
            server.Requests.Clear();
            module.Add(Time(() => host.Run(loop, RunLimit, ("n", rounds), ("u", server.BaseUri))));
            if (server.Requests.Arrived != rounds) throw new InvalidOperationException($"expected {rounds} confirmations, the sandbox saw {server.Requests.Arrived}.");
            var clock = Stopwatch.StartNew();
            await RawAsync(http, server.BaseUri, rounds);
            raw.Add(clock.Elapsed);
        }
        var moduleMs = module.Min().TotalMilliseconds / rounds;
        var rawMs = raw.Min().TotalMilliseconds / rounds;

        host.Run("Connect-Verifik -Email ana@example.com -Code 123456 -BaseUri $u", RunLimit, ("u", server.BaseUri));
        host.Run("foreach ($i in 1..200) { $null = Get-VerifikAccessToken; $null = Get-VerifikAccessToken -AsPlainText }", RunLimit); // warm-up
        var secure = Time(() => host.Run("foreach ($i in 1..$n) { $null = Get-VerifikAccessToken }", RunLimit, ("n", tokenReads)));
        var plain = Time(() => host.Run("foreach ($i in 1..$n) { $null = Get-VerifikAccessToken -AsPlainText }", RunLimit, ("n", tokenReads)));
        var floor = Time(() => host.Run("foreach ($i in 1..$n) { $null = Get-VerifikContext }", RunLimit, ("n", tokenReads)));
        host.Run("Disconnect-Verifik", RunLimit);

        r.Add("signIns", "sign-ins timed (sequential, 0 ms latency)", rounds, "");
        r.Add("moduleMsPerSignIn", "Connect-Verifik -Email -Code -ReturnConnection, per sign-in", moduleMs, "ms", 2);
        r.Add("rawMsPerSignIn", "reference: raw HttpClient POST of the confirmation", rawMs, "ms", 2);
        r.Add("overheadMsPerSignIn", "module overhead per sign-in", moduleMs - rawMs, "ms", 2);
        r.Add("accessTokenMicros", "Get-VerifikAccessToken (SecureString), per call", secure.TotalMilliseconds * 1000 / tokenReads, "µs", 1);
        r.Add("accessTokenPlainMicros", "Get-VerifikAccessToken -AsPlainText, per call", plain.TotalMilliseconds * 1000 / tokenReads, "µs", 1);
        r.Add("contextMicros", "reference: Get-VerifikContext, per call", floor.TotalMilliseconds * 1000 / tokenReads, "µs", 1);
        r.Notes.Add("sign-in runs (ms, module then raw): " + string.Join(", ", module.Select(t => t.TotalMilliseconds.ToString("F0"))) + " / " +
                    string.Join(", ", raw.Select(t => t.TotalMilliseconds.ToString("F0"))) + "; the sandbox runs in this process.");
    }

    private static async Task RawAsync(HttpClient http, Uri baseUri, int rounds)
    {
        for (var i = 0; i < rounds; i++)
        {
            using var content = new StringContent(ConfirmBody, Encoding.UTF8, "application/json");
            using var response = await http.PostAsync(new Uri(baseUri, Confirm), content);
            var body = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode || body.Length == 0) throw new InvalidOperationException($"raw confirmation: HTTP {(int)response.StatusCode}");
        }
    }

    private static void Memory(ScenarioResult r, int rounds)
    {
        using var child = ChildSandbox.Start(0, TimeSpan.FromSeconds(60));
        using var host = new EngineHost();
        const string loop = """
            foreach ($i in 1..$n) {
                $c = Connect-Verifik -Email ana@example.com -Code 123456 -BaseUri $u -ReturnConnection
                $null = Get-VerifikAccessToken -Connection $c
                Disconnect-Verifik -Connection $c
            }
            """;
        host.Run(loop, RunLimit, ("n", 50), ("u", child.BaseUri)); // warm-up

        MemorySampler.FullGc();
        var baseManaged = GC.GetTotalMemory(true);
        long baseWorkingSet;
        using (var self = Process.GetCurrentProcess()) baseWorkingSet = self.WorkingSet64;
        using var sampler = new MemorySampler(TimeSpan.FromMilliseconds(50));
        sampler.Start();
        var elapsed = Time(() => host.Run(loop, RunLimit, ("n", rounds), ("u", child.BaseUri)));
        sampler.Stop();
        host.Run("$c = $null", RunLimit);
        MemorySampler.FullGc();
        var retained = GC.GetTotalMemory(true) - baseManaged;

        const double mb = 1024 * 1024;
        r.Add("memorySignIns", "sign-ins, each read and closed (sandbox in a child process)", rounds, "");
        r.Add("memorySignInsPerSecond", "sign-ins/s", rounds / elapsed.TotalSeconds, "/s");
        r.Add("workingSetGrowthMB", "peak working-set growth", (sampler.PeakWorkingSet - baseWorkingSet) / mb, "MB", 1);
        r.Add("managedGrowthMB", "peak GC-heap growth", (sampler.PeakManaged - baseManaged) / mb, "MB", 1);
        r.AddTarget("retainedManagedMB", "GC heap kept after full GC", retained / mb, "MB", 2, "< 5 MB (nothing kept per sign-in)", retained / mb < 5);
        r.Notes.Add($"Sandbox in child process {child.ProcessId}; {sampler.Samples} memory samples of this process every 50 ms.");
    }

    private static TimeSpan Time(Action action)
    {
        var sw = Stopwatch.StartNew();
        action();
        return sw.Elapsed;
    }
}
