using System.Management.Automation;
using System.Text;
using Verifik.Sandbox;
using Xunit;

namespace Verifik.Engine.Tests;

/// <summary>A connected sandbox test with an empty destination folder of its own, and helpers to seed images and read the log.</summary>
public abstract class SaveImageTestBase : SandboxTestBase
{
    /// <summary>A small WebP (RIFF....WEBPVP8 ): the signature is all the module looks at.</summary>
    protected static readonly byte[] WebP = Encoding.ASCII.GetBytes("RIFF\u0024\0\0\0WEBPVP8 \u0018\0\0\0").Concat(new byte[24]).ToArray();

    /// <summary>A folder of this test's own (deleted afterwards); empty at the start.</summary>
    protected string Destination { get; } = Path.Combine(Path.GetTempPath(), "verifik-save-" + Guid.NewGuid().ToString("N"));

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Directory.CreateDirectory(Destination);
        Connect();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        try { Directory.Delete(Destination, recursive: true); }
        catch (IOException) { }
    }

    protected static string Origin(Uri uri) => uri.GetLeftPart(UriPartial.Authority);

    /// <summary>A flat record whose imageUrl points at an image of the sandbox's image listener, stored under the record's ID.</summary>
    protected void AddRecordWithImage(string id, byte[] bytes, string? contentType)
    {
        Server.Images.Add(id, bytes, contentType);
        Server.Records.AddFlat(id, imageUrl: Server.ImageUrl(id).AbsoluteUri);
    }

    /// <summary>A record created without saveImage: no image URL.</summary>
    protected void AddRecordWithoutImage(string id) =>
        Server.Records.Add(id, "{\"_id\":" + System.Text.Json.JsonSerializer.Serialize(id) + ",\"imageSaved\":false,\"imageUrl\":null}");

    /// <summary>Rows as Import-Csv yields them: custom objects with string Id and ImageUrl columns.</summary>
    protected static PSObject[] Rows(params (string Id, Uri Url)[] rows) => rows.Select(r => Row(r.Id, r.Url.AbsoluteUri)).ToArray();

    protected static PSObject Row(string id, string imageUrl)
    {
        var row = new PSObject();
        row.Properties.Add(new PSNoteProperty("Id", id));
        row.Properties.Add(new PSNoteProperty("ImageUrl", imageUrl));
        return row;
    }

    /// <summary>The names of every file in the destination (hidden ones included), sorted.</summary>
    protected string[] FilesIn(string folder) =>
        Directory.GetFiles(folder).Select(f => Path.GetFileName(f)).OrderBy(f => f, StringComparer.Ordinal).ToArray();

    protected List<LoggedRequest> ApiRequests() => Server.Requests.Snapshot().Where(r => r.Origin == Origin(Server.BaseUri)).ToList();

    protected List<LoggedRequest> CdnRequests() => Server.Requests.Snapshot().Where(r => r.Origin == Origin(Server.CdnBaseUri)).ToList();

    /// <summary>The one error of the last run, checked for its ErrorId, category and TargetObject.</summary>
    protected ErrorRecord SingleError(string errorId, ErrorCategory category, string target)
    {
        var error = Assert.Single(Host.Errors);
        Assert.StartsWith(errorId + ",", error.FullyQualifiedErrorId);
        Assert.Equal(category, error.CategoryInfo.Category);
        Assert.Equal(target, error.TargetObject);
        return error;
    }
}
