@{
    RootModule           = 'Verifik.PowerShell.dll'
    # The public types ([Verifik.DocumentLiveness], [Verifik.CodeList], …), loaded first into PowerShell's default
    # load context so scripts can name them; it has no dependencies, so it never clashes (see about_Verifik).
    RequiredAssemblies   = @('Verifik.Contracts.dll')
    # Loaded before the root module: resolves the private dependencies in Dependencies/ (see Verifik.PowerShell.Init).
    NestedModules        = @('Verifik.PowerShell.Init.dll')
    ModuleVersion        = '0.1.0'
    GUID                 = '5b0f8f7e-3c1a-4f7e-9d55-8a4e2f1c9b31'
    Author               = 'Verifik PowerShell maintainers'
    CompanyName          = 'Community'
    Copyright            = '(c) Verifik PowerShell maintainers. MIT licence.'
    Description          = 'Cmdlets for the Verifik identity-verification API: connect once, then fetch document-liveness records by ID (in bulk, from the pipeline or a CSV) or list them all, as typed objects.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Desktop', 'Core')
    FormatsToProcess     = @('Verifik.format.ps1xml')
    CmdletsToExport      = @('Connect-Verifik', 'Disconnect-Verifik', 'Get-VerifikContext', 'Get-VerifikDocumentLiveness', 'Save-VerifikDocumentLivenessImage')
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('Verifik', 'IdentityVerification', 'DocumentLiveness', 'KYC', 'REST', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            LicenseUri   = 'https://opensource.org/licenses/MIT'
            ProjectUri   = 'https://github.com/verifik/verifik-powershell'
            ReleaseNotes = '0.1.0: Connect-Verifik, Get-VerifikContext, Disconnect-Verifik, Get-VerifikDocumentLiveness (by ID with bounded concurrency and input order kept, or the full listing with paging), retries with back-off, a loopback sandbox server. Save-VerifikDocumentLivenessImage: the stored images of records, streamed to a folder (resumable, size-capped, never with the token to the image host).'
        }
    }
}
