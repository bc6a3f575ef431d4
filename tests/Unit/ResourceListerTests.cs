using Verifik.Sandbox;
using Xunit;

namespace Verifik.Unit.Tests;

/// <summary>ResourceLister (Invoke-VerifikRequest -All) over every envelope and page-size word, and its bounds.</summary>
public sealed class ResourceListerTests : SandboxTest
{
    private async Task<(List<object?> Items, ResourceLister Lister)> WalkAsync(string path)
    {
        var lister = new ResourceLister(Client(), new ResourceRequest("GET", new Uri(Server.BaseUri, path)), Settings());
        var items = new List<object?>();
        while (await lister.NextPageAsync(CancellationToken.None) is { } page) items.AddRange(page.Items);
        return (items, lister);
    }

    private List<string> Queries(string path) => Server.Requests.Snapshot().Where(r => r.Path == path).Select(r => r.Query).ToList();

    private static string IdOf(object? item) => (string)((JsonMembers)item!)["_id"]!;

    [Theory]
    [InlineData(ListShape.TopLevel)]
    [InlineData(ListShape.Pagination)]
    [InlineData(ListShape.DataDocs)]
    public async Task Every_envelope_is_followed_to_its_last_page_with_the_limit_the_first_answer_named(ListShape shape)
    {
        Server.Options.ListShape = shape;
        Server.Options.SyntheticCount = 23;

        var (items, lister) = await WalkAsync("v2/document-liveness");

        Assert.Equal(23, items.Count);
        Assert.Equal(Enumerable.Range(0, 23).Select(i => "dl-" + i.ToString("D7")), items.Select(IdOf));
        Assert.Equal(new[] { "", "?page=2&limit=10", "?page=3&limit=10" }, Queries("/v2/document-liveness"));
        Assert.Equal(23, lister.Total);
        Assert.Null(lister.Incomplete);
    }

    [Fact]
    public async Task A_list_that_pages_by_perPage_is_asked_with_perPage_and_the_callers_own_size_is_kept()
    {
        var (all, _) = await WalkAsync("v2/biometric-validations");
        Assert.Equal(25, all.Count);
        Assert.Equal(new[] { "", "?page=2&perPage=20" }, Queries("/v2/biometric-validations"));

        Server.Requests.Clear();
        var (failed, _) = await WalkAsync("v2/biometric-validations?in_status%5B%5D=failed&perPage=2");
        Assert.Equal(6, failed.Count); // every 4th of 25 is failed
        var queries = Queries("/v2/biometric-validations");
        Assert.Equal(3, queries.Count);
        Assert.Equal("?in_status%5B%5D=failed&page=3&perPage=2", queries[2]);
    }

    [Fact]
    public async Task A_list_whose_pages_always_claim_one_more_stops_at_the_first_pages_count()
    {
        Server.Options.SyntheticCount = 5000;
        Server.Options.Faults.Add(new FaultRule { Kind = FaultKind.ListEndless, Operations = FaultOperation.List });

        var (items, lister) = await WalkAsync("v2/document-liveness?limit=10");

        Assert.Equal(20, items.Count); // the first page said 2 pages
        Assert.Equal(2, lister.Requests);
    }

    [Fact]
    public async Task A_repeated_page_ends_the_walk_as_incomplete_without_writing_it_again()
    {
        Server.Options.SyntheticCount = 50;
        Server.Options.Faults.Add(new FaultRule { Kind = FaultKind.ListRepeat, Operations = FaultOperation.List });

        var (items, lister) = await WalkAsync("v2/document-liveness?limit=10");

        Assert.Equal(10, items.Count);
        Assert.Contains("repeats the items", lister.Incomplete!.Message);
    }

    [Fact]
    public async Task An_empty_page_before_the_count_is_reached_ends_the_walk_as_incomplete()
    {
        Server.Options.SyntheticCount = 25;
        Server.Options.Faults.Add(new FaultRule { Kind = FaultKind.ListEmptyAfterFirst, Operations = FaultOperation.List });

        var (items, lister) = await WalkAsync("v2/document-liveness?limit=10");

        Assert.Equal(10, items.Count);
        Assert.Contains("10 of the 25", lister.Incomplete!.Message);
    }

    [Fact]
    public async Task An_empty_list_as_204_is_no_items()
    {
        Server.Options.EmptyListAsNoContent = true;
        Server.Records.Clear();

        var (items, lister) = await WalkAsync("v2/document-liveness");

        Assert.Empty(items);
        Assert.Equal(1, lister.Requests);
    }

    [Fact]
    public async Task An_answer_that_is_no_list_is_the_one_item_without_its_secrets()
    {
        var lister = new ResourceLister(Client(), new ResourceRequest("GET", new Uri(Server.BaseUri, "v2/clients/me")), Settings());

        var page = await lister.NextPageAsync(CancellationToken.None);

        Assert.False(page!.IsList);
        var data = (JsonMembers)((JsonMembers)Assert.Single(page.Items)!)["data"]!;
        Assert.Equal(1000L, data["credits"]);
        Assert.Equal(new[] { "secretKey", "otp", "JWTPhrase" }, page.DroppedSecrets);
        Assert.Null(await lister.NextPageAsync(CancellationToken.None));
    }
}
