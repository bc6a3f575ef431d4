using System.Management.Automation;
using Xunit;

namespace Verifik.Engine.Tests;

/// <summary>
/// Paths resolve as PowerShell's own cmdlets resolve them: against the PowerShell location (Set-Location), not the
/// process directory, and through providers: <c>~</c>, PSDrives, wildcards for -Path and none for -LiteralPath.
/// </summary>
public class CreatePathTests : CreateTestBase
{
    [Fact]
    public void Relative_paths_resolve_against_Set_Location_not_the_process_directory()
    {
        var inside = Jpeg("branch/a.jpg", seed: 21);
        var other = Jpeg("branch/b.jpg", seed: 22);
        Assert.NotEqual(Path.Combine(Folder, "branch"), Environment.CurrentDirectory);

        var output = Host.Run("""
            $null = $ExecutionContext.SessionState.Path.SetLocation(([System.IO.Path]::Combine($folder, 'branch')))
            New-VerifikDocumentLiveness -Path a.jpg | ForEach-Object SourcePath
            New-VerifikDocumentLiveness -LiteralPath ./b.jpg | ForEach-Object SourcePath
            'b.jpg' | New-VerifikDocumentLiveness | ForEach-Object SourcePath
            """, ("folder", Folder));

        Assert.Empty(Host.Errors);
        Assert.Equal(new[] { inside, other, other }, output.Select(o => (string)o.BaseObject));
        Assert.Equal(3, Server.Creates.Count);
    }

    [Fact]
    public void Home_tilde_and_PSDrive_paths_resolve_through_their_provider()
    {
        var home = Jpeg("home/id.jpg", seed: 23);
        var scan = Png("share/scans/id.png", seed: 24);

        var output = Host.Run("""
            $ExecutionContext.SessionState.Provider.GetOne('FileSystem').Home = ([System.IO.Path]::Combine($folder, 'home'))
            $fs = $ExecutionContext.SessionState.Provider.GetOne('FileSystem')
            $null = $ExecutionContext.SessionState.Drive.New([System.Management.Automation.PSDriveInfo]::new('Scans', $fs, ([System.IO.Path]::Combine($folder, 'share')), '', $null), 'global')
            New-VerifikDocumentLiveness -Path ~/id.jpg | ForEach-Object SourcePath
            New-VerifikDocumentLiveness -Path Scans:/scans/*.png | ForEach-Object SourcePath
            New-VerifikDocumentLiveness -LiteralPath Scans:/scans/id.png | ForEach-Object SourcePath
            """, ("folder", Folder));

        Assert.Empty(Host.Errors);
        Assert.Equal(new[] { home, scan, scan }, output.Select(o => (string)o.BaseObject));
    }

    [Fact]
    public void LiteralPath_takes_wildcard_characters_as_they_are()
    {
        var bracketed = Jpeg("[1] front.jpg", seed: 25);
        Jpeg("1 front.jpg", seed: 26);

        var output = Host.Run("New-VerifikDocumentLiveness -LiteralPath $p | ForEach-Object SourcePath", ("p", bracketed));

        Assert.Empty(Host.Errors);
        Assert.Equal(bracketed, Assert.Single(output).BaseObject);
        Assert.Equal(Sha256(bracketed), Assert.Single(Server.Creates.Snapshot()).ImageSha256);
    }

    [Fact]
    public void A_path_of_another_provider_is_refused_and_the_rest_goes_on()
    {
        var good = Jpeg("a.jpg");
        var output = Host.Run("""
            'Env:/PATH', $good | New-VerifikDocumentLiveness | ForEach-Object SourcePath
            $Error[0].FullyQualifiedErrorId
            """, ("good", good));

        Assert.Equal(new object[] { good, "VerifikPathNotFileSystem,Verifik.PowerShell.Commands.NewVerifikDocumentLivenessCommand" },
            output.Select(o => o.BaseObject));
        var error = Assert.Single(Host.Errors);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Equal("Env:/PATH", error.TargetObject);
        Assert.Single(CreateRequests());
    }
}
