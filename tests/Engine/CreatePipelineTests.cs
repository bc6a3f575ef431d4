using Xunit;

namespace Verifik.Engine.Tests;

/// <summary>
/// New-VerifikDocumentLiveness fed the three ways the issue shows: -Path with wildcards, Get-ChildItem output (the
/// provider's ChildItem objects stand in) with -SaveImage, and CSV rows (<c>[pscustomobject]</c> rows stand in).
/// </summary>
public class CreatePipelineTests : CreateTestBase
{
    private string[] Scans()
    {
        var a = Jpeg("scans/a.jpg", seed: 11);
        var b = Jpeg("scans/b.jpg", seed: 12);
        var c = Png("scans/c.png", seed: 13);
        var d = Jpeg("scans/sub/d.jpg", seed: 14);
        Write("scans/notes.txt", "not an image"u8.ToArray());
        return [a, b, c, d];
    }

    [Fact]
    public void Path_wildcards_submit_each_matching_file_once_relative_to_the_location()
    {
        var scans = Scans();
        var output = Host.Run("""
            $null = $ExecutionContext.SessionState.Path.SetLocation($folder)
            New-VerifikDocumentLiveness -Path ./scans/*.jpg | ForEach-Object { $_.SourcePath }
            """, ("folder", Folder));

        Assert.Empty(Host.Errors);
        Assert.Equal(new[] { scans[0], scans[1] }, output.Select(o => (string)o.BaseObject));
        Assert.Equal(new[] { Sha256(scans[0]), Sha256(scans[1]) }, Server.Creates.Snapshot().Select(c => c.ImageSha256).Order());
        Assert.Equal(2, CreateRequests().Count);
    }

    [Fact]
    public void ChildItem_output_pipes_in_and_SaveImage_stores_each_image_on_the_cdn()
    {
        var scans = Scans();
        var output = Host.Run("""
            $files = @($ExecutionContext.InvokeProvider.ChildItem.Get($dir, $true) | Where-Object { $_.Extension -in '.jpg', '.png' })
            $records = @($files | New-VerifikDocumentLiveness -SaveImage)
            $files.Count
            $records.Count
            for ($i = 0; $i -lt $files.Count; $i++) { $records[$i].SourcePath -eq $files[$i].FullName }
            $records | ForEach-Object { '{0}|{1}' -f $_.ImageSaved, $_.ImageUrl }
            """, ("dir", Path.Combine(Folder, "scans")));

        Assert.Empty(Host.Errors);
        var lines = output.Select(o => o.BaseObject).ToList();
        Assert.Equal(4, lines[0]);
        Assert.Equal(4, lines[1]);
        Assert.All(lines.Skip(2).Take(4), same => Assert.Equal(true, same));
        Assert.All(lines.Skip(6).Cast<string>(), line => Assert.StartsWith("True|" + Server.CdnBaseUri.AbsoluteUri + "document-liveness/", line));
        Assert.Equal(4, Server.Images.Count);
        Assert.Equal(scans.Select(Sha256).Order(), Server.Creates.Snapshot().Select(c => c.ImageSha256).Order());
    }

    [Fact]
    public void Csv_rows_with_Path_submit_the_checks_and_calibration_given()
    {
        var scans = Scans();
        var output = Host.Run("""
            $null = $ExecutionContext.SessionState.Path.SetLocation($folder)
            $rows = [pscustomobject]@{ Path = 'scans/a.jpg'; Branch = 'north' }, [pscustomobject]@{ Path = $b; Branch = 'south' }
            $rows | New-VerifikDocumentLiveness -Check ScreenReplay, PrintedCopy -ScreenReplayCalibration HARD |
                ForEach-Object { '{0}|{1}|{2}|{3}|{4}|{5}|{6}' -f $_.SourcePath, $_.ScreenReplayValidated, $_.PrintedCopyValidated,
                    $_.PortraitSubstitutionValidated, $_.DigitalManipulationValidated, $_.ScreenReplayCalibration, $_.PrintedCopyCalibration }
            """, ("folder", Folder), ("b", scans[1]));

        Assert.Empty(Host.Errors);
        Assert.Equal(new[] { scans[0] + "|True|True|False|False|HARD|REGULAR", scans[1] + "|True|True|False|False|HARD|REGULAR" },
            output.Select(o => (string)o.BaseObject));
        Assert.All(Server.Creates.Snapshot(), create =>
        {
            Assert.Equal("true", create.Members!["validateScreenReplay"]);
            Assert.Equal("true", create.Members["validatePrintedCopy"]);
            Assert.Equal("false", create.Members["validatePortraitSubstitution"]);
            Assert.Equal("false", create.Members["validateDigitalManipulation"]);
            Assert.Equal("\"HARD\"", create.Members["screenReplayCalibration"]);
            Assert.False(create.Members.ContainsKey("printedCopyCalibration"));
            Assert.False(create.Members.ContainsKey("portraitSubstitutionCalibration"));
        });
    }

    [Fact]
    public void Strings_FileInfo_and_Path_or_FullName_rows_each_bind_to_exactly_one_create()
    {
        var scans = Scans();
        var output = Host.Run("""
            $fileInfo = @($ExecutionContext.InvokeProvider.ChildItem.Get($b, $false))[0]
            $inputs = $a, $fileInfo, [pscustomobject]@{ Path = $c }, [pscustomobject]@{ FullName = $d }
            $inputs | New-VerifikDocumentLiveness | ForEach-Object { $_.SourcePath }
            """, ("a", scans[0]), ("b", scans[1]), ("c", scans[2]), ("d", scans[3]));

        Assert.Empty(Host.Errors);
        Assert.Equal(scans, output.Select(o => (string)o.BaseObject));
        Assert.Equal(4, CreateRequests().Count);
        Assert.Equal(scans.Select(Sha256).Order(), Server.Creates.Snapshot().Select(c => c.ImageSha256).Order());
    }
}
