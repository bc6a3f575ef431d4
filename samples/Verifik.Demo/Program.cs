using System.Management.Automation;
using System.Management.Automation.Runspaces;
using Verifik.Sandbox;

// Finds out/Verifik/Verifik.psd1 from the repository root (where the .sln is).
var root = new DirectoryInfo(AppContext.BaseDirectory);
while (root != null && !File.Exists(Path.Combine(root.FullName, "Verifik.PowerShell.sln"))) root = root.Parent;
var manifest = Path.Combine(root?.FullName ?? ".", "out", "Verifik", "Verifik.psd1");

await using var sandbox = await SandboxServer.StartAsync(seed: SampleRecords.Seed);
Console.WriteLine($"Sandbox on {sandbox.BaseUri} (loopback only)\n");

var iss = InitialSessionState.CreateDefault2();
iss.ImportPSModule(manifest);
using var runspace = RunspaceFactory.CreateRunspace(iss);
runspace.Open();
runspace.SessionStateProxy.SetVariable("token", SandboxDefaults.Token);
runspace.SessionStateProxy.SetVariable("uri", sandbox.BaseUri);
runspace.SessionStateProxy.SetVariable("code", SandboxDefaults.OneTimeCode);

// A folder of "scans": two images (only their first bytes matter to the API's format check) and a file that is not one.
var work = Directory.CreateTempSubdirectory("verifik-demo-");
var scans = Directory.CreateDirectory(Path.Combine(work.FullName, "scans"));
File.WriteAllBytes(Path.Combine(scans.FullName, "front.jpg"), [0xFF, 0xD8, 0xFF, 0xE0, .. new byte[2048], 0xFF, 0xD9]);
File.WriteAllBytes(Path.Combine(scans.FullName, "back.png"), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. new byte[1024]]);
File.WriteAllText(Path.Combine(scans.FullName, "notes.txt"), "not an image");
runspace.SessionStateProxy.SetVariable("scans", scans.FullName);
runspace.SessionStateProxy.SetVariable("review", Path.Combine(work.FullName, "review"));

void Run(string script)
{
    Console.WriteLine("PS> " + script);
    using var ps = PowerShell.Create();
    ps.Runspace = runspace;
    ps.AddScript(script);
    foreach (var o in ps.Invoke()) Console.WriteLine("    " + Describe(o));
    foreach (var e in ps.Streams.Error)
        Console.WriteLine($"    error: {e.Exception.Message} [{e.CategoryInfo.Category}, {e.FullyQualifiedErrorId.Split(',')[0]}, target '{e.TargetObject}']");
    foreach (var w in ps.Streams.Warning) Console.WriteLine("    warning: " + w.Message);
    Console.WriteLine();
}

// The hosted engine has no Format-Table: print a few properties of each object.
static string Describe(PSObject o) => o.BaseObject switch
{
    string s => s,
    _ when o.TypeNames.Contains("Verifik.DocumentLiveness") =>
        $"{o.Properties["Id"].Value,-28} created {o.Properties["CreatedAt"].Value:u}  aggregated {o.Properties["AggregatedScore"].Value ?? "-"}" +
        $"  screen {o.Properties["ScreenReplayScore"].Value}  warnings {o.Properties["ScreenReplayWarnings"].Value}" +
        (o.Properties["SourcePath"].Value is string source ? $"  from {Path.GetFileName(source)}" : ""),
    FileInfo file => $"{file.Name} ({file.Length:N0} bytes) for record {o.Properties["DocumentLivenessId"]?.Value}",
    _ => string.Join("  ", o.Properties.Select(p => $"{p.Name}={p.Value}")),
};

try
{
    Run("Connect-Verifik -BaseUri $uri -Email ana@example.com -Code $code -PassThru");
    Run("$created = New-VerifikDocumentLiveness -Path \"$scans/*\" -SaveImage; $created");
    Run("Get-VerifikDocumentLiveness -Id 68a8bf34d8207d5f3357b643, document_liveness_123456789");
    Run("@([pscustomobject]@{ Id = '68a8bf34d8207d5f3357b643' }, [pscustomobject]@{ Id = 'no-such-id' }, [pscustomobject]@{ Id = '' }) | Get-VerifikDocumentLiveness");
    Run("Get-VerifikDocumentLiveness | Where-Object { $_.ScreenReplayWarnings -contains 'GLARE_ON_IMAGE' } | ForEach-Object Id");
    Run("Get-VerifikDocumentLiveness -First 2 -IncludeTotalCount | ForEach-Object { if ($_ -is [uint64]) { \"total: $_\" } else { $_.Id } }");
    // An endless input: -First writes its two records at once and stops the command feeding it.
    Run("& { '68a8bf34d8207d5f3357b643', 'document_liveness_123456789'; while ($true) { 'never-requested' } } | Get-VerifikDocumentLiveness -First 2 | ForEach-Object Id");
    Run("$created | Save-VerifikDocumentLivenessImage -Destination $review -PassThru");
    Run("$other = Connect-Verifik -Token $token -BaseUri $uri -ReturnConnection; (Get-VerifikDocumentLiveness -Id 68a8bf34d8207d5f3357b643 -Connection $other).Id; \"default still: $((Get-VerifikContext).ClientId)\"");
    Run("Disconnect-Verifik -Connection $other; Disconnect-Verifik; Get-VerifikContext; 'disconnected'");
}
finally
{
    work.Delete(recursive: true);
}
