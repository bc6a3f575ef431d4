using System.Management.Automation;
using Verifik.Sandbox;
using Xunit;

namespace Verifik.Engine.Tests;

/// <summary>
/// List pages that lie: success:false, counts that promise more than comes, counts that never end, pages that repeat.
/// Each ends the walk with an error that says what happened, never an empty "success" or an endless loop.
/// </summary>
public class HostileListingTests : SandboxTestBase
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        for (var i = 0; i < 30; i++) Server.Records.AddFlat($"r{i:D2}");
        Connect();
    }

    private void ListFault(FaultKind kind) => Server.Options.Faults.Add(new FaultRule { Kind = kind, Operations = FaultOperation.List });

    private int ListRequests() => Server.Requests.Snapshot().Count(r => r.Path == "/v2/document-liveness");

    [Theory]
    [InlineData(FaultKind.Unsuccessful)]       // "data": []
    [InlineData(FaultKind.UnsuccessfulNoData)] // "data": null
    public void A_success_false_page_is_a_terminating_error_with_the_APIs_message_and_code(FaultKind kind)
    {
        ListFault(kind);
        var caught = Host.Run("try { Get-VerifikDocumentLiveness -IncludeTotalCount } catch { $_ }");

        var error = Assert.IsType<ErrorRecord>(Assert.Single(caught).BaseObject);
        Assert.StartsWith("VerifikRequestUnsuccessful,", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidResult, error.CategoryInfo.Category);
        Assert.Equal("list page 1", error.TargetObject);
        // As a script reads it: $_.Exception.ApiError.Code
        Assert.Equal("VerifikApiException", error.Exception.GetType().Name);
        Assert.Equal("RECORD_LOCKED", HostileValueTests.ApiErrorOf(error, "Code"));
        Assert.Contains("Record is locked for review", error.Exception.Message);
    }

    [Fact]
    public void An_empty_page_while_the_counts_say_more_writes_what_was_read_then_an_error_naming_how_many()
    {
        ListFault(FaultKind.ListEmptyAfterFirst);
        var output = Host.Run("Get-VerifikDocumentLiveness -PageSize 10 | ForEach-Object Id; 'next statement'");

        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"r{i:D2}").Append("next statement"), output.Select(o => (string)o.BaseObject));
        var error = Assert.Single(Host.Errors);
        Assert.StartsWith("VerifikListingIncomplete,", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
        Assert.Equal("list page 2", error.TargetObject);
        Assert.Contains("10 of the 30", error.Exception.Message);
    }

    [Fact]
    public void The_walk_stops_at_the_first_pages_count_however_far_later_pages_extend_it()
    {
        ListFault(FaultKind.ListEndless); // page p says pages = p + 1
        var output = Host.Run("Get-VerifikDocumentLiveness -PageSize 10 | ForEach-Object Id");

        Assert.Empty(Host.Errors);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"r{i:D2}"), output.Select(o => (string)o.BaseObject));
        Assert.Equal(2, ListRequests());
    }

    [Fact]
    public void A_page_that_repeats_the_previous_one_ends_the_walk_with_an_error()
    {
        ListFault(FaultKind.ListRepeat); // no counts, full pages, always page 1
        // -First bounds the walk where a client without the check would loop.
        var output = Host.Run("Get-VerifikDocumentLiveness -PageSize 10 -First 500 | ForEach-Object Id");

        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"r{i:D2}"), output.Select(o => (string)o.BaseObject));
        var error = Assert.Single(Host.Errors);
        Assert.StartsWith("VerifikListingIncomplete,", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
        Assert.Equal("list page 2", error.TargetObject);
        Assert.Contains("repeats", error.Exception.Message);
        Assert.Contains("10 records were written", error.Exception.Message);
        Assert.Equal(2, ListRequests());
    }

    [Fact]
    public void A_page_count_above_Int32_does_not_end_the_walk_after_page_1()
    {
        ListFault(FaultKind.ListHugePages); // pages = 2^31 + 1, total 30
        var output = Host.Run("Get-VerifikDocumentLiveness -PageSize 10 | ForEach-Object Id");

        Assert.Empty(Host.Errors);
        Assert.Equal(Enumerable.Range(0, 30).Select(i => $"r{i:D2}"), output.Select(o => (string)o.BaseObject));
        Assert.Equal(3, ListRequests());
    }
}
