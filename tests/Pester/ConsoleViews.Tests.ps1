# The default views as a person reads them, checked on the rendered text (Out-String -Width 80 and 120, what an 80- and a
# 120-column console show): one line a record at 80 columns with the four probabilities, more at 120; headers that say
# which number they show; local times that say so, in another time zone too (TZ=America/Bogota, a new pwsh); -CreatedAfter
# in local time; server text escaped; and records from a submission with the file each came from.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-VerifikModule

    function ConvertTo-Line {
        # The non-empty lines of rendered text, trailing blanks trimmed.
        param([AllowEmptyString()][string]$Text)
        @((Remove-Ansi $Text) -split '\r?\n' | ForEach-Object { $_.TrimEnd() } | Where-Object { $_.Length -gt 0 })
    }

    function Invoke-InTimeZone {
        # Runs the script in a new pwsh whose local time zone is -TimeZone (the TZ variable, as on Linux and macOS),
        # connected to the sandbox; returns what it printed.
        param([Parameter(Mandatory = $true)][string]$TimeZone, [Parameter(Mandatory = $true)][string]$Script)
        $prefix = "`$ErrorActionPreference = 'Stop'; Import-Module '$(Get-VerifikManifestPath)'; " +
        "Connect-Verifik -Token '$($sandbox.Token)' -BaseUri '$($sandbox.BaseUri)'; "
        $saved = $env:TZ
        try {
            $env:TZ = $TimeZone
            $printed = & (Get-PowerShellPath) -NoProfile -NonInteractive -Command ($prefix + $Script) 2>&1 | Out-String
        }
        finally {
            $env:TZ = $saved
        }
        $LASTEXITCODE | Should -Be 0 -Because $printed
        Remove-Ansi $printed
    }
}

Describe 'The default table and list of records' {
    BeforeAll {
        $flatId = '68a8bf34d8207d5f3357b643'       # created 2025-08-22T19:04:25.503Z
        $nestedId = 'document_liveness_123456789'  # the older nested shape: scores and verdicts, no probabilities
        $esc = [string][char]27
        $hostileId = "esc$esc[31mred"
        $seed = New-SeedFile -Path (Join-Path $TestDrive 'views-seed.json') -Record @(
            (Get-DocumentedRecordJson flat-response.json)
            (Get-DocumentedRecordJson nested-response.json)
            (New-FlatRecord -Id 'many-codes' -Warnings @('GLARE_ON_IMAGE', 'IMAGE_TOO_BLURRY', 'LOW_RESOLUTION') -Errors @('DOCUMENT_CROPPED') -CreatedAt '2025-08-22T18:00:00.000Z')
            (New-FlatRecord -Id $hostileId -Warnings @("GLARE$esc[2J") -Status "done$esc[5m")
        )
        $sandbox = Start-VerifikSandbox -ArgumentList '--seed-file', $seed
        Connect-Verifik -Token $sandbox.Token -BaseUri $sandbox.BaseUri
        $records = @(Get-VerifikDocumentLiveness | Where-Object { $_.Id -in $flatId, $nestedId, 'many-codes' })
        $flatLocal = ([datetime]::Parse('2025-08-22T19:04:25.503Z', [cultureinfo]::InvariantCulture, 'AdjustToUniversal, AssumeUniversal')).ToLocalTime()
    }

    AfterAll {
        Disconnect-Verifik
        Stop-VerifikSandbox $sandbox
    }

    It 'at 80 columns shows each record on one line: the ID, the local time and the four probabilities as percentages' {
        $lines = ConvertTo-Line ($records | Out-String -Width 80)

        $lines | Should -HaveCount (2 + $records.Count) -Because 'a header, its underline and one line a record, nothing wrapped'
        foreach ($line in $lines) { $line.Length | Should -BeLessOrEqual 80 }
        $lines[0] | Should -Match '^Id\s+Created \(local\)\s+Screen%\s+Print%\s+Portrait%\s+Digital%$'
        $flat = @($lines | Where-Object { $_.StartsWith($flatId) })
        $flat | Should -HaveCount 1
        $flat[0] | Should -Match ('^{0}\s+{1}\s+0[.,]2\s+0[.,]0\s+94[.,]9\s+35[.,]8$' -f $flatId, [regex]::Escape($flatLocal.ToString('yyyy-MM-dd HH:mm', [cultureinfo]::InvariantCulture)))
    }

    It 'at 120 columns adds the score, the status and the warning and error codes' {
        $lines = ConvertTo-Line ($records | Out-String -Width 120)

        foreach ($line in $lines) { $line.Length | Should -BeLessOrEqual 120 }
        $lines[0] | Should -Match '^Id\s+Created \(local\)\s+Screen%\s+Print%\s+Portrait%\s+Digital%\s+Score\s+Status\s+Warnings$'
        @($lines | Where-Object { $_.StartsWith($flatId) }) | Should -Match '94[.,]9\s+35[.,]8\s+0[.,]0000\s+GLARE_ON_IMAGE$'
        @($lines | Where-Object { $_.StartsWith('many-codes') }) | Should -Match '\s0[.,]0000\s+DOCUMENT_CROPPED,'
        # Wider still, the codes get the room.
        @(ConvertTo-Line ($records | Out-String -Width 200) | Where-Object { $_.StartsWith('many-codes') }) |
            Should -Match '\sDOCUMENT_CROPPED,GLARE_ON_IMAGE,IMAGE_TOO_BLURRY,LOW_RESOLUTION$'
    }

    It 'shows a nested-shape record''s verdicts, never its scores, under the probability headers' {
        $nested = @(ConvertTo-Line ($records | Out-String -Width 120) | Where-Object { $_.StartsWith($nestedId) })

        $nested | Should -HaveCount 1
        $nested[0] | Should -Match '\spassed\s+passed\s+passed\s+passed\s+risk 0[.,]05\s+completed$'
        $nested[0] | Should -Not -Match '0[.,]9[0-5]|9[0-5][.,]0'
    }

    It 'shows each check''s probability, score and codes in the list view, and the time with its UTC offset' {
        $text = Remove-Ansi ($records | Where-Object Id -eq $flatId | Format-List | Out-String -Width 160)

        $text | Should -Match 'ScreenReplay\s+: probability 0[.,]0019733 \(0[.,]2%\), score 0[.,]4201007, REGULAR, GLARE_ON_IMAGE'
        $text | Should -Match 'PrintedCopy\s+: probability 0[.,]000001 \(0[.,]0%\)'
        $text | Should -Match ('CreatedAt\s+: ' + [regex]::Escape($flatLocal.ToString('yyyy-MM-dd HH:mm:ss zzz', [cultureinfo]::InvariantCulture)))
        $text | Should -Match 'AggregatedScore\s+: 0[.,]000001'
        $text | Should -Not -Match 'SourcePath' -Because 'a fetched record has none'
    }

    It 'escapes server text (IDs, statuses, codes) in the table and the list' {
        $hostile = @(Get-VerifikDocumentLiveness | Where-Object { $_.Id -eq $hostileId })
        $hostile | Should -HaveCount 1 -Because 'the object keeps the ID as the API sent it'

        foreach ($text in ($hostile | Out-String -Width 160), ($hostile | Format-List | Out-String -Width 160)) {
            $text.Contains([char]27) | Should -BeFalse
            $text | Should -Match ([regex]::Escape('esc\x1B[31mred'))
        }
        ($hostile | Out-String -Width 160) | Should -Match ([regex]::Escape('done\x1B[') + '\S*\s+' + [regex]::Escape('GLARE\x1B[2J'))
        ($hostile | Format-List | Out-String -Width 160) | Should -Match ('Status\s+: ' + [regex]::Escape('done\x1B[5m'))
    }

    It 'shows local times in another time zone (America/Bogota), while the objects keep UTC' -Skip:([Environment]::OSVersion.Platform -eq [PlatformID]::Win32NT) {
        # TZ is how Linux and macOS name the local time zone; Windows ignores it.
        $printed = Invoke-InTimeZone 'America/Bogota' (
            "`$r = Get-VerifikDocumentLiveness -Id '$flatId'; `$r | Out-String -Width 80; `$r | Format-List | Out-String -Width 120; " +
            "'kind=' + `$r.CreatedAt.Kind + ' hour=' + `$r.CreatedAt.Hour")

        $printed | Should -Match ('(?m)^{0}\s+2025-08-22 14:04\s' -f $flatId)
        $printed | Should -Match '(?m)^CreatedAt\s+: 2025-08-22 14:04:25 -05:00$'
        $printed | Should -Match 'kind=Utc hour=19'
    }

    It 'takes -CreatedAfter in local time (of unspecified or local kind), and a UTC time as UTC' -Skip:([Environment]::OSVersion.Platform -eq [PlatformID]::Win32NT) {
        # In Bogota (UTC-5), 19:04 UTC is 14:04 local and 18:00 UTC is 13:00 local.
        $cases = @(
            "'2025-08-22 14:00'"                                                   # a string, as typed: local
            "[datetime]'2025-08-22 14:00'"                                         # unspecified kind: local
            "[datetime]::SpecifyKind([datetime]'2025-08-22 14:00', 'Local')"
            "[datetime]::SpecifyKind([datetime]'2025-08-22 19:00', 'Utc')"
            "'2025-08-22T19:00:00Z'"
            "(Get-Date -Date '2025-08-22 14:00')"
        )
        $script = ($cases | ForEach-Object { "'case:' + ((Get-VerifikDocumentLiveness -CreatedAfter ($_) | Where-Object Id -in '$flatId', 'many-codes' | ForEach-Object Id) -join ',')" }) -join '; '
        $script += "; 'later:' + ((Get-VerifikDocumentLiveness -CreatedAfter '2025-08-22 14:05' | Where-Object Id -eq '$flatId' | ForEach-Object Id) -join ',')"

        $printed = Invoke-InTimeZone 'America/Bogota' $script

        @([regex]::Matches($printed, '(?m)^case:(.*)$') | ForEach-Object { $_.Groups[1].Value.Trim() }) | Should -Be @($cases | ForEach-Object { $flatId })
        $printed | Should -Match '(?m)^later:\s*$'
    }
}

Describe 'Records from a submission' {
    BeforeAll {
        $sandbox = Start-VerifikSandbox
        Connect-Verifik -Token $sandbox.Token -BaseUri $sandbox.BaseUri
        $folder = Join-Path (Join-Path $TestDrive 'scans') '2025-08'
        $null = New-Item -ItemType Directory -Path $folder -Force
        $files = @(1..3 | ForEach-Object {
                $path = Join-Path $folder ('scan-{0:D3}.jpg' -f $_)
                $bytes = [byte[]]::new(1500)
                ([System.Random]::new($_)).NextBytes($bytes)
                ([byte[]](0xFF, 0xD8, 0xFF, 0xE0)).CopyTo($bytes, 0)
                [System.IO.File]::WriteAllBytes($path, $bytes)
                $path
            })
        Push-Location -LiteralPath $TestDrive
        try {
            $created = @(New-VerifikDocumentLiveness -Path $files)
            $table80 = ConvertTo-Line ($created | Out-String -Width 80)
            $table120 = ConvertTo-Line ($created | Out-String -Width 120)
        }
        finally {
            Pop-Location
        }
    }

    AfterAll {
        Disconnect-Verifik
        Stop-VerifikSandbox $sandbox
    }

    It 'shows which file became which record, one line a record at 80 columns' {
        $created | Should -HaveCount 3
        $table80 | Should -HaveCount 5
        foreach ($line in $table80) { $line.Length | Should -BeLessOrEqual 80 }
        $table80[0] | Should -Match '^Id\s+SourcePath\s+Screen%\s+Print%\s+Portrait%\s+Digital%$'
        for ($i = 0; $i -lt 3; $i++) {
            # Relative to the current location, shortened from the left so the file's name stays.
            $table80[2 + $i] | Should -Match ('^{0}\s+{1}\S*{2}\s' -f $created[$i].Id, [char]0x2026, [regex]::Escape((Split-Path -Leaf $files[$i])))
        }
    }

    It 'adds the score and the codes at 120 columns, and the full path in the list view' {
        $table120[0] | Should -Match '^Id\s+SourcePath\s+Screen%\s+Print%\s+Portrait%\s+Digital%\s+Score\s+Warnings$'
        foreach ($line in $table120) { $line.Length | Should -BeLessOrEqual 120 }
        (Remove-Ansi ($created[0] | Format-List | Out-String -Width 200)) | Should -Match ('SourcePath\s+: ' + [regex]::Escape($files[0]))
    }

    It 'are still Verifik.DocumentLiveness records; fetched again, they show the ordinary table' {
        $created[0] | Should -BeOfType 'Verifik.DocumentLiveness'
        $created[0].PSObject.TypeNames[0] | Should -Be 'Verifik.DocumentLiveness#Submission'
        $created[0].SourcePath | Should -Be $files[0]

        $fetched = ConvertTo-Line (Get-VerifikDocumentLiveness -Id $created[0].Id | Out-String -Width 80)
        $fetched[0] | Should -Match '^Id\s+Created \(local\)\s+Screen%'
    }
}
