using System.Management.Automation;
using Verifik.Sandbox;
using Xunit;

namespace Verifik.Engine.Tests;

/// <summary>
/// Save-VerifikDocumentLivenessImage against hostile answers, hostile IDs and hostile URLs: each is one clear
/// per-record error (or a file safely inside the destination), the rest of the run goes on, nothing half-written is
/// left, and the token never reaches the image host.
/// </summary>
public class SaveImageSafetyTests : SaveImageTestBase
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Server.Images.Add("good", SampleImages.Jpeg(), "image/jpeg");
    }

    /// <summary>Saves the odd row between two good ones; both good ones must be saved whatever happens to it.</summary>
    private void SaveBetweenGoodOnes(string id, string imageUrl, string parameters = "")
    {
        var rows = new[] { Row("before", Server.ImageUrl("good").AbsoluteUri), Row(id, imageUrl), Row("after", Server.ImageUrl("good").AbsoluteUri) };
        Host.Run("$rows | Save-VerifikDocumentLivenessImage -Destination $d " + parameters, ("rows", rows), ("d", Destination));
        Assert.True(File.Exists(Path.Combine(Destination, "before.jpg")) && File.Exists(Path.Combine(Destination, "after.jpg")),
            "the good rows around the odd one were not both saved: " + string.Join(", ", FilesIn(Destination)));
    }

    /// <summary>Nothing of the odd row: no image file, no temporary file; only the two good images.</summary>
    private void AssertNothingLeftFor(string id)
    {
        Assert.Equal(new[] { "after.jpg", "before.jpg" }, FilesIn(Destination));
        Assert.DoesNotContain(FilesIn(Destination), f => f.StartsWith(id, StringComparison.Ordinal) || f.EndsWith(".partial", StringComparison.Ordinal));
    }

    [Fact]
    public void An_html_page_answered_with_200_is_NotAnImage_and_leaves_nothing()
    {
        SaveBetweenGoodOnes("html", Server.HostileImageUrl(HostileImage.HtmlPage, "h").AbsoluteUri);

        var error = SingleError("VerifikNotAnImage", ErrorCategory.InvalidData, "html");
        Assert.Contains("text/html", error.Exception.Message);
        AssertNothingLeftFor("html");
    }

    [Theory]
    [InlineData(HostileImage.Oversized)]
    [InlineData(HostileImage.OversizedChunked)]
    public void An_image_over_MaximumSizeMB_is_cut_off_with_or_without_a_Content_Length(HostileImage kind)
    {
        SaveBetweenGoodOnes("big", Server.HostileImageUrl(kind, "b", bytes: 1024 * 1024).AbsoluteUri, "-MaximumSizeMB 1");

        var error = SingleError("VerifikImageTooLarge", ErrorCategory.LimitsExceeded, "big");
        Assert.Contains("1,048,576 bytes", error.Exception.Message);
        Assert.Contains("-MaximumSizeMB", error.Exception.Message);
        AssertNothingLeftFor("big");
        Assert.Single(CdnRequests(), r => r.Path.Contains("/b"));
    }

    [Fact]
    public void An_image_of_exactly_MaximumSizeMB_is_saved()
    {
        Host.Run("[pscustomobject]@{ Id = 'edge'; ImageUrl = $u } | Save-VerifikDocumentLivenessImage -Destination $d -MaximumSizeMB 1",
            ("u", Server.GeneratedImageUrl(1024 * 1024, "edge").AbsoluteUri), ("d", Destination));
        Assert.Empty(Host.Errors);
        Assert.Equal(1024 * 1024, new FileInfo(Path.Combine(Destination, "edge.jpg")).Length);
    }

    [Fact]
    public void A_redirect_to_another_host_is_followed_without_the_token()
    {
        SaveBetweenGoodOnes("moved", Server.HostileImageUrl(HostileImage.RedirectOtherHost, "m").AbsoluteUri);

        Assert.Empty(Host.Errors);
        Assert.Equal(SampleImages.Jpeg(), File.ReadAllBytes(Path.Combine(Destination, "moved.jpg")));
        var hops = CdnRequests().Where(r => r.Path.EndsWith("/m", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, hops.Count); // the redirect, then the other host name
        Assert.Contains(hops, r => r.Host.StartsWith("localhost", StringComparison.Ordinal));
        Assert.All(hops, r => Assert.Null(r.Authorization));
    }

    [Fact]
    public void A_redirect_from_the_image_host_to_the_API_does_not_carry_the_token()
    {
        AddRecordWithImage("target-record", SampleImages.Jpeg(), "image/jpeg");

        SaveBetweenGoodOnes("to-api", Server.HostileImageUrl(HostileImage.RedirectToApi, "target-record").AbsoluteUri);

        // Followed (the same scheme, to loopback), but with no token the API answers 401: the image host's answer, not a refused connection.
        var error = SingleError("VerifikImageDownloadFailed", ErrorCategory.PermissionDenied, "to-api");
        Assert.Contains("HTTP 401", error.Exception.Message);
        var atApi = Assert.Single(ApiRequests());
        Assert.Equal("/v2/document-liveness/target-record", atApi.Path);
        Assert.Null(atApi.TokenId);
        Assert.Null(atApi.Authorization);
        AssertNothingLeftFor("to-api");
    }

    [Fact]
    public void A_redirect_to_another_scheme_is_refused()
    {
        SaveBetweenGoodOnes("scheme", Server.HostileImageUrl(HostileImage.RedirectOtherScheme, "s").AbsoluteUri);

        var error = SingleError("VerifikRedirectRefused", ErrorCategory.SecurityError, "scheme");
        Assert.Contains("https", error.Exception.Message);
        AssertNothingLeftFor("scheme");
        Assert.Single(CdnRequests(), r => r.Path.EndsWith("/s", StringComparison.Ordinal)); // the redirect itself, never the https hop
    }

    [Fact]
    public void A_truncated_body_is_retried_then_fails_and_leaves_nothing()
    {
        SaveBetweenGoodOnes("cut", Server.HostileImageUrl(HostileImage.Truncated, "t", bytes: 256 * 1024).AbsoluteUri, "-MaxRetry 2");

        SingleError("VerifikConnectionFailed", ErrorCategory.ConnectionError, "cut");
        Assert.Equal(3, CdnRequests().Count(r => r.Path.EndsWith("/t", StringComparison.Ordinal)));
        AssertNothingLeftFor("cut");
    }

    [Fact]
    public void A_failing_image_host_leaves_nothing_and_says_so()
    {
        SaveBetweenGoodOnes("missing", Server.ImageUrl("not-stored").AbsoluteUri);
        SingleError("VerifikImageDownloadFailed", ErrorCategory.ObjectNotFound, "missing");
        AssertNothingLeftFor("missing");

        Server.Options.Faults.Add(new FaultRule { Kind = FaultKind.ServerError, Status = 503, Operations = FaultOperation.Image });
        Host.Run("[pscustomobject]@{ Id = 'down'; ImageUrl = $u } | Save-VerifikDocumentLivenessImage -Destination $d -MaxRetry 1",
            ("u", Server.ImageUrl("good").AbsoluteUri), ("d", Destination));
        var error = SingleError("VerifikImageDownloadFailed", ErrorCategory.ResourceUnavailable, "down");
        Assert.Contains("after 1 retries", error.Exception.Message);
        AssertNothingLeftFor("down");
    }

    [Theory]
    [InlineData("http://example.com/document-liveness/x")]
    [InlineData("ftp://127.0.0.1/x.jpg")]
    [InlineData("file:///etc/passwd")]
    public void A_url_that_is_not_https_is_refused_before_any_request(string url)
    {
        SaveBetweenGoodOnes("insecure", url);

        var error = SingleError("VerifikInsecureImageUrl", ErrorCategory.SecurityError, "insecure");
        Assert.Contains("was not fetched", error.Exception.Message);
        Assert.Equal(2, Server.Requests.Snapshot().Count); // the two good images only
        AssertNothingLeftFor("insecure");
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("/document-liveness/relative")]
    [InlineData("C:\\images\\x.jpg")]
    public void An_image_url_that_is_no_url_is_InvalidArgument(string text)
    {
        SaveBetweenGoodOnes("garbled", text);
        SingleError("VerifikInvalidImageUrl", ErrorCategory.InvalidArgument, "garbled");
        Assert.Equal(2, Server.Requests.Snapshot().Count);
    }

    [Fact]
    public void Records_without_a_saved_image_are_VerifikImageNotSaved_without_a_request()
    {
        AddRecordWithoutImage("plain");
        AddRecordWithoutImage("fetched");
        AddRecordWithImage("kept", SampleImages.Jpeg(), "image/jpeg");

        Host.Run("""
            'plain', 'kept' | Get-VerifikDocumentLiveness | Save-VerifikDocumentLivenessImage -Destination $d
            [pscustomobject]@{ Id = 'row'; ImageUrl = '' } | Save-VerifikDocumentLivenessImage -Destination $d
            Save-VerifikDocumentLivenessImage -Id fetched -Destination $d
            """, ("d", Destination));

        Assert.Equal(new[] { "plain", "row", "fetched" }, Host.Errors.Select(e => e.TargetObject));
        Assert.All(Host.Errors, e =>
        {
            Assert.StartsWith("VerifikImageNotSaved,", e.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ObjectNotFound, e.CategoryInfo.Category);
        });
        Assert.Equal(new[] { "kept.jpg" }, FilesIn(Destination));
        Assert.Single(CdnRequests()); // only for "kept"
    }

    [Fact]
    public void An_Id_that_does_not_exist_is_DocumentLivenessNotFound()
    {
        Host.Run("'nope' | Save-VerifikDocumentLivenessImage -Destination $d", ("d", Destination));
        SingleError("DocumentLivenessNotFound", ErrorCategory.ObjectNotFound, "nope");
        Assert.Empty(CdnRequests());
    }

    [Fact]
    public void A_refused_token_stops_a_run_of_bare_Ids_with_a_terminating_error()
    {
        AddRecordWithImage("r1", SampleImages.Jpeg(), "image/jpeg");
        AddRecordWithImage("r2", SampleImages.Jpeg(), "image/jpeg");
        var caught = Host.Run("""
            $wrong = Connect-Verifik -Token 'wrong-token-wrong-token' -BaseUri $u -ReturnConnection
            try { 'r1', 'r2' | Save-VerifikDocumentLivenessImage -Destination $d -Connection $wrong -ThrottleLimit 1 } catch { $_.FullyQualifiedErrorId; $_.CategoryInfo.Category.ToString(); $_.TargetObject }
            """, ("u", Server.BaseUri), ("d", Destination));

        Assert.Equal(new object[] { "VerifikTokenRefused,Verifik.PowerShell.Commands.SaveVerifikDocumentLivenessImageCommand", "AuthenticationError", "r1" },
            caught.Select(o => o.BaseObject));
        Assert.Single(ApiRequests()); // r2 was never asked for
        Assert.Empty(CdnRequests());
        Assert.Empty(FilesIn(Destination));
    }

    [Fact]
    public void Empty_ids_and_rows_without_an_Id_column_are_InvalidDocumentLivenessId()
    {
        var good = Server.ImageUrl("good").AbsoluteUri;
        Host.Run("""
            [pscustomobject]@{ Id = ''; ImageUrl = $u }, [pscustomobject]@{ Id = '  '; ImageUrl = $u }, [pscustomobject]@{ RecordId = 'r1'; ImageUrl = $u } |
                Save-VerifikDocumentLivenessImage -Destination $d
            """, ("u", good), ("d", Destination));

        Assert.Equal(3, Host.Errors.Count);
        Assert.All(Host.Errors, e => Assert.StartsWith("InvalidDocumentLivenessId,", e.FullyQualifiedErrorId));
        Assert.Contains("no Id, _id or DocumentLivenessId property", Host.Errors[2].Exception.Message);
        Assert.Empty(FilesIn(Destination));
        Assert.Empty(Server.Requests.Snapshot());
    }

    private static readonly string[] HostileIdList =
    {
        "../x", "/etc/x", "C:\\x", "a/b", "CON", "con.txt", "a:b", "a*b", "..", "trailing.", new string('L', 400),
    };

    public static readonly TheoryData<string> HostileIds = new(HostileIdList);

    [Theory]
    [MemberData(nameof(HostileIds))]
    public void A_hostile_Id_stays_inside_the_destination(string id)
    {
        var destination = Path.Combine(Destination, "inner");
        var saved = Host.Run("[pscustomobject]@{ Id = $id; ImageUrl = $u } | Save-VerifikDocumentLivenessImage -Destination $d -PassThru",
            ("id", id), ("u", Server.ImageUrl("good").AbsoluteUri), ("d", destination));

        Assert.Empty(Host.Errors);
        var file = Assert.Single(saved);
        Assert.Equal(id, file.Properties["DocumentLivenessId"].Value);
        var path = (string)file.Properties["FullName"].Value;
        Assert.Equal(destination, Path.GetDirectoryName(path));
        Assert.Equal(new[] { Path.GetFileName(path) }, FilesIn(destination));
        Assert.Equal(new[] { "inner" }, Directory.GetFileSystemEntries(Destination).Select(e => Path.GetFileName(e)));
        Assert.Equal(SampleImages.Jpeg(), File.ReadAllBytes(path));
    }

    [Fact]
    public void Hostile_Ids_that_sanitise_alike_get_distinct_files_and_resume_to_the_same_ones()
    {
        var ids = HostileIdList.Concat(new[] { "a_b", "a\\b", "a|b", "A/B", "x", "x.", "x ", "con", "Con" }).ToArray();
        var url = Server.ImageUrl("good").AbsoluteUri;
        var rows = ids.Select(id => Row(id, url)).ToArray();
        const string script = "$rows | Save-VerifikDocumentLivenessImage -Destination $d -PassThru | ForEach-Object { $_.DocumentLivenessId + [char]9 + $_.Name }";

        var first = Host.Run(script, ("rows", rows), ("d", Destination)).Select(o => (string)o.BaseObject).ToList();
        var requests = CdnRequests().Count;
        var again = Host.Run(script, ("rows", rows), ("d", Destination)).Select(o => (string)o.BaseObject).ToList();

        Assert.Empty(Host.Errors);
        Assert.Equal(ids, first.Select(line => line.Split('\t')[0]));
        var names = first.Select(line => line.Split('\t')[1]).ToList();
        Assert.Equal(ids.Length, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal(names.OrderBy(n => n, StringComparer.Ordinal), FilesIn(Destination));
        Assert.Equal(first, again); // the second run finds each ID's own file...
        Assert.Equal(requests, CdnRequests().Count); // ...without a request
    }

    [Fact]
    public void The_Authorization_header_never_reaches_the_image_host()
    {
        AddRecordWithImage("fetched-first", SampleImages.Jpeg(), "image/jpeg");
        var rows = new[]
        {
            Row("row", Server.ImageUrl("good").AbsoluteUri),
            Row("moved", Server.HostileImageUrl(HostileImage.RedirectOtherHost, "m").AbsoluteUri),
            Row("html", Server.HostileImageUrl(HostileImage.HtmlPage, "h").AbsoluteUri),
            // On the API's own origin: the only place the token may go (here a record, so not an image).
            Row("on-api", new Uri(Server.BaseUri, "v2/document-liveness/fetched-first").AbsoluteUri),
        };
        Host.Run("""
            'fetched-first' | Save-VerifikDocumentLivenessImage -Destination $d
            'fetched-first' | Get-VerifikDocumentLiveness | Save-VerifikDocumentLivenessImage -Destination $d -Force
            $rows | Save-VerifikDocumentLivenessImage -Destination $d
            """, ("rows", rows), ("d", Destination));

        var atCdn = CdnRequests();
        Assert.Equal(6, atCdn.Count);
        Assert.All(atCdn, r =>
        {
            Assert.Null(r.TokenId);
            Assert.Null(r.Authorization);
        });
        var atApi = ApiRequests();
        Assert.Equal(3, atApi.Count); // two record reads and the row on the API's origin, each with the token
        Assert.All(atApi, r => Assert.Equal(SandboxDefaults.TokenId(SandboxDefaults.Token), r.TokenId));
        Assert.Equal(new[] { "html", "on-api" }, Host.Errors.Select(e => e.TargetObject));
    }

    [Fact]
    public void A_file_that_cannot_be_written_is_WriteError_and_not_downloaded_again()
    {
        Directory.CreateDirectory(Path.Combine(Destination, "blocked.jpg")); // a folder where the image should go

        SaveBetweenGoodOnes("blocked", Server.ImageUrl("good").AbsoluteUri);

        var error = SingleError("VerifikFileWriteFailed", ErrorCategory.WriteError, "blocked");
        Assert.IsAssignableFrom<IOException>(error.Exception);
        Assert.Equal(3, CdnRequests().Count); // one attempt: a local fault is not a broken connection
        Assert.Equal(new[] { "after.jpg", "before.jpg" }, FilesIn(Destination));
    }

    [Fact]
    public void A_destination_that_is_not_a_file_system_folder_is_a_terminating_InvalidArgument()
    {
        var file = Path.Combine(Destination, "a-file");
        File.WriteAllText(file, "x");
        var caught = Host.Run("""
            try { 'x' | Save-VerifikDocumentLivenessImage -Destination $f -ErrorAction Stop } catch { $_.FullyQualifiedErrorId; $_.CategoryInfo.Category.ToString() }
            try { 'x' | Save-VerifikDocumentLivenessImage -Destination 'Env:\x' -ErrorAction Stop } catch { $_.FullyQualifiedErrorId; $_.CategoryInfo.Category.ToString() }
            """, ("f", file));

        Assert.Equal(new object[] { "VerifikInvalidDestination,Verifik.PowerShell.Commands.SaveVerifikDocumentLivenessImageCommand", "InvalidArgument",
            "VerifikInvalidDestination,Verifik.PowerShell.Commands.SaveVerifikDocumentLivenessImageCommand", "InvalidArgument" }, caught.Select(o => o.BaseObject));
        Assert.Empty(Server.Requests.Snapshot());
    }
}
