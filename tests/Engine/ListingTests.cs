using System.Management.Automation;
using System.Web;
using Verifik.Sandbox;
using Xunit;

namespace Verifik.Engine.Tests;

/// <summary>Get-VerifikDocumentLiveness without -Id: lazy paging over every documented list envelope.</summary>
public class ListingTests : SandboxTestBase
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 16, 0, 0, 0, TimeSpan.Zero);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        // 25 records, one every 6 hours back from Monday + 3 days; every 5th is "failed".
        for (var i = 0; i < 25; i++)
        {
            Server.Records.AddFlat($"r{i:D2}", status: i % 5 == 0 ? "failed" : "completed", createdAt: Monday.AddDays(3).AddHours(-6 * i));
        }
        Connect();
    }

    private List<(int Page, int Limit, string? Status)> ListRequests() =>
        Server.Requests.Snapshot().Where(r => r.Path == "/v2/document-liveness").Select(r =>
        {
            var q = HttpUtility.ParseQueryString(r.Query);
            return (int.Parse(q["page"]!), int.Parse(q["limit"]!), q["status"]);
        }).ToList();

    private static IEnumerable<string> Expected(IEnumerable<int> indexes) => indexes.Select(i => $"r{i:D2}");

    [Theory]
    [InlineData(ListShape.TopLevel)]
    [InlineData(ListShape.Pagination)]
    [InlineData(ListShape.DataDocs)]
    public void Every_page_of_every_documented_envelope_is_walked(ListShape shape)
    {
        Server.Options.ListShape = shape;
        var ids = Host.Run("Get-VerifikDocumentLiveness -PageSize 10 | ForEach-Object Id");
        Assert.Equal(Expected(Enumerable.Range(0, 25)), ids.Select(o => (string)o.BaseObject));
        Assert.Equal(new[] { 1, 2, 3 }, ListRequests().Select(r => r.Page));
        Assert.All(ListRequests(), r => Assert.Equal(10, r.Limit));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void An_empty_listing_is_no_records_and_no_error(bool as204)
    {
        Server.Records.Clear();
        Server.Options.EmptyListAsNoContent = as204;
        Assert.Empty(Host.Run("Get-VerifikDocumentLiveness"));
        Assert.Empty(Host.Errors);
        Assert.Single(ListRequests());
    }

    [Fact]
    public void First_5_sends_one_request_for_5_records()
    {
        var ids = Host.Run("Get-VerifikDocumentLiveness -First 5 | ForEach-Object Id");
        Assert.Equal(Expected(Enumerable.Range(0, 5)), ids.Select(o => (string)o.BaseObject));
        Assert.Equal(new[] { (1, 5, (string?)null) }, ListRequests());
    }

    [Fact]
    public void Skip_starts_at_the_right_page_and_First_stops_the_walk()
    {
        var ids = Host.Run("Get-VerifikDocumentLiveness -PageSize 10 -Skip 12 -First 10 | ForEach-Object Id");
        Assert.Equal(Expected(Enumerable.Range(12, 10)), ids.Select(o => (string)o.BaseObject));
        Assert.Equal(new[] { 2, 3 }, ListRequests().Select(r => r.Page));
    }

    [Fact]
    public void IncludeTotalCount_reports_the_api_total_first()
    {
        var output = Host.Run("Get-VerifikDocumentLiveness -IncludeTotalCount -First 2");
        Assert.Equal(3, output.Count);
        Assert.Equal(25UL, output[0].BaseObject);
        Assert.Equal("r00", output[1].Properties["Id"].Value);
    }

    [Fact]
    public void Status_is_sent_as_the_documented_query_parameter()
    {
        var ids = Host.Run("Get-VerifikDocumentLiveness -Status failed | ForEach-Object Id");
        Assert.Equal(Expected(new[] { 0, 5, 10, 15, 20 }), ids.Select(o => (string)o.BaseObject));
        Assert.Equal("failed", Assert.Single(ListRequests()).Status);
    }

    [Fact]
    public void Status_values_are_validated_and_tab_completable()
    {
        Host.Run("Get-VerifikDocumentLiveness -Status bogus");
        Assert.Contains("ParameterArgumentValidationError", Assert.Single(Host.Errors).FullyQualifiedErrorId);
        Assert.Empty(ListRequests());
        var completions = Host.Run("$s = 'Get-VerifikDocumentLiveness -Status '; (TabExpansion2 -inputScript $s -cursorColumn $s.Length).CompletionMatches.CompletionText");
        Assert.Equal(new[] { "completed", "failed", "new", "processing" }, completions.Select(o => (string)o.BaseObject).OrderBy(x => x));
    }

    [Fact]
    public void Date_filters_apply_client_side_while_paging()
    {
        // Records go back 6 hours each from Thursday 00:00: since Monday, r00..r12; CreatedBefore is exclusive.
        var ids = Host.Run("Get-VerifikDocumentLiveness -PageSize 10 -CreatedAfter $since | ForEach-Object Id", ("since", Monday.UtcDateTime));
        Assert.Equal(Expected(Enumerable.Range(0, 13)), ids.Select(o => (string)o.BaseObject));

        var window = Host.Run("Get-VerifikDocumentLiveness -CreatedAfter $a -CreatedBefore $b | ForEach-Object Id",
            ("a", Monday.UtcDateTime), ("b", Monday.AddDays(1).UtcDateTime));
        Assert.Equal(Expected(new[] { 9, 10, 11, 12 }), window.Select(o => (string)o.BaseObject));
    }

    [Fact]
    public void A_refused_token_while_listing_is_a_terminating_error()
    {
        Server.Options.Token = "another-token";
        var output = Host.Run("Get-VerifikDocumentLiveness; 'next statement'");
        Assert.Equal("next statement", Assert.Single(output).BaseObject);
        Assert.Equal(ErrorCategory.AuthenticationError, Assert.Single(Host.Errors).CategoryInfo.Category);
    }

    // The twins below run the Pester tests' own expressions (tests/Pester/Listing.Tests.ps1) in the engine.

    [Fact]
    public void Every_listed_record_is_a_Verifik_DocumentLiveness_by_string_type_name()
    {
        // What Should -BeOfType 'Verifik.DocumentLiveness' does: the string converted to a type, then -is.
        var answers = Host.Run("""
            $all = @(Get-VerifikDocumentLiveness -PageSize 10)
            $type = 'Verifik.DocumentLiveness' -as [type]
            $null -ne $type
            $all.Count
            @($all | Where-Object { -not ($_ -is $type) }).Count
            """);
        Assert.Empty(Host.Errors);
        Assert.Equal(new object[] { true, 25, 0 }, answers.Select(o => o.BaseObject));
        Assert.Equal(3, ListRequests().Count);
    }

    [Fact]
    public void Skip_alone_past_the_first_page_returns_the_last_records()
    {
        var ids = Host.Run("Get-VerifikDocumentLiveness -PageSize 10 -Skip 22 | ForEach-Object Id");
        Assert.Equal(Expected(new[] { 22, 23, 24 }), ids.Select(o => (string)o.BaseObject));
    }

    [Fact]
    public void IncludeTotalCount_with_Status_gives_the_total_of_the_filtered_list()
    {
        var answers = Host.Run("""
            $out = @(Get-VerifikDocumentLiveness -Status failed -IncludeTotalCount -First 1)
            $out.Count
            $out[0] -is [uint64]
            $out[0]
            $out[1].Id
            """);
        Assert.Empty(Host.Errors);
        Assert.Equal(new object[] { 2, true, 5UL, "r00" }, answers.Select(o => o.BaseObject));
        Assert.Equal("failed", Assert.Single(ListRequests()).Status);
    }
}
