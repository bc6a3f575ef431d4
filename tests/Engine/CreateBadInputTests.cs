using System.Management.Automation;
using Verifik.Sandbox;
using Xunit;

namespace Verifik.Engine.Tests;

/// <summary>
/// Bad input: a clear non-terminating error per file (its own ErrorId, a fitting category, the path as TargetObject),
/// nothing sent for it, and the rest goes on; an empty -Check stops everything before a file is read.
/// </summary>
public class CreateBadInputTests : CreateTestBase
{
    private const string Cmdlet = ",Verifik.PowerShell.Commands.NewVerifikDocumentLivenessCommand";

    [Fact]
    public void Each_bad_file_gets_its_own_error_in_input_order_nothing_is_sent_for_it_and_the_rest_goes_on()
    {
        var first = Jpeg("first.jpg", seed: 31);
        var folder = Directory.CreateDirectory(Path.Combine(Folder, "folder.jpg")).FullName;
        var empty = Write("empty.jpg", []);
        var pdf = Write("scan.jpg", "%PDF-1.7\n%âãÏÓ\n1 0 obj"u8.ToArray());
        var locked = Jpeg("locked.jpg", seed: 32);
        var last = Png("last.png", seed: 33);

        using var holder = new FileStream(locked, FileMode.Open, FileAccess.ReadWrite, FileShare.None); // another program has it open
        var output = Host.Run("""
            $null = $ExecutionContext.SessionState.Path.SetLocation($folder)
            $inputs = './first.jpg', 'missing.jpg', 'nothing*.jpg', './folder.jpg', 'empty.jpg', 'scan.jpg', 'locked.jpg', './last.png'
            $inputs | New-VerifikDocumentLiveness -ErrorVariable failed -ErrorAction SilentlyContinue | ForEach-Object SourcePath
            $failed | ForEach-Object { '{0}|{1}|{2}' -f $_.FullyQualifiedErrorId, $_.CategoryInfo.Category, $_.TargetObject }
            """, ("folder", Folder));

        Assert.Equal(new[]
        {
            first, last,
            "VerifikPathNotFound" + Cmdlet + "|ObjectNotFound|missing.jpg",
            "VerifikPathNotFound" + Cmdlet + "|ObjectNotFound|nothing*.jpg",
            "VerifikPathIsDirectory" + Cmdlet + "|InvalidArgument|" + folder,
            "VerifikFileEmpty" + Cmdlet + "|InvalidData|" + empty,
            "VerifikNotAnImage" + Cmdlet + "|InvalidData|" + pdf,
            "VerifikFileUnreadable" + Cmdlet + "|ReadError|" + locked,
        }, output.Select(o => (string)o.BaseObject));

        var messages = Host.Run("$failed | ForEach-Object { $_.Exception.Message }").Select(o => (string)o.BaseObject).ToList();
        Assert.Contains("a PDF document", messages[4]);
        Assert.Contains("not a JPEG, PNG or WebP image", messages[4]);
        Assert.Contains("is a directory", messages[2]);
        Assert.Equal(2, CreateRequests().Count);                                     // only the two good files went out
        Assert.Equal(new[] { Sha256(first), Sha256(last) }.Order(), Server.Creates.Snapshot().Select(c => c.ImageSha256).Order());
    }

    [Fact]
    public void An_empty_Check_is_one_terminating_argument_error_before_any_file_is_read()
    {
        var good = Jpeg("good.jpg");
        var output = Host.Run("""
            try { New-VerifikDocumentLiveness -Path 'missing.jpg', $good -Check @() }
            catch { $_.FullyQualifiedErrorId; $_.CategoryInfo.Category.ToString(); $_.Exception.Message }
            try { $good | New-VerifikDocumentLiveness -Check @() }
            catch { $_.FullyQualifiedErrorId }
            """, ("good", good));

        var lines = output.Select(o => (string)o.BaseObject).ToList();
        Assert.Equal("VerifikNoCheckSelected" + Cmdlet, lines[0]);
        Assert.Equal("InvalidArgument", lines[1]);
        Assert.Contains("ScreenReplay, PrintedCopy, PortraitSubstitution, DigitalManipulation", lines[2]);
        Assert.Equal("VerifikNoCheckSelected" + Cmdlet, lines[3]);
        Assert.Equal(4, lines.Count);                // no VerifikPathNotFound: nothing was resolved or read
        Assert.Empty(Server.Requests.Snapshot());
    }

    [Theory]
    [InlineData(409, "VerifikRequestRejected", "InvalidArgument", "MissingParameter", "At least one validation must be selected")]
    [InlineData(400, "VerifikInvalidImageFormat", "InvalidData", "INVALID_IMAGE_FORMAT", "Invalid image format")]
    [InlineData(413, "VerifikImageTooLarge", "LimitsExceeded", "IMAGE_TOO_LARGE", "Image too large")]
    [InlineData(422, "VerifikRequestRejected", "InvalidArgument", "INVALID_PARAMETERS", "Invalid parameters")]
    public void An_API_refusal_is_an_error_for_that_file_with_the_APIs_message_and_the_next_file_goes_on(
        int status, string errorId, string category, string code, string apiMessage)
    {
        var refused = Jpeg("refused.jpg", seed: 34);
        var next = Jpeg("next.jpg", seed: 35);
        Server.Options.Faults.Add(new FaultRule { Kind = FaultKind.Refusal, Status = status, Times = 1, Operations = FaultOperation.Create });

        var output = Host.Run("""
            $refused, $next | New-VerifikDocumentLiveness -ThrottleLimit 1 -ErrorVariable failed -ErrorAction SilentlyContinue | ForEach-Object SourcePath
            $failed | ForEach-Object { $_.FullyQualifiedErrorId; $_.CategoryInfo.Category.ToString(); $_.TargetObject; $_.Exception.Message }
            """, ("refused", refused), ("next", next));

        var lines = output.Select(o => (string)o.BaseObject).ToList();
        Assert.Equal(next, lines[0]);
        Assert.Equal(errorId + Cmdlet, lines[1]);
        Assert.Equal(category, lines[2]);
        Assert.Equal(refused, lines[3]);
        Assert.Contains(code, lines[4]);
        Assert.Contains(apiMessage, lines[4]);
        Assert.Contains("HTTP " + status, lines[4]);
        Assert.Equal(2, CreateRequests().Count);     // a refusal is final: not retried
    }

    [Fact]
    public void An_image_over_the_APIs_limit_is_refused_by_the_API_with_413()
    {
        Server.Options.MaxImageBytes = 4000;
        var large = Jpeg("large.jpg", 6000);
        var small = Jpeg("small.jpg", 3000);

        var output = Host.Run("""
            $large, $small | New-VerifikDocumentLiveness -ErrorVariable failed -ErrorAction SilentlyContinue | ForEach-Object SourcePath
            $failed | ForEach-Object { '{0}|{1}|{2}' -f $_.FullyQualifiedErrorId, $_.CategoryInfo.Category, $_.TargetObject; $_.Exception.Message }
            """, ("large", large), ("small", small));

        var lines = output.Select(o => (string)o.BaseObject).ToList();
        Assert.Equal(new[] { small, "VerifikImageTooLarge" + Cmdlet + "|LimitsExceeded|" + large }, lines.Take(2));
        Assert.Contains("IMAGE_TOO_LARGE", lines[2]);
        Assert.Equal(1, Server.Creates.Count);
    }

    [Fact]
    public void A_refused_token_stops_the_run_with_a_terminating_error()
    {
        var files = Enumerable.Range(0, 6).Select(i => Jpeg($"t{i}.jpg", seed: 40 + i)).ToArray();
        Server.Options.Faults.Add(new FaultRule { Kind = FaultKind.Unauthorized, Times = 1, Operations = FaultOperation.Create });

        var output = Host.Run("""
            try { $files | New-VerifikDocumentLiveness -ThrottleLimit 1 -ErrorAction SilentlyContinue }
            catch { $_.FullyQualifiedErrorId; $_.CategoryInfo.Category.ToString(); $_.TargetObject }
            """, ("files", files));

        Assert.Equal(new object[] { "VerifikTokenRefused" + Cmdlet, "AuthenticationError", files[0] }, output.Select(o => o.BaseObject));
        Assert.Single(CreateRequests());
        Assert.Equal(0, Server.Creates.Count);
    }

    [Fact]
    public void Creates_already_running_when_the_token_is_refused_still_get_their_records()
    {
        // Four creates are under way together (the latency holds the first until the others have arrived); the sandbox
        // refuses the token of whichever it checks first and answers the rest well after it, so the refusal is seen
        // while they still run (were they answered at the same moment, a fifth file could start in the slot one frees).
        var files = Enumerable.Range(0, 8).Select(i => Jpeg($"r{i}.jpg", seed: 60 + i)).ToArray();
        Server.Options.Latency = TimeSpan.FromSeconds(1);
        Server.Options.Faults.Add(new FaultRule { Kind = FaultKind.Unauthorized, Times = 1, Operations = FaultOperation.Create });
        Server.Options.Faults.Add(new FaultRule { Kind = FaultKind.Slow, Delay = TimeSpan.FromSeconds(2), Operations = FaultOperation.Create });

        var output = Host.Run("""
            $written = [System.Collections.Generic.List[string]]::new()
            try { $files | New-VerifikDocumentLiveness -ThrottleLimit 4 -ErrorAction SilentlyContinue | ForEach-Object { $written.Add($_.Id) } }
            catch { $_.FullyQualifiedErrorId; $_.CategoryInfo.Category.ToString() }
            $written
            """, ("files", files));

        Assert.Equal(new object[] { "VerifikTokenRefused" + Cmdlet, "AuthenticationError" }, output.Take(2).Select(o => o.BaseObject));
        var written = output.Skip(2).Select(o => (string)o.BaseObject).ToList();
        // Charged creates are never lost: every record the API made has been written, and nothing started after the refusal.
        Assert.Equal(Server.Creates.Snapshot().Select(c => c.Id).OrderBy(x => x), written.OrderBy(x => x));
        Assert.Equal(3, written.Count);
        Assert.Equal(4, CreateRequests().Count);
    }
}
