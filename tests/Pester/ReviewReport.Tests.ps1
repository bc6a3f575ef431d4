# Export-VerifikDocumentLivenessReport (issue 18): records from the sandbox to one HTML page with their images beside it,
# asserted from the live DOM of headless Chromium (HeadlessBrowser.psm1): rows, summary counts, thumbnails loaded from the
# relative folder, sorting, a hostile record that runs nothing, no console errors; and the command's own behaviour
# (resuming, the token, -NoImage, -WhatIf, -PassThru, -Show, bad input). The sandbox's image origin is given a port up
# front (--cdn-url) so that seed records can point at it; its generated images are real JPEGs.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'SandboxImages.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'HeadlessBrowser.psm1') -Force
    Import-VerifikModule

    $hostileId = '<img src=x onerror=alert(1)>'
    $hostileWarning = '<script>window.pwned=1</script>'
    $hostileError = '<img src=x onerror="window.pwned=2">'
    $rule = { $_.PortraitSubstitutionProbability -gt 0.8 }

    function Get-Column {
        <# The data-v of one column, row by row, as the page orders them now. #>
        param($Browser, [int]$Index)
        @(Invoke-BrowserScript $Browser "Array.from(document.querySelectorAll('#records-table .body > .row')).map(r => r.children[$Index].getAttribute('data-v'))")
    }
}

Describe 'Export-VerifikDocumentLivenessReport' {
    BeforeAll {
        $cdnPort = Get-FreeTcpPort
        $cdn = "http://127.0.0.1:$cdnPort/"
        $hostile = New-FlatRecord -Id $hostileId -Warnings @($hostileWarning) -Errors @($hostileError)
        $hostile['imageUrl'] = $cdn + 'generated/4096/hostile.jpg'
        $noImage = New-FlatRecord -Id 'no-image'
        $noImage['imageSaved'] = $false
        $noImage['imageUrl'] = $null
        $broken = New-FlatRecord -Id 'broken'
        $broken['imageUrl'] = $cdn + 'document-liveness/missing'
        $nested = New-NestedRecord -Id 'nested-1'
        $nested['imageSaved'] = $false
        $nested['imageUrl'] = ''
        $seed = New-SeedFile -Path (Join-Path $TestDrive 'report-seed.json') -Record @($hostile, $noImage, $broken, $nested)
        $sandbox = Start-VerifikSandbox -ArgumentList '--seed-file', $seed, '--synthetic', '30', '--synthetic-image-bytes', '4096',
            '--cdn-url', "http://127.0.0.1:$cdnPort", '--expose-log'
        Connect-Verifik -Token $sandbox.Token -BaseUri $sandbox.BaseUri -MaxRetry 0
        $records = @(Get-VerifikDocumentLiveness)
        $withImage = @($records | Where-Object { $_.ImageUrl -and $_.Id -ne 'broken' })

        $folder = Join-Path $TestDrive 'out'
        $null = New-Item -ItemType Directory -Path $folder
        $page = Join-Path $folder 'review.html'
        $mark = @((Get-VerifikSandboxLog -Sandbox $sandbox).Requests).Count
        $written = @($records | Export-VerifikDocumentLivenessReport -Path $page -FlagWhere $rule -PassThru -ErrorVariable reportErrors -ErrorAction SilentlyContinue)
        $requests = @((Get-VerifikSandboxLog -Sandbox $sandbox).Requests | Select-Object -Skip $mark)
        $html = Get-Content -LiteralPath $page -Raw

        $browser = Start-HeadlessBrowser
        Open-BrowserPage $browser ([System.Uri]::new($page)).AbsoluteUri
    }

    AfterAll {
        Stop-HeadlessBrowser $browser
        Disconnect-Verifik
        Stop-VerifikSandbox $sandbox
    }

    Context 'the page in a browser' {
        It 'has one row per record and the counts of the summary' {
            $flagged = @($records | Where-Object $rule)

            Invoke-BrowserScript $browser "document.querySelectorAll('#records-table .body > .row').length" | Should -Be $records.Count
            Invoke-BrowserScript $browser "+document.getElementById('count-records').dataset.count" | Should -Be $records.Count
            Invoke-BrowserScript $browser "+document.getElementById('count-stored-images').dataset.count" | Should -Be @($records | Where-Object ImageUrl).Count
            Invoke-BrowserScript $browser "+document.getElementById('count-saved-images').dataset.count" | Should -Be $withImage.Count
            Invoke-BrowserScript $browser "+document.getElementById('count-flagged').dataset.count" | Should -Be $flagged.Count
            $flagged.Count | Should -BeGreaterThan 0
        }

        It 'counts each warning code by the records that carry it, and bins every probability' {
            $expected = @{}
            foreach ($record in $records) {
                $codes = @($record.ScreenReplayWarnings) + @($record.PrintedCopyWarnings) + @($record.PortraitSubstitutionWarnings) + @($record.DigitalManipulationWarnings) |
                    Where-Object { $_ } | Select-Object -Unique
                foreach ($code in $codes) { $expected[$code] = 1 + [int]$expected[$code] }
            }

            $chips = Invoke-BrowserScript $browser "Object.fromEntries(Array.from(document.querySelectorAll('#warnings .chip')).map(c => [c.dataset.code, +c.dataset.count]))"
            $shown = @{}
            foreach ($property in $chips.PSObject.Properties) { $shown[$property.Name] = $property.Value }
            $shown.Keys | Sort-Object | Should -Be ($expected.Keys | Sort-Object)
            foreach ($code in $expected.Keys) { $shown[$code] | Should -Be $expected[$code] -Because $code }

            $binned = @(Invoke-BrowserScript $browser "Array.from(document.querySelectorAll('#checks .hist')).map(h => Array.from(h.querySelectorAll('rect.bin')).reduce((n, r) => n + +r.dataset.count, 0))")
            $binned | Should -Be @(
                @($records | Where-Object { $null -ne $_.ScreenReplayProbability }).Count
                @($records | Where-Object { $null -ne $_.PrintedCopyProbability }).Count
                @($records | Where-Object { $null -ne $_.PortraitSubstitutionProbability }).Count
                @($records | Where-Object { $null -ne $_.DigitalManipulationProbability }).Count
            )
        }

        It 'loads every thumbnail from the folder beside the page' {
            $loaded = Invoke-BrowserScript $browser @'
(async () => {
  const out = [];
  for (const img of document.querySelectorAll('#records-table img')) {
    img.scrollIntoView();
    if (!img.complete) await new Promise(done => { img.addEventListener('load', done); img.addEventListener('error', done); });
    out.push({ src: img.getAttribute('src'), width: img.naturalWidth, link: img.parentElement.getAttribute('href') });
  }
  window.scrollTo(0, 0);
  return out;
})()
'@
            @($loaded) | Should -HaveCount $withImage.Count
            foreach ($image in $loaded) {
                $image.src | Should -BeLike 'review_files/*'
                $image.link | Should -Be $image.src
                $image.width | Should -BeGreaterThan 0 -Because "$($image.src) must have loaded"
            }
            @(Get-ChildItem -LiteralPath (Join-Path $folder 'review_files') -File).Count | Should -Be $withImage.Count
        }

        It 'lists the flagged records first and states the rule it used' {
            $flagged = @($records | Where-Object $rule).Count

            $marks = @(Invoke-BrowserScript $browser "Array.from(document.querySelectorAll('#records-table .body > .row')).map(r => r.classList.contains('flagged'))")

            @($marks[0..($flagged - 1)] | Select-Object -Unique) | Should -Be @($true)
            @($marks | Select-Object -Skip $flagged | Where-Object { $_ }) | Should -HaveCount 0
            Invoke-BrowserScript $browser "document.getElementById('rule').textContent" | Should -BeLike "*$($rule.ToString().Trim())*"
        }

        It 'sorts the rows by a probability column when its heading is clicked, then the other way' {
            $before = Get-Column $browser 6

            $null = Invoke-BrowserScript $browser "Array.from(document.querySelectorAll('#records-table .head button')).find(b => b.textContent === 'Portrait substitution').click()"
            $ascending = Get-Column $browser 6
            $null = Invoke-BrowserScript $browser "Array.from(document.querySelectorAll('#records-table .head button')).find(b => b.textContent === 'Portrait substitution').click()"
            $descending = Get-Column $browser 6
            $null = Invoke-BrowserScript $browser "Array.from(document.querySelectorAll('#records-table .head button')).find(b => b.textContent === '#').click()"

            $values = @($records | Where-Object { $null -ne $_.PortraitSubstitutionProbability } | ForEach-Object PortraitSubstitutionProbability)
            @($ascending | Where-Object { $_ } | ForEach-Object { [double]$_ }) | Should -Be @($values | Sort-Object)
            @($descending | Where-Object { $_ } | ForEach-Object { [double]$_ }) | Should -Be @($values | Sort-Object -Descending)
            # Records without the check (the nested one has no probability) come last, either way.
            @($ascending | Select-Object -Last ($records.Count - $values.Count) | Where-Object { $_ }) | Should -HaveCount 0
            @($ascending) | Should -Not -Be @($before)
            @(Get-Column $browser 0 | ForEach-Object { [int]$_ }) | Should -Be @(1..$records.Count)
        }

        It 'shows a hostile ID, warning and error as text and runs none of them' {
            $row = Invoke-BrowserScript $browser @"
(() => {
  const row = Array.from(document.querySelectorAll('#records-table .body > .row')).find(r => r.children[2].textContent === $(ConvertTo-Json $hostileId));
  const handlers = Array.from(document.querySelectorAll('*')).filter(e => Array.from(e.attributes).some(a => a.name.startsWith('on'))).length;
  return row ? { chips: Array.from(row.querySelectorAll('.chip')).map(c => c.textContent), pwned: typeof window.pwned, images: document.querySelectorAll('img[src="x"]').length, scripts: document.scripts.length, handlers: handlers } : null;
})()
"@
            $row | Should -Not -BeNullOrEmpty
            $row.chips | Should -Contain $hostileWarning
            $row.chips | Should -Contain $hostileError
            $row.pwned | Should -Be 'undefined'
            $row.images | Should -Be 0
            $row.scripts | Should -Be 1
            $row.handlers | Should -Be 0
            $browser.Dialogs | Should -HaveCount 0
            $html.Contains($hostileId) | Should -BeFalse
            $html.Contains('&lt;img src=x onerror=alert(1)&gt;') | Should -BeTrue
        }

        It 'shows a placeholder that says why a record has no image, and the API verdicts where given' {
            $cells = Invoke-BrowserScript $browser @'
Object.fromEntries(Array.from(document.querySelectorAll('#records-table .body > .row')).map(r => [r.children[2].textContent, { image: r.children[1].textContent, checks: r.children[4].textContent }]))
'@
            $cells.'no-image'.image | Should -BeLike 'No stored image*'
            $cells.'nested-1'.image | Should -BeLike 'No stored image*'
            $cells.'broken'.image | Should -BeLike 'Not saved:*'
            $cells.'nested-1'.checks | Should -BeLike '*API: passed*'
            Invoke-BrowserScript $browser "document.querySelector('#checks tbody tr td:last-child').textContent" | Should -Be '1 passed, 0 failed'
        }

        It 'reads the same with script off: every row, the summary, plain headings' {
            Open-BrowserPage $browser ([System.Uri]::new($page)).AbsoluteUri -NoScript
            try {
                Invoke-BrowserScript $browser "document.querySelectorAll('#records-table .body > .row').length" | Should -Be $records.Count
                Invoke-BrowserScript $browser "document.querySelectorAll('#records-table .head button').length" | Should -Be 0
                Invoke-BrowserScript $browser "document.getElementById('count-records').textContent" | Should -Be "$($records.Count)"
            }
            finally {
                Open-BrowserPage $browser ([System.Uri]::new($page)).AbsoluteUri
            }
        }

        It 'has no console error, exception or refused content' {
            @(Get-BrowserProblem $browser) | Should -HaveCount 0
        }
    }

    Context 'the command' {
        It 'writes the page and its images folder, references nothing remote, and writes its FileInfo with -PassThru' {
            $written | Should -HaveCount 1
            $written[0] | Should -BeOfType ([System.IO.FileInfo])
            $written[0].FullName | Should -Be $page
            Get-FileName $folder | Should -Be @('review.html')
            $html | Should -Match '<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;'
            $html | Should -Not -Match '(src|href)="(https?:)?//'
        }

        It 'downloads each image once, never with the token, and reports the one that failed as its own error' {
            $atCdn = @($requests | Where-Object origin -eq (Get-Origin $cdn))
            $atCdn | Should -HaveCount ($withImage.Count + 1)
            @($atCdn | Where-Object { $_.hasAuthorization -or $_.tokenId }) | Should -HaveCount 0
            @($requests | Where-Object origin -ne (Get-Origin $cdn)) | Should -HaveCount 0
            $reportErrors | Should -HaveCount 1
            $reportErrors[0].FullyQualifiedErrorId | Should -BeLike 'VerifikImageDownloadFailed,*'
            $reportErrors[0].TargetObject | Should -Be 'broken'
        }

        It 'resumes: a second run downloads nothing it already has' {
            $again = @((Get-VerifikSandboxLog -Sandbox $sandbox).Requests).Count

            $records | Export-VerifikDocumentLivenessReport -Path $page -ErrorAction SilentlyContinue

            @((Get-VerifikSandboxLog -Sandbox $sandbox).Requests | Select-Object -Skip $again | ForEach-Object path) | Should -Be @('/document-liveness/missing')
            (Get-Content -LiteralPath $page -Raw) | Should -Match 'No rule was given'
        }

        It 'writes the page alone with -NoImage, without a connection' {
            $alone = Join-Path $TestDrive 'alone.html'
            $ps = [powershell]::Create()
            try {
                $null = $ps.AddScript('param($manifest, $records, $path) Import-Module $manifest; $records | Export-VerifikDocumentLivenessReport -Path $path -NoImage').
                    AddArgument((Get-VerifikManifestPath)).AddArgument($records).AddArgument($alone)
                $null = $ps.Invoke()
                $ps.Streams.Error | Should -HaveCount 0
            }
            finally {
                $ps.Dispose()
            }
            $text = Get-Content -LiteralPath $alone -Raw
            Join-Path $TestDrive 'alone_files' | Should -Not -Exist
            ([regex]::Matches($text, 'Images were left out of this page \(-NoImage\)')).Count | Should -Be $records.Count
            $text | Should -Not -Match '<img '
        }

        It 'says with -WhatIf what would be written and downloaded, and writes nothing' {
            $target = Join-Path $TestDrive 'whatif.html'
            $transcript = Join-Path $TestDrive ('whatif-' + [guid]::NewGuid().ToString('N') + '.txt')
            $before = @((Get-VerifikSandboxLog -Sandbox $sandbox).Requests).Count

            Start-Transcript -LiteralPath $transcript | Out-Null
            try {
                $withImage | Select-Object -First 3 | Export-VerifikDocumentLivenessReport -Path $target -FlagWhere $rule -WhatIf
            }
            finally {
                Stop-Transcript | Out-Null
            }
            $text = Get-Content -LiteralPath $transcript -Raw

            $target | Should -Not -Exist
            Join-Path $TestDrive 'whatif_files' | Should -Not -Exist
            @((Get-VerifikSandboxLog -Sandbox $sandbox).Requests).Count | Should -Be $before
            $text | Should -BeLike "*Create folder*$(Join-Path $TestDrive 'whatif_files')*"
            $text | Should -BeLike "*Saving the image of '$($withImage[2].Id)' from *"
            $text | Should -BeLike "*Write the review page of 3 records*$target*"
        }

        It 'refuses input that is not a record with its own error, and writes the rest' {
            $mixed = Join-Path $TestDrive 'mixed.html'

            @($records[0], 'dl-0000001', [pscustomobject]@{ Id = 'x' }) | Export-VerifikDocumentLivenessReport -Path $mixed -NoImage -ErrorVariable refused -ErrorAction SilentlyContinue

            @($refused | ForEach-Object { $_.FullyQualifiedErrorId -replace ',.*' }) | Should -Be @('VerifikNotARecord', 'VerifikNotARecord')
            $refused[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
            $refused[0].TargetObject | Should -Be 'dl-0000001'
            $refused[0].Exception.Message | Should -BeLike '*Import-Csv ids.csv | Get-VerifikDocumentLiveness | Export-VerifikDocumentLivenessReport*'
            ([regex]::Matches((Get-Content -LiteralPath $mixed -Raw), '<div role="row" class="row( flagged)?"><div role="cell" class="num" data-v=')).Count | Should -Be 1
        }

        It 'reports a rule that fails on a record as that record''s error and does not flag it' {
            $failing = Join-Path $TestDrive 'failing.html'

            $records[0..1] | Export-VerifikDocumentLivenessReport -Path $failing -NoImage -FlagWhere { throw 'no' } -ErrorVariable failed -ErrorAction SilentlyContinue

            $failed | Should -HaveCount 2
            $failed | ForEach-Object { $_.FullyQualifiedErrorId | Should -BeLike 'VerifikFlagRuleFailed,*' }
            (Get-Content -LiteralPath $failing -Raw) | Should -Match 'The rule failed on 2 records'
        }

        It 'stops with VerifikInvalidReportPath for a folder or a missing folder' {
            { $records[0] | Export-VerifikDocumentLivenessReport -Path $TestDrive -NoImage -ErrorAction Stop } | Should -Throw -ErrorId 'VerifikInvalidReportPath*'
            { $records[0] | Export-VerifikDocumentLivenessReport -Path (Join-Path $TestDrive 'no/such/x.html') -NoImage -ErrorAction Stop } | Should -Throw -ErrorId 'VerifikInvalidReportPath*'
        }
    }

    Context '-Show' -Skip:(-not $IsLinux) {
        BeforeEach {
            $saved = @{ PATH = $env:PATH; DISPLAY = $env:DISPLAY; WAYLAND_DISPLAY = $env:WAYLAND_DISPLAY }
        }

        AfterEach {
            $env:PATH = $saved.PATH
            $env:DISPLAY = $saved.DISPLAY
            $env:WAYLAND_DISPLAY = $saved.WAYLAND_DISPLAY
        }

        It 'opens the page with the desktop''s opener when there is a desktop' {
            # A stand-in for xdg-open (the desktop's "open this file"): it writes down what it was asked to open.
            $bin = Join-Path $TestDrive 'bin'
            $null = New-Item -ItemType Directory -Path $bin -Force
            $opened = Join-Path $TestDrive 'opened.txt'
            Set-Content -LiteralPath (Join-Path $bin 'xdg-open') -Value "#!/bin/sh`nprintf '%s' `"`$1`" > '$opened'`n"
            & chmod +x (Join-Path $bin 'xdg-open')
            $env:PATH = $bin + [System.IO.Path]::PathSeparator + $env:PATH
            $env:DISPLAY = ':99'
            $shown = Join-Path $TestDrive 'shown.html'

            $records[0] | Export-VerifikDocumentLivenessReport -Path $shown -NoImage -Show -WarningVariable said

            Wait-ForFile -Path $opened
            Get-Content -LiteralPath $opened -Raw | Should -Be $shown
            $said | Should -HaveCount 0
        }

        It 'warns and still writes the page when there is no desktop' {
            $env:DISPLAY = $null
            $env:WAYLAND_DISPLAY = $null
            $shown = Join-Path $TestDrive 'headless.html'

            $records[0] | Export-VerifikDocumentLivenessReport -Path $shown -NoImage -Show -WarningVariable said 3>$null

            $shown | Should -Exist
            $said | Should -HaveCount 1
            "$($said[0])" | Should -BeLike '*no desktop session*Open*headless.html*'
        }
    }
}

Describe 'Export-VerifikDocumentLivenessReport at scale' {
    BeforeAll {
        $sandbox = Start-VerifikSandbox -ArgumentList '--synthetic', '10000', '--no-samples'
        Connect-Verifik -Token $sandbox.Token -BaseUri $sandbox.BaseUri
    }

    AfterAll {
        Disconnect-Verifik
        Stop-VerifikSandbox $sandbox
    }

    It 'makes a page of 10,000 records that a browser opens whole, without errors' {
        $page = Join-Path $TestDrive 'big.html'
        Get-VerifikDocumentLiveness | Export-VerifikDocumentLivenessReport -Path $page -NoImage -FlagWhere { $_.AggregatedScore -gt 0.9 }

        $browser = Start-HeadlessBrowser
        try {
            Open-BrowserPage $browser ([System.Uri]::new($page)).AbsoluteUri
            Invoke-BrowserScript $browser "document.querySelectorAll('#records-table .body > .row').length" | Should -Be 10000
            $null = Invoke-BrowserScript $browser "Array.from(document.querySelectorAll('#records-table .head button')).find(b => b.textContent === 'Aggregated score').click()"
            $sorted = @(Invoke-BrowserScript $browser "Array.from(document.querySelectorAll('#records-table .body > .row')).slice(0, 50).map(r => +r.children[8].dataset.v)")
            $sorted | Should -Be @($sorted | Sort-Object)
            @(Get-BrowserProblem $browser) | Should -HaveCount 0
        }
        finally {
            Stop-HeadlessBrowser $browser
        }
    }
}
