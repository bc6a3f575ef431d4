# The module's public types named the way scripts name them: type literals right after Import-Module, -is, casts,
# arrays, typed parameters, ForEach-Object -Parallel and catch clauses. PowerShell resolves type names only from assemblies in its default load context, so each of these
# fails if a public type lives in the module's isolated context.

BeforeDiscovery {
    # Every public type the module writes or accepts, and the one its views call.
    $publicTypeNames = @(
        'Verifik.DocumentLiveness', 'Verifik.CodeList', 'Verifik.VerifikApiException', 'Verifik.VerifikFailure', 'Verifik.ApiError',
        'Verifik.PowerShell.VerifikContext', 'Verifik.PowerShell.VerifikConnection',
        'Verifik.PowerShell.VerifikAccessTokenInfo', 'Verifik.PowerShell.VerifikAccessToken', 'Verifik.PowerShell.VerifikPlainTextAccessToken',
        'Verifik.PowerShell.DocumentLivenessView', 'Verifik.VerifikAccount'
    )
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-VerifikModule
}

Describe 'Type names' {
    BeforeAll {
        $flatId = '68a8bf34d8207d5f3357b643'
        $seed = New-SeedFile -Path (Join-Path $TestDrive 'type-names-seed.json') -Record @(
            (Get-DocumentedRecordJson flat-response.json)
            (Get-DocumentedRecordJson nested-response.json)
            (New-FlatRecord -Id 'a')
            (New-FlatRecord -Id 'b')
        )
        $sandbox = Start-VerifikSandbox -ArgumentList '--seed-file', $seed
        Connect-Verifik -Token $sandbox.Token -BaseUri $sandbox.BaseUri
    }

    AfterAll {
        Disconnect-Verifik
        Stop-VerifikSandbox $sandbox
    }

    It 'resolves every public type by name right after Import-Module, in a new session' -ForEach @(@{ Names = $publicTypeNames }) {
        # A new session, as a user's: in this one an earlier test may already have loaded the module's assemblies.
        $probe = Join-Path $TestDrive 'type-names.ps1'
        Set-Content -LiteralPath $probe -Encoding UTF8 -Value @(
            '# The manifest, then the type names (in $args).'
            'param([string]$Manifest)'
            '$ErrorActionPreference = ''Stop'''
            'Import-Module -Name $Manifest'
            'foreach ($name in $args) { (& ([scriptblock]::Create("[$name]"))).FullName; ($name -as [type]).FullName }'
        )
        $arguments = @('-NoProfile', '-NonInteractive')
        if ([Environment]::OSVersion.Platform -eq [PlatformID]::Win32NT) { $arguments += @('-ExecutionPolicy', 'Bypass') }

        $output = @(& (Get-PowerShellPath) @arguments -File $probe (Get-VerifikManifestPath) @Names)

        $LASTEXITCODE | Should -Be 0
        $output | Should -Be @(foreach ($name in $Names) { $name; $name })
    }

    It 'resolves [<_>] to the type the module uses' -ForEach $publicTypeNames {
        $type = & ([scriptblock]::Create("[$_]"))

        $type.AssemblyQualifiedName | Should -BeLike "$_,*"
    }

    It 'makes records [Verifik.DocumentLiveness] by -is, by cast, by string type name and as an array' {
        $record = Get-VerifikDocumentLiveness -Id $flatId

        $record -is [Verifik.DocumentLiveness] | Should -BeTrue
        $record -is ('Verifik.DocumentLiveness' -as [type]) | Should -BeTrue
        $record | Should -BeOfType 'Verifik.DocumentLiveness'
        ([Verifik.DocumentLiveness]$record).Id | Should -Be $flatId
        $record.ScreenReplayWarnings -is [Verifik.CodeList] | Should -BeTrue

        [Verifik.DocumentLiveness[]]$all = 'a', 'b' | Get-VerifikDocumentLiveness
        $all.Count | Should -Be 2
        $all.GetType().FullName | Should -Be 'Verifik.DocumentLiveness[]'
    }

    It 'passes pipeline output to a script block parameter typed [Verifik.DocumentLiveness[]]' {
        $report = {
            param([Parameter(ValueFromPipeline)][Verifik.DocumentLiveness[]]$Record)
            process { foreach ($r in $Record) { $r.Id + ':' + $r.GetType().Name } }
        }

        @('a', 'b' | Get-VerifikDocumentLiveness | & $report) | Should -Be @('a:DocumentLiveness', 'b:DocumentLiveness')
        & { param([Verifik.DocumentLiveness[]]$r) $r.Count } (Get-VerifikDocumentLiveness -Id a, b) | Should -Be 2
    }

    It 'resolves the type inside ForEach-Object -Parallel' -Skip:($PSVersionTable.PSVersion.Major -lt 7) {
        $answers = 'a', 'b' | Get-VerifikDocumentLiveness |
            ForEach-Object -Parallel { '{0}:{1}' -f ([Verifik.DocumentLiveness]$_).Id, ($_ -is [Verifik.DocumentLiveness]) } -ThrottleLimit 2 -ErrorVariable parallelErrors

        $parallelErrors | Should -HaveCount 0
        @($answers | Sort-Object) | Should -Be @('a:True', 'b:True')
    }

    It 'catches a failure by [Verifik.VerifikApiException] and compares it to [Verifik.VerifikFailure]' {
        $answers = @(
            try { Get-VerifikDocumentLiveness -Id 'missing' -ErrorAction Stop; 'not thrown' }
            catch [Verifik.VerifikApiException] { $_.Exception.Failure -eq [Verifik.VerifikFailure]::NotFound; $_.Exception.ApiError -is [Verifik.ApiError] }
            catch { 'caught as ' + $_.Exception.GetType().FullName }
        )

        $answers | Should -Be @($true, $true)
    }

    It 'makes the context a [Verifik.PowerShell.VerifikContext]' {
        $context = Get-VerifikContext

        $context -is [Verifik.PowerShell.VerifikContext] | Should -BeTrue
        $context -is ('Verifik.PowerShell.VerifikContext' -as [type]) | Should -BeTrue
        $context | Should -BeOfType 'Verifik.PowerShell.VerifikContext'
    }
}
