using Verifik.Sandbox;
using Xunit;

namespace Verifik.Unit.Tests;

/// <summary>The list endpoint (every envelope) and DocumentLivenessLister's paging, slicing and filtering, against the sandbox.</summary>
public class ListerTests : SandboxTest
{
    private static readonly DateTimeOffset Newest = new(2025, 8, 22, 19, 0, 0, TimeSpan.Zero);

    /// <summary>Records rec-00 .. rec-(n-1); rec-i was created i hours before <see cref="Newest"/>.</summary>
    private void Seed(int n)
    {
        for (var i = 0; i < n; i++) Server.Records.AddFlat(Id(i), createdAt: Newest.AddHours(-i));
    }

    private static string Id(int i) => "rec-" + i.ToString("D2");

    /// <summary>Every batch of the walk, until the lister says it is over.</summary>
    internal static async Task<List<FetchedRecord>> WalkAsync(DocumentLivenessLister lister)
    {
        var all = new List<FetchedRecord>();
        while (await lister.NextBatchAsync(CancellationToken.None) is { } batch) all.AddRange(batch);
        return all;
    }

    private Dictionary<string, string> QueryOf(LoggedRequest r) =>
        r.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1]));

    [Theory]
    [InlineData(ListShape.TopLevel)]
    [InlineData(ListShape.Pagination)]
    [InlineData(ListShape.DataDocs)]
    public async Task EveryListShape_Parses_WithCounts(ListShape shape)
    {
        Server.Options.ListShape = shape;
        Seed(12);

        var page = await Client().ListDocumentLivenessAsync(new ListQuery { Page = 2, Limit = 5 });

        Assert.Equal(new[] { "rec-05", "rec-06", "rec-07", "rec-08", "rec-09" }, page.Records.Select(r => r.Record.Id));
        Assert.Equal(12, page.Total);
        Assert.Equal(3, page.Pages);
        Assert.All(page.Records, r => Assert.Empty(r.Problems));
        Assert.Equal(0.4201007, page.Records[0].Record.ScreenReplayScore);
        Assert.Equal(Newest.AddHours(-5).UtcDateTime, page.Records[0].Record.CreatedAt);
    }

    [Theory]
    [InlineData(ListShape.TopLevel, false)]
    [InlineData(ListShape.Pagination, false)]
    [InlineData(ListShape.DataDocs, false)]
    [InlineData(ListShape.Pagination, true)]
    public async Task EmptyPage_ParsesToNoRecords(ListShape shape, bool noContent)
    {
        Server.Options.ListShape = shape;
        Server.Options.EmptyListAsNoContent = noContent;

        var page = await Client().ListDocumentLivenessAsync(new ListQuery { Limit = 10 });

        Assert.Empty(page.Records);
        Assert.Equal(noContent ? 204 : 200, Assert.Single(Server.Requests.Snapshot()).Status);
    }

    [Theory]
    [InlineData(ListShape.TopLevel, false)]
    [InlineData(ListShape.Pagination, false)]
    [InlineData(ListShape.DataDocs, false)]
    [InlineData(ListShape.Pagination, true)]
    public async Task EmptyList_WalkEndsAfterOneRequest(ListShape shape, bool noContent)
    {
        Server.Options.ListShape = shape;
        Server.Options.EmptyListAsNoContent = noContent;
        var lister = new DocumentLivenessLister(Client(), new ListRequest { PageSize = 10 });

        var all = await WalkAsync(lister);

        Assert.Empty(all);
        Assert.Equal(1, lister.Requests);
        Assert.Single(ListRequests());
    }

    [Theory]
    [InlineData(ListShape.TopLevel)]
    [InlineData(ListShape.Pagination)]
    [InlineData(ListShape.DataDocs)]
    public async Task Walk_25Records_PageSize10_AllInOrder_In3Requests(ListShape shape)
    {
        Server.Options.ListShape = shape;
        Seed(25);
        var lister = new DocumentLivenessLister(Client(), new ListRequest { PageSize = 10 });

        var all = await WalkAsync(lister);

        Assert.Equal(Enumerable.Range(0, 25).Select(Id), all.Select(r => r.Record.Id));
        Assert.Equal(3, lister.Requests);
        Assert.Equal(25, lister.Total);
        var requests = ListRequests();
        Assert.Equal(new[] { "1", "2", "3" }, requests.Select(r => QueryOf(r)["page"]));
        Assert.All(requests, r => Assert.Equal("10", QueryOf(r)["limit"]));
    }

    [Fact]
    public async Task Walk_IsLazy_OnePagePerBatch()
    {
        Seed(25);
        var lister = new DocumentLivenessLister(Client(), new ListRequest { PageSize = 10 });

        var first = await lister.NextBatchAsync(CancellationToken.None);

        Assert.Equal(10, first!.Count);
        Assert.Equal(1, lister.Requests);
        Assert.Single(ListRequests());
    }

    [Fact]
    public async Task Walk_WhenTheCountIsAMultipleOfThePageSize_StopsWithoutAnExtraRequest()
    {
        Seed(20);
        var lister = new DocumentLivenessLister(Client(), new ListRequest { PageSize = 10 });

        var all = await WalkAsync(lister);

        Assert.Equal(20, all.Count);
        Assert.Equal(2, lister.Requests);
    }

    [Fact]
    public async Task Walk_WithoutPageCounts_StopsAtTheShortPage()
    {
        // 204 for the empty page: the sandbox sends no counts then; the short last page must end the walk.
        Server.Options.EmptyListAsNoContent = true;
        Seed(15);
        var lister = new DocumentLivenessLister(Client(), new ListRequest { PageSize = 10 });

        var all = await WalkAsync(lister);

        Assert.Equal(15, all.Count);
        Assert.Equal(2, lister.Requests);
    }

    [Fact]
    public async Task First5_IsOneRequestWithLimit5()
    {
        Seed(25);
        var lister = new DocumentLivenessLister(Client(), new ListRequest { PageSize = 10, First = 5 });

        var all = await WalkAsync(lister);

        Assert.Equal(Enumerable.Range(0, 5).Select(Id), all.Select(r => r.Record.Id));
        var request = Assert.Single(ListRequests());
        Assert.Equal("5", QueryOf(request)["limit"]);
        Assert.Equal("1", QueryOf(request)["page"]);
        Assert.Equal(1, lister.Requests);
    }

    [Fact]
    public async Task First15_StopsInTheSecondPage()
    {
        Seed(25);
        var lister = new DocumentLivenessLister(Client(), new ListRequest { PageSize = 10, First = 15 });

        var all = await WalkAsync(lister);

        Assert.Equal(Enumerable.Range(0, 15).Select(Id), all.Select(r => r.Record.Id));
        Assert.Equal(2, lister.Requests);
    }

    [Fact]
    public async Task First0_SendsNothing()
    {
        Seed(5);
        var lister = new DocumentLivenessLister(Client(), new ListRequest { PageSize = 10, First = 0 });

        Assert.Null(await lister.NextBatchAsync(CancellationToken.None));
        Assert.Empty(Server.Requests.Snapshot());
    }

    [Fact]
    public async Task Skip12_PageSize10_StartsAtPage2()
    {
        Seed(25);
        var lister = new DocumentLivenessLister(Client(), new ListRequest { PageSize = 10, Skip = 12 });

        var all = await WalkAsync(lister);

        Assert.Equal(Enumerable.Range(12, 13).Select(Id), all.Select(r => r.Record.Id));
        var requests = ListRequests();
        Assert.Equal(new[] { "2", "3" }, requests.Select(r => QueryOf(r)["page"]));
        Assert.Equal(2, lister.Requests);
    }

    [Fact]
    public async Task Skip12_First3_IsOneRequest()
    {
        Seed(25);
        var lister = new DocumentLivenessLister(Client(), new ListRequest { PageSize = 10, Skip = 12, First = 3 });

        var all = await WalkAsync(lister);

        Assert.Equal(new[] { "rec-12", "rec-13", "rec-14" }, all.Select(r => r.Record.Id));
        var request = Assert.Single(ListRequests());
        Assert.Equal("2", QueryOf(request)["page"]);
        Assert.Equal("10", QueryOf(request)["limit"]);
    }

    [Fact]
    public async Task SkipBeyondTheEnd_GivesNothing()
    {
        Seed(5);
        var lister = new DocumentLivenessLister(Client(), new ListRequest { PageSize = 10, Skip = 50 });

        var all = await WalkAsync(lister);

        Assert.Empty(all);
        Assert.Equal("6", QueryOf(Assert.Single(ListRequests()))["page"]);
    }

    [Fact]
    public async Task StatusFilter_IsSentAsStatus_AndFiltersServerSide()
    {
        for (var i = 0; i < 6; i++) Server.Records.AddFlat(Id(i), status: i % 2 == 0 ? "completed" : "failed");
        var lister = new DocumentLivenessLister(Client(), new ListRequest { PageSize = 10, Status = "completed" });

        var all = await WalkAsync(lister);

        Assert.Equal(new[] { "rec-00", "rec-02", "rec-04" }, all.Select(r => r.Record.Id));
        Assert.All(all, r => Assert.Equal("completed", r.Record.Status));
        var request = Assert.Single(ListRequests());
        Assert.Equal("completed", QueryOf(request)["status"]);
        Assert.Contains("status=completed", request.Query);
    }

    [Fact]
    public async Task NoStatus_SendsNoStatusParameter()
    {
        Seed(2);

        await WalkAsync(new DocumentLivenessLister(Client(), new ListRequest { PageSize = 10 }));

        Assert.DoesNotContain("status", Assert.Single(ListRequests()).Query);
    }

    [Fact]
    public async Task CreatedAfter_FiltersClientSide_AcrossPages()
    {
        Seed(25); // rec-i created i hours before Newest
        var after = Newest.AddHours(-14).UtcDateTime; // rec-00 .. rec-14 (inclusive bound)
        var lister = new DocumentLivenessLister(Client(), new ListRequest { PageSize = 10, CreatedAfter = after });

        var all = await WalkAsync(lister);

        Assert.Equal(Enumerable.Range(0, 15).Select(Id), all.Select(r => r.Record.Id));
        Assert.All(all, r => Assert.True(r.Record.CreatedAt >= after));
        // The filter is not sent to the API: every page was read with the plain query.
        var requests = ListRequests();
        Assert.Equal(3, requests.Count);
        Assert.All(requests, r => Assert.Equal(new[] { "page", "limit" }, QueryOf(r).Keys));
    }

    [Fact]
    public async Task CreatedBefore_FiltersClientSide()
    {
        Seed(25);
        var before = Newest.AddHours(-20).UtcDateTime; // exclusive: rec-21 .. rec-24
        var lister = new DocumentLivenessLister(Client(), new ListRequest { PageSize = 10, CreatedBefore = before });

        var all = await WalkAsync(lister);

        Assert.Equal(Enumerable.Range(21, 4).Select(Id), all.Select(r => r.Record.Id));
    }

    [Fact]
    public async Task CreatedAfter_WithSkipAndFirst_CountsOnlyMatchingRecords()
    {
        Seed(25);
        var lister = new DocumentLivenessLister(Client(), new ListRequest
        {
            PageSize = 10,
            CreatedBefore = Newest.AddHours(-4.5).UtcDateTime, // rec-05 .. rec-24 match
            Skip = 3,
            First = 4,
        });

        var all = await WalkAsync(lister);

        Assert.Equal(new[] { "rec-08", "rec-09", "rec-10", "rec-11" }, all.Select(r => r.Record.Id));
        Assert.Equal("1", QueryOf(ListRequests()[0])["page"]); // client-side filters read from the first page
        Assert.Equal(2, lister.Requests);
    }

    [Fact]
    public async Task RecordsWithoutCreatedAt_AreDroppedByADateFilter()
    {
        Server.Records.Add("no-date", """{"_id":"no-date"}""");
        Server.Records.AddFlat("dated", createdAt: Newest);
        var lister = new DocumentLivenessLister(Client(), new ListRequest { PageSize = 10, CreatedAfter = Newest.AddDays(-1).UtcDateTime });

        var all = await WalkAsync(lister);

        Assert.Equal("dated", Assert.Single(all).Record.Id);
    }

    [Fact]
    public async Task MixedShapes_InOneList_AreAllParsed()
    {
        Server.Records.AddFlat("flat-1");
        Server.Records.AddNested("nested-1", riskScore: 0.3);
        var lister = new DocumentLivenessLister(Client(), new ListRequest { PageSize = 10 });

        var all = await WalkAsync(lister);

        Assert.Equal(new[] { "flat-1", "nested-1" }, all.Select(r => r.Record.Id));
        Assert.Equal(0.4201007, all[0].Record.ScreenReplayScore);
        Assert.Equal(0.3, all[1].Record.RiskScore);
        Assert.True(all[1].Record.ScreenReplayPassed);
    }

    [Fact]
    public async Task TransientFailure_OnAPage_IsRetried()
    {
        Seed(3);
        Server.Options.Faults.Add(new FaultRule { Kind = FaultKind.TooManyRequests, Times = 1, RetryAfter = "0" });
        var notices = new List<RetryNotice>();
        var lister = new DocumentLivenessLister(Client(), new ListRequest { PageSize = 10 }, onRetry: n => notices.Add(n));

        var all = await WalkAsync(lister);

        Assert.Equal(3, all.Count);
        Assert.Equal(new[] { 429, 200 }, Server.Requests.Snapshot().Select(r => r.Status));
        Assert.StartsWith("list page 1", Assert.Single(notices).Target);
    }

    [Fact]
    public async Task ListWithWrongToken_IsUnauthorized()
    {
        var ex = await Assert.ThrowsAsync<VerifikApiException>(() =>
            Client(token: "not-the-token-at-all").ListDocumentLivenessAsync(new ListQuery { Limit = 10 }));

        Assert.Equal(VerifikFailure.Unauthorized, ex.Failure);
        Assert.Equal(401, ex.StatusCode);
    }

    [Fact]
    public async Task ListNotFound_IsBadRequestNotNotFound()
    {
        // A 404 on the list endpoint is not "record not found".
        Server.Options.Faults.Add(new FaultRule { Kind = FaultKind.WrongStatus, Status = 404 });

        var ex = await Assert.ThrowsAsync<VerifikApiException>(() => Client().ListDocumentLivenessAsync(new ListQuery { Limit = 10 }));

        Assert.Equal(VerifikFailure.BadRequest, ex.Failure);
        Assert.Equal(404, ex.StatusCode);
    }

    [Fact]
    public async Task TruncatedListBody_IsInvalidResponse()
    {
        Seed(3);
        Server.Options.Faults.Add(new FaultRule { Kind = FaultKind.TruncatedBody });

        var ex = await Assert.ThrowsAsync<VerifikApiException>(() => Client().ListDocumentLivenessAsync(new ListQuery { Limit = 10 }));

        Assert.Equal(VerifikFailure.InvalidResponse, ex.Failure);
        Assert.Equal("list page 1", ex.ResourceId);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public void PageSizeOutOfRange_Throws(int pageSize) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new DocumentLivenessLister(Client(), new ListRequest { PageSize = pageSize }));

    [Fact]
    public async Task ListRequestDefaults_AreOneHundredPerPage()
    {
        Seed(3);
        var request = new ListRequest();
        Assert.Equal(100, request.PageSize);
        Assert.Equal(ulong.MaxValue, request.First);
        Assert.False(request.HasClientFilter);

        var all = await WalkAsync(new DocumentLivenessLister(Client(), request));

        Assert.Equal(3, all.Count);
        Assert.Equal("100", QueryOf(Assert.Single(ListRequests()))["limit"]);
    }
}
