using System.Management.Automation;
using Verifik.Sandbox;
using Xunit;

namespace Verifik.Engine.Tests;

/// <summary>
/// Save-VerifikDocumentLivenessImage's stories through real pipelines: records, CSV rows and bare IDs to files named
/// for their IDs, the extension from the Content-Type or the first bytes, resuming, -Force, -PassThru, order,
/// progress and Ctrl+C. The hostile answers, IDs and the token are in <see cref="SaveImageSafetyTests"/>.
/// </summary>
public class SaveImageTests : SaveImageTestBase
{
    [Fact]
    public void Records_piped_from_Get_VerifikDocumentLiveness_are_saved_as_their_Id_with_the_extension_of_the_Content_Type()
    {
        AddRecordWithImage("rec-jpg", SampleImages.Jpeg(), "image/jpeg");
        AddRecordWithImage("rec-png", SampleImages.Png(), "image/png");
        AddRecordWithImage("rec-webp", WebP, "image/webp; charset=binary");

        Host.Run("""
            Get-VerifikDocumentLiveness |
                Where-Object PortraitSubstitutionProbability -gt 0.8 |
                Save-VerifikDocumentLivenessImage -Destination $d
            """, ("d", Destination));

        Assert.Empty(Host.Errors);
        Assert.Empty(Host.Output);
        Assert.Equal(new[] { "rec-jpg.jpg", "rec-png.png", "rec-webp.webp" }, FilesIn(Destination));
        Assert.Equal(SampleImages.Jpeg(), File.ReadAllBytes(Path.Combine(Destination, "rec-jpg.jpg")));
        Assert.Equal(SampleImages.Png(), File.ReadAllBytes(Path.Combine(Destination, "rec-png.png")));
        Assert.Equal(WebP, File.ReadAllBytes(Path.Combine(Destination, "rec-webp.webp")));
    }

    [Fact]
    public void Csv_rows_with_Id_and_ImageUrl_are_saved_without_asking_the_API()
    {
        Server.Images.Add("one", SampleImages.Jpeg(), "image/jpeg");
        Server.Images.Add("two", SampleImages.Png(), "image/png");

        // What Import-Csv yields for a CSV that Export-Csv wrote from records: string columns, more than these two.
        Host.Run("""
            @([pscustomobject]@{ Id = 'row-1'; ImageUrl = $u1; ImageSaved = 'True' },
              [pscustomobject]@{ _id = 'row-2'; imageurl = $u2 }) | Save-VerifikDocumentLivenessImage -Destination $d
            """, ("u1", Server.ImageUrl("one").AbsoluteUri), ("u2", Server.ImageUrl("two").AbsoluteUri), ("d", Destination));

        Assert.Empty(Host.Errors);
        Assert.Equal(new[] { "row-1.jpg", "row-2.png" }, FilesIn(Destination));
        Assert.Empty(ApiRequests());
        Assert.Equal(2, CdnRequests().Count);
    }

    [Fact]
    public void An_Id_alone_fetches_the_record_then_downloads_its_image()
    {
        AddRecordWithImage("by-param", SampleImages.Jpeg(), "image/jpeg");
        AddRecordWithImage("by-value", SampleImages.Png(), "image/png");
        AddRecordWithImage("by-row", SampleImages.Jpeg(), "image/jpeg");

        Host.Run("""
            Save-VerifikDocumentLivenessImage -Id by-param -Destination $d
            'by-value' | Save-VerifikDocumentLivenessImage -Destination $d
            [pscustomobject]@{ Id = 'by-row' } | Save-VerifikDocumentLivenessImage $d
            """, ("d", Destination));

        Assert.Empty(Host.Errors);
        Assert.Equal(new[] { "by-param.jpg", "by-row.jpg", "by-value.png" }, FilesIn(Destination));
        Assert.Equal(new[] { "/v2/document-liveness/by-param", "/v2/document-liveness/by-value", "/v2/document-liveness/by-row" },
            ApiRequests().Select(r => r.RawTarget));
        Assert.Equal(3, CdnRequests().Count);
    }

    [Fact]
    public void The_extension_comes_from_the_first_bytes_without_a_Content_Type_or_with_octet_stream()
    {
        Server.Images.Add("webp-untyped", WebP, contentType: null);
        var rows = Rows(
            ("no-type", Server.HostileImageUrl(HostileImage.NoContentType, "n")),
            ("octets", Server.HostileImageUrl(HostileImage.OctetStream, "o")),
            ("webp", Server.ImageUrl("webp-untyped")));

        Host.Run("$rows | Save-VerifikDocumentLivenessImage -Destination $d", ("rows", rows), ("d", Destination));

        Assert.Empty(Host.Errors);
        Assert.Equal(new[] { "no-type.jpg", "octets.png", "webp.webp" }, FilesIn(Destination));
        Assert.Equal(SampleImages.Png(), File.ReadAllBytes(Path.Combine(Destination, "octets.png")));
    }

    [Fact]
    public void The_destination_is_created_relative_to_the_PowerShell_location()
    {
        Server.Images.Add("img", SampleImages.Jpeg(), "image/jpeg");
        var location = Path.Combine(Destination, "location");
        Directory.CreateDirectory(location);

        Host.Run("""
            $ExecutionContext.SessionState.Path.SetLocation($here) | Out-Null
            [pscustomobject]@{ Id = 'rel'; ImageUrl = $u } | Save-VerifikDocumentLivenessImage -Destination ./review/new -Verbose
            """, ("here", location), ("u", Server.ImageUrl("img").AbsoluteUri));

        Assert.Empty(Host.Errors);
        Assert.True(File.Exists(Path.Combine(location, "review", "new", "rel.jpg")), "not saved under the PowerShell location");
        Assert.False(Directory.Exists(Path.Combine(Environment.CurrentDirectory, "review", "new")));
        Assert.Contains(Host.Verbose, v => v.Contains("Created the folder") && v.Contains(Path.Combine(location, "review", "new")));
    }

    [Fact]
    public void An_image_already_there_is_skipped_with_a_verbose_message_and_no_request()
    {
        AddRecordWithImage("done", SampleImages.Jpeg(), "image/jpeg");
        AddRecordWithImage("todo", SampleImages.Jpeg(), "image/jpeg");
        var earlier = Path.Combine(Destination, "done.png");
        File.WriteAllBytes(earlier, new byte[] { 1, 2, 3 }); // any of the three extensions counts

        Host.Run("'done', 'todo' | Save-VerifikDocumentLivenessImage -Destination $d -Verbose", ("d", Destination));

        Assert.Empty(Host.Errors);
        Assert.Equal(new byte[] { 1, 2, 3 }, File.ReadAllBytes(earlier));
        Assert.Equal(new[] { "done.png", "todo.jpg" }, FilesIn(Destination));
        Assert.Contains(Host.Verbose, v => v.StartsWith("Skipped 'done'") && v.Contains(earlier));
        Assert.Equal(new[] { "/v2/document-liveness/todo" }, ApiRequests().Select(r => r.RawTarget));
        Assert.Single(CdnRequests());
    }

    [Fact]
    public void Force_downloads_again_and_replaces_the_file()
    {
        AddRecordWithImage("again", SampleImages.Jpeg(), "image/jpeg");
        File.WriteAllBytes(Path.Combine(Destination, "again.jpg"), new byte[] { 9, 9 });
        File.WriteAllBytes(Path.Combine(Destination, "again.webp"), new byte[] { 8, 8 }); // the same image under an old type

        Host.Run("Save-VerifikDocumentLivenessImage -Id again -Destination $d -Force", ("d", Destination));

        Assert.Empty(Host.Errors);
        Assert.Equal(new[] { "again.jpg" }, FilesIn(Destination));
        Assert.Equal(SampleImages.Jpeg(), File.ReadAllBytes(Path.Combine(Destination, "again.jpg")));
        Assert.Single(CdnRequests());
    }

    [Fact]
    public void PassThru_writes_a_FileInfo_for_every_record_whose_image_is_there_with_its_DocumentLivenessId()
    {
        AddRecordWithImage("new-one", SampleImages.Png(), "image/png");
        AddRecordWithImage("old-one", SampleImages.Jpeg(), "image/jpeg");
        AddRecordWithoutImage("none");
        File.WriteAllBytes(Path.Combine(Destination, "old-one.jpg"), SampleImages.Jpeg());

        var answers = Host.Run("""
            $files = 'new-one', 'none', 'old-one' | Save-VerifikDocumentLivenessImage -Destination $d -PassThru
            $files.Count
            foreach ($f in $files) { $f -is [System.IO.FileInfo]; $f.DocumentLivenessId; $f.FullName; $f.Length; [bool]$f.PSPath }
            """, ("d", Destination));

        Assert.Equal(new object[]
        {
            2,
            true, "new-one", Path.Combine(Destination, "new-one.png"), (long)SampleImages.Png().Length, true,
            true, "old-one", Path.Combine(Destination, "old-one.jpg"), (long)SampleImages.Jpeg().Length, true,
        }, answers.Select(o => o.BaseObject));
        Assert.Equal("none", Assert.Single(Host.Errors).TargetObject);
    }

    [Fact]
    public void Output_and_errors_keep_the_input_order_under_random_latency()
    {
        var ids = Enumerable.Range(0, 40).Select(i => $"o{i:D2}").ToArray();
        var missing = ids.Where((_, i) => i % 7 == 3).ToHashSet();
        foreach (var id in ids)
        {
            if (missing.Contains(id)) AddRecordWithoutImage(id);
            else AddRecordWithImage(id, SampleImages.Jpeg(), "image/jpeg");
        }
        Server.Options.LatencyJitter = TimeSpan.FromMilliseconds(40);

        var written = Host.Run(
            "$ids | Save-VerifikDocumentLivenessImage -Destination $d -PassThru -ThrottleLimit 8 | ForEach-Object DocumentLivenessId",
            ("ids", ids), ("d", Destination));

        Assert.Equal(ids.Where(i => !missing.Contains(i)), written.Select(o => (string)o.BaseObject));
        Assert.Equal(ids.Where(missing.Contains), Host.Errors.Select(e => (string)e.TargetObject));
    }

    [Fact]
    public void Progress_shows_a_running_count_on_long_runs()
    {
        var ids = Enumerable.Range(0, 30).Select(i => $"p{i:D2}").ToArray();
        foreach (var id in ids) Server.Images.Add(id, SampleImages.Jpeg(), "image/jpeg");
        Server.Options.Latency = TimeSpan.FromMilliseconds(100);
        var rows = Rows(ids.Select(id => (id, Server.ImageUrl(id))).ToArray());

        Host.Run("$rows | Save-VerifikDocumentLivenessImage -Destination $d -ThrottleLimit 1", ("rows", rows), ("d", Destination));

        Assert.Empty(Host.Errors);
        Assert.Contains(Host.Progress, p => p.Activity == "Save-VerifikDocumentLivenessImage" && p.StatusDescription.Contains("records"));
        Assert.Equal(ProgressRecordType.Completed, Host.Progress.Last().RecordType);
        Assert.Equal(ids.Length, FilesIn(Destination).Length);
    }

    [Fact]
    public void Ctrl_C_mid_download_stops_at_once_and_leaves_no_file_and_no_partial_file()
    {
        Server.Images.Add("fine", SampleImages.Jpeg(), "image/jpeg");
        var rows = Rows(("stalled", Server.HostileImageUrl(HostileImage.Stall, "s", 1024 * 1024)), ("after", Server.ImageUrl("fine")));

        using var ps = PowerShell.Create();
        ps.Runspace = Host.Runspace;
        ps.AddScript("$rows | Save-VerifikDocumentLivenessImage -Destination $d -ThrottleLimit 1");
        ps.Runspace.SessionStateProxy.SetVariable("rows", rows);
        ps.Runspace.SessionStateProxy.SetVariable("d", Destination);
        var running = ps.BeginInvoke();
        // The stalled download has begun writing its temporary file: this is mid-download.
        Assert.True(SpinWait.SpinUntil(() => Directory.GetFiles(Destination, "*.partial").Length == 1 && new FileInfo(Directory.GetFiles(Destination, "*.partial")[0]).Length > 0,
            TimeSpan.FromSeconds(20)), "the download never started writing");

        Assert.True(Task.Run(ps.Stop).Wait(TimeSpan.FromSeconds(15)), "Stop() hung");
        Assert.Equal(PSInvocationState.Stopped, ps.InvocationStateInfo.State);
        Assert.Empty(FilesIn(Destination));
        Assert.Empty(Directory.GetFiles(Destination, "*", SearchOption.AllDirectories));
        Assert.DoesNotContain(CdnRequests(), r => r.Path.Contains("/document-liveness/fine")); // nothing started after the stop
    }

    [Fact]
    public void WhatIf_says_which_file_from_which_URL_and_writes_nothing()
    {
        Server.Images.Add("w", SampleImages.Jpeg(), "image/jpeg");
        var target = Path.Combine(Destination, "not-yet");
        var console = new CapturingHost();
        using var host = new ModuleHost(console);
        host.Connect(Server.BaseUri, SandboxDefaults.Token);

        host.Run("""
            [pscustomobject]@{ Id = 'w1'; ImageUrl = $u } | Save-VerifikDocumentLivenessImage -Destination $d -WhatIf
            Save-VerifikDocumentLivenessImage -Id w2 -Destination $d -WhatIf
            """, ("u", Server.ImageUrl("w").AbsoluteUri + "?signature=secret"), ("d", target));
        host.Run("Disconnect-Verifik");

        Assert.Empty(host.Errors);
        Assert.False(Directory.Exists(target));
        Assert.Empty(Server.Requests.Snapshot());
        Assert.Contains($"Saving the image of 'w1' from {Server.ImageUrl("w").AbsoluteUri}?… to {Path.Combine(target, "w1.jpg")}, .png or .webp", console.Text);
        Assert.Contains($"Saving the image of 'w2' from the ImageUrl of its record to {Path.Combine(target, "w2.jpg")}", console.Text);
        Assert.DoesNotContain("secret", console.Text);
    }

    [Fact]
    public void The_Connection_parameter_reads_the_record_with_that_connections_token()
    {
        const string otherToken = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJjbGllbnRJZCI6Im90aGVyX2NsaWVudCIsImV4cCI6NDEwMjQ0NDgwMH0.b3RoZXI";
        using var other = new OtherSandbox(otherToken);
        other.Server.Images.Add("theirs", SampleImages.Png(), "image/png");
        other.Server.Records.AddFlat("theirs", imageUrl: other.Server.ImageUrl("theirs").AbsoluteUri);
        Host.Run("Disconnect-Verifik");

        Host.Run("""
            $c = Connect-Verifik -Token $t -BaseUri $u -ReturnConnection
            'theirs' | Save-VerifikDocumentLivenessImage -Destination $d -Connection $c
            """, ("t", otherToken), ("u", other.Server.BaseUri), ("d", Destination));

        Assert.Empty(Host.Errors);
        Assert.Equal(new[] { "theirs.png" }, FilesIn(Destination));
        var requests = other.Server.Requests.Snapshot();
        Assert.Equal(SandboxDefaults.TokenId(otherToken), Assert.Single(requests, r => r.Origin == Origin(other.Server.BaseUri)).TokenId);
        Assert.Null(Assert.Single(requests, r => r.Origin == Origin(other.Server.CdnBaseUri)).TokenId);
        Assert.Empty(Server.Requests.Snapshot());
    }

    [Fact]
    public void The_help_shows_the_two_pipelines_of_the_issue_and_what_PassThru_maps()
    {
        var answers = Host.Run("""
            $help = Get-Help Save-VerifikDocumentLivenessImage -Full
            $code = @($help.examples.example | ForEach-Object { $_.code }) -join "`n"
            $code.Contains("Get-VerifikDocumentLiveness -CreatedAfter (Get-Date).AddDays(-1) |")
            $code.Contains('Where-Object PortraitSubstitutionProbability -gt 0.8 |')
            $code.Contains('Save-VerifikDocumentLivenessImage -Destination ./review')
            $code.Contains('Import-Csv flagged.csv | Save-VerifikDocumentLivenessImage -Destination ./review -PassThru')
            (@($help.parameters.parameter | Where-Object name -eq 'PassThru')[0].description | ForEach-Object Text) -join ' '
            """);

        Assert.Empty(Host.Errors);
        Assert.Equal(new object[] { true, true, true, true }, answers.Take(4).Select(o => o.BaseObject));
        Assert.Contains("already there", (string)answers[4].BaseObject);
        Assert.Contains("DocumentLivenessId", (string)answers[4].BaseObject);
    }

    /// <summary>A second sandbox (another account) for the -Connection story.</summary>
    private sealed class OtherSandbox : IDisposable
    {
        public OtherSandbox(string token) => Server = SandboxServer.StartAsync(new SandboxOptions { Token = token }).GetAwaiter().GetResult();
        public SandboxServer Server { get; }
        public void Dispose() => Server.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}
