# Get-VerifikDocumentLiveness by ID through real pwsh, against the loopback sandbox seeded with the two
# documented records and a few variants; its log (--expose-log) shows exactly what was requested.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-VerifikModule
}

Describe 'Get-VerifikDocumentLiveness by ID' {
    BeforeAll {
        $flatId = '68a8bf34d8207d5f3357b643'
        $nestedId = 'document_liveness_123456789'

        $seed = New-SeedFile -Path (Join-Path $TestDrive 'document-liveness-seed.json') -Record @(
            (Get-DocumentedRecordJson flat-response.json)
            (Get-DocumentedRecordJson nested-response.json)
            (New-FlatRecord -Id 'before' -Warnings @())
            (New-FlatRecord -Id 'after' -Warnings @())
            (New-FlatRecord -Id 'low' -AggregatedScore 0.1 -Warnings @('IMAGE_TOO_BLURRY') -CreatedAt '2025-08-20T10:00:00.000Z')
            (New-FlatRecord -Id 'mid' -AggregatedScore 0.5 -Calibration 'HARD' -Warnings @('POOR_IMAGE_EXPOSURE') -CreatedAt '2025-08-21T08:30:00.000Z')
            (New-FlatRecord -Id 'high' -AggregatedScore 0.9 -Warnings @('LOW_RESOLUTION') -CreatedAt '2025-08-22T12:00:00.000Z')
            (New-FlatRecord -Id 'w2' -Warnings @('GLARE_ON_IMAGE', 'IMAGE_TOO_BLURRY'))
            '{"_id":"odd","sreenReplayScore":"high","createdAt":12,"printedCopyScore":2.5,"screenReplayWarnings":"GLARE"}'
        )
        $sandbox = Start-VerifikSandbox -ArgumentList '--seed-file', $seed, '--expose-log'
        Connect-Verifik -Token $sandbox.Token -BaseUri $sandbox.BaseUri
        # The record requests (GET /v2/document-liveness/<id>) since the test began, as their targets went on the wire.
        function Get-RecordTarget { @((Get-VerifikSandboxLog -Sandbox $sandbox).Requests | Select-Object -Skip $before | Where-Object { $_.path -like '/v2/document-liveness/*' } | ForEach-Object rawTarget) }
    }

    BeforeEach {
        $before = @((Get-VerifikSandboxLog -Sandbox $sandbox).Requests).Count
    }

    AfterAll {
        Disconnect-Verifik
        Stop-VerifikSandbox $sandbox
    }

    Context 'The documented records' {
        It 'returns the flat record as a typed Verifik.DocumentLiveness object' {
            $record = Get-VerifikDocumentLiveness -Id $flatId

            $record | Should -HaveCount 1
            $record | Should -BeOfType 'Verifik.DocumentLiveness'
            $record.PSObject.TypeNames | Should -Contain 'Verifik.DocumentLiveness'
            $record.Id | Should -Be $flatId
        }

        It 'reads the typo field sreenReplayScore into ScreenReplayScore' {
            $record = Get-VerifikDocumentLiveness -Id $flatId

            $record.ScreenReplayScore | Should -BeOfType [double]
            $record.ScreenReplayScore | Should -Be 0.4201007
            $record.ScreenReplayCalibration | Should -Be 'REGULAR'
            $record.PrintedCopyScore | Should -Be 2.7406464
            $record.PortraitSubstitutionProbability | Should -Be 0.948844
            $record.DigitalManipulationScore | Should -Be (-0.124236)
            $record.AggregatedScore | Should -Be 0.000001
            $record.ScreenReplayValidated | Should -BeTrue
        }

        It 'makes CreatedAt a [datetime] of Kind Utc' {
            $record = Get-VerifikDocumentLiveness -Id $flatId

            $record.CreatedAt | Should -BeOfType [datetime]
            $record.CreatedAt.Kind | Should -Be ([System.DateTimeKind]::Utc)
            $record.CreatedAt | Should -Be ([datetime]::new(2025, 8, 22, 19, 4, 25, 503, [System.DateTimeKind]::Utc))
        }

        It 'makes warnings a list that -contains and string interpolation understand' {
            $record = Get-VerifikDocumentLiveness -Id $flatId

            $record.ScreenReplayWarnings -contains 'GLARE_ON_IMAGE' | Should -BeTrue
            $record.ScreenReplayWarnings | Should -Contain 'GLARE_ON_IMAGE'
            "$($record.PrintedCopyWarnings)" | Should -Be 'GLARE_ON_IMAGE'
            $record.ScreenReplayErrors | Should -HaveCount 0
        }

        It 'fills the same properties from the nested record' {
            $record = Get-VerifikDocumentLiveness -Id $nestedId

            $record.Id | Should -Be $nestedId
            $record.Status | Should -Be 'completed'
            $record.ScreenReplayScore | Should -Be 0.95
            $record.DigitalManipulationPassed | Should -BeTrue
            $record.PrintedCopyDetails | Should -Be 'No printed copy detected'
            $record.RiskScore | Should -Be 0.05
            $record.AppRegistration | Should -Be 'app_registration_123456789'
            $record.IgnoreColourLessValidation | Should -BeFalse
            $record.CompletedAt | Should -Be ([datetime]::new(2024, 1, 15, 10, 32, 0, [System.DateTimeKind]::Utc))
            $record.AggregatedScore | Should -BeNullOrEmpty
        }
    }

    Context 'Binding IDs' {
        It 'takes several IDs with -Id and keeps their order' {
            $ids = (Get-VerifikDocumentLiveness -Id 'after', $flatId, 'before').Id

            $ids | Should -Be @('after', $flatId, 'before')
        }

        It 'takes IDs by value from the pipeline, in input order' {
            $ids = 'before', $nestedId, 'after' | Get-VerifikDocumentLiveness | ForEach-Object Id

            $ids | Should -Be @('before', $nestedId, 'after')
        }

        It 'takes IDs by property name from Import-Csv rows with the header <Header>' -ForEach @(
            @{ Header = 'Id' }
            @{ Header = 'id' }
            @{ Header = 'ID' }
            @{ Header = '_id' }
            @{ Header = 'DocumentLivenessId' }
        ) {
            $csv = Join-Path $TestDrive ('ids-{0}.csv' -f [guid]::NewGuid().ToString('N'))
            Set-Content -LiteralPath $csv -Value @("$Header,Note", 'before,first', "$flatId,second", 'after,third') -Encoding ASCII

            $rows = @(Import-Csv -LiteralPath $csv)
            $ids = $rows | Get-VerifikDocumentLiveness -ErrorVariable bindErrors | ForEach-Object Id

            $rows | Should -HaveCount 3
            $ids | Should -Be @('before', $flatId, 'after')
            $bindErrors | Should -HaveCount 0
        }
    }

    Context 'Typed properties in the pipeline' {
        BeforeAll {
            $records = @('high', 'low', $flatId, 'mid' | Get-VerifikDocumentLiveness)
        }

        It 'returns one object per ID' {
            $records | Should -HaveCount 4
        }

        It 'filters with Where-Object AggregatedScore -lt 0.5' {
            $ids = @($records | Where-Object AggregatedScore -lt 0.5 | ForEach-Object Id)

            $ids | Should -Be @('low', $flatId)
            $records[1].AggregatedScore | Should -BeOfType [double]
            $records[1].CreatedAt | Should -BeOfType [datetime]
        }

        It 'sorts with Sort-Object CreatedAt' {
            @($records | Sort-Object CreatedAt | ForEach-Object Id) | Should -Be @('low', 'mid', 'high', $flatId)
            @($records | Sort-Object CreatedAt -Descending | ForEach-Object Id) | Should -Be @($flatId, 'high', 'mid', 'low')
        }

        It 'finds records by warning with -contains' {
            $glare = @($records | Where-Object { $_.ScreenReplayWarnings -contains 'GLARE_ON_IMAGE' } | ForEach-Object Id)
            $blurry = @($records | Where-Object { $_.PrintedCopyWarnings -contains 'IMAGE_TOO_BLURRY' } | ForEach-Object Id)

            $glare | Should -Be @($flatId)
            $blurry | Should -Be @('low')
        }

        It 'filters on strings and dates too' {
            @($records | Where-Object PrintedCopyCalibration -eq 'HARD' | ForEach-Object Id) | Should -Be @('mid')
            @($records | Where-Object CreatedAt -gt ([datetime]::new(2025, 8, 22, 0, 0, 0, [System.DateTimeKind]::Utc)) | ForEach-Object Id) |
                Should -Be @('high', $flatId)
        }
    }

    Context 'Records that are not found' {
        It 'reports a 404 in the middle as one ObjectNotFound error and still returns the other IDs' {
            $ids = 'before', 'missing-1', 'after' |
                Get-VerifikDocumentLiveness -ErrorVariable notFound -ErrorAction SilentlyContinue |
                ForEach-Object Id

            $ids | Should -Be @('before', 'after')
            $notFound | Should -HaveCount 1
            $notFound[0].CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::ObjectNotFound)
            $notFound[0].TargetObject | Should -Be 'missing-1'
            $notFound[0].FullyQualifiedErrorId | Should -BeLike 'DocumentLivenessNotFound,*'
            $notFound[0].Exception.Message | Should -BeLike '*Record not found.*'
        }

        It 'reads the older docs'' 404 body as the same ObjectNotFound error' {
            $nested = Start-VerifikSandbox -ArgumentList '--not-found-style', 'Nested', '--seed-file', $seed
            try {
                $connection = Connect-Verifik -Token $nested.Token -BaseUri $nested.BaseUri -ReturnConnection
                $ids = 'before', 'missing', 'after' | Get-VerifikDocumentLiveness -Connection $connection -ErrorVariable notFound -ErrorAction SilentlyContinue |
                    ForEach-Object Id

                $ids | Should -Be @('before', 'after')
                $notFound | Should -HaveCount 1
                $notFound[0].CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::ObjectNotFound)
                $notFound[0].TargetObject | Should -Be 'missing'
                $notFound[0].FullyQualifiedErrorId | Should -BeLike 'DocumentLivenessNotFound,*'
                $notFound[0].Exception.Message | Should -BeLike '*Document liveness not found*'
            }
            finally {
                Stop-VerifikSandbox $nested
            }
        }

        It 'makes the 404 terminating with -ErrorAction Stop, catchable with try/catch' {
            $caught = $null
            $received = [System.Collections.Generic.List[object]]::new()
            try {
                'before', 'missing-2', 'after' | Get-VerifikDocumentLiveness -ErrorAction Stop | ForEach-Object { $received.Add($_.Id) }
            }
            catch {
                $caught = $_
            }

            $caught | Should -Not -BeNullOrEmpty
            $caught.CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::ObjectNotFound)
            $caught.TargetObject | Should -Be 'missing-2'
            $caught.FullyQualifiedErrorId | Should -BeLike 'DocumentLivenessNotFound,*'
            # Results come in input order, so the record before the missing one was already written.
            @($received) | Should -Be @('before')
        }

        It 'can be asserted with Should -Throw as well' {
            { Get-VerifikDocumentLiveness -Id 'missing-3' -ErrorAction Stop } |
                Should -Throw -ErrorId 'DocumentLivenessNotFound,*'
        }
    }

    Context 'Invalid IDs' {
        It 'reports <Name> as an InvalidArgument error without a result' -ForEach @(
            @{ Name = 'an empty string'; Value = '' }
            @{ Name = 'a blank string'; Value = ' ' }
            @{ Name = '$null'; Value = $null }
        ) {
            $out = @(Get-VerifikDocumentLiveness -Id $Value -ErrorVariable invalid -ErrorAction SilentlyContinue)

            $out | Should -HaveCount 0
            $invalid | Should -HaveCount 1
            $invalid[0].CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::InvalidArgument)
            $invalid[0].FullyQualifiedErrorId | Should -BeLike 'InvalidDocumentLivenessId,*'
            Get-RecordTarget | Should -HaveCount 0
        }

        It 'reports each invalid ID from the pipeline and still returns the valid ones' {
            $ids = '', ' ', $null, 'before' |
                Get-VerifikDocumentLiveness -ErrorVariable invalid -ErrorAction SilentlyContinue |
                ForEach-Object Id

            $ids | Should -Be @('before')
            $invalid | Should -HaveCount 3
            foreach ($e in $invalid) {
                $e.CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::InvalidArgument)
            }
        }

        It 'gives an empty, a blank, a $null, a .. and a . ID each its own error with it as TargetObject, and requests only the valid one' {
            $out = @(Get-VerifikDocumentLiveness -Id '', '   ', $null, 'before', '..', '.' -ErrorVariable invalid -ErrorAction SilentlyContinue)

            @($out | ForEach-Object Id) | Should -Be @('before')
            $invalid | Should -HaveCount 5
            foreach ($e in $invalid) {
                $e.CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::InvalidArgument)
                $e.FullyQualifiedErrorId | Should -BeLike 'InvalidDocumentLivenessId*'
            }
            @($invalid | ForEach-Object { $_.TargetObject }) | Should -Be @('', '   ', $null, '..', '.')
            Get-RecordTarget | Should -Be @('/v2/document-liveness/before')

            $null | Get-VerifikDocumentLiveness -ErrorVariable piped -ErrorAction SilentlyContinue
            $piped | Should -HaveCount 1
            $piped[0].CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::InvalidArgument)
        }
    }

    Context '-Raw' {
        It 'returns the record JSON as the API sent it, typo included' {
            $json = Get-VerifikDocumentLiveness -Id $flatId -Raw

            $json | Should -HaveCount 1
            $json | Should -BeOfType [string]
            $json | Should -Match '"sreenReplayScore"'
            $parsed = $json | ConvertFrom-Json
            $parsed._id | Should -Be $flatId
            $parsed.sreenReplayScore | Should -Be 0.4201007
            $parsed.__v | Should -Be 0
            $json | Should -Match '"__v"'
            (Get-VerifikDocumentLiveness -Id $flatId).ToJson() | Should -BeExactly $json
        }
    }

    Context 'Values of the wrong type, and every property' {
        It 'keeps a record with fields of the wrong type, nulls them, and warns once for each' {
            $record = Get-VerifikDocumentLiveness -Id odd -WarningVariable warned -WarningAction SilentlyContinue -ErrorVariable failed

            $record | Should -HaveCount 1
            $record.ScreenReplayScore | Should -BeNullOrEmpty
            $record.CreatedAt | Should -BeNullOrEmpty
            $record.PrintedCopyScore | Should -Be 2.5
            $warned | Should -HaveCount 3
            @($warned | Where-Object { $_.Message -like '*sreenReplayScore*' -and $_.Message -like "*'odd'*" }) | Should -Not -BeNullOrEmpty
            $failed | Should -HaveCount 0
        }

        It 'has every property, for Export-Csv, and prints lists readably' {
            $expected = [System.Collections.Generic.List[string]]::new()
            foreach ($name in 'Id', 'Client', 'AppRegistration', 'Status', 'ImageSaved', 'ImageUrl', 'AggregatedScore', 'RiskScore',
                'Confidence', 'IgnoreDocumentCroppedValidation', 'IgnoreColourLessValidation', 'CreatedAt', 'UpdatedAt', 'CompletedAt',
                'SourcePath', 'IsLive', 'AggregateWarnings', 'ChargesCount') { $expected.Add($name) }
            foreach ($check in 'ScreenReplay', 'PrintedCopy', 'PortraitSubstitution', 'DigitalManipulation') {
                foreach ($suffix in 'Validated', 'Score', 'Probability', 'Passed', 'Calibration', 'Warnings', 'Errors', 'Details') { $expected.Add($check + $suffix) }
            }

            @((Get-VerifikDocumentLiveness -Id $flatId).PSObject.Properties.Name | Sort-Object) | Should -Be @($expected | Sort-Object)
            # Export-Csv writes each value's ToString(): a list must not print as System.String[].
            (Get-VerifikDocumentLiveness -Id w2).DigitalManipulationWarnings.ToString() | Should -Be 'GLARE_ON_IMAGE;IMAGE_TOO_BLURRY'
        }
    }

    Context 'The default table view' {
        It 'fits 120 columns and shows the IDs' {
            $records = $flatId, $nestedId | Get-VerifikDocumentLiveness
            $text = Remove-Ansi -Text ($records | Format-Table | Out-String -Width 120)
            $lines = @($text -split '\r?\n' | ForEach-Object { $_.TrimEnd() } | Where-Object { $_.Length -gt 0 })

            $tooLong = @($lines | Where-Object { $_.Length -gt 120 })
            $tooLong | Should -HaveCount 0
            @($lines | Where-Object { $_ -match 'Score' -and $_ -match 'Warnings' }) | Should -HaveCount 1
            @($lines | Where-Object { $_.StartsWith($flatId) -and $_.Contains('GLARE_ON_IMAGE') }) | Should -HaveCount 1
            @($lines | Where-Object { $_.StartsWith($nestedId) -and $_.Contains('completed') }) | Should -HaveCount 1
            $text | Should -Not -Match 'ImageUrl'
        }
    }
}

Describe 'Each ID is one escaped path segment on the wire' {
    BeforeAll {
        $ids = @('a/b', 'a?x=1', 'a#frag', '100%', '../v2', 'a\b', 'with space', "$([char]0xFC)n$([char]0xEF)", "ctl$([char]1)")
        $seed = New-SeedFile -Path (Join-Path $TestDrive 'escaped.json') -Record @($ids | ForEach-Object { New-FlatRecord -Id $_ })
        $sandbox = Start-VerifikSandbox -ArgumentList '--seed-file', $seed, '--expose-log'
        Connect-Verifik -Token $sandbox.Token -BaseUri $sandbox.BaseUri
    }

    AfterAll {
        Disconnect-Verifik
        Stop-VerifikSandbox $sandbox
    }

    It 'requests /v2/document-liveness/<Escaped> for its ID, and the record comes back with that ID' -ForEach @(
        @{ Id = 'a/b'; Escaped = 'a%2Fb' }
        @{ Id = 'a?x=1'; Escaped = 'a%3Fx%3D1' }
        @{ Id = 'a#frag'; Escaped = 'a%23frag' }
        @{ Id = '100%'; Escaped = '100%25' }
        @{ Id = '../v2'; Escaped = '..%2Fv2' }
        @{ Id = 'a\b'; Escaped = 'a%5Cb' }
        @{ Id = 'with space'; Escaped = 'with%20space' }
        @{ Id = "$([char]0xFC)n$([char]0xEF)"; Escaped = '%C3%BCn%C3%AF' }
        @{ Id = "ctl$([char]1)"; Escaped = 'ctl%01' }
    ) {
        $before = @((Get-VerifikSandboxLog -Sandbox $sandbox).Requests).Count

        (Get-VerifikDocumentLiveness -Id $Id).Id | Should -BeExactly $Id

        @((Get-VerifikSandboxLog -Sandbox $sandbox).Requests | Select-Object -Skip $before | ForEach-Object rawTarget) |
            Should -Be @("/v2/document-liveness/$Escaped")
    }
}
