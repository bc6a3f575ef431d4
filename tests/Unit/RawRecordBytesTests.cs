using System.Text.Json;
using Verifik.Sandbox;
using Xunit;

namespace Verifik.Unit.Tests;

/// <summary>
/// A record keeps the API's exact bytes (what -Raw and ToJson() give), read straight from the body rather than through
/// a string: compared with the body the sandbox sent, for a single record and for every item of each list shape.
/// </summary>
public class RawRecordBytesTests : SandboxTest
{
    private const string Odd = "{\"_id\":\"odd\",\"note\":\"caf\u00e9 \u2615 \\\"quoted\\\" \\n\",\"status\":\"completed\",\"nested\":{\"a\":[1,2,{}]}}";
    private const string Plain = "{\"_id\":\"plain\",\"status\":\"completed\"}";

    [Fact]
    public async Task A_single_record_comes_back_byte_for_byte()
    {
        Server.Records.Add("odd", Odd);
        var fetched = await Client().GetDocumentLivenessAsync("odd");
        using var sent = JsonDocument.Parse(await RawBody("v2/document-liveness/odd"));
        Assert.Equal(sent.RootElement.GetProperty("data").GetRawText(), fetched.Record.ToJson());
        Assert.Contains("caf", fetched.Record.ToJson());
        Assert.Equal("odd", fetched.Record.Id);
    }

    [Theory]
    [InlineData(ListShape.TopLevel)]
    [InlineData(ListShape.Pagination)]
    [InlineData(ListShape.DataDocs)]
    public async Task Each_item_of_a_page_comes_back_byte_for_byte_in_every_list_shape(ListShape shape)
    {
        Server.Options.ListShape = shape;
        Server.Records.Add("odd", Odd);
        Server.Records.Add("plain", Plain);
        var page = await Client().ListDocumentLivenessAsync(new ListQuery { Page = 1, Limit = 10 });

        using var sent = JsonDocument.Parse(await RawBody("v2/document-liveness?page=1&limit=10"));
        var data = sent.RootElement.GetProperty("data");
        var items = data.ValueKind == JsonValueKind.Object ? data.GetProperty("docs") : data;
        Assert.Equal(items.EnumerateArray().Select(i => i.GetRawText()), page.Records.Select(r => r.Record.ToJson()));
        Assert.Equal(2, page.Records.Count);
    }

    private async Task<string> RawBody(string relative)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Server.BaseUri, relative));
        request.Headers.Authorization = new("Bearer", SandboxDefaults.Token);
        using var response = await http.SendAsync(request);
        return await response.Content.ReadAsStringAsync();
    }
}
