# Get-VerifikDocumentLiveness without -Id: the list endpoint, page by page, with -First/-Skip/-IncludeTotalCount,
# -Status and the date filters, over every documented list envelope. The sandbox serves the seeded records first (in
# file order), then the synthetic records dl-0000000, dl-0000001, ... (SyntheticRecords.cs); synthetic records have no
# status, so -Status never returns them. Its log (--expose-log) shows the page, limit and status each request asked for.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-VerifikModule
}

Describe 'Get-VerifikDocumentLiveness listing' {
    BeforeAll {
        $syntheticCount = 250
        $seedRecords = @(
            (New-NestedRecord -Id 'list-completed-1' -Status 'completed' -CreatedAt '2024-01-10T08:00:00Z')
            (New-NestedRecord -Id 'list-failed-1' -Status 'failed' -Passed $false -RiskScore 0.82 -CreatedAt '2024-01-11T08:00:00Z')
            (New-FlatRecord -Id 'list-completed-2' -Status 'completed' -CreatedAt '2024-01-12T08:00:00.000Z')
            (New-NestedRecord -Id 'list-processing-1' -Status 'processing' -CreatedAt '2024-01-13T08:00:00Z')
        )
        $seedIds = @($seedRecords | ForEach-Object { $_['_id'] })
        $syntheticIds = @(0..($syntheticCount - 1) | ForEach-Object { 'dl-{0:D7}' -f $_ })
        # The list order of the sandbox: stored records first, then the synthetic ones.
        $expectedIds = @($seedIds) + @($syntheticIds)
        $expectedTotal = $seedIds.Count + $syntheticCount

        $seed = New-SeedFile -Path (Join-Path $TestDrive 'listing-seed.json') -Record $seedRecords
        $sandbox = Start-VerifikSandbox -ArgumentList '--seed-file', $seed, '--synthetic', "$syntheticCount"
        Connect-Verifik -Token $sandbox.Token -BaseUri $sandbox.BaseUri
    }

    AfterAll {
        Disconnect-Verifik
        Stop-VerifikSandbox $sandbox
    }

    It 'lists every record when no -Id is given, across pages' {
        $all = @(Get-VerifikDocumentLiveness)

        $all | Should -HaveCount $expectedTotal
        @($all | ForEach-Object Id) | Should -Be $expectedIds
        foreach ($record in $all) {
            $record | Should -BeOfType 'Verifik.DocumentLiveness'
        }
    }

    It 'returns exactly the first 5 with -First 5' {
        $first = @(Get-VerifikDocumentLiveness -First 5)

        $first | Should -HaveCount 5
        @($first | ForEach-Object Id) | Should -Be $expectedIds[0..4]
    }

    It 'returns the 11th to 13th records with -Skip 10 -First 3' {
        $page = @(Get-VerifikDocumentLiveness -Skip 10 -First 3)

        $page | Should -HaveCount 3
        # Ten records skipped: the seeded ones, then synthetic indexes 0 and up.
        $expected = @(10..12 | ForEach-Object { 'dl-{0:D7}' -f ($_ - $seedIds.Count) })
        @($page | ForEach-Object Id) | Should -Be $expected
        @($page | ForEach-Object Id) | Should -Be $expectedIds[10..12]
    }

    It 'slices across page boundaries with -PageSize 7 -Skip 10 -First 20' {
        $slice = @(Get-VerifikDocumentLiveness -PageSize 7 -Skip 10 -First 20)

        @($slice | ForEach-Object Id) | Should -Be $expectedIds[10..29]
    }

    It 'returns the last records with -Skip past the first page' {
        $tail = @(Get-VerifikDocumentLiveness -Skip ($expectedTotal - 3))

        @($tail | ForEach-Object Id) | Should -Be $expectedIds[($expectedTotal - 3)..($expectedTotal - 1)]
    }

    It 'returns only completed records with -Status completed' {
        $completed = @(Get-VerifikDocumentLiveness -Status completed)

        $completed | Should -HaveCount 2
        @($completed | ForEach-Object Id) | Should -Be @('list-completed-1', 'list-completed-2')
        foreach ($record in $completed) {
            $record.Status | Should -Be 'completed'
        }
    }

    It 'writes the total count first with -IncludeTotalCount' {
        $out = @(Get-VerifikDocumentLiveness -IncludeTotalCount -First 2)

        $out | Should -HaveCount 3
        $out[0] | Should -BeOfType [uint64]
        [uint64]$out[0] | Should -Be ([uint64]$expectedTotal)
        @($out[1..2] | ForEach-Object Id) | Should -Be $expectedIds[0..1]
    }

    It 'gives the total of the filtered list with -Status and -IncludeTotalCount' {
        $out = @(Get-VerifikDocumentLiveness -Status failed -IncludeTotalCount)

        $out | Should -HaveCount 2
        [uint64]$out[0] | Should -Be ([uint64]1)
        $out[1].Id | Should -Be 'list-failed-1'
    }

    It 'filters by creation time with -CreatedAfter' {
        # Synthetic record i was created at 2025-08-22T19:04:25.503Z minus i minutes; the seeded ones in 2024.
        $recent = @(Get-VerifikDocumentLiveness -CreatedAfter ([datetime]::new(2025, 8, 22, 19, 0, 0, [System.DateTimeKind]::Utc)))

        @($recent | ForEach-Object Id) | Should -Be @(0..4 | ForEach-Object { 'dl-{0:D7}' -f $_ })
    }
}

Describe 'Listing, page by page, as the API is asked' {
    BeforeAll {
        # 25 records, one every 6 hours back from Thursday 2026-11-19 00:00 UTC; every 5th is "failed".
        $monday = [DateTimeOffset]::new(2026, 11, 16, 0, 0, 0, [TimeSpan]::Zero)
        $records = foreach ($i in 0..24) {
            $status = if ($i % 5 -eq 0) { 'failed' } else { 'completed' }
            New-FlatRecord -Id ('r{0:D2}' -f $i) -Status $status -CreatedAt $monday.AddDays(3).AddHours(-6 * $i).UtcDateTime.ToString('yyyy-MM-ddTHH:mm:ss.fffZ')
        }
        $seed = New-SeedFile -Path (Join-Path $TestDrive 'r00-r24.json') -Record @($records)
        function Get-Expected([int[]]$Index) { @($Index | ForEach-Object { 'r{0:D2}' -f $_ }) }

        function Start-Listing([string[]]$More = @()) {
            $started = Start-VerifikSandbox -ArgumentList (@('--seed-file', $seed, '--expose-log') + $More)
            Connect-Verifik -Token $started.Token -BaseUri $started.BaseUri
            return $started
        }
        # Page, limit and status of each list request the sandbox got after the first $Skip requests.
        function Get-ListRequest($Sandbox, [int]$Skip = 0) {
            foreach ($r in @((Get-VerifikSandboxLog -Sandbox $Sandbox).Requests | Select-Object -Skip $Skip | Where-Object { $_.path -eq '/v2/document-liveness' })) {
                $query = [System.Web.HttpUtility]::ParseQueryString($r.query)
                [pscustomobject]@{ Page = [int]$query['page']; Limit = [int]$query['limit']; Status = $query['status'] }
            }
        }
        Add-Type -AssemblyName System.Web
        $sandbox = Start-Listing
    }

    AfterAll {
        Disconnect-Verifik
        Stop-VerifikSandbox $sandbox
    }

    BeforeEach {
        Connect-Verifik -Token $sandbox.Token -BaseUri $sandbox.BaseUri
        $before = @((Get-VerifikSandboxLog -Sandbox $sandbox).Requests).Count
    }

    It 'walks every page of the <Shape> envelope' -ForEach @(
        @{ Shape = 'TopLevel' }, @{ Shape = 'Pagination' }, @{ Shape = 'DataDocs' }
    ) {
        $shaped = Start-Listing -More '--list-shape', $Shape
        try {
            $mark = @((Get-VerifikSandboxLog -Sandbox $shaped).Requests).Count   # after the connect, which may check the token
            $all = @(Get-VerifikDocumentLiveness -PageSize 10)

            @($all | ForEach-Object Id) | Should -Be (Get-Expected (0..24))
            @($all | Where-Object { -not ($_ -is ('Verifik.DocumentLiveness' -as [type])) }) | Should -HaveCount 0
            $asked = @(Get-ListRequest $shaped -Skip $mark)
            @($asked | ForEach-Object Page) | Should -Be @(1, 2, 3)
            $asked | ForEach-Object { $_.Limit | Should -Be 10 }
        }
        finally {
            Stop-VerifikSandbox $shaped
        }
    }

    It 'writes no record and no error for an empty listing answered <How>' -ForEach @(
        @{ How = 'with "data": []'; More = @('--no-samples') }
        @{ How = 'with HTTP 204'; More = @('--no-samples', '--empty-list-204') }
    ) {
        $empty = Start-VerifikSandbox -ArgumentList (@('--expose-log') + $More)
        try {
            Connect-Verifik -Token $empty.Token -BaseUri $empty.BaseUri
            $mark = @((Get-VerifikSandboxLog -Sandbox $empty).Requests).Count
            @(Get-VerifikDocumentLiveness -ErrorVariable failed) | Should -HaveCount 0
            $failed | Should -HaveCount 0
            @(Get-ListRequest $empty -Skip $mark) | Should -HaveCount 1
        }
        finally {
            Stop-VerifikSandbox $empty
        }
    }

    It 'asks for one page of 5 with -First 5' {
        @(Get-VerifikDocumentLiveness -First 5 | ForEach-Object Id) | Should -Be (Get-Expected (0..4))
        $asked = @(Get-ListRequest $sandbox -Skip $before)
        $asked | Should -HaveCount 1
        "$($asked[0].Page)/$($asked[0].Limit)/$($asked[0].Status)" | Should -Be '1/5/'
    }

    It 'starts at the page -Skip falls on, and -First stops the walk' {
        @(Get-VerifikDocumentLiveness -PageSize 10 -Skip 12 -First 10 | ForEach-Object Id) | Should -Be (Get-Expected (12..21))
        @(Get-ListRequest $sandbox -Skip $before | ForEach-Object Page) | Should -Be @(2, 3)
    }

    It 'writes the API''s total first with -IncludeTotalCount' {
        $out = @(Get-VerifikDocumentLiveness -IncludeTotalCount -First 2)
        $out | Should -HaveCount 3
        $out[0] | Should -BeOfType [uint64]
        $out[0] | Should -Be 25
        $out[1].Id | Should -Be 'r00'
    }

    It 'sends -Status as the documented query parameter, and its total is the filtered list''s' {
        @(Get-VerifikDocumentLiveness -Status failed | ForEach-Object Id) | Should -Be (Get-Expected 0, 5, 10, 15, 20)
        @(Get-ListRequest $sandbox -Skip $before | ForEach-Object Status) | Should -Be @('failed')

        $mark = @((Get-VerifikSandboxLog -Sandbox $sandbox).Requests).Count
        $out = @(Get-VerifikDocumentLiveness -Status failed -IncludeTotalCount -First 1)
        $out | Should -HaveCount 2
        $out[0] | Should -BeOfType [uint64]
        $out[0] | Should -Be 5
        $out[1].Id | Should -Be 'r00'
        @(Get-ListRequest $sandbox -Skip $mark | ForEach-Object Status) | Should -Be @('failed')
    }

    It 'validates -Status before any request, and tab-completes it' {
        $err = { Get-VerifikDocumentLiveness -Status bogus } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike '*ParameterArgumentValidationError*'
        @(Get-ListRequest $sandbox -Skip $before) | Should -HaveCount 0

        $line = 'Get-VerifikDocumentLiveness -Status '
        @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Sort-Object) |
            Should -Be @('completed', 'failed', 'new', 'processing')
    }

    It 'applies -CreatedAfter and -CreatedBefore (exclusive) while paging' {
        # Since Monday: r00..r12; Monday itself up to Tuesday: r09..r12.
        @(Get-VerifikDocumentLiveness -PageSize 10 -CreatedAfter $monday.UtcDateTime | ForEach-Object Id) | Should -Be (Get-Expected (0..12))
        @(Get-VerifikDocumentLiveness -CreatedAfter $monday.UtcDateTime -CreatedBefore $monday.AddDays(1).UtcDateTime | ForEach-Object Id) |
            Should -Be (Get-Expected 9, 10, 11, 12)
    }

    It 'returns the last records with -Skip past the first page' {
        @(Get-VerifikDocumentLiveness -PageSize 10 -Skip 22 | ForEach-Object Id) | Should -Be (Get-Expected 22, 23, 24)
    }

    It 'makes a refused token while listing a terminating AuthenticationError, and the next statement runs' -Skip:($PSVersionTable.PSVersion -lt [version]'7.4') {
        Import-Module (Join-Path $PSScriptRoot 'HostedRunspace.psm1') -Force
        # -SkipValidation: the API is to refuse the token while listing, not at the connect.
        Connect-Verifik -Token (New-TestJwt -ClientId 'another' -ExpiresOn ([DateTimeOffset]::UtcNow.AddDays(1))) -BaseUri $sandbox.BaseUri -SkipValidation
        # A script of its own: inside an It, Pester's try would catch the statement's error before the next one runs.
        $run = Invoke-VerifikRunspace -ManifestPath (Get-VerifikManifestPath) -Script "Get-VerifikDocumentLiveness; 'next statement'"

        $run.Output | Should -Be 'next statement'
        $run.Errors | Should -HaveCount 1
        $run.Errors[0].CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::AuthenticationError)
    }
}
