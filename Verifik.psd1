@{
    RootModule           = 'Verifik.PowerShell.dll'
    # The public types ([Verifik.DocumentLiveness], [Verifik.CodeList], …), loaded first into PowerShell's default
    # load context so scripts can name them; it has no dependencies, so it never clashes (see about_Verifik).
    RequiredAssemblies   = @('Verifik.Contracts.dll')
    # Loaded before the root module: resolves the private dependencies in Dependencies/ (see Verifik.PowerShell.Init).
    NestedModules        = @('Verifik.PowerShell.Init.dll')
    ModuleVersion        = '0.4.0'
    GUID                 = '5b0f8f7e-3c1a-4f7e-9d55-8a4e2f1c9b31'
    Author               = 'Verifik PowerShell maintainers'
    CompanyName          = 'Community'
    Copyright            = '(c) Verifik PowerShell maintainers. MIT licence.'
    Description          = 'Cmdlets for the Verifik identity-verification API: connect once, then fetch document-liveness records by ID (in bulk, from the pipeline or a CSV) or list them all, as typed objects.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Desktop', 'Core')
    FormatsToProcess     = @('Verifik.format.ps1xml')
    CmdletsToExport      = @('Connect-Verifik', 'Disconnect-Verifik', 'Export-VerifikDocumentLivenessReport', 'Get-VerifikAccessToken', 'Get-VerifikAccount', 'Get-VerifikContext', 'Get-VerifikDocumentLiveness', 'Invoke-VerifikRequest', 'New-VerifikAccessToken', 'New-VerifikDocumentLiveness', 'Save-VerifikDocumentLivenessImage')
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('Verifik', 'IdentityVerification', 'DocumentLiveness', 'KYC', 'REST', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            LicenseUri   = 'https://opensource.org/licenses/MIT'
            ProjectUri   = 'https://github.com/verifik/verifik-powershell'
            ReleaseNotes = '0.4.0: Export-VerifikDocumentLivenessReport writes one self-contained HTML review page (summary, each record beside its image, your -FlagWhere rule). Invoke-VerifikRequest reaches the rest of the API with the same connection (-All pages, objects out, HTTP errors as error records, the token only to the API''s origin); Get-VerifikAccount shows the credits left (never the account''s secrets); New-VerifikAccessToken renews the token (-RevokeOthers, -Connect). Connect-Verifik -Token checks the token with one request (-SkipValidation for offline use); a mistyped code is asked for again. Rows without an Id column are refused before any request; IDs are trimmed and errors name the input''s position. Default views fit 80 columns with local times; progress shows N of M and time left; a summary line on the information stream for job logs. New-VerifikDocumentLiveness: -WhatIf checks files as the run does and gives a total, a file given twice is submitted once, Ctrl+C says which creates may have been charged, any gateway 5xx after the body is reported as uncertain, early 413/429/503 answers are read, stalled file reads end. Save judges images by their bytes and never deletes another row''s file. 0.3.0: Hardening against broken and hostile answers. Every input gets its record or its own error: an undecodable body, a success:false answer or a connection closed mid-run is that item''s error, and the run goes on. -First with IDs writes its records at once and stops its input as Select-Object -First does. A listing stops at its first page''s counts, and an empty or repeated page ends it with VerifikListingIncomplete instead of a silent short or endless walk. Connect-Verifik trims the token and refuses one with control or non-ASCII characters, an unusable -Proxy and a base URI with user info; plain-http loopback always goes direct, never through a proxy. One HTTP client per proxy setting, released at Disconnect-Verifik, with no connection cap. Records waiting behind a slow one are bounded to 64 MB. A rate-limit pause binds later commands only within their own -TimeoutSec (not at all with -MaxRetry 0). Server text is escaped in warnings and errors; non-ISO dates are refused. 0.2.0: New-VerifikDocumentLiveness submits image files (paths with wildcards, Get-ChildItem or CSV rows) concurrently in input order, streamed from disk, with -WhatIf and -Confirm, never sending a create twice when it may have been processed. Connect-Verifik -Email or -Phone signs in with a one-time code. Get-VerifikAccessToken hands the token to a secret vault. Save-VerifikDocumentLivenessImage streams the stored images of records to a folder (resumable, size-capped, never with the token to the image host). Connect-Verifik -ReturnConnection and -Connection on every cmdlet hold several connections at once. Public types such as [Verifik.DocumentLiveness] resolve in scripts. 0.1.0: Connect-Verifik, Get-VerifikContext, Disconnect-Verifik, Get-VerifikDocumentLiveness, retries with back-off, a loopback sandbox server.'
        }
    }
}
