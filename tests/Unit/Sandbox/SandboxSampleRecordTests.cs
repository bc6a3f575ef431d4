using System.Text.Json;
using Verifik.Sandbox;
using Xunit;

namespace Verifik.Unit.Tests.Sandbox;

/// <summary>
/// The sample records the program serves by default, as the README uses them: the documented IDs, a status on every
/// record (so -Status completed finds some), and each image on the sandbox's own image listener (so saving works offline).
/// </summary>
public class SandboxSampleRecordTests : IAsyncLifetime
{
    private SandboxServer _server = null!;
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false });

    public async Task InitializeAsync() => _server = await SandboxServer.StartAsync(seed: SampleRecords.Seed);

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    private async Task<JsonElement> GetJson(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_server.BaseUri, path));
        request.Headers.Authorization = new("Bearer", SandboxDefaults.Token);
        using var response = await _http.SendAsync(request);
        Assert.Equal(200, (int)response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    [Fact]
    public async Task Every_sample_has_a_status_and_completed_ones_are_listed_by_it()
    {
        var all = (await GetJson("v2/document-liveness?page=1&limit=50")).GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(SampleRecords.Ids, all.Select(r => r.GetProperty("_id").GetString()));
        Assert.All(all, r => Assert.False(string.IsNullOrEmpty(r.GetProperty("status").GetString())));

        var completed = (await GetJson("v2/document-liveness?page=1&limit=50&status=completed")).GetProperty("data").EnumerateArray()
            .Select(r => r.GetProperty("_id").GetString()).ToList();
        Assert.Contains(SampleRecords.FlatExampleId, completed);
        Assert.Contains(SampleRecords.NestedExampleId, completed);
        Assert.Single((await GetJson("v2/document-liveness?page=1&limit=50&status=failed")).GetProperty("data").EnumerateArray(),
            r => r.GetProperty("_id").GetString() == "68a8bf34d8207d5f3357b646");
    }

    [Fact]
    public async Task Each_sample_image_is_on_the_sandboxs_own_image_listener_and_downloads()
    {
        foreach (var id in SampleRecords.Ids)
        {
            var record = (await GetJson("v2/document-liveness/" + id)).GetProperty("data");
            var url = new Uri(record.GetProperty("imageUrl").GetString()!);
            Assert.Equal(_server.ImageUrl(id), url);
            Assert.True(record.GetProperty("imageSaved").GetBoolean());
            Assert.Equal(SampleImages.Jpeg(), await _http.GetByteArrayAsync(url));
        }
    }

    [Fact]
    public async Task The_documented_flat_example_keeps_its_documented_values()
    {
        var flat = (await GetJson("v2/document-liveness/" + SampleRecords.FlatExampleId)).GetProperty("data");
        Assert.Equal(0.4201007, flat.GetProperty("sreenReplayScore").GetDouble()); // the API's typo, as documented
        Assert.Equal("2025-08-22T19:04:25.503Z", flat.GetProperty("createdAt").GetString());
        Assert.Equal("GLARE_ON_IMAGE", flat.GetProperty("screenReplayWarnings")[0].GetString());
    }
}
