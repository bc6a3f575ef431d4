# Hostile answers (issue 12, items 1, 4, 5 and 10): bodies whose Content-Encoding lies, a BOM, deep nesting,
# success:false, list counts that lie or never end, bodies a proxy, a bug or an attacker could send, and values a
# server (or a token) gets subtly wrong. Each test starts the sandbox program with the one fault that provokes its case
# (--fault-kind with --fault-ids or --fault-on).

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-VerifikModule

    function Start-HostileSandbox {
        <#
        Starts the sandbox with these arguments and connects to it; returns the sandbox. -SkipValidation for faults on the
        listing, which the connect's token check reads: the story's own requests meet the fault, and only they are counted.
        #>
        param([string[]]$ArgumentList, [switch]$SkipValidation)
        $sandbox = Start-VerifikSandbox -ArgumentList $ArgumentList
        Connect-Verifik -Token $sandbox.Token -BaseUri $sandbox.BaseUri -SkipValidation:$SkipValidation
        return $sandbox
    }

    function Stop-HostileSandbox {
        param($Sandbox)
        Disconnect-Verifik
        Stop-VerifikSandbox $Sandbox
    }

    function Test-Printable {
        <# No C0 or C1 control character and no DEL: nothing a terminal would act on. #>
        param([AllowEmptyString()][string]$Text)
        return -not ($Text -match '[\x00-\x1F\x7F-\x9F]')
    }

    function New-Base64UrlText {
        param([string]$Text)
        return [Convert]::ToBase64String([System.Text.Encoding]::UTF8.GetBytes($Text)).TrimEnd('=').Replace('+', '-').Replace('/', '_')
    }

    $flatSeed = {
        param([string]$Name, [string[]]$Ids)
        New-SeedFile -Path (Join-Path $TestDrive $Name) -Record @($Ids | ForEach-Object { New-FlatRecord -Id $_ })
    }
}

Describe 'Bodies that cannot be decoded as their Content-Encoding says' -ForEach @(
    @{ Kind = 'BadGzip' }
    @{ Kind = 'BadGzipCrc' }
    @{ Kind = 'BadDeflate' }
) {
    It '<Kind>: that ID gets an InvalidData error, not retried, and the IDs after it are written' {
        $seed = & $flatSeed "gzip-$Kind.json" @('good1', 'bad', 'good2')
        $sandbox = Start-HostileSandbox -ArgumentList '--seed-file', $seed, '--fault-kind', $Kind, '--fault-ids', 'bad', '--expose-log'
        try {
            $records = @('good1', 'bad', 'good2' | Get-VerifikDocumentLiveness -MaxRetry 2 -ErrorVariable failures -ErrorAction SilentlyContinue)

            @($records | ForEach-Object Id) | Should -Be @('good1', 'good2')
            $failures | Should -HaveCount 1
            $failures[0].FullyQualifiedErrorId | Should -BeLike 'InvalidVerifikResponse,*'
            $failures[0].CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::InvalidData)
            $failures[0].TargetObject | Should -Be 'bad'
            $failures[0].Exception.Message | Should -BeLike '*could not be decoded*'
            @((Get-VerifikSandboxLog $sandbox).Requests | Where-Object { $_.path -eq '/v2/document-liveness/bad' }) | Should -HaveCount 1
        }
        finally {
            Stop-HostileSandbox $sandbox
        }
    }

    It '<Kind>: a listing page ends with an InvalidData error record, not a bare exception' {
        $sandbox = Start-HostileSandbox -ArgumentList '--synthetic', '5', '--fault-kind', $Kind, '--fault-on', 'list' -SkipValidation
        try {
            $caught = try { Get-VerifikDocumentLiveness; $null } catch { $_ }

            $caught | Should -BeOfType ([System.Management.Automation.ErrorRecord])
            $caught.FullyQualifiedErrorId | Should -BeLike 'InvalidVerifikResponse,*'
            $caught.CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::InvalidData)
            $caught.TargetObject | Should -Be 'list page 1'
        }
        finally {
            Stop-HostileSandbox $sandbox
        }
    }

    It '<Kind>: an image is that ID''s InvalidData error and the next image is saved' {
        # Two records whose images are generated JPEGs on the image listener; only the first image request, which with
        # one download at a time is dl-0000000's, gets the fault.
        $sandbox = Start-HostileSandbox -ArgumentList '--synthetic', '2', '--synthetic-image-bytes', '600', '--no-samples',
            '--fault-kind', $Kind, '--fault-on', 'image', '--fault-times', '1'
        $destination = Join-Path $TestDrive "images-$Kind"
        $null = New-Item -ItemType Directory -Path $destination
        try {
            'dl-0000000', 'dl-0000001' | Save-VerifikDocumentLivenessImage -Destination $destination -ThrottleLimit 1 -MaxRetry 2 -ErrorVariable failures -ErrorAction SilentlyContinue

            $failures | Should -HaveCount 1
            $failures[0].CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::InvalidData)
            $failures[0].TargetObject | Should -Be 'dl-0000000'
            $failures[0].Exception.Message | Should -BeLike '*could not be decoded*'
            @(Get-ChildItem -LiteralPath $destination -Force | ForEach-Object Name) | Should -Be @('dl-0000001.jpg')
        }
        finally {
            Stop-HostileSandbox $sandbox
        }
    }
}

Describe 'A UTF-8 byte order mark and deep nesting' {
    It 'reads a record and a page that start with a UTF-8 BOM' {
        $seed = & $flatSeed 'bom.json' @('good1', 'bad', 'good2')
        $sandbox = Start-HostileSandbox -ArgumentList '--seed-file', $seed, '--fault-kind', 'Utf8Bom'
        try {
            $ids = @((Get-VerifikDocumentLiveness -Id bad -ErrorVariable failures).Id) + @(Get-VerifikDocumentLiveness -ErrorVariable +failures | ForEach-Object Id)

            $failures | Should -HaveCount 0
            $ids | Should -Be @('bad', 'good1', 'bad', 'good2')
        }
        finally {
            Stop-HostileSandbox $sandbox
        }
    }

    Context 'records nested deeply' {
        BeforeAll {
            $deepJson = '{"_id":"deep","status":"completed","extra":' + ('[' * 200) + '1' + (']' * 200) + '}'
            $abyssJson = '{"_id":"abyss","x":' + ('[' * 1000) + (']' * 1000) + '}'
            $seed = New-SeedFile -Path (Join-Path $TestDrive 'deep.json') -Record @($deepJson, $abyssJson)
            $sandbox = Start-HostileSandbox -ArgumentList '--seed-file', $seed
        }

        AfterAll {
            Stop-HostileSandbox $sandbox
        }

        It 'reads a record nested deeper than 64 levels, and -Raw gives its exact text' {
            (Get-VerifikDocumentLiveness -Id deep -ErrorVariable failures).Status | Should -Be 'completed'
            Get-VerifikDocumentLiveness -Id deep -Raw | Should -BeExactly $deepJson
            $failures | Should -HaveCount 0
        }

        It 'says how deep is allowed for a record nested past the limit' {
            Get-VerifikDocumentLiveness -Id abyss -ErrorVariable failures -ErrorAction SilentlyContinue

            $failures | Should -HaveCount 1
            $failures[0].CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::InvalidData)
            $failures[0].TargetObject | Should -Be 'abyss'
            $failures[0].Exception.Message | Should -BeLike '*nested deeper than 256 levels*'
            $failures[0].Exception.Message | Should -Not -BeLike '*not valid JSON*'
        }
    }
}

Describe 'Bodies a proxy, a bug or an attacker could send, between two good records' {
    BeforeAll {
        $fields = 'client', 'status', 'imageSaved', 'imageUrl', 'sreenReplayScore', 'printedCopyProbability', 'aggregatedScore',
            'createdAt', 'updatedAt', 'screenReplayWarnings', 'validationResults', 'calibrationSettings', 'validationFlags', 'riskScore'
        $seed = New-SeedFile -Path (Join-Path $TestDrive 'hostile-bodies.json') -Record @(
            (New-FlatRecord -Id 'good')
            '{"_id":"e"}'
            ('{"_id":"huge","imageUrl":"' + ('x' * 17MB) + '"}')
            ('{"_id":"deep","x":' + ('[' * 1000) + (']' * 1000) + '}')
            ('{"_id":"nulls",' + (@($fields | ForEach-Object { '"' + $_ + '":null' }) -join ',') + '}')
            ('{"_id":"many","screenReplayWarnings":[' + (@(1..100000 | ForEach-Object { '"GLARE_ON_IMAGE"' }) -join ',') + ']}')
        )
        # "e" is cut in half; "ghost" (which does not exist) gets its 404 body with a 200.
        $sandbox = Start-HostileSandbox -ArgumentList '--seed-file', $seed, '--fault-kind', 'TruncatedBody', '--fault-ids', 'e',
            '--fault-kind', 'WrongStatus', '--fault-status', '200', '--fault-ids', 'ghost'

        function Get-BetweenGoodOnes([string]$Id) {
            <# The odd record between two good ones: both good ones must come whatever happens to it. Returns its errors. #>
            $records = @('good', $Id, 'good' | Get-VerifikDocumentLiveness -MaxRetry 0 -ErrorVariable failed -ErrorAction SilentlyContinue)
            @($records | Where-Object { $_.Id -eq 'good' }) | Should -HaveCount 2
            return , @($failed)
        }
    }

    AfterAll {
        Stop-HostileSandbox $sandbox
    }

    It 'makes a truncated tiny body InvalidData' {
        $failed = Get-BetweenGoodOnes 'e'
        $failed | Should -HaveCount 1
        $failed[0].CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::InvalidData)
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'InvalidVerifikResponse*'
    }

    It 'refuses a body over the size cap without reading it all' {
        $failed = Get-BetweenGoodOnes 'huge'
        $failed | Should -HaveCount 1
        $failed[0].CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::InvalidData)
        $failed[0].TargetObject | Should -Be 'huge'
        $failed[0].Exception.Message | Should -BeLike '*larger than the limit*'
    }

    It 'makes deep nesting InvalidData, not a stack overflow' {
        $failed = Get-BetweenGoodOnes 'deep'
        $failed | Should -HaveCount 1
        $failed[0].CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::InvalidData)
        $failed[0].TargetObject | Should -Be 'deep'
    }

    It 'reads nulls everywhere as an empty record, without warnings' {
        $failed = Get-BetweenGoodOnes 'nulls'
        $failed | Should -HaveCount 0
        $record = Get-VerifikDocumentLiveness -Id nulls -WarningVariable warned
        $warned | Should -HaveCount 0
        $record.ScreenReplayScore | Should -BeNullOrEmpty
        @($record.ScreenReplayWarnings).Count | Should -Be 0
    }

    It 'reads a huge array' {
        $failed = Get-BetweenGoodOnes 'many'
        $failed | Should -HaveCount 0
        (Get-VerifikDocumentLiveness -Id many).ScreenReplayWarnings.Count | Should -Be 100000
    }

    It 'makes a 200 that carries an error body InvalidData, not an empty record' {
        $failed = Get-BetweenGoodOnes 'ghost'
        $failed | Should -HaveCount 1
        $failed[0].CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::InvalidData)
        $failed[0].TargetObject | Should -Be 'ghost'
        $failed[0].Exception.Message | Should -BeLike '*Record not found.*'
    }
}

Describe 'List pages that lie' {
    BeforeAll {
        $expected = @(0..29 | ForEach-Object { 'dl-{0:D7}' -f $_ })
        $listRequests = {
            param($Sandbox)
            @((Get-VerifikSandboxLog $Sandbox).Requests | Where-Object { $_.path -eq '/v2/document-liveness' }).Count
        }
    }

    It '<Kind>: a success:false page is a terminating error carrying the API''s message and code' -ForEach @(
        @{ Kind = 'Unsuccessful' }
        @{ Kind = 'UnsuccessfulNoData' }
    ) {
        $sandbox = Start-HostileSandbox -ArgumentList '--synthetic', '30', '--no-samples', '--fault-kind', $Kind, '--fault-on', 'list' -SkipValidation
        try {
            $caught = try { Get-VerifikDocumentLiveness -IncludeTotalCount; $null } catch { $_ }

            $caught | Should -BeOfType ([System.Management.Automation.ErrorRecord])
            $caught.FullyQualifiedErrorId | Should -BeLike 'VerifikRequestUnsuccessful,*'
            $caught.CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::InvalidResult)
            $caught.TargetObject | Should -Be 'list page 1'
            $caught.Exception | Should -BeOfType ([Verifik.VerifikApiException])
            $caught.Exception.ApiError.Code | Should -Be 'RECORD_LOCKED'
            $caught.Exception.Message | Should -BeLike '*Record is locked for review*'
        }
        finally {
            Stop-HostileSandbox $sandbox
        }
    }

    It 'writes what was read, then an error naming how many of the total, when a page comes back empty too early' {
        $sandbox = Start-HostileSandbox -ArgumentList '--synthetic', '30', '--no-samples', '--fault-kind', 'ListEmptyAfterFirst', '--fault-on', 'list' -SkipValidation
        try {
            $ids = @(Get-VerifikDocumentLiveness -PageSize 10 -ErrorVariable failures -ErrorAction SilentlyContinue | ForEach-Object Id)
            $next = 'next statement'

            $ids | Should -Be $expected[0..9]
            $next | Should -Be 'next statement'
            $failures | Should -HaveCount 1
            $failures[0].FullyQualifiedErrorId | Should -BeLike 'VerifikListingIncomplete,*'
            $failures[0].CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::InvalidData)
            $failures[0].TargetObject | Should -Be 'list page 2'
            $failures[0].Exception.Message | Should -BeLike '*10 of the 30*'
        }
        finally {
            Stop-HostileSandbox $sandbox
        }
    }

    It 'stops at the first page''s count however far later pages extend it' {
        $sandbox = Start-HostileSandbox -ArgumentList '--synthetic', '30', '--no-samples', '--fault-kind', 'ListEndless', '--fault-on', 'list', '--expose-log' -SkipValidation
        try {
            $ids = @(Get-VerifikDocumentLiveness -PageSize 10 -ErrorVariable failures | ForEach-Object Id)

            $failures | Should -HaveCount 0
            $ids | Should -Be $expected[0..19]
            & $listRequests $sandbox | Should -Be 2
        }
        finally {
            Stop-HostileSandbox $sandbox
        }
    }

    It 'ends the walk with an error when a page repeats the previous one' {
        $sandbox = Start-HostileSandbox -ArgumentList '--synthetic', '30', '--no-samples', '--fault-kind', 'ListRepeat', '--fault-on', 'list', '--expose-log' -SkipValidation
        try {
            # -First bounds the walk where a module without the check would loop.
            $ids = @(Get-VerifikDocumentLiveness -PageSize 10 -First 500 -ErrorVariable failures -ErrorAction SilentlyContinue | ForEach-Object Id)

            $ids | Should -Be $expected[0..9]
            $failures | Should -HaveCount 1
            $failures[0].FullyQualifiedErrorId | Should -BeLike 'VerifikListingIncomplete,*'
            $failures[0].CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::InvalidData)
            $failures[0].TargetObject | Should -Be 'list page 2'
            $failures[0].Exception.Message | Should -BeLike '*repeats*'
            $failures[0].Exception.Message | Should -BeLike '*10 records were written*'
            & $listRequests $sandbox | Should -Be 2
        }
        finally {
            Stop-HostileSandbox $sandbox
        }
    }

    It 'walks every page when the page count is above Int32' {
        $sandbox = Start-HostileSandbox -ArgumentList '--synthetic', '30', '--no-samples', '--fault-kind', 'ListHugePages', '--fault-on', 'list', '--expose-log' -SkipValidation
        try {
            $ids = @(Get-VerifikDocumentLiveness -PageSize 10 -ErrorVariable failures | ForEach-Object Id)

            $failures | Should -HaveCount 0
            $ids | Should -Be $expected
            & $listRequests $sandbox | Should -Be 3
        }
        finally {
            Stop-HostileSandbox $sandbox
        }
    }
}

Describe 'Values a server gets subtly wrong' {
    It 'makes a success:false record that ID''s error with the API''s message and code' {
        $seed = & $flatSeed 'locked.json' @('good', 'locked')
        $sandbox = Start-HostileSandbox -ArgumentList '--seed-file', $seed, '--fault-kind', 'Unsuccessful', '--fault-ids', 'locked'
        try {
            $records = @('good', 'locked', 'good' | Get-VerifikDocumentLiveness -ErrorVariable failures -ErrorAction SilentlyContinue)

            @($records | ForEach-Object Id) | Should -Be @('good', 'good')
            $failures | Should -HaveCount 1
            $failures[0].FullyQualifiedErrorId | Should -BeLike 'VerifikRequestUnsuccessful,*'
            $failures[0].CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::InvalidResult)
            $failures[0].TargetObject | Should -Be 'locked'
            $failures[0].Exception.ApiError.Code | Should -Be 'RECORD_LOCKED'
            $failures[0].Exception.ApiError.Message | Should -Be 'Record is locked for review'
            $failures[0].Exception.Message | Should -BeLike '*Record is locked for review (RECORD_LOCKED)*'
        }
        finally {
            Stop-HostileSandbox $sandbox
        }
    }

    It 'writes a record that names another ID, with a warning naming both' {
        $seed = & $flatSeed 'asked.json' @('asked')
        $sandbox = Start-HostileSandbox -ArgumentList '--seed-file', $seed, '--fault-kind', 'OtherRecordId', '--fault-ids', 'asked'
        try {
            $record = Get-VerifikDocumentLiveness -Id asked -WarningVariable warnings -WarningAction SilentlyContinue -ErrorVariable failures

            $record.Id | Should -Be 'other-record'
            $failures | Should -HaveCount 0
            $warnings | Should -HaveCount 1
            $warnings[0].Message | Should -BeLike "*'asked'*"
            $warnings[0].Message | Should -BeLike "*'other-record'*"
        }
        finally {
            Stop-HostileSandbox $sandbox
        }
    }

    It 'refuses a JWT whose exp is <Exp> as expired' -ForEach @(
        @{ Exp = '-1' }
        @{ Exp = '0' }
        @{ Exp = '-99999999999.5' }
    ) {
        $token = (New-Base64UrlText '{"alg":"HS256","typ":"JWT"}') + '.' + (New-Base64UrlText ('{"clientId":"c1","exp":' + $Exp + '}')) + '.c2lnbmF0dXJl'
        $caught = try { Connect-Verifik -Token $token -BaseUri 'http://127.0.0.1:9/'; $null } catch { $_ }

        $caught | Should -BeOfType ([System.Management.Automation.ErrorRecord])
        $caught.FullyQualifiedErrorId | Should -BeLike 'VerifikTokenExpired,*'
        $caught.ToString().Contains($token) | Should -BeFalse
    }

    It 'refuses an ID with a lone surrogate and sends nothing for it' {
        $sandbox = Start-HostileSandbox -ArgumentList '--synthetic', '1', '--expose-log'
        try {
            $ids = @("a$([char]0xD800)b", "$([char]0xDC00)", "end$([char]0xD83D)", "ok$([char]0xD83D)$([char]0xDE00)")
            $ids | Get-VerifikDocumentLiveness -ErrorVariable failures -ErrorAction SilentlyContinue

            $refused = @($failures | Where-Object { $_.FullyQualifiedErrorId -like 'InvalidDocumentLivenessId,*' })
            @($refused | ForEach-Object TargetObject) | Should -Be $ids[0..2]
            foreach ($failure in $refused) {
                $failure.CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::InvalidArgument)
                $failure.Exception.Message | Should -BeLike '*surrogate*'
            }
            # Only the valid pair (an emoji) went out (and was not found).
            @((Get-VerifikSandboxLog $sandbox).Requests | Where-Object { $_.path -like '/v2/document-liveness/*' } | ForEach-Object rawTarget) |
                Should -Be @('/v2/document-liveness/ok%F0%9F%98%80')
        }
        finally {
            Stop-HostileSandbox $sandbox
        }
    }

    It 'caps a Retry-After above Int32 at the longest wait instead of ignoring it' {
        $sandbox = Start-VerifikSandbox -ArgumentList '--synthetic', '1', '--fault-kind', 'TooManyRequests', '--fault-retry-after', '99999999999', '--fault-ids', 'dl-0000000'
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                    param($Manifest, $Token, $BaseUri)
                    Import-Module $Manifest
                    Connect-Verifik -Token $Token -BaseUri $BaseUri
                    Get-VerifikDocumentLiveness -Id dl-0000000 -MaxRetry 1 -Verbose
                }).AddArgument((Get-VerifikManifestPath)).AddArgument($sandbox.Token).AddArgument($sandbox.BaseUri)
            $run = $ps.BeginInvoke()
            # Either the retry notice comes, or the command ends (after a short back-off, which was the bug).
            $deadline = [DateTime]::UtcNow.AddSeconds(60)
            while (-not $run.IsCompleted -and -not @($ps.Streams.Verbose | Where-Object { $_.Message -like 'Retrying*' }) -and [DateTime]::UtcNow -lt $deadline) {
                Start-Sleep -Milliseconds 100
            }
            $ps.Stop()

            $notice = @($ps.Streams.Verbose | Where-Object { $_.Message -like 'Retrying*' })
            $notice | Should -HaveCount 1
            $notice[0].Message | Should -BeLike '*HTTP 429*'
            $notice[0].Message | Should -BeLike '*retry 1 of 1 in 120 s*'
        }
        finally {
            $ps.Dispose()
            Stop-VerifikSandbox $sandbox
        }
    }

    Context 'dates' {
        BeforeAll {
            $odd = @('12:00', 'May 2024', '01/02/2024', '2024')
            $iso = @(
                @{ Date = '2024-01-15T10:30:00Z'; Expected = '2024-01-15T10:30:00.0000000Z' }
                @{ Date = '2025-08-22T19:04:25.503Z'; Expected = '2025-08-22T19:04:25.5030000Z' }
                @{ Date = '2024-01-15T10:30:00.1234567Z'; Expected = '2024-01-15T10:30:00.1234567Z' }
                @{ Date = '2024-01-15T05:30:00-05:00'; Expected = '2024-01-15T10:30:00.0000000Z' }
                @{ Date = '2024-01-15T12:30:00+0200'; Expected = '2024-01-15T10:30:00.0000000Z' }
                @{ Date = '2024-01-15T10:30:00'; Expected = '2024-01-15T10:30:00.0000000Z' }
                @{ Date = '2024-01-15 10:30:00Z'; Expected = '2024-01-15T10:30:00.0000000Z' }
                @{ Date = '2024-01-15'; Expected = '2024-01-15T00:00:00.0000000Z' }
            )
            $records = @()
            for ($i = 0; $i -lt $odd.Count; $i++) { $records += '{"_id":"odd' + $i + '","createdAt":"' + $odd[$i] + '"}' }
            for ($i = 0; $i -lt $iso.Count; $i++) { $records += '{"_id":"iso' + $i + '","createdAt":"' + $iso[$i].Date + '"}' }
            $seed = New-SeedFile -Path (Join-Path $TestDrive 'dates.json') -Record $records
            $sandbox = Start-HostileSandbox -ArgumentList '--seed-file', $seed
        }

        AfterAll {
            Stop-HostileSandbox $sandbox
        }

        It 'reads a date that is not ISO 8601 as null with a warning, and never matches -CreatedAfter' {
            for ($i = 0; $i -lt $odd.Count; $i++) {
                $record = Get-VerifikDocumentLiveness -Id "odd$i" -WarningVariable warnings -WarningAction SilentlyContinue
                $record.CreatedAt | Should -BeNullOrEmpty -Because $odd[$i]
                $warnings | Should -HaveCount 1
                $warnings[0].Message | Should -BeLike "*'createdAt' should be an ISO 8601 date*"
            }
            $listed = @(Get-VerifikDocumentLiveness -CreatedAfter '2000-01-01' -WarningAction SilentlyContinue | ForEach-Object Id)
            @($listed | Where-Object { $_ -like 'odd*' }) | Should -HaveCount 0
        }

        It 'still reads every ISO 8601 form as UTC' {
            for ($i = 0; $i -lt $iso.Count; $i++) {
                $record = Get-VerifikDocumentLiveness -Id "iso$i" -WarningVariable warnings
                $warnings | Should -HaveCount 0
                $record.CreatedAt.ToString('o') | Should -Be $iso[$i].Expected -Because $iso[$i].Date
            }
        }
    }

    It 'escapes terminal sequences of the API''s error text in the error, but keeps them in ApiError' {
        $seed = & $flatSeed 'hostile-text.json' @('good')
        $sandbox = Start-HostileSandbox -ArgumentList '--seed-file', $seed, '--fault-kind', 'HostileText', '--fault-ids', 'good'
        try {
            Get-VerifikDocumentLiveness -Id good -ErrorVariable failures -ErrorAction SilentlyContinue

            $failures | Should -HaveCount 1
            Test-Printable $failures[0].Exception.Message | Should -BeTrue
            Test-Printable $failures[0].ToString() | Should -BeTrue
            $failures[0].Exception.Message.Contains('\x1B[31mAccess\x1B[0m denied\x1B]0;pwned\x07\x9B2J\x7F\x0Aretry') | Should -BeTrue
            $failures[0].Exception.Message.Contains('BAD\x1B[5mCODE') | Should -BeTrue
            $failures[0].Exception.ApiError.Code | Should -Be "BAD$([char]0x1B)[5mCODE"
        }
        finally {
            Stop-HostileSandbox $sandbox
        }
    }

    It 'escapes terminal sequences of record IDs and values in warnings, but keeps them in the record' {
        $seed = New-SeedFile -Path (Join-Path $TestDrive 'escapes.json') -Record @('{"_id":"esc\u001b[2J","aggregatedScore":"\u001b]0;title\u0007\u0085"}')
        $sandbox = Start-HostileSandbox -ArgumentList '--seed-file', $seed
        try {
            $record = Get-VerifikDocumentLiveness -Id "esc$([char]0x1B)[2J" -WarningVariable warnings -WarningAction SilentlyContinue
            $null = Get-VerifikDocumentLiveness -WarningVariable +warnings -WarningAction SilentlyContinue

            $record.Id | Should -Be "esc$([char]0x1B)[2J"
            $warnings | Should -HaveCount 2
            foreach ($warning in $warnings) {
                Test-Printable $warning.Message | Should -BeTrue
                $warning.Message.Contains("Record 'esc\x1B[2J'") | Should -BeTrue
                $warning.Message.Contains('\x1B]0;title\x07\x85') | Should -BeTrue
            }
        }
        finally {
            Stop-HostileSandbox $sandbox
        }
    }

    It 'shows an ID quoted in an error escaped, and keeps it as the TargetObject' {
        $sandbox = Start-HostileSandbox -ArgumentList '--synthetic', '1'
        try {
            $id = "gone$([char]0x1B)]0;x$([char]7)"
            Get-VerifikDocumentLiveness -Id $id -ErrorVariable failures -ErrorAction SilentlyContinue

            $failures | Should -HaveCount 1
            $failures[0].FullyQualifiedErrorId | Should -BeLike 'DocumentLivenessNotFound,*'
            $failures[0].TargetObject | Should -Be $id
            Test-Printable $failures[0].ToString() | Should -BeTrue
            $failures[0].ToString().Contains("'gone\x1B]0;x\x07'") | Should -BeTrue
        }
        finally {
            Stop-HostileSandbox $sandbox
        }
    }
}
