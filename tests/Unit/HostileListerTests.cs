using Verifik.Sandbox;
using Xunit;

namespace Verifik.Unit.Tests;

/// <summary>DocumentLivenessLister against list pages whose counts lie or whose records repeat, in every documented envelope.</summary>
public class HostileListerTests : SandboxTest
{
    private void Seed(int n)
    {
        for (var i = 0; i < n; i++) Server.Records.AddFlat("rec-" + i.ToString("D2"));
    }

    private void ListFault(FaultKind kind) => Server.Options.Faults.Add(new FaultRule { Kind = kind, Operations = FaultOperation.List });

    private DocumentLivenessLister Lister(ulong skip = 0, ulong first = ulong.MaxValue, DateTime? createdAfter = null) =>
        new(Client(), new ListRequest { PageSize = 10, Skip = skip, First = first, CreatedAfter = createdAfter });

    [Theory]
    [InlineData(ListShape.TopLevel)]
    [InlineData(ListShape.Pagination)]
    [InlineData(ListShape.DataDocs)]
    public async Task EndlessCounts_StopAtTheFirstPagesCount(ListShape shape)
    {
        Server.Options.ListShape = shape;
        Seed(45);
        ListFault(FaultKind.ListEndless);
        var lister = Lister();

        Assert.Equal(20, (await ListerTests.WalkAsync(lister)).Count);
        Assert.Equal(2, lister.Requests);
        Assert.Null(lister.Incomplete);
    }

    [Theory]
    [InlineData(ListShape.TopLevel)]
    [InlineData(ListShape.Pagination)]
    [InlineData(ListShape.DataDocs)]
    public async Task RepeatedPage_EndsTheWalk_WithIncomplete(ListShape shape)
    {
        Server.Options.ListShape = shape;
        Seed(45);
        ListFault(FaultKind.ListRepeat);
        var lister = Lister();

        Assert.Equal(10, (await ListerTests.WalkAsync(lister)).Count);
        Assert.Equal(2, lister.Requests);
        Assert.Equal(10, lister.Written);
        Assert.Equal("list page 2", lister.Incomplete!.ResourceId);
        Assert.Contains("repeats", lister.Incomplete.Message);
    }

    [Fact]
    public async Task RepeatedPage_IsCaught_WhenAClientFilterKeepsNothing()
    {
        Seed(45);
        ListFault(FaultKind.ListRepeat);
        // Created after 2100: the filter drops every record, so only the repeat check can stop the walk.
        var lister = Lister(createdAfter: new DateTime(2100, 1, 1, 0, 0, 0, DateTimeKind.Utc));

        Assert.Empty(await ListerTests.WalkAsync(lister));
        Assert.Equal(2, lister.Requests);
        Assert.Contains("0 records were written", lister.Incomplete!.Message);
    }

    [Theory]
    [InlineData(ListShape.TopLevel)]
    [InlineData(ListShape.Pagination)]
    [InlineData(ListShape.DataDocs)]
    public async Task EmptyPageWhileCountsSayMore_IsIncomplete_NamingHowManyOfTotal(ListShape shape)
    {
        Server.Options.ListShape = shape;
        Seed(25);
        ListFault(FaultKind.ListEmptyAfterFirst);
        var lister = Lister();

        Assert.Equal(10, (await ListerTests.WalkAsync(lister)).Count);
        Assert.Contains("10 of the 25", lister.Incomplete!.Message);
        Assert.Equal("list page 2", lister.Incomplete.ResourceId);
    }

    [Fact]
    public async Task EmptyPageAfterSkip_CountsFromWhereTheWalkStarted()
    {
        Seed(35);
        ListFault(FaultKind.ListEmptyAfterFirst); // every page but page 1 is empty
        var lister = Lister(skip: 20);

        // The walk starts at page 3, which comes back empty although 35 were counted.
        Assert.Empty(await ListerTests.WalkAsync(lister));
        Assert.Contains("20 of the 35 were read (counting the 20 the server skipped)", lister.Incomplete!.Message);
    }

    [Theory]
    [InlineData(ListShape.TopLevel)]
    [InlineData(ListShape.Pagination)]
    [InlineData(ListShape.DataDocs)]
    public async Task PagesAboveInt32_DoNotOverflow(ListShape shape)
    {
        Server.Options.ListShape = shape;
        Seed(25);
        ListFault(FaultKind.ListHugePages);
        var lister = Lister();

        var page = await Client().ListDocumentLivenessAsync(new ListQuery { Limit = 10 });
        Assert.Equal((long)int.MaxValue + 2, page.Pages);
        Assert.Equal(25, (await ListerTests.WalkAsync(lister)).Count);
        Assert.Null(lister.Incomplete);
    }

    [Fact]
    public async Task HonestCounts_NoIncomplete()
    {
        Seed(30);
        var lister = Lister();

        Assert.Equal(30, (await ListerTests.WalkAsync(lister)).Count);
        Assert.Equal(3, lister.Requests);
        Assert.Null(lister.Incomplete);
    }
}
