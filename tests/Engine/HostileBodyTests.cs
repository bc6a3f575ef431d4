using System.Management.Automation;
using Verifik.Sandbox;
using Xunit;

namespace Verifik.Engine.Tests;

/// <summary>
/// Bodies that cannot be read as sent (a Content-Encoding that lies, a BOM, deep nesting): each is that ID's error
/// (or a read record), never a bare exception that ends the run.
/// </summary>
public class HostileBodyTests : SaveImageTestBase
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        foreach (var id in new[] { "good1", "bad", "good2" }) Server.Records.AddFlat(id);
    }

    private int RequestsFor(string id) => RecordRequests().Count(t => t.EndsWith("/" + id, StringComparison.Ordinal));

    [Theory]
    [InlineData(FaultKind.BadGzip)]
    [InlineData(FaultKind.BadGzipCrc)]
    [InlineData(FaultKind.BadDeflate)]
    public void An_undecodable_body_is_that_IDs_InvalidData_error_and_the_run_goes_on(FaultKind kind)
    {
        Server.Options.Faults.Add(new FaultRule { Kind = kind, Ids = new HashSet<string> { "bad" } });
        var output = Host.Run("'good1', 'bad', 'good2' | Get-VerifikDocumentLiveness -MaxRetry 2 | ForEach-Object Id");

        Assert.Equal(new[] { "good1", "good2" }, output.Select(o => (string)o.BaseObject));
        var error = Assert.Single(Host.Errors);
        Assert.StartsWith("InvalidVerifikResponse,", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
        Assert.Equal("bad", error.TargetObject);
        Assert.Contains("could not be decoded", error.Exception.Message);
        Assert.Equal(1, RequestsFor("bad")); // an invalid answer, like the others: not retried
    }

    [Theory]
    [InlineData(FaultKind.BadGzip)]
    [InlineData(FaultKind.BadGzipCrc)]
    [InlineData(FaultKind.BadDeflate)]
    public void Listing_an_undecodable_page_is_an_InvalidData_error_not_a_bare_exception(FaultKind kind)
    {
        Server.Options.Faults.Add(new FaultRule { Kind = kind, Operations = FaultOperation.List });
        var caught = Host.Run("try { Get-VerifikDocumentLiveness } catch { $_ }");

        var error = Assert.IsType<ErrorRecord>(Assert.Single(caught).BaseObject);
        Assert.StartsWith("InvalidVerifikResponse,", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
        Assert.Equal("list page 1", error.TargetObject);
    }

    [Theory]
    [InlineData(FaultKind.BadGzip)]
    [InlineData(FaultKind.BadGzipCrc)]
    [InlineData(FaultKind.BadDeflate)]
    public void An_undecodable_image_is_that_IDs_InvalidData_error_and_the_next_image_is_saved(FaultKind kind)
    {
        AddRecordWithImage("img1", WebP, "image/webp");
        AddRecordWithImage("img2", WebP, "image/webp");
        // The first image request only: with one download at a time that is img1's.
        Server.Options.Faults.Add(new FaultRule { Kind = kind, Operations = FaultOperation.Image, Times = 1 });
        Host.Run("'img1', 'img2' | Save-VerifikDocumentLivenessImage -Destination $d -ThrottleLimit 1 -MaxRetry 2", ("d", Destination));

        var error = Assert.Single(Host.Errors);
        Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
        Assert.Equal("img1", error.TargetObject);
        Assert.Contains("could not be decoded", error.Exception.Message);
        Assert.Equal(new[] { "img2.webp" }, FilesIn(Destination));
    }

    [Fact]
    public void A_UTF8_byte_order_mark_before_the_JSON_is_accepted()
    {
        Server.Options.Faults.Add(new FaultRule { Kind = FaultKind.Utf8Bom });
        var ids = Host.Run("Get-VerifikDocumentLiveness -Id bad | ForEach-Object Id; Get-VerifikDocumentLiveness | ForEach-Object Id");

        Assert.Empty(Host.Errors);
        Assert.Equal(new[] { "bad", "good1", "bad", "good2" }, ids.Select(o => (string)o.BaseObject));
    }

    [Fact]
    public void A_record_nested_deeper_than_64_levels_is_read_and_Raw_gives_its_exact_text()
    {
        var json = "{\"_id\":\"deep\",\"status\":\"completed\",\"extra\":" + new string('[', 200) + "1" + new string(']', 200) + "}";
        Server.Records.Add("deep", json);
        var output = Host.Run("Get-VerifikDocumentLiveness -Id deep | ForEach-Object Status; Get-VerifikDocumentLiveness -Id deep -Raw");

        Assert.Empty(Host.Errors);
        Assert.Equal("completed", output[0].BaseObject);
        Assert.Equal(json, output[1].BaseObject);
    }

    [Fact]
    public void A_record_nested_past_the_limit_says_how_deep_is_allowed()
    {
        Server.Records.Add("abyss", "{\"_id\":\"abyss\",\"x\":" + new string('[', 1000) + new string(']', 1000) + "}");
        Host.Run("Get-VerifikDocumentLiveness -Id abyss");

        var error = Assert.Single(Host.Errors);
        Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
        Assert.Equal("abyss", error.TargetObject);
        Assert.Contains("nested deeper than 256 levels", error.Exception.Message);
        Assert.DoesNotContain("not valid JSON", error.Exception.Message);
    }
}
