using System.Diagnostics;
using System.IO.Compression;
using System.Xml.Linq;
using Xunit;

namespace Verifik.Engine.Tests;

/// <summary>
/// The package build.ps1 -Task Package makes (dotnet pack of build/Verifik.Package.csproj): PowerShell
/// Gallery layout, metadata from the manifest, and, unpacked the way Install-Module does, the same
/// module folder that the rest of the suite imports.
/// </summary>
public class PackageTests
{
    [Fact]
    public void The_nupkg_is_the_module_folder_in_gallery_layout()
    {
        var outDir = Directory.CreateTempSubdirectory("verifik-pack-").FullName;
        try
        {
            // The module is already built (this project references it), so only the packing runs here.
            Run(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet",
                "pack", Path.Combine(RepoPaths.Root, "build", "Verifik.Package.csproj"), "-c", "Release", "-o", outDir,
                "-p:BuildProjectReferences=false", "--nologo");
            using var host = new ModuleHost();
            var version = host.Run("(Test-ModuleManifest -Path $p).Version.ToString()", ("p", RepoPaths.ModuleManifest)).Single().BaseObject;
            var nupkg = Path.Combine(outDir, $"Verifik.{version}.nupkg");
            Assert.True(File.Exists(nupkg), "no " + nupkg);

            using var zip = ZipFile.OpenRead(nupkg);
            XNamespace ns = "http://schemas.microsoft.com/packaging/2011/08/nuspec.xsd";
            using (var nuspecStream = zip.GetEntry("Verifik.nuspec")!.Open())
            {
                var metadata = XDocument.Load(nuspecStream).Root!.Element(ns + "metadata")!;
                Assert.Equal("Verifik", metadata.Element(ns + "id")!.Value);
                Assert.Equal(version, metadata.Element(ns + "version")!.Value);
                var tags = metadata.Element(ns + "tags")!.Value.Split(' ');
                Assert.Contains("PSModule", tags);
                Assert.Contains("PSCmdlet_Get-VerifikDocumentLiveness", tags);
                Assert.Contains("PSEdition_Core", tags);
                Assert.False(string.IsNullOrWhiteSpace(metadata.Element(ns + "description")!.Value));
            }

            // What Install-Module leaves in Modules/Verifik/<version>/: everything but the packaging files.
            var installed = Path.Combine(outDir, "Modules", "Verifik", (string)version!);
            foreach (var entry in zip.Entries.Where(e => !IsPackagingFile(e.FullName) && e.Name.Length > 0))
            {
                var target = Path.Combine(installed, entry.FullName);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                entry.ExtractToFile(target);
            }
            var moduleDir = Path.GetDirectoryName(RepoPaths.ModuleManifest)!;
            Assert.Equal(Files(moduleDir), Files(installed));
            host.Run("Test-ModuleManifest -Path $p", ("p", Path.Combine(installed, "Verifik.psd1")));
            Assert.Empty(host.Errors);
        }
        finally
        {
            Directory.Delete(outDir, recursive: true);
        }
    }

    private static bool IsPackagingFile(string path) =>
        path.StartsWith("_rels/") || path.StartsWith("package/") || path == "[Content_Types].xml" || path == "Verifik.nuspec";

    private static List<string> Files(string dir) =>
        Directory.GetFiles(dir, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(dir, f).Replace('\\', '/')).OrderBy(f => f).ToList();

    private static void Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepoPaths.Root };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        // A hang guard only: packing takes seconds.
        Assert.True(p.WaitForExit(TimeSpan.FromMinutes(3)), "dotnet pack did not finish");
        Assert.True(p.ExitCode == 0, $"dotnet pack failed ({p.ExitCode}):\n{stdout.Result}\n{stderr.Result}");
    }
}
