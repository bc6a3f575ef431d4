# The README recipe, for real: a CSV of IDs in, a CSV of records out, and a CSV of the IDs that were not found.
#
#   Import-Csv ids.csv | Get-VerifikDocumentLiveness -ErrorVariable notFound -ErrorAction SilentlyContinue |
#       Export-Csv out.csv -NoTypeInformation
#   $notFound | ForEach-Object { [pscustomobject]@{ Id = $_.TargetObject; Reason = $_.CategoryInfo.Category } } |
#       Export-Csv missing.csv -NoTypeInformation

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-VerifikModule
}

Describe 'CSV round trip' {
    BeforeAll {
        $flatId = '68a8bf34d8207d5f3357b643'
        # Found and missing IDs, and a duplicate (c1), in the order the user wrote them.
        $inputIds = @('c1', 'gone-1', 'c2', 'c1', $flatId, 'gone-2', 'c3')
        $expectedFound = @('c1', 'c2', 'c1', $flatId, 'c3')
        $expectedMissing = @('gone-1', 'gone-2')

        $seed = New-SeedFile -Path (Join-Path $TestDrive 'csv-seed.json') -Record @(
            (Get-DocumentedRecordJson flat-response.json)
            (New-FlatRecord -Id 'c1' -Warnings @('GLARE_ON_IMAGE'))
            (New-FlatRecord -Id 'c2' -Warnings @('GLARE_ON_IMAGE', 'IMAGE_TOO_BLURRY') -Errors @('DOCUMENT_CROPPED'))
            (New-FlatRecord -Id 'c3' -Warnings @())
        )
        $sandbox = Start-VerifikSandbox -ArgumentList '--seed-file', $seed
        Connect-Verifik -Token $sandbox.Token -BaseUri $sandbox.BaseUri
    }

    AfterAll {
        Disconnect-Verifik
        Stop-VerifikSandbox $sandbox
    }

    Context 'with ids.csv written by <Writer>' -ForEach @(
        @{ Writer = 'Export-Csv' }
        @{ Writer = 'Set-Content' }
    ) {
        BeforeAll {
            $work = Join-Path $TestDrive $Writer
            $null = New-Item -ItemType Directory -Path $work -Force

            Push-Location -LiteralPath $work
            try {
                if ($Writer -eq 'Export-Csv') {
                    $inputIds | ForEach-Object { [pscustomobject]@{ Id = $_ } } | Export-Csv -Path 'ids.csv' -NoTypeInformation
                }
                else {
                    # Written by hand, with a column the cmdlet does not know.
                    $lines = @('Id,Comment') + @($inputIds | ForEach-Object { "$_,from the spreadsheet" })
                    Set-Content -Path 'ids.csv' -Value $lines -Encoding ASCII
                }

                # The recipe, verbatim apart from the line breaks.
                Import-Csv 'ids.csv' | Get-VerifikDocumentLiveness -ErrorVariable notFound -ErrorAction SilentlyContinue |
                    Export-Csv 'out.csv' -NoTypeInformation
                $notFound | ForEach-Object { [pscustomobject]@{ Id = $_.TargetObject; Reason = $_.CategoryInfo.Category } } |
                    Export-Csv 'missing.csv' -NoTypeInformation
            }
            finally {
                Pop-Location
            }

            $outCsv = Join-Path $work 'out.csv'
            $missingCsv = Join-Path $work 'missing.csv'
            $rows = @(Import-Csv -LiteralPath $outCsv)
            $missing = @(Import-Csv -LiteralPath $missingCsv)
        }

        It 'reads every input row back from ids.csv' {
            @(Import-Csv -LiteralPath (Join-Path $work 'ids.csv') | ForEach-Object Id) | Should -Be $inputIds
            # ...and answers each by a record or an error: none lost, none twice.
            $rows.Count + $missing.Count | Should -Be $inputIds.Count
            @($rows | ForEach-Object Id) | Should -Be @($inputIds | Where-Object { $_ -notlike 'gone-*' })
        }

        It 'writes one row per found input row, duplicates answered each time, in input order' {
            $rows | Should -HaveCount $expectedFound.Count
            @($rows | ForEach-Object Id) | Should -Be $expectedFound
        }

        It 'writes every property of the record as a column' {
            $columns = @($rows[0].PSObject.Properties | ForEach-Object Name)
            $properties = @((Get-VerifikDocumentLiveness -Id 'c1').PSObject.Properties | ForEach-Object Name)

            $columns | Should -Be $properties
            foreach ($name in 'Id', 'CreatedAt', 'AggregatedScore', 'ScreenReplayScore', 'ScreenReplayProbability',
                'ScreenReplayCalibration', 'ScreenReplayWarnings', 'PrintedCopyWarnings', 'PortraitSubstitutionErrors',
                'DigitalManipulationWarnings') {
                $columns | Should -Contain $name
            }
        }

        It 'keeps the values: the typo field and the scores' {
            $flat = @($rows | Where-Object Id -eq $flatId)
            $flat | Should -HaveCount 1
            # Export-Csv writes numbers with the current culture; read them back the same way.
            [double]::Parse($flat[0].ScreenReplayScore, [System.Globalization.CultureInfo]::CurrentCulture) | Should -Be 0.4201007
            [double]::Parse($flat[0].AggregatedScore, [System.Globalization.CultureInfo]::CurrentCulture) | Should -Be 0.000001
            $flat[0].ScreenReplayCalibration | Should -Be 'REGULAR'
        }

        It 'writes lists as readable cells joined with ";"' {
            $c1 = @($rows | Where-Object Id -eq 'c1')
            $c2 = @($rows | Where-Object Id -eq 'c2')
            $c3 = @($rows | Where-Object Id -eq 'c3')

            $c1[0].ScreenReplayWarnings | Should -Be 'GLARE_ON_IMAGE'
            $c1[1].PrintedCopyWarnings | Should -Be 'GLARE_ON_IMAGE'
            $c2[0].PrintedCopyWarnings | Should -Be 'GLARE_ON_IMAGE;IMAGE_TOO_BLURRY'
            $c2[0].DigitalManipulationErrors | Should -Be 'DOCUMENT_CROPPED'
            $c3[0].ScreenReplayWarnings | Should -Be ''
            $c3[0].ScreenReplayErrors | Should -Be ''
        }

        It 'never writes a type name instead of a list' {
            $text = Get-Content -LiteralPath $outCsv -Raw

            $text | Should -Not -Match 'System\.String\[\]'
            $text | Should -Not -Match 'CodeList'
            $text | Should -Not -Match 'System\.Collections'
        }

        It 'collects exactly the missing IDs, as ObjectNotFound, in missing.csv' {
            $notFound | Should -HaveCount $expectedMissing.Count
            @($missing | ForEach-Object Id) | Should -Be $expectedMissing
            @($missing | ForEach-Object Reason) | Should -Be @('ObjectNotFound', 'ObjectNotFound')
        }
    }
}
