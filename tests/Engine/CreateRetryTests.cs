using System.Net;
using System.Net.Sockets;
using Verifik.Sandbox;
using Xunit;

namespace Verifik.Engine.Tests;

/// <summary>
/// Never charge twice: a create is retried only when the API provably did not take it (429 with or without
/// Retry-After, 503, a connection that failed before the request went out). After a 500/502/504, a connection
/// broken once the body was sent, a timeout, or an unreadable 200, it is not sent again and gets
/// VerifikSubmissionUncertain, whose message says how to check.
/// </summary>
public class CreateRetryTests : CreateTestBase
{
    private const string Cmdlet = ",Verifik.PowerShell.Commands.NewVerifikDocumentLivenessCommand";

    private static FaultRule OnCreates(FaultKind kind, int times = 1, int status = 0, string? retryAfter = null, TimeSpan delay = default) =>
        new() { Kind = kind, Times = times, Status = status, RetryAfter = retryAfter, Delay = delay, Operations = FaultOperation.Create };

    /// <summary>Runs one file with -Verbose and returns the error (id, category, OutcomeUnknown, message) and the verbose lines.</summary>
    private (List<string> Output, List<string> Retries) Submit(string file, string extra = "")
    {
        var output = Host.Run($$"""
            $started = [DateTime]::UtcNow
            New-VerifikDocumentLiveness -Path $file {{extra}} -Verbose -ErrorVariable failed -ErrorAction SilentlyContinue | ForEach-Object { 'created ' + $_.SourcePath }
            $failed | ForEach-Object { $_.FullyQualifiedErrorId; $_.CategoryInfo.Category.ToString(); $_.TargetObject; $_.Exception.OutcomeUnknown; $_.Exception.Message }
            'found ' + @(Get-VerifikDocumentLiveness -CreatedAfter $started.AddSeconds(-5)).Count
            """, ("file", file));
        return (output.Select(o => o.BaseObject.ToString()!).ToList(), Host.Verbose.Where(v => v.StartsWith("Retrying")).ToList());
    }

    [Theory]
    [InlineData("0")]
    [InlineData(null)]
    public void A_429_is_retried_and_the_file_is_created_once(string? retryAfter)
    {
        var file = Jpeg("a.jpg");
        Server.Options.Faults.Add(OnCreates(FaultKind.TooManyRequests, retryAfter: retryAfter));

        var (output, retries) = Submit(file);

        Assert.Equal(new[] { "created " + file, "found 1" }, output);
        Assert.Contains("HTTP 429", Assert.Single(retries));
        Assert.Equal(new[] { 429, 200 }, CreateRequests().Select(r => r.Status));
        Assert.Equal(1, Server.Creates.Count);
    }

    [Fact]
    public void A_503_is_retried_and_the_file_is_created_once()
    {
        var file = Jpeg("a.jpg");
        Server.Options.Faults.Add(OnCreates(FaultKind.ServerError, status: 503, retryAfter: "0"));

        var (output, retries) = Submit(file);

        Assert.Equal(new[] { "created " + file, "found 1" }, output);
        Assert.Contains("HTTP 503", Assert.Single(retries));
        Assert.Equal(new[] { 503, 200 }, CreateRequests().Select(r => r.Status));
        Assert.Equal(1, Server.Creates.Count);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(504)]
    public void A_server_error_after_the_body_is_not_retried_and_the_submission_is_uncertain(int status)
    {
        var file = Jpeg("a.jpg");
        // Once only: a wrong retry would be answered 200 and charged a second time.
        Server.Options.Faults.Add(OnCreates(FaultKind.ServerErrorAfterBody, status: status, retryAfter: "0"));

        var (output, retries) = Submit(file);

        AssertUncertain("ResourceUnavailable", file, output, retries);
        Assert.Contains("HTTP " + status, output[4]);
        Assert.Equal("found 1", output[5]);          // the user's check finds the one record the API made
        Assert.Single(CreateRequests());
        Assert.Equal(1, Server.Creates.Count);
    }

    [Fact]
    public void A_connection_dropped_after_the_body_is_not_retried_and_the_submission_is_uncertain()
    {
        var file = Jpeg("a.jpg");
        Server.Options.Faults.Add(OnCreates(FaultKind.DropAfterBody));

        var (output, retries) = Submit(file);

        AssertUncertain("ConnectionError", file, output, retries);
        Assert.Equal("found 1", output[5]);
        Assert.Single(CreateRequests());
        Assert.Equal(1, Server.Creates.Count);
    }

    [Fact]
    public void A_timeout_after_the_body_is_not_retried_and_the_submission_is_uncertain()
    {
        var file = Jpeg("a.jpg");
        Server.Options.Faults.Add(OnCreates(FaultKind.Slow, delay: TimeSpan.FromSeconds(30)));

        var (output, retries) = Submit(file, "-TimeoutSec 1");

        AssertUncertain("OperationTimeout", file, output, retries);
        Assert.Contains("within 1 s", output[4]);
        // One create arrived (it may not be logged yet: the sandbox notices the abort on its own time); the rest is the check's listing.
        Assert.Equal(1, Server.Requests.Arrived - Server.Requests.Snapshot().Count(r => r.Method == "GET"));
    }

    [Fact]
    public void An_unreadable_200_is_not_retried_and_the_submission_is_uncertain()
    {
        var file = Jpeg("a.jpg");
        Server.Options.Faults.Add(OnCreates(FaultKind.TruncatedBody));

        var (output, retries) = Submit(file);

        AssertUncertain("InvalidData", file, output, retries);
        Assert.Equal("found 1", output[5]);
        Assert.Equal(1, Server.Creates.Count);
    }

    [Fact]
    public void A_refused_connection_is_retried_then_fails_as_a_connection_error_not_as_uncertain()
    {
        var file = Jpeg("a.jpg");
        var nobody = new TcpListener(IPAddress.Loopback, 0);
        nobody.Start();
        var port = ((IPEndPoint)nobody.LocalEndpoint).Port;
        nobody.Stop(); // nothing listens there now

        var output = Host.Run("""
            $gone = Connect-Verifik -Token $token -BaseUri $uri -MaxRetry 2 -ReturnConnection
            New-VerifikDocumentLiveness -Path $file -Connection $gone -Verbose -ErrorVariable failed -ErrorAction SilentlyContinue
            $failed | ForEach-Object { $_.FullyQualifiedErrorId; $_.CategoryInfo.Category.ToString(); $_.TargetObject; $_.Exception.OutcomeUnknown }
            """, ("token", SandboxDefaults.Token), ("uri", new Uri($"http://127.0.0.1:{port}/")), ("file", file));

        Assert.Equal(new object[] { "VerifikConnectionFailed" + Cmdlet, "ConnectionError", file, false }, output.Select(o => o.BaseObject));
        Assert.Equal(2, Host.Verbose.Count(v => v.StartsWith("Retrying")));
    }

    /// <summary>The one error is VerifikSubmissionUncertain for the file, says how to check, and nothing was retried.</summary>
    [Fact]
    public void A_redirect_answer_to_a_create_is_not_followed_and_the_submission_is_uncertain()
    {
        var file = Jpeg("a.jpg");
        // Processed, then answered 303 (what an API says to show a created resource): the record exists.
        Server.Options.Faults.Add(OnCreates(FaultKind.WrongStatus, status: 303));

        var (output, retries) = Submit(file);

        AssertUncertain("SecurityError", file, output, retries);
        Assert.Contains("HTTP 303", output[4]);
        Assert.Equal("found 1", output[5]);
        Assert.Single(CreateRequests());
        Assert.Equal(1, Server.Creates.Count);
    }

    private static void AssertUncertain(string category, string file, List<string> output, List<string> retries)
    {
        Assert.Equal(new[] { "VerifikSubmissionUncertain" + Cmdlet, category, file, "True" }, output.Take(4));
        Assert.Contains("may or may not have been processed", output[4]);
        Assert.Contains("it was not sent again", output[4]);
        Assert.Contains("Get-VerifikDocumentLiveness -CreatedAfter", output[4]);
        Assert.Empty(retries);
    }
}
