using System.Diagnostics;
using Verifik.Sandbox;
using Xunit;

namespace Verifik.Unit.Tests;

/// <summary>Guarded file reads never outlive what runs them; alone, since they count the process's guarded-file threads.</summary>
[CollectionDefinition(nameof(StalledFileTests), DisableParallelization = true)]
public sealed class StalledFileCollection;

/// <summary>
/// An upload whose file never answers (a named pipe nobody writes to, as a stalled share does): every read ends with the
/// request's timeout or its cancellation, and no thread stays blocked on it.
/// </summary>
[Collection(nameof(StalledFileTests))]
public sealed class StalledFileTests : SandboxTest, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("verifik-stalled-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>A named pipe with no writer: opening it for reading blocks until one comes.</summary>
    private string Fifo()
    {
        var path = Path.Combine(_folder, "scan.jpg");
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", path) { UseShellExecute = false })!;
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
        return path;
    }

    /// <summary>Waits (up to a minute) for the guarded-file threads to be back to <paramref name="count"/>.</summary>
    private static bool ThreadsBackTo(int count) => SpinWait.SpinUntil(() => GuardedFile.LiveThreads <= count, TimeSpan.FromMinutes(1));

    [Fact]
    public async Task A_read_that_never_returns_ends_with_the_requests_timeout_as_a_read_failure_and_frees_its_thread()
    {
        if (OperatingSystem.IsWindows()) return; // no named pipes in the file system there
        var threads = GuardedFile.LiveThreads;
        var settings = Settings(maxRetry: 3);
        settings.Timeout = TimeSpan.FromSeconds(2);
        var client = new VerifikClient(Server.BaseUri, BearerToken.FromPlainText(SandboxDefaults.Token), new HttpClient(), settings);
        var submission = new DocumentLivenessSubmission(Fifo(), 1000) { ValidateScreenReplay = true }; // checked as a file of 1,000 bytes

        var ex = await Assert.ThrowsAsync<IOException>(() => client.CreateDocumentLivenessAsync(submission));

        Assert.Contains("did not finish within the request's time (-TimeoutSec)", ex.Message);
        Assert.Equal(0, Server.Creates.Count);
        Assert.True(ThreadsBackTo(threads), $"{GuardedFile.LiveThreads - threads} guarded-file thread(s) still blocked");
    }

    [Fact]
    public async Task A_read_that_never_returns_ends_at_once_when_cancelled_and_frees_its_thread()
    {
        if (OperatingSystem.IsWindows()) return;
        var threads = GuardedFile.LiveThreads;
        var client = Client(); // a timeout of 20 s: the cancellation ends it first
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            client.CreateDocumentLivenessAsync(new DocumentLivenessSubmission(Fifo(), 1000) { ValidateScreenReplay = true }, ct: stop.Token));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took {clock.Elapsed}"); // well before the 20 s timeout
        Assert.True(ThreadsBackTo(threads), $"{GuardedFile.LiveThreads - threads} guarded-file thread(s) still blocked");
    }

    [Fact]
    public async Task A_named_pipe_that_does_answer_is_refused_as_not_a_regular_file()
    {
        if (OperatingSystem.IsWindows()) return;
        var fifo = Fifo();
        // A writer that sends a JPEG's first bytes: the open returns, and the file is still not one a disk holds.
        var writer = Task.Run(() =>
        {
            using var w = new FileStream(fifo, FileMode.Open, FileAccess.Write);
            try { w.Write([0xFF, 0xD8, 0xFF, 0xE0]); }
            catch (IOException) { } // the reader may have closed it already: refused before reading
        });

        var ex = await Assert.ThrowsAsync<IOException>(() =>
            Client().CreateDocumentLivenessAsync(new DocumentLivenessSubmission(fifo, 4) { ValidateScreenReplay = true }));

        Assert.Contains("not a regular file", ex.Message);
        Assert.Equal(0, Server.Creates.Count);
        await writer.WaitAsync(TimeSpan.FromSeconds(30));
    }
}
