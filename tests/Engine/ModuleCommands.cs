namespace Verifik.Engine.Tests;

/// <summary>The cmdlets the module exports: one list for every test that checks the manifest, the module or the help.</summary>
public static class ModuleCommands
{
    /// <summary>Sorted ordinally, as OrderBy(x => x) and [Array]::Sort with OrdinalIgnoreCase give them.</summary>
    public static readonly string[] Exported =
    {
        "Connect-Verifik", "Disconnect-Verifik", "Get-VerifikAccessToken", "Get-VerifikContext", "Get-VerifikDocumentLiveness",
        "New-VerifikDocumentLiveness", "Save-VerifikDocumentLivenessImage",
    };
}
