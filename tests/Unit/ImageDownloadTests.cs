using Verifik.Sandbox;
using Xunit;

namespace Verifik.Unit.Tests;

/// <summary>VerifikClient.DownloadImageAsync against the sandbox's image listener (another loopback origin than the API).</summary>
public class ImageDownloadTests : SandboxTest, IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "verifik-download-" + Guid.NewGuid().ToString("N"));

    public ImageDownloadTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Temporary => Path.Combine(_folder, ".x.partial");

    [Fact]
    public async Task The_body_replaces_whatever_the_temporary_file_held_and_the_result_says_what_it_is()
    {
        Server.Images.Add("p", SampleImages.Png(), "image/png");
        File.WriteAllBytes(Temporary, new byte[10_000]); // longer than the image: an attempt must start from zero

        var image = await Client().DownloadImageAsync("rec", Server.ImageUrl("p"), Temporary, 1024 * 1024);

        Assert.Equal(ImageFormat.Png, image.Format);
        Assert.Equal(".png", image.Extension);
        Assert.Equal("image/png", image.MediaType);
        Assert.Equal(SampleImages.Png().Length, image.Bytes);
        Assert.Equal(SampleImages.Png(), File.ReadAllBytes(Temporary));
    }

    [Fact]
    public async Task The_token_goes_only_to_the_APIs_own_origin()
    {
        Server.Images.Add("c", SampleImages.Jpeg(), "image/jpeg");
        Server.Records.AddFlat("r");
        var client = Client();

        await client.DownloadImageAsync("cdn", Server.ImageUrl("c"), Temporary, 1024 * 1024);
        // A URL on the API's origin is sent with the token (here it answers a record, which is no image).
        var onApi = await Assert.ThrowsAsync<VerifikApiException>(() =>
            client.DownloadImageAsync("api", new Uri(Server.BaseUri, "v2/document-liveness/r"), Temporary, 1024 * 1024));

        Assert.Equal(VerifikFailure.InvalidResponse, onApi.Failure);
        Assert.Contains("application/json", onApi.Message);
        var log = Server.Requests.Snapshot();
        Assert.Null(Assert.Single(log, r => r.Origin == Server.CdnBaseUri.GetLeftPart(UriPartial.Authority)).Authorization);
        Assert.Equal("Bearer " + SandboxDefaults.Token, Assert.Single(log, r => r.Origin == Server.BaseUri.GetLeftPart(UriPartial.Authority)).Authorization);
    }

    [Fact]
    public async Task A_declared_length_over_the_cap_is_refused_before_the_file_is_created()
    {
        var ex = await Assert.ThrowsAsync<VerifikApiException>(() =>
            Client().DownloadImageAsync("big", Server.HostileImageUrl(HostileImage.Oversized, "b", 4096), Temporary, 4096));

        Assert.Equal(VerifikFailure.TooLarge, ex.Failure);
        Assert.Contains("declares 4,097 bytes", ex.Message);
        Assert.False(File.Exists(Temporary));
    }

    [Fact]
    public async Task A_file_that_cannot_be_created_is_an_ImageFileException_and_is_not_retried()
    {
        Server.Images.Add("c", SampleImages.Jpeg(), "image/jpeg");
        var nowhere = Path.Combine(_folder, "no-such-folder", ".x.partial");

        var ex = await Assert.ThrowsAsync<ImageFileException>(() => Client(maxRetry: 3).DownloadImageAsync("rec", Server.ImageUrl("c"), nowhere, 1024 * 1024));

        Assert.IsAssignableFrom<IOException>(ex.InnerException);
        Assert.Equal(nowhere, ex.Path);
        Assert.False(ex.IsAccessDenied);
        Assert.Single(Server.Requests.Snapshot());
    }

    [Fact]
    public async Task An_image_type_the_module_does_not_save_is_named_in_the_refusal()
    {
        Server.Images.Add("gif", System.Text.Encoding.ASCII.GetBytes("GIF89a-and-some-more-bytes"), "image/gif");

        var ex = await Assert.ThrowsAsync<VerifikApiException>(() => Client().DownloadImageAsync("rec", Server.ImageUrl("gif"), Temporary, 1024));

        Assert.Equal(VerifikFailure.InvalidResponse, ex.Failure);
        Assert.Contains("image/gif", ex.Message);
        Assert.Contains("a GIF image", ex.Message);
    }

    [Fact]
    public async Task A_page_served_as_image_jpeg_is_no_image_and_nothing_is_written()
    {
        // A sign-in page behind a gateway that labels everything image/jpeg (issue 20, item 5).
        Server.Images.Add("page", System.Text.Encoding.UTF8.GetBytes("<html><body>Sign in</body></html>"), "image/jpeg");

        var ex = await Assert.ThrowsAsync<VerifikApiException>(() => Client().DownloadImageAsync("rec1", Server.ImageUrl("page"), Temporary, 1024 * 1024));

        Assert.Equal(VerifikFailure.InvalidResponse, ex.Failure);
        Assert.Contains("Content-Type image/jpeg", ex.Message);
        Assert.Contains("its first bytes are text", ex.Message);
        Assert.False(File.Exists(Temporary));
    }

    [Fact]
    public async Task The_extension_follows_the_bytes_not_the_Content_Type()
    {
        Server.Images.Add("png-as-jpeg", SampleImages.Png(), "image/jpeg");
        Server.Images.Add("jpeg-as-text", SampleImages.Jpeg(), "text/plain");

        var png = await Client().DownloadImageAsync("a", Server.ImageUrl("png-as-jpeg"), Temporary, 1024 * 1024);
        var jpeg = await Client().DownloadImageAsync("b", Server.ImageUrl("jpeg-as-text"), Temporary, 1024 * 1024);

        Assert.Equal(".png", png.Extension);
        Assert.Equal("image/jpeg", png.MediaType);
        Assert.Equal(".jpg", jpeg.Extension);
        Assert.Equal(SampleImages.Jpeg(), File.ReadAllBytes(Temporary));
    }

    [Fact]
    public async Task Urls_are_shown_without_their_query()
    {
        var ex = await Assert.ThrowsAsync<VerifikApiException>(() =>
            Client().DownloadImageAsync("rec", new Uri("http://example.com/img?signature=s3cret"), Temporary, 1024));

        Assert.Equal(VerifikFailure.InsecureUri, ex.Failure);
        Assert.Contains("http://example.com/img?…", ex.Message);
        Assert.DoesNotContain("s3cret", ex.Message);
        Assert.Empty(Server.Requests.Snapshot());
    }
}
