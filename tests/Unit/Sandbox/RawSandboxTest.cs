using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Verifik.Sandbox;
using Xunit;

namespace Verifik.Unit.Tests.Sandbox;

/// <summary>
/// A fresh in-process sandbox per test and a plain HttpClient (no redirects followed, no proxy), so tests see
/// exactly what the sandbox answers on the wire.
/// </summary>
public abstract class RawSandboxTest : IAsyncLifetime
{
    protected SandboxServer Server { get; private set; } = null!;

    protected HttpClient Http { get; } = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false })
    {
        Timeout = TimeSpan.FromSeconds(30),
    };

    protected virtual SandboxOptions CreateOptions() => new() { RandomSeed = 7 };

    public virtual async Task InitializeAsync() => Server = await SandboxServer.StartAsync(CreateOptions());

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
    }

    protected Uri Api(string path) => new(Server.BaseUri, path);

    protected Uri Cdn(string path) => new(Server.CdnBaseUri, path);

    protected Task<HttpResponseMessage> PostJsonAsync(string path, string json, string? token = SandboxDefaults.Token) =>
        SendAsync(HttpMethod.Post, Api(path), new StringContent(json, Encoding.UTF8, "application/json"), token);

    protected Task<HttpResponseMessage> GetAsync(string path, string? token = SandboxDefaults.Token) => SendAsync(HttpMethod.Get, Api(path), null, token);

    protected async Task<HttpResponseMessage> SendAsync(HttpMethod method, Uri uri, HttpContent? content, string? token)
    {
        using var request = new HttpRequestMessage(method, uri) { Content = content };
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await Http.SendAsync(request);
    }

    /// <summary>A create body with the image base64-encoded; <paramref name="extra"/> is spliced in as more members.</summary>
    protected static string CreateBody(byte[] image, string extra = "\"validateScreenReplay\":true") =>
        "{\"image\":\"" + Convert.ToBase64String(image) + "\"" + (extra.Length > 0 ? "," + extra : "") + "}";

    protected Task<HttpResponseMessage> CreateAsync(byte[] image, string extra = "\"validateScreenReplay\":true", string? token = SandboxDefaults.Token) =>
        PostJsonAsync("v2/document-liveness", CreateBody(image, extra), token);

    /// <summary>A JPEG-signed image whose bytes depend on <paramref name="seed"/>.</summary>
    protected static byte[] Jpeg(int seed, int length = 1000)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        bytes[0] = 0xFF; bytes[1] = 0xD8; bytes[2] = 0xFF; bytes[3] = 0xE0;
        return bytes;
    }

    protected static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.Clone();
    }

    /// <summary>Asserts status and the exact JSON body (compared as text, as the sandbox writes it compactly).</summary>
    protected static async Task AssertAnswer(HttpResponseMessage response, int status, string body)
    {
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(body, await response.Content.ReadAsStringAsync());
    }
}
