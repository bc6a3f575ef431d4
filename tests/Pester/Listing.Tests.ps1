# Get-VerifikDocumentLiveness without -Id: the list endpoint, page by page, with -First/-Skip/-IncludeTotalCount
# and -Status. The sandbox serves the seeded records first (in file order), then the synthetic records
# dl-0000000, dl-0000001, ... (SyntheticRecords.cs); synthetic records have no status, so -Status never
# returns them.

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

    It 'lists every record when no -Id is given, across pages' -Tag 'Twin:ListingTests.Every_page_of_every_documented_envelope_is_walked', 'Twin:ListingTests.Every_listed_record_is_a_Verifik_DocumentLiveness_by_string_type_name' {
        $all = @(Get-VerifikDocumentLiveness)

        $all | Should -HaveCount $expectedTotal
        @($all | ForEach-Object Id) | Should -Be $expectedIds
        foreach ($record in $all) {
            $record | Should -BeOfType 'Verifik.DocumentLiveness'
        }
    }

    It 'returns exactly the first 5 with -First 5' -Tag 'Twin:ListingTests.First_5_sends_one_request_for_5_records' {
        $first = @(Get-VerifikDocumentLiveness -First 5)

        $first | Should -HaveCount 5
        @($first | ForEach-Object Id) | Should -Be $expectedIds[0..4]
    }

    It 'returns the 11th to 13th records with -Skip 10 -First 3' -Tag 'Twin:ListingTests.Skip_starts_at_the_right_page_and_First_stops_the_walk' {
        $page = @(Get-VerifikDocumentLiveness -Skip 10 -First 3)

        $page | Should -HaveCount 3
        # Ten records skipped: the seeded ones, then synthetic indexes 0 and up.
        $expected = @(10..12 | ForEach-Object { 'dl-{0:D7}' -f ($_ - $seedIds.Count) })
        @($page | ForEach-Object Id) | Should -Be $expected
        @($page | ForEach-Object Id) | Should -Be $expectedIds[10..12]
    }

    It 'slices across page boundaries with -PageSize 7 -Skip 10 -First 20' -Tag 'Twin:ListingTests.Skip_starts_at_the_right_page_and_First_stops_the_walk' {
        $slice = @(Get-VerifikDocumentLiveness -PageSize 7 -Skip 10 -First 20)

        @($slice | ForEach-Object Id) | Should -Be $expectedIds[10..29]
    }

    It 'returns the last records with -Skip past the first page' -Tag 'Twin:ListingTests.Skip_alone_past_the_first_page_returns_the_last_records' {
        $tail = @(Get-VerifikDocumentLiveness -Skip ($expectedTotal - 3))

        @($tail | ForEach-Object Id) | Should -Be $expectedIds[($expectedTotal - 3)..($expectedTotal - 1)]
    }

    It 'returns only completed records with -Status completed' -Tag 'Twin:ListingTests.Status_is_sent_as_the_documented_query_parameter' {
        $completed = @(Get-VerifikDocumentLiveness -Status completed)

        $completed | Should -HaveCount 2
        @($completed | ForEach-Object Id) | Should -Be @('list-completed-1', 'list-completed-2')
        foreach ($record in $completed) {
            $record.Status | Should -Be 'completed'
        }
    }

    It 'writes the total count first with -IncludeTotalCount' -Tag 'Twin:ListingTests.IncludeTotalCount_reports_the_api_total_first' {
        $out = @(Get-VerifikDocumentLiveness -IncludeTotalCount -First 2)

        $out | Should -HaveCount 3
        $out[0] | Should -BeOfType [uint64]
        [uint64]$out[0] | Should -Be ([uint64]$expectedTotal)
        @($out[1..2] | ForEach-Object Id) | Should -Be $expectedIds[0..1]
    }

    It 'gives the total of the filtered list with -Status and -IncludeTotalCount' -Tag 'Twin:ListingTests.IncludeTotalCount_with_Status_gives_the_total_of_the_filtered_list' {
        $out = @(Get-VerifikDocumentLiveness -Status failed -IncludeTotalCount)

        $out | Should -HaveCount 2
        [uint64]$out[0] | Should -Be ([uint64]1)
        $out[1].Id | Should -Be 'list-failed-1'
    }

    It 'filters by creation time with -CreatedAfter' -Tag 'Twin:ListingTests.Date_filters_apply_client_side_while_paging' {
        # Synthetic record i was created at 2025-08-22T19:04:25.503Z minus i minutes; the seeded ones in 2024.
        $recent = @(Get-VerifikDocumentLiveness -CreatedAfter ([datetime]::new(2025, 8, 22, 19, 0, 0, [System.DateTimeKind]::Utc)))

        @($recent | ForEach-Object Id) | Should -Be @(0..4 | ForEach-Object { 'dl-{0:D7}' -f $_ })
    }
}
