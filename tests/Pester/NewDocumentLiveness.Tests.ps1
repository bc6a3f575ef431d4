# New-VerifikDocumentLiveness through real pwsh: the three documented pipelines, what each record says and what each
# create sent, paths, bad input, the API's refusals, retries that never charge twice, -WhatIf and -Confirm, order, stop,
# progress and verbose. The sandbox runs as a separate program with --expose-log: its log says which creates arrived
# (Get-CreateRequest) and which it processed, and so charged, with the body's members and the image's SHA-256
# (Get-ProcessedCreate); the records it lists count what it processed too.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-VerifikModule

    $fullyQualified = ',Verifik.PowerShell.Commands.NewVerifikDocumentLivenessCommand'
    $action = 'Submit for document-liveness validation (charged to the account)'

    function New-TestImage {
        # Random bytes after a JPEG, PNG or WebP signature: what the sandbox (like the API's first check) takes for an image.
        param(
            [Parameter(Mandatory = $true, Position = 0)][string]$Path,
            [int]$Length = 1500,
            [int]$Seed = 1,
            [ValidateSet('Jpeg', 'Png', 'WebP')][string]$Kind = 'Jpeg'
        )
        $signature = switch ($Kind) {
            'Jpeg' { [byte[]](0xFF, 0xD8, 0xFF, 0xE0) }
            'Png' { [byte[]](0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A) }
            'WebP' { [byte[]](0x52, 0x49, 0x46, 0x46, 1, 2, 3, 4, 0x57, 0x45, 0x42, 0x50) }
        }
        $bytes = [byte[]]::new($Length)
        ([System.Random]::new($Seed)).NextBytes($bytes)
        $signature.CopyTo($bytes, 0)
        $null = New-Item -ItemType Directory -Path (Split-Path -Parent $Path) -Force
        [System.IO.File]::WriteAllBytes($Path, $bytes)
        return (Get-Item -LiteralPath $Path).FullName
    }

    function Start-ConnectedSandbox {
        # A sandbox program with these options (and its log), and the default connection to it.
        param([Parameter(Position = 0)][string[]]$ArgumentList = @())
        $started = Start-VerifikSandbox -ArgumentList (@('--expose-log') + $ArgumentList)
        Connect-Verifik -Token $started.Token -BaseUri $started.BaseUri
        return $started
    }

    function Get-SandboxMark {
        # How far the sandbox's log is: what a story's own requests, creates and images come after.
        param([Parameter(Mandatory = $true, Position = 0)]$Sandbox)
        $log = Get-VerifikSandboxLog -Sandbox $Sandbox
        [pscustomobject]@{ Requests = $log.Requests.Count; Arrivals = $log.Arrivals.Count; Creates = $log.Creates.Count; Images = $log.ImagesStored }
    }

    function Get-CreateRequest {
        # The creates (POST /v2/document-liveness) the sandbox answered or ended since the mark, processed or not.
        param([Parameter(Mandatory = $true, Position = 0)]$Sandbox, [Parameter(Mandatory = $true, Position = 1)]$Since)
        @((Get-VerifikSandboxLog -Sandbox $Sandbox).Requests | Select-Object -Skip $Since.Requests |
                Where-Object { $_.method -eq 'POST' -and $_.path.TrimEnd('/') -eq '/v2/document-liveness' })
    }

    function Get-ProcessedCreate {
        # The creates the sandbox processed (stored, and on the live API charged) since the mark.
        param([Parameter(Mandatory = $true, Position = 0)]$Sandbox, [Parameter(Mandatory = $true, Position = 1)]$Since)
        @((Get-VerifikSandboxLog -Sandbox $Sandbox).Creates | Select-Object -Skip $Since.Creates)
    }

    function Get-Sha256 {
        param([Parameter(Mandatory = $true, Position = 0)][string[]]$Path)
        @($Path | ForEach-Object { (Get-FileHash -LiteralPath $_ -Algorithm SHA256).Hash.ToLowerInvariant() } | Sort-Object)
    }

    function Stop-ConnectedSandbox {
        param([Parameter(Position = 0)]$Sandbox)
        Disconnect-Verifik
        Stop-VerifikSandbox $Sandbox
    }

    function Assert-Uncertain {
        # The one error is VerifikSubmissionUncertain for the file, says how to check, and nothing was retried.
        param([Parameter(Mandatory = $true)]$Run, [Parameter(Mandatory = $true)][string]$File, [Parameter(Mandatory = $true)][string]$Category)
        $Run.Records | Should -HaveCount 0
        $Run.Errors | Should -HaveCount 1
        $Run.Errors[0].FullyQualifiedErrorId | Should -Be "VerifikSubmissionUncertain$fullyQualified"
        $Run.Errors[0].CategoryInfo.Category | Should -Be $Category
        $Run.Errors[0].TargetObject | Should -Be $File
        $Run.Errors[0].Exception.OutcomeUnknown | Should -BeTrue
        $Run.Errors[0].Exception.Message | Should -Match 'may or may not have been processed'
        $Run.Errors[0].Exception.Message | Should -Match 'it was not sent again'
        $Run.Errors[0].Exception.Message | Should -Match 'Get-VerifikDocumentLiveness -CreatedAfter'
        $Run.Retries | Should -HaveCount 0
    }

    function Get-RecordCount {
        # Every record the sandbox serves: its samples plus each create it processed.
        return @(Get-VerifikDocumentLiveness).Count
    }

    function Invoke-Submission {
        # One file with -Verbose to the $sandbox of the caller: records, errors, retry lines, the statuses of the creates
        # that were sent, how many the sandbox processed, and what the check the error message advises (-CreatedAfter) finds.
        param([Parameter(Mandatory = $true)][string]$File, [hashtable]$Extra = @{})
        $started = [DateTime]::UtcNow
        $mark = Get-SandboxMark $sandbox
        $all = @(New-VerifikDocumentLiveness -Path $File @Extra -Verbose -ErrorVariable failed -ErrorAction SilentlyContinue 4>&1)
        return [pscustomobject]@{
            Records   = @($all | Where-Object { $_ -is [Verifik.DocumentLiveness] })
            Errors    = @($failed)
            Retries   = @($all | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -like 'Retrying*' } | ForEach-Object Message)
            Sent      = @(Get-CreateRequest $sandbox $mark | ForEach-Object status)
            Arrived   = @((Get-VerifikSandboxLog -Sandbox $sandbox).Arrivals | Select-Object -Skip $mark.Arrivals | Where-Object { $_ -like 'POST *' }).Count
            Processed = @(Get-ProcessedCreate $sandbox $mark).Count
            Found     = @(Get-VerifikDocumentLiveness -CreatedAfter $started.AddSeconds(-5)).Count
        }
    }
}

Describe 'New-VerifikDocumentLiveness: the documented pipelines' {
    BeforeAll {
        $sandbox = Start-ConnectedSandbox
        $scans = Join-Path $TestDrive 'scans'
        $a = New-TestImage (Join-Path $scans 'a.jpg') -Seed 11
        $b = New-TestImage (Join-Path $scans 'b.jpg') -Seed 12
        $c = New-TestImage (Join-Path $scans 'c.png') -Seed 13 -Kind Png
        $d = New-TestImage (Join-Path (Join-Path $scans 'sub') 'd.jpg') -Seed 14
        Set-Content -LiteralPath (Join-Path $scans 'notes.txt') -Value 'not an image'
    }

    AfterAll {
        Stop-ConnectedSandbox $sandbox
    }

    It 'submits each file a -Path wildcard matches, once, relative to the location' {
        $before = Get-RecordCount
        $mark = Get-SandboxMark $sandbox
        Push-Location -LiteralPath $TestDrive
        try {
            $paths = @(New-VerifikDocumentLiveness -Path ./scans/*.jpg -ErrorVariable failed | ForEach-Object SourcePath)
        }
        finally {
            Pop-Location
        }
        $failed | Should -HaveCount 0
        $paths | Should -Be @($a, $b)
        ((Get-RecordCount) - $before) | Should -Be 2
        Get-CreateRequest $sandbox $mark | Should -HaveCount 2
        @(Get-ProcessedCreate $sandbox $mark | ForEach-Object imageSha256 | Sort-Object) | Should -Be (Get-Sha256 $a, $b)
    }

    It 'takes Get-ChildItem output and keeps each image with -SaveImage' {
        $csv = Join-Path $TestDrive 'results.csv'
        $files = @(Get-ChildItem $scans -Recurse -Include *.jpg, *.png)
        $mark = Get-SandboxMark $sandbox
        $files | New-VerifikDocumentLiveness -SaveImage -ErrorVariable failed | Export-Csv $csv -NoTypeInformation

        $rows = @(Import-Csv $csv)
        $files | Should -HaveCount 4
        $rows | Should -HaveCount 4
        @($rows | ForEach-Object SourcePath) | Should -Be @($files | ForEach-Object FullName)
        foreach ($row in $rows) {
            $row.ImageSaved | Should -Be 'True'
            $row.ImageUrl | Should -BeLike ($sandbox.ImageBaseUri + 'document-liveness/*')
            $row.Id | Should -Match '^[0-9a-f]{24}$'
        }
        $failed | Should -HaveCount 0
        (Get-SandboxMark $sandbox).Images - $mark.Images | Should -Be 4   # each image stored on the image listener
        @(Get-ProcessedCreate $sandbox $mark | ForEach-Object imageSha256 | Sort-Object) | Should -Be (Get-Sha256 ($files | ForEach-Object FullName))
    }

    It 'takes CSV rows with a Path column and sends the checks and calibration given' {
        $batch = Join-Path $TestDrive 'batch.csv'
        @([pscustomobject]@{ Path = 'scans/a.jpg'; Branch = 'north' }, [pscustomobject]@{ Path = $b; Branch = 'south' }) |
            Export-Csv $batch -NoTypeInformation
        $mark = Get-SandboxMark $sandbox
        Push-Location -LiteralPath $TestDrive
        try {
            $records = @(Import-Csv $batch | New-VerifikDocumentLiveness -Check ScreenReplay, PrintedCopy -ScreenReplayCalibration HARD -ErrorVariable failed)
        }
        finally {
            Pop-Location
        }
        @($records | ForEach-Object SourcePath) | Should -Be @($a, $b)
        foreach ($r in $records) {
            $r.ScreenReplayValidated | Should -BeTrue
            $r.PrintedCopyValidated | Should -BeTrue
            $r.PortraitSubstitutionValidated | Should -BeFalse
            $r.DigitalManipulationValidated | Should -BeFalse
            $r.ScreenReplayCalibration | Should -Be 'HARD'
            $r.PrintedCopyCalibration | Should -Be 'REGULAR'
        }
        $failed | Should -HaveCount 0
        # What was sent: the checks given, and only the calibration given.
        $sent = @(Get-ProcessedCreate $sandbox $mark)
        $sent | Should -HaveCount 2
        foreach ($create in $sent) {
            $create.members.validateScreenReplay | Should -Be 'true'
            $create.members.validatePrintedCopy | Should -Be 'true'
            $create.members.validatePortraitSubstitution | Should -Be 'false'
            $create.members.validateDigitalManipulation | Should -Be 'false'
            $create.members.screenReplayCalibration | Should -Be '"HARD"'
            $create.members.PSObject.Properties.Name | Should -Not -Contain 'printedCopyCalibration'
            $create.members.PSObject.Properties.Name | Should -Not -Contain 'portraitSubstitutionCalibration'
        }
    }

    It 'binds a string, a FileInfo and Path or FullName rows to one create each' {
        $before = Get-RecordCount
        $mark = Get-SandboxMark $sandbox
        $inputs = $a, (Get-Item -LiteralPath $b), [pscustomobject]@{ Path = $c }, [pscustomobject]@{ FullName = $d }
        @($inputs | New-VerifikDocumentLiveness -ErrorVariable failed | ForEach-Object SourcePath) | Should -Be @($a, $b, $c, $d)
        $failed | Should -HaveCount 0
        ((Get-RecordCount) - $before) | Should -Be 4
        Get-CreateRequest $sandbox $mark | Should -HaveCount 4
        @(Get-ProcessedCreate $sandbox $mark | ForEach-Object imageSha256 | Sort-Object) | Should -Be (Get-Sha256 $a, $b, $c, $d)
    }
}

Describe 'New-VerifikDocumentLiveness: the records' {
    BeforeAll {
        $sandbox = Start-ConnectedSandbox
    }

    AfterAll {
        Stop-ConnectedSandbox $sandbox
    }

    It 'sends every parameter given' {
        $file = New-TestImage (Join-Path $TestDrive 'every.jpg') -Length 70000
        $mark = Get-SandboxMark $sandbox
        $r = New-VerifikDocumentLiveness -LiteralPath $file -ScreenReplayCalibration soft -PrintedCopyCalibration Regular `
            -PortraitSubstitutionCalibration HARD -SaveImage -IgnoreDocumentCropped -IgnoreColourLess
        ($r.ScreenReplayCalibration, $r.PrintedCopyCalibration, $r.PortraitSubstitutionCalibration) -join ',' | Should -Be 'SOFT,REGULAR,HARD'
        $r.ImageSaved | Should -BeTrue
        $r.IgnoreDocumentCroppedValidation | Should -BeTrue
        $r.IgnoreColourLessValidation | Should -BeTrue
        $r.ImageUrl | Should -Not -BeNullOrEmpty

        # The body maps every parameter, and the image is the file's bytes.
        $sent = @(Get-ProcessedCreate $sandbox $mark)
        $sent | Should -HaveCount 1
        $sent[0].imageSha256 | Should -Be (Get-Sha256 $file)
        $sent[0].imageBytes | Should -Be 70000
        $sent[0].imageUrl | Should -Not -BeNullOrEmpty
        @($sent[0].members.PSObject.Properties | ForEach-Object { '{0}={1}' -f $_.Name, $_.Value } | Sort-Object -CaseSensitive) | Should -Be @(
            'ignoreColourLessValidation=true', 'ignoreDocumentCroppedValidation=true', 'portraitSubstitutionCalibration="HARD"',
            'printedCopyCalibration="REGULAR"', 'saveImage=true', 'screenReplayCalibration="SOFT"', 'validateDigitalManipulation=true',
            'validatePortraitSubstitution=true', 'validatePrintedCopy=true', 'validateScreenReplay=true')
    }

    It 'runs every check at the default calibration and saves nothing without options' {
        $file = New-TestImage (Join-Path $TestDrive 'plain.png') -Kind Png
        $mark = Get-SandboxMark $sandbox
        $r = New-VerifikDocumentLiveness $file
        ($r.ScreenReplayValidated -and $r.PrintedCopyValidated -and $r.PortraitSubstitutionValidated -and $r.DigitalManipulationValidated) | Should -BeTrue
        ($r.ScreenReplayCalibration, $r.PrintedCopyCalibration, $r.PortraitSubstitutionCalibration) -join ',' | Should -Be 'REGULAR,REGULAR,REGULAR'
        $r.ImageSaved | Should -BeFalse
        # No calibration is sent, and no image is kept.
        $sent = @(Get-ProcessedCreate $sandbox $mark)
        $sent | Should -HaveCount 1
        @($sent[0].members.PSObject.Properties | ForEach-Object { '{0}={1}' -f $_.Name, $_.Value } | Sort-Object -CaseSensitive) | Should -Be @(
            'ignoreColourLessValidation=false', 'ignoreDocumentCroppedValidation=false', 'saveImage=false',
            'validateDigitalManipulation=true', 'validatePortraitSubstitution=true', 'validatePrintedCopy=true', 'validateScreenReplay=true')
        (Get-SandboxMark $sandbox).Images | Should -Be $mark.Images
    }

    It 'tab-completes the checks and the calibrations' {
        $mark = Get-SandboxMark $sandbox
        $answers = foreach ($line in 'New-VerifikDocumentLiveness -Check ', 'New-VerifikDocumentLiveness -PrintedCopyCalibration ', 'New-VerifikDocumentLiveness -Check Sc') {
            (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText -join ','
        }
        $answers | Should -Be @('DigitalManipulation,PortraitSubstitution,PrintedCopy,ScreenReplay', 'HARD,REGULAR,SOFT', 'ScreenReplay')
        (Get-SandboxMark $sandbox).Arrivals | Should -Be $mark.Arrivals
    }

    It 'writes a Verifik.DocumentLiveness with SourcePath and the create-only fields' {
        $file = New-TestImage (Join-Path $TestDrive 'card.webp') -Kind WebP
        $r = New-VerifikDocumentLiveness -Path $file
        $r | Should -BeOfType ([Verifik.DocumentLiveness])
        $r.SourcePath | Should -Be $file
        $r.Id | Should -Match '^[0-9a-f]{24}$'
        $r.IsLive | Should -BeOfType ([bool])
        ($r.AggregateWarnings -is [Verifik.CodeList]) | Should -BeTrue
        $r.ChargesCount | Should -Be 1
        $r.CreatedAt.Kind | Should -Be 'Utc'
        @((Get-Command New-VerifikDocumentLiveness).OutputType | ForEach-Object Name) | Should -Contain 'Verifik.DocumentLiveness'
    }

    It 'can be read back with Get-VerifikDocumentLiveness, which has no SourcePath' {
        $file = New-TestImage (Join-Path $TestDrive 'again.jpg') -Seed 5
        $created = New-VerifikDocumentLiveness -Path $file
        $fetched = Get-VerifikDocumentLiveness -Id $created.Id
        $fetched.Id | Should -Be $created.Id
        $fetched.AggregatedScore | Should -Be $created.AggregatedScore
        $fetched.PortraitSubstitutionProbability | Should -Be $created.PortraitSubstitutionProbability
        $fetched.SourcePath | Should -BeNullOrEmpty
        $fetched.ChargesCount | Should -Be 1
    }

    It 'shows its SourcePath in its own table, which Get-VerifikDocumentLiveness''s lacks' {
        $file = New-TestImage (Join-Path $TestDrive 'view.jpg') -Seed 6
        $created = New-VerifikDocumentLiveness -Path $file
        $createdLines = @((Remove-Ansi ($created | Out-String -Width 120)) -split "`r?`n" | Where-Object { $_.Trim() })
        $fetchedLines = @((Remove-Ansi (Get-VerifikDocumentLiveness -Id $created.Id | Out-String -Width 120)) -split "`r?`n" | Where-Object { $_.Trim() })
        $createdLines[0] | Should -Match '^Id\s+SourcePath\s+Screen%'
        $createdLines[2] | Should -Match ('^' + $created.Id + '\s+\S*view\.jpg\s')
        $fetchedLines[0] | Should -Not -Match 'SourcePath'
        foreach ($line in $createdLines) { $line.TrimEnd().Length | Should -BeLessOrEqual 120 }
    }
}

Describe 'New-VerifikDocumentLiveness: paths' {
    BeforeAll {
        $sandbox = Start-ConnectedSandbox
    }

    AfterAll {
        Stop-ConnectedSandbox $sandbox
    }

    It 'resolves relative paths against Set-Location, not the process directory' {
        $branch = Join-Path $TestDrive 'branch'
        $inside = New-TestImage (Join-Path $branch 'a.jpg') -Seed 21
        $other = New-TestImage (Join-Path $branch 'b.jpg') -Seed 22
        [System.Environment]::CurrentDirectory | Should -Not -Be $branch
        $mark = Get-SandboxMark $sandbox
        Push-Location -LiteralPath $branch
        try {
            $paths = @(
                New-VerifikDocumentLiveness -Path a.jpg | ForEach-Object SourcePath
                New-VerifikDocumentLiveness -LiteralPath ./b.jpg | ForEach-Object SourcePath
                'b.jpg' | New-VerifikDocumentLiveness | ForEach-Object SourcePath
            )
        }
        finally {
            Pop-Location
        }
        $paths | Should -Be @($inside, $other, $other)
        Get-ProcessedCreate $sandbox $mark | Should -HaveCount 3
    }

    It 'resolves ~ and PSDrive paths through their provider' {
        $homeImage = New-TestImage (Join-Path (Join-Path $TestDrive 'home') 'id.jpg') -Seed 23
        $scan = New-TestImage (Join-Path (Join-Path (Join-Path $TestDrive 'share') 'scans') 'id.png') -Seed 24 -Kind Png
        $provider = Get-PSProvider FileSystem
        $oldHome = $provider.Home
        $provider.Home = Join-Path $TestDrive 'home'
        $null = New-PSDrive -Name Scans -PSProvider FileSystem -Root (Join-Path $TestDrive 'share') -Scope Global
        try {
            $paths = @(
                New-VerifikDocumentLiveness -Path ~/id.jpg -ErrorVariable failed | ForEach-Object SourcePath
                New-VerifikDocumentLiveness -Path Scans:/scans/*.png -ErrorVariable +failed | ForEach-Object SourcePath
                New-VerifikDocumentLiveness -LiteralPath Scans:/scans/id.png -ErrorVariable +failed | ForEach-Object SourcePath
            )
        }
        finally {
            $provider.Home = $oldHome
            Remove-PSDrive -Name Scans -Scope Global
        }
        $paths | Should -Be @($homeImage, $scan, $scan)
        $failed | Should -HaveCount 0
    }

    It 'takes wildcard characters in -LiteralPath as they are' {
        $bracketed = New-TestImage (Join-Path $TestDrive '[1] front.jpg') -Seed 25
        $null = New-TestImage (Join-Path $TestDrive '1 front.jpg') -Seed 26
        $mark = Get-SandboxMark $sandbox
        @(New-VerifikDocumentLiveness -LiteralPath $bracketed | ForEach-Object SourcePath) | Should -Be @($bracketed)
        @(Get-ProcessedCreate $sandbox $mark | ForEach-Object imageSha256) | Should -Be (Get-Sha256 $bracketed)
    }

    It 'refuses a path of another provider and goes on' {
        $good = New-TestImage (Join-Path $TestDrive 'good.jpg') -Seed 27
        $mark = Get-SandboxMark $sandbox
        $paths = @('Env:/PATH', $good | New-VerifikDocumentLiveness -ErrorVariable failed -ErrorAction SilentlyContinue | ForEach-Object SourcePath)
        $paths | Should -Be @($good)
        $failed | Should -HaveCount 1
        $failed[0].FullyQualifiedErrorId | Should -Be "VerifikPathNotFileSystem$fullyQualified"
        $failed[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $failed[0].TargetObject | Should -Be 'Env:/PATH'
        Get-CreateRequest $sandbox $mark | Should -HaveCount 1
    }
}

Describe 'New-VerifikDocumentLiveness: bad input' {
    BeforeAll {
        $sandbox = Start-ConnectedSandbox '--max-image-bytes', '4000'
    }

    AfterAll {
        Stop-ConnectedSandbox $sandbox
    }

    It 'gives each bad file its own error in input order, sends nothing for it, and goes on' {
        $work = Join-Path $TestDrive 'bad'
        $first = New-TestImage (Join-Path $work 'first.jpg') -Seed 31
        $folder = (New-Item -ItemType Directory -Path (Join-Path $work 'folder.jpg') -Force).FullName
        $empty = Join-Path $work 'empty.jpg'
        [System.IO.File]::WriteAllBytes($empty, [byte[]]@())
        $pdf = Join-Path $work 'scan.jpg'
        [System.IO.File]::WriteAllText($pdf, "%PDF-1.7`n1 0 obj")
        $locked = New-TestImage (Join-Path $work 'locked.jpg') -Seed 32
        $last = New-TestImage (Join-Path $work 'last.png') -Seed 33 -Kind Png
        $before = Get-RecordCount
        $mark = Get-SandboxMark $sandbox

        $holder = [System.IO.File]::Open($locked, 'Open', 'ReadWrite', 'None')   # another program has it open
        Push-Location -LiteralPath $work
        try {
            $inputs = './first.jpg', 'missing.jpg', 'nothing*.jpg', './folder.jpg', 'empty.jpg', 'scan.jpg', 'locked.jpg', './last.png'
            $paths = @($inputs | New-VerifikDocumentLiveness -ErrorVariable failed -ErrorAction SilentlyContinue | ForEach-Object SourcePath)
        }
        finally {
            Pop-Location
            $holder.Dispose()
        }

        $paths | Should -Be @($first, $last)
        @($failed | ForEach-Object { '{0}|{1}|{2}' -f $_.FullyQualifiedErrorId, $_.CategoryInfo.Category, $_.TargetObject }) | Should -Be @(
            "VerifikPathNotFound$fullyQualified|ObjectNotFound|missing.jpg"
            "VerifikPathNotFound$fullyQualified|ObjectNotFound|nothing*.jpg"
            "VerifikPathIsDirectory$fullyQualified|InvalidArgument|$folder"
            "VerifikFileEmpty$fullyQualified|InvalidData|$empty"
            "VerifikNotAnImage$fullyQualified|InvalidData|$pdf"
            "VerifikFileUnreadable$fullyQualified|ReadError|$locked"
        )
        $failed[4].Exception.Message | Should -Match 'a PDF document'
        $failed[4].Exception.Message | Should -Match 'not a JPEG, PNG or WebP image'
        $failed[2].Exception.Message | Should -Match 'is a directory'
        ((Get-RecordCount) - $before) | Should -Be 2
        Get-CreateRequest $sandbox $mark | Should -HaveCount 2   # only the two good files went out
        @(Get-ProcessedCreate $sandbox $mark | ForEach-Object imageSha256 | Sort-Object) | Should -Be (Get-Sha256 $first, $last)
    }

    It 'refuses an empty -Check with one terminating error before any file is read' {
        $good = New-TestImage (Join-Path $TestDrive 'good.jpg') -Seed 34
        $before = Get-RecordCount
        $mark = Get-SandboxMark $sandbox
        $caught = $null
        try { New-VerifikDocumentLiveness -Path 'missing.jpg', $good -Check @() -ErrorVariable written } catch { $caught = $_ }
        $written | Should -HaveCount 1 -Because 'no VerifikPathNotFound comes first: nothing was resolved or read'
        $caught.FullyQualifiedErrorId | Should -Be "VerifikNoCheckSelected$fullyQualified"
        $caught.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $caught.Exception.Message | Should -Match 'ScreenReplay, PrintedCopy, PortraitSubstitution, DigitalManipulation'
        { $good | New-VerifikDocumentLiveness -Check @() } | Should -Throw -ErrorId 'VerifikNoCheckSelected*'
        (Get-SandboxMark $sandbox).Arrivals | Should -Be $mark.Arrivals
        (Get-RecordCount) | Should -Be $before
    }

    It 'gets the API''s 413 for an image over its limit, and the next file goes on' {
        $large = New-TestImage (Join-Path $TestDrive 'large.jpg') -Length 6000 -Seed 35
        $small = New-TestImage (Join-Path $TestDrive 'small.jpg') -Length 3000 -Seed 36
        $mark = Get-SandboxMark $sandbox
        $paths = @($large, $small | New-VerifikDocumentLiveness -ErrorVariable failed -ErrorAction SilentlyContinue | ForEach-Object SourcePath)
        $paths | Should -Be @($small)
        $failed | Should -HaveCount 1
        $failed[0].FullyQualifiedErrorId | Should -Be "VerifikImageTooLarge$fullyQualified"
        $failed[0].CategoryInfo.Category | Should -Be 'LimitsExceeded'
        $failed[0].TargetObject | Should -Be $large
        $failed[0].Exception.Message | Should -Match 'IMAGE_TOO_LARGE'
        Get-ProcessedCreate $sandbox $mark | Should -HaveCount 1
    }

    It 'stops the run with a terminating error when the token is refused' {
        $files = @(0..5 | ForEach-Object { New-TestImage (Join-Path $TestDrive "t$_.jpg") -Length 1000 -Seed (40 + $_) })
        # -SkipValidation: the connect's own check would refuse it before any create.
        $stranger = Connect-Verifik -Token (New-TestJwt -ClientId 'stranger' -ExpiresOn ([DateTimeOffset]::UtcNow.AddDays(1))) -BaseUri $sandbox.BaseUri -ReturnConnection -SkipValidation
        $before = Get-RecordCount
        $mark = Get-SandboxMark $sandbox
        $caught = $null
        try { $files | New-VerifikDocumentLiveness -Connection $stranger -ThrottleLimit 1 -ErrorAction SilentlyContinue } catch { $caught = $_ }
        $caught.FullyQualifiedErrorId | Should -Be "VerifikTokenRefused$fullyQualified"
        $caught.CategoryInfo.Category | Should -Be 'AuthenticationError'
        $caught.TargetObject | Should -Be $files[0]
        Get-CreateRequest $sandbox $mark | Should -HaveCount 1
        Get-ProcessedCreate $sandbox $mark | Should -HaveCount 0
        (Get-RecordCount) | Should -Be $before
    }
}

Describe 'New-VerifikDocumentLiveness: the API''s refusals' {
    Context 'HTTP <Status> <Code>' -ForEach @(
        @{ Status = 409; ErrorId = 'VerifikRequestRejected'; Category = 'InvalidArgument'; Code = 'MissingParameter'; Said = 'At least one validation must be selected' }
        @{ Status = 400; ErrorId = 'VerifikInvalidImageFormat'; Category = 'InvalidData'; Code = 'INVALID_IMAGE_FORMAT'; Said = 'Invalid image format' }
        @{ Status = 413; ErrorId = 'VerifikImageTooLarge'; Category = 'LimitsExceeded'; Code = 'IMAGE_TOO_LARGE'; Said = 'Image too large' }
        @{ Status = 422; ErrorId = 'VerifikRequestRejected'; Category = 'InvalidArgument'; Code = 'INVALID_PARAMETERS'; Said = 'Invalid parameters' }
    ) {
        BeforeAll {
            # The first create is refused, as the live API refuses what it cannot use; the next one goes through.
            $sandbox = Start-ConnectedSandbox '--fault-kind', 'Refusal', '--fault-status', "$Status", '--fault-on', 'create', '--fault-times', '1'
        }

        AfterAll {
            Stop-ConnectedSandbox $sandbox
        }

        It 'is an error for that file with the API''s message and code, and the next file goes on' {
            $refused = New-TestImage (Join-Path $TestDrive "refused-$Status.jpg") -Seed 37
            $next = New-TestImage (Join-Path $TestDrive "next-$Status.jpg") -Seed 38
            $mark = Get-SandboxMark $sandbox
            $paths = @($refused, $next | New-VerifikDocumentLiveness -ThrottleLimit 1 -ErrorVariable failed -ErrorAction SilentlyContinue | ForEach-Object SourcePath)
            $paths | Should -Be @($next)
            $failed | Should -HaveCount 1
            $failed[0].FullyQualifiedErrorId | Should -Be "$ErrorId$fullyQualified"
            $failed[0].CategoryInfo.Category | Should -Be $Category
            $failed[0].TargetObject | Should -Be $refused
            $failed[0].Exception.Message | Should -Match $Code
            $failed[0].Exception.Message | Should -Match $Said
            $failed[0].Exception.Message | Should -Match "HTTP $Status"
            Get-CreateRequest $sandbox $mark | Should -HaveCount 2   # a refusal is final: not retried
        }
    }
}

Describe 'New-VerifikDocumentLiveness: never charged twice' {
    Context 'a 429 with Retry-After <_>' -ForEach '1', '0', 'none' {
        BeforeAll {
            $sandbox = Start-ConnectedSandbox '--fault-kind', 'TooManyRequests', '--fault-retry-after', $_, '--fault-on', 'create', '--fault-times', '1'
        }
        AfterAll {
            Stop-ConnectedSandbox $sandbox
        }

        It 'is retried as Retry-After says and the file is created once' {
            $file = New-TestImage (Join-Path $TestDrive 'a429.jpg')
            $run = Invoke-Submission -File $file
            @($run.Records | ForEach-Object SourcePath) | Should -Be @($file)
            $run.Retries | Should -HaveCount 1
            $run.Retries[0] | Should -Match 'HTTP 429'
            $run.Sent | Should -Be @(429, 200)
            $run.Processed | Should -Be 1
            $run.Found | Should -Be 1
        }
    }

    Context 'a 503' {
        BeforeAll {
            $sandbox = Start-ConnectedSandbox '--fault-kind', 'ServerError', '--fault-status', '503', '--fault-on', 'create', '--fault-times', '1'
        }
        AfterAll {
            Stop-ConnectedSandbox $sandbox
        }

        It 'is retried and the file is created once' {
            $file = New-TestImage (Join-Path $TestDrive 'a503.jpg')
            $run = Invoke-Submission -File $file
            @($run.Records | ForEach-Object SourcePath) | Should -Be @($file)
            $run.Retries | Should -HaveCount 1
            $run.Retries[0] | Should -Match 'HTTP 503'
            $run.Sent | Should -Be @(503, 200)
            $run.Processed | Should -Be 1
            $run.Found | Should -Be 1
        }
    }

    Context 'an HTTP <_> once the body was processed' -ForEach @(500, 502, 504) {
        BeforeAll {
            # Once only: a wrong retry would be answered 200 and make a second record.
            $sandbox = Start-ConnectedSandbox '--fault-kind', 'ServerErrorAfterBody', '--fault-status', "$_", '--fault-on', 'create', '--fault-times', '1'
            $status = $_
        }
        AfterAll {
            Stop-ConnectedSandbox $sandbox
        }

        It 'is not retried, and the file gets VerifikSubmissionUncertain with how to check' {
            $file = New-TestImage (Join-Path $TestDrive "a$status.jpg")
            $run = Invoke-Submission -File $file
            Assert-Uncertain -Run $run -File $file -Category 'ResourceUnavailable'
            $run.Errors[0].Exception.Message | Should -Match "HTTP $status"
            $run.Sent | Should -HaveCount 1
            $run.Processed | Should -Be 1
            $run.Found | Should -Be 1   # the one record the API made, found the way the message says
        }
    }

    Context 'a gateway''s or an origin''s other 5xx once the body was processed' {
        BeforeAll {
            # One rule a status, each once: the creates get 520, 522, 524 and 599 in turn, and a wrong retry a second record.
            $statuses = 520, 522, 524, 599
            $faults = foreach ($status in $statuses) { '--fault-kind', 'ServerErrorAfterBody', '--fault-status', "$status", '--fault-on', 'create', '--fault-times', '1' }
            $sandbox = Start-ConnectedSandbox @($faults)
        }
        AfterAll {
            Stop-ConnectedSandbox $sandbox
        }

        It 'HTTP <_> is not retried, and the file gets VerifikSubmissionUncertain with how to check' -ForEach @(520, 522, 524, 599) {
            $file = New-TestImage (Join-Path $TestDrive "a$_.jpg") -Seed $_
            $before = Get-RecordCount
            $run = Invoke-Submission -File $file
            Assert-Uncertain -Run $run -File $file -Category 'ResourceUnavailable'
            $run.Errors[0].Exception.Message | Should -Match "HTTP $_"
            ((Get-RecordCount) - $before) | Should -Be 1   # the one record the API made
        }
    }

    Context 'a connection dropped once the body was processed' {
        BeforeAll {
            $sandbox = Start-ConnectedSandbox '--fault-kind', 'DropAfterBody', '--fault-on', 'create', '--fault-times', '1'
        }
        AfterAll {
            Stop-ConnectedSandbox $sandbox
        }

        It 'is not retried, and the file gets VerifikSubmissionUncertain' {
            $file = New-TestImage (Join-Path $TestDrive 'dropped.jpg')
            $run = Invoke-Submission -File $file
            Assert-Uncertain -Run $run -File $file -Category 'ConnectionError'
            $run.Sent | Should -HaveCount 1
            $run.Processed | Should -Be 1
            $run.Found | Should -Be 1
        }
    }

    Context 'a timeout once the body was sent' {
        BeforeAll {
            # The sandbox's Slow fault waits 5 s before answering.
            $sandbox = Start-ConnectedSandbox '--fault-kind', 'Slow', '--fault-on', 'create', '--fault-times', '1'
        }
        AfterAll {
            Stop-ConnectedSandbox $sandbox
        }

        It 'is not retried, and the file gets VerifikSubmissionUncertain' {
            $file = New-TestImage (Join-Path $TestDrive 'slow.jpg')
            $run = Invoke-Submission -File $file -Extra @{ TimeoutSec = 1 }
            Assert-Uncertain -Run $run -File $file -Category 'OperationTimeout'
            $run.Errors[0].Exception.Message | Should -Match 'within 1 s'
            $run.Arrived | Should -Be 1   # one create arrived (the sandbox may log its abort later); none was sent again
        }
    }

    Context 'a 200 that cannot be read' {
        BeforeAll {
            $sandbox = Start-ConnectedSandbox '--fault-kind', 'TruncatedBody', '--fault-on', 'create', '--fault-times', '1'
        }
        AfterAll {
            Stop-ConnectedSandbox $sandbox
        }

        It 'is not retried, and the file gets VerifikSubmissionUncertain' {
            $file = New-TestImage (Join-Path $TestDrive 'truncated.jpg')
            $run = Invoke-Submission -File $file
            Assert-Uncertain -Run $run -File $file -Category 'InvalidData'
            $run.Processed | Should -Be 1
            $run.Found | Should -Be 1
        }
    }

    Context 'a redirect in answer to a create' {
        BeforeAll {
            # Processed, then answered 303: the record exists, but the module cannot know it.
            $sandbox = Start-ConnectedSandbox '--fault-kind', 'WrongStatus', '--fault-status', '303', '--fault-on', 'create', '--fault-times', '1'
        }
        AfterAll {
            Stop-ConnectedSandbox $sandbox
        }

        It 'is not followed, and the file gets VerifikSubmissionUncertain' {
            $file = New-TestImage (Join-Path $TestDrive 'redirected.jpg')
            $run = Invoke-Submission -File $file
            Assert-Uncertain -Run $run -File $file -Category 'SecurityError'
            $run.Errors[0].Exception.Message | Should -Match 'HTTP 303'
            $run.Sent | Should -HaveCount 1
            $run.Processed | Should -Be 1
            $run.Found | Should -Be 1
        }
    }

    Context 'a token refused while other creates are running' {
        BeforeAll {
            # Four creates are under way together (the latency holds the first until the others have arrived); the sandbox
            # refuses the token of the first it checks and answers the rest two seconds later, so the refusal is seen while
            # they still run.
            $sandbox = Start-ConnectedSandbox '--latency-ms', '1000',
                '--fault-kind', 'Unauthorized', '--fault-on', 'create', '--fault-times', '1',
                '--fault-kind', 'Slow', '--fault-on', 'create', '--fault-delay-ms', '2000'
        }
        AfterAll {
            Stop-ConnectedSandbox $sandbox
        }

        It 'still writes the records of the creates already running, then stops' {
            $files = @(0..7 | ForEach-Object { New-TestImage (Join-Path $TestDrive "r$_.jpg") -Length 1000 -Seed (60 + $_) })
            $before = Get-RecordCount
            $mark = Get-SandboxMark $sandbox
            $written = [System.Collections.Generic.List[string]]::new()
            $caught = $null
            try { $files | New-VerifikDocumentLiveness -ThrottleLimit 4 -ErrorAction SilentlyContinue | ForEach-Object { $written.Add($_.Id) } }
            catch { $caught = $_ }

            $caught.FullyQualifiedErrorId | Should -Be "VerifikTokenRefused$fullyQualified"
            $caught.CategoryInfo.Category | Should -Be 'AuthenticationError'
            # Charged creates are never lost: every record the API made was written, and nothing started after the refusal.
            $written | Should -HaveCount 3
            @($written | Sort-Object) | Should -Be @(Get-ProcessedCreate $sandbox $mark | ForEach-Object id | Sort-Object)
            Get-CreateRequest $sandbox $mark | Should -HaveCount 4
            (Get-RecordCount) - $before | Should -Be 3
        }
    }

    Context 'a refused connection' {
        It 'is retried, then fails as VerifikConnectionFailed, not as uncertain' {
            $file = New-TestImage (Join-Path $TestDrive 'nobody.jpg')
            $port = Get-FreeTcpPort   # nothing listens there
            $token = New-TestJwt -ExpiresOn ([DateTimeOffset]::UtcNow.AddDays(1))
            $gone = Connect-Verifik -Token $token -BaseUri "http://127.0.0.1:$port/" -MaxRetry 2 -ReturnConnection -SkipValidation
            $all = @(New-VerifikDocumentLiveness -Path $file -Connection $gone -Verbose -ErrorVariable failed -ErrorAction SilentlyContinue 4>&1)
            $failed | Should -HaveCount 1
            $failed[0].FullyQualifiedErrorId | Should -Be "VerifikConnectionFailed$fullyQualified"
            $failed[0].CategoryInfo.Category | Should -Be 'ConnectionError'
            $failed[0].TargetObject | Should -Be $file
            $failed[0].Exception.OutcomeUnknown | Should -BeFalse
            @($all | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -like 'Retrying*' }) | Should -HaveCount 2
        }
    }
}

Describe 'New-VerifikDocumentLiveness: answers that come before the body is sent' {
    Context 'the sandbox''s own limit on the body' {
        BeforeAll {
            # The body limit follows the image limit: about 2.3 MB here. A larger body is refused by its Content-Length.
            $sandbox = Start-ConnectedSandbox '--max-image-bytes', '1000000'
        }
        AfterAll {
            Stop-ConnectedSandbox $sandbox
        }

        It 'is VerifikImageTooLarge for the file, not an uncertain create, and the next file goes on' {
            $large = New-TestImage (Join-Path $TestDrive 'large.jpg') -Length 8000000 -Seed 71
            $small = New-TestImage (Join-Path $TestDrive 'small.jpg') -Seed 72
            $before = Get-RecordCount
            $paths = @($large, $small | New-VerifikDocumentLiveness -ThrottleLimit 1 -ErrorVariable failed -ErrorAction SilentlyContinue | ForEach-Object SourcePath)
            $paths | Should -Be @($small)
            $failed | Should -HaveCount 1
            $failed[0].FullyQualifiedErrorId | Should -Be "VerifikImageTooLarge$fullyQualified"
            $failed[0].CategoryInfo.Category | Should -Be 'LimitsExceeded'
            $failed[0].TargetObject | Should -Be $large
            $failed[0].Exception.OutcomeUnknown | Should -BeFalse
            $failed[0].Exception.Message | Should -Match 'IMAGE_TOO_LARGE'
            ((Get-RecordCount) - $before) | Should -Be 1
        }
    }

    Context 'a gateway''s <Status> before it reads the body, then a closed connection' -ForEach @(
        @{ Kind = 'EarlyAnswer'; Status = 429 }
        @{ Kind = 'AnswerMidBody'; Status = 503 }
    ) {
        BeforeAll {
            $sandbox = Start-ConnectedSandbox '--fault-kind', $Kind, '--fault-status', "$Status", '--fault-retry-after', '0', '--fault-on', 'create', '--fault-times', '1'
        }
        AfterAll {
            Stop-ConnectedSandbox $sandbox
        }

        It 'is retried (nothing was processed), and the file is created once' {
            $file = New-TestImage (Join-Path $TestDrive "early$Status.jpg") -Length 6000000 -Seed $Status
            $before = Get-RecordCount
            $run = Invoke-Submission -File $file
            $run.Errors | Should -HaveCount 0
            @($run.Records | ForEach-Object SourcePath) | Should -Be @($file)
            $run.Retries | Should -HaveCount 1
            $run.Retries[0] | Should -Match "HTTP $Status"
            ((Get-RecordCount) - $before) | Should -Be 1
        }
    }

    Context 'a gateway''s 413 while the body is still being sent' {
        BeforeAll {
            $sandbox = Start-ConnectedSandbox '--fault-kind', 'AnswerMidBody', '--fault-status', '413', '--fault-on', 'create', '--fault-times', '1'
        }
        AfterAll {
            Stop-ConnectedSandbox $sandbox
        }

        It 'is VerifikImageTooLarge, read from the answer the gateway sent before it closed' {
            $file = New-TestImage (Join-Path $TestDrive 'midbody.jpg') -Length 6000000 -Seed 73
            $run = Invoke-Submission -File $file
            $run.Records | Should -HaveCount 0
            $run.Errors | Should -HaveCount 1
            $run.Errors[0].FullyQualifiedErrorId | Should -Be "VerifikImageTooLarge$fullyQualified"
            $run.Errors[0].Exception.OutcomeUnknown | Should -BeFalse
            $run.Retries | Should -HaveCount 0
        }
    }
}

Describe 'New-VerifikDocumentLiveness: a file that stops answering while it is sent' -Skip:(-not $IsLinux) {
    BeforeAll {
        $manifest = Get-VerifikManifestPath

        function Start-Submission {
            # The files through New-VerifikDocumentLiveness in a runspace of its own (the connection is process-wide).
            param([Parameter(Mandatory = $true)][string[]]$Files, [hashtable]$More = @{})
            $ps = [powershell]::Create()
            $null = $ps.AddScript('param($manifest, $files, $more) Import-Module $manifest; $files | New-VerifikDocumentLiveness -ThrottleLimit 1 @more').
                AddArgument($manifest).AddArgument($Files).AddArgument($More)
            return [pscustomobject]@{ PowerShell = $ps; Async = $ps.BeginInvoke() }
        }

        function Wait-Until {
            param([Parameter(Mandatory = $true)][scriptblock]$Condition, [string]$What)
            $deadline = [DateTime]::UtcNow.AddSeconds(60)
            while (-not (& $Condition)) {
                if ([DateTime]::UtcNow -gt $deadline) { throw "Gave up waiting for: $What" }
                Start-Sleep -Milliseconds 50
            }
        }

        function Get-FileThread {
            # This process's threads reading a file of the module (GuardedFile names them "Verifik file <name>"; Linux keeps 15 characters).
            @(Get-ChildItem -LiteralPath "/proc/$PID/task" | Where-Object {
                    (Get-Content -LiteralPath (Join-Path $_.FullName 'comm') -ErrorAction SilentlyContinue) -eq 'Verifik file q9' })
        }

        function Set-NamedPipe {
            param([Parameter(Mandatory = $true)][string]$Path)
            Remove-Item -LiteralPath $Path
            & mkfifo $Path
            $LASTEXITCODE | Should -Be 0
        }

        function Get-CreateArrivals {
            @((Get-VerifikSandboxLog -Sandbox $sandbox).Arrivals | Where-Object { $_ -eq 'POST /v2/document-liveness' }).Count
        }
    }

    BeforeEach {
        # The first attempt of a create is answered 429 (Retry-After: 2 s); meanwhile the file is replaced by a named pipe
        # nobody writes to, so the second attempt's read never returns, as on a stalled share.
        $sandbox = Start-ConnectedSandbox '--expose-log', '--fault-kind', 'TooManyRequests', '--fault-retry-after', '2', '--fault-on', 'create', '--fault-times', '1'
    }

    AfterEach {
        Stop-ConnectedSandbox $sandbox
    }

    It 'ends as VerifikFileUnreadable within -TimeoutSec, the next file goes on, and no thread stays on it' {
        $stalled = New-TestImage (Join-Path $TestDrive 'q9-timeout.jpg') -Seed 81
        $next = New-TestImage (Join-Path $TestDrive 'next.jpg') -Seed 82
        $creates = Get-CreateArrivals
        $run = Start-Submission -Files $stalled, $next -More @{ TimeoutSec = 3 }
        try {
            Wait-Until { (Get-CreateArrivals) -gt $creates } 'the first attempt to arrive'
            Set-NamedPipe $stalled
            $records = @($run.PowerShell.EndInvoke($run.Async))
            $errors = @($run.PowerShell.Streams.Error)
        }
        finally {
            $run.PowerShell.Dispose()
        }
        @($records | ForEach-Object SourcePath) | Should -Be @($next)
        $errors | Should -HaveCount 1
        $errors[0].FullyQualifiedErrorId | Should -Be "VerifikFileUnreadable$fullyQualified"
        $errors[0].CategoryInfo.Category | Should -Be 'ReadError'
        $errors[0].TargetObject | Should -Be $stalled
        $errors[0].Exception.Message | Should -Match 'did not finish within the request''s time \(-TimeoutSec\)'
        Wait-Until { (Get-FileThread).Count -eq 0 } 'the thread reading the named pipe to end'
    }

    It 'stops at once on Stop() while the read hangs, and no thread stays on it' {
        $stalled = New-TestImage (Join-Path $TestDrive 'q9-stop.jpg') -Seed 83
        $creates = Get-CreateArrivals
        $run = Start-Submission -Files $stalled
        try {
            Wait-Until { (Get-CreateArrivals) -gt $creates } 'the first attempt to arrive'
            Set-NamedPipe $stalled
            Wait-Until { (Get-FileThread).Count -gt 0 } 'the second attempt to open the named pipe'
            $run.PowerShell.Stop()   # returns once the pipeline has stopped
            $run.PowerShell.InvocationStateInfo.State | Should -Be 'Stopped'
        }
        finally {
            $run.PowerShell.Dispose()
        }
        Wait-Until { (Get-FileThread).Count -eq 0 } 'the thread reading the named pipe to end'
    }
}

Describe 'New-VerifikDocumentLiveness: -WhatIf and -Confirm' {
    BeforeAll {
        $sandbox = Start-ConnectedSandbox
        $manifest = Get-VerifikManifestPath
        # An interactive host of the suite's own: it keeps what it is told and answers choice prompts from a queue.
        Import-Module (Join-Path $PSScriptRoot 'HostedRunspace.psm1') -Force

        function Invoke-OnTestHost {
            # Runs a script in a runspace of that host (the connection is process-wide, so it is connected too).
            param([Parameter(Mandatory = $true)]$PromptHost, [Parameter(Mandatory = $true)][string]$Script, [hashtable]$Variables = @{})
            Invoke-VerifikRunspace -ManifestPath $manifest -PromptHost $PromptHost -Script $Script -Variables $Variables
        }

        $work = Join-Path $TestDrive 'confirm'
        $files = @(
            New-TestImage (Join-Path $work 'a.jpg') -Seed 51
            New-TestImage (Join-Path $work 'b.jpg') -Seed 52
            New-TestImage (Join-Path $work 'c.jpg') -Seed 53
        )
        $submit = '$files | New-VerifikDocumentLiveness @more | ForEach-Object SourcePath'
    }

    AfterAll {
        Stop-ConnectedSandbox $sandbox
    }

    It 'lists each file -WhatIf would submit and sends nothing' -Skip:($PSVersionTable.PSVersion -lt [version]'7.4') {
        $promptHost = New-VerifikPromptHost
        $before = Get-RecordCount
        $mark = Get-SandboxMark $sandbox
        $run = Invoke-OnTestHost -PromptHost $promptHost -Script 'New-VerifikDocumentLiveness -Path $pattern -WhatIf' -Variables @{ pattern = (Join-Path $work '*.jpg') }
        $run.Output | Should -HaveCount 0
        $run.Errors | Should -HaveCount 0
        $text = $promptHost.UI.Text.ToString()
        foreach ($file in $files) { $text.Contains("What if: Performing the operation ""$action"" on target ""$file"".") | Should -BeTrue }
        # The one read -WhatIf makes is the account's credits left; not one byte of a create may reach the API.
        @((Get-VerifikSandboxLog -Sandbox $sandbox).Arrivals | Select-Object -Skip $mark.Arrivals) | Should -Be @('GET /v2/clients/me')
        (Get-RecordCount) | Should -Be $before
        @(Get-VerifikDocumentLiveness -CreatedAfter ([DateTime]::UtcNow.AddMinutes(-5))).Count | Should -Be 0
    }

    It 'asks for each file with -Confirm and submits only those confirmed' -Skip:($PSVersionTable.PSVersion -lt [version]'7.4') {
        $promptHost = New-VerifikPromptHost -ChoiceAnswer 'Yes', 'No', 'Yes'
        $before = Get-RecordCount
        $mark = Get-SandboxMark $sandbox
        $run = Invoke-OnTestHost -PromptHost $promptHost -Script $submit -Variables @{ files = $files; more = @{ Confirm = $true } }
        $run.Errors | Should -HaveCount 0
        $run.Output | Should -Be @($files[0], $files[2])
        $prompts = @($promptHost.UI.ChoicePrompts)
        $prompts | Should -HaveCount 3
        for ($i = 0; $i -lt 3; $i++) {
            $prompts[$i].Contains($files[$i]) | Should -BeTrue
            $prompts[$i].Contains($action) | Should -BeTrue
        }
        Get-CreateRequest $sandbox $mark | Should -HaveCount 2
        ((Get-RecordCount) - $before) | Should -Be 2
    }

    It 'confirms the rest of the run with Yes to All' -Skip:($PSVersionTable.PSVersion -lt [version]'7.4') {
        $promptHost = New-VerifikPromptHost -ChoiceAnswer 'Yes to All'
        $run = Invoke-OnTestHost -PromptHost $promptHost -Script $submit -Variables @{ files = $files; more = @{ Confirm = $true } }
        $run.Output | Should -Be $files
        @($promptHost.UI.ChoicePrompts) | Should -HaveCount 1
    }

    It 'has ConfirmImpact Medium: no prompt by default, one when $ConfirmPreference is Medium' -Skip:($PSVersionTable.PSVersion -lt [version]'7.4') {
        $promptHost = New-VerifikPromptHost
        $before = Get-RecordCount
        (Invoke-OnTestHost -PromptHost $promptHost -Script $submit -Variables @{ files = $files; more = @{} }).Output | Should -Be $files
        @($promptHost.UI.ChoicePrompts) | Should -HaveCount 0

        $promptHost.UI.ChoiceAnswers.Enqueue('No to All')
        $declined = Invoke-OnTestHost -PromptHost $promptHost -Variables @{ files = $files } `
            -Script '$ConfirmPreference = ''Medium''; $files | New-VerifikDocumentLiveness | ForEach-Object SourcePath'
        $declined.Output | Should -HaveCount 0
        @($promptHost.UI.ChoicePrompts) | Should -HaveCount 1
        ((Get-RecordCount) - $before) | Should -Be 3
        ((Get-Command New-VerifikDocumentLiveness).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0].ConfirmImpact) |
            Should -Be 'Medium'
    }
}

Describe 'New-VerifikDocumentLiveness: a file named twice in one command' {
    BeforeAll {
        $sandbox = Start-ConnectedSandbox
        $work = Join-Path $TestDrive 'twice'
        $a = New-TestImage (Join-Path $work 'a.jpg') -Seed 91
        $b = New-TestImage (Join-Path $work 'b.jpg') -Seed 92
        $null = New-Item -ItemType Directory -Path (Join-Path $work 'sub') -Force
        $link = Join-Path $work 'link-to-a.jpg'
        $null = New-Item -ItemType SymbolicLink -Path $link -Target $a
        # The same file four more times: an overlapping wildcard, a '..' alias, a link, and the path again.
        $inputs = @((Join-Path $work '*.jpg'), (Join-Path $work 'a*'), (Join-Path (Join-Path $work 'sub') '../a.jpg'), $a)
    }
    AfterAll {
        Stop-ConnectedSandbox $sandbox
    }

    It 'is submitted once, and a warning names each repeat' {
        $before = Get-RecordCount
        $paths = @(New-VerifikDocumentLiveness -Path $inputs -WarningVariable repeats -WarningAction SilentlyContinue | ForEach-Object SourcePath)
        $paths | Should -Be @($a, $b)
        ((Get-RecordCount) - $before) | Should -Be 2
        $repeats | Should -HaveCount 4   # the link (from *.jpg), then a.jpg (a*), sub/../a.jpg and a.jpg again
        foreach ($warning in $repeats) { "$warning" | Should -Match '-AllowDuplicate' }
        "$($repeats[0])" | Should -BeLike "'$link' is the same file as '$a', given earlier in this command*"
        "$($repeats[1])" | Should -BeLike "'$a' was given more than once in this command*"
    }

    It 'is submitted each time with -AllowDuplicate' {
        $before = Get-RecordCount
        $paths = @(New-VerifikDocumentLiveness -Path $a, $a -AllowDuplicate -WarningVariable repeats | ForEach-Object SourcePath)
        $paths | Should -Be @($a, $a)
        $repeats | Should -HaveCount 0
        ((Get-RecordCount) - $before) | Should -Be 2
    }
}

Describe 'New-VerifikDocumentLiveness -WhatIf checks as the run does' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'HostedRunspace.psm1') -Force
        $sandbox = Start-ConnectedSandbox
        $manifest = Get-VerifikManifestPath
        $work = Join-Path $TestDrive 'preview'
        $a = New-TestImage (Join-Path $work 'a.jpg') -Seed 93 -Length 2048
        $b = New-TestImage (Join-Path $work 'b.png') -Seed 94 -Kind Png -Length 1024
        $notes = Join-Path $work 'notes.jpg'
        Set-Content -LiteralPath $notes -Value 'not an image'
        $empty = Join-Path $work 'empty.jpg'
        [System.IO.File]::WriteAllBytes($empty, [byte[]]@())
        $files = @($a, $notes, $b, $empty, $a)

        function Invoke-Preview {
            param([hashtable]$More = @{})
            $promptHost = New-VerifikPromptHost
            $run = Invoke-VerifikRunspace -ManifestPath $manifest -PromptHost $promptHost -Variables @{ files = $files; more = $More } `
                -Script '$files | New-VerifikDocumentLiveness -WhatIf @more'
            $lines = @($promptHost.UI.Text.ToString() -split "`r?`n" | Where-Object { $_ -like 'What if:*' })
            return [pscustomobject]@{ Run = $run; Lines = $lines }
        }
    }
    AfterAll {
        Stop-ConnectedSandbox $sandbox
    }

    It 'lists only the files a run would send, gives the others their errors, and ends with the total' {
        $before = Get-RecordCount
        $preview = Invoke-Preview
        $preview.Run.Output | Should -HaveCount 0
        $preview.Lines | Should -Be @(
            "What if: Performing the operation ""$action"" on target ""$a""."
            "What if: Performing the operation ""$action"" on target ""$b""."
            'What if: the account has 1,000 credits left; each file submitted is charged.'
            'What if: 2 files would be submitted and charged (3 KB); 2 would be refused. 1 repeated path would be skipped (each file is submitted once).'
            'What if: No image would be kept (-SaveImage was not given), so none of these records could have its image saved later with Save-VerifikDocumentLivenessImage.'
        )
        @($preview.Run.Errors | ForEach-Object { '{0}|{1}' -f $_.FullyQualifiedErrorId, $_.TargetObject }) | Should -Be @(
            "VerifikNotAnImage$fullyQualified|$notes"
            "VerifikFileEmpty$fullyQualified|$empty"
        )
        $preview.Run.Warnings | Should -HaveCount 1
        $preview.Run.Warnings[0] | Should -BeLike "'$a' was given more than once*"
        (Get-RecordCount) | Should -Be $before
    }

    It 'does not say that no image would be kept when -SaveImage is given' {
        $preview = Invoke-Preview -More @{ SaveImage = $true }
        @($preview.Lines | Where-Object { $_ -like '*No image would be kept*' }) | Should -HaveCount 0
        $preview.Lines[-1] | Should -BeLike 'What if: 2 files would be submitted and charged*'
    }
}

Describe 'New-VerifikDocumentLiveness stopped while creates are in flight' {
    BeforeAll {
        # The latency holds every create, after its body was sent, until the stop.
        $sandbox = Start-ConnectedSandbox '--expose-log', '--latency-ms', '30000'
        $manifest = Get-VerifikManifestPath
        # A host written in C#, as the console's is: a stopped pipeline can no longer run a host written in PowerShell.
        if (-not ('Verifik.Pester.CapturingHost' -as [type])) {
            Add-Type -Path (Join-Path $PSScriptRoot 'CapturingHost.cs') -IgnoreWarnings
        }
    }
    AfterAll {
        Stop-ConnectedSandbox $sandbox
    }

    It 'says how many creates may have been charged, which, and how to check' {
        $files = @(0..7 | ForEach-Object { New-TestImage (Join-Path (Join-Path $TestDrive 'inflight') ('{0:D3}.jpg' -f $_)) -Seed (400 + $_) })
        $creates = @((Get-VerifikSandboxLog -Sandbox $sandbox).Arrivals | Where-Object { $_ -eq 'POST /v2/document-liveness' }).Count
        $console = [Verifik.Pester.CapturingHost]::new(120)
        $iss = [initialsessionstate]::CreateDefault2()
        $iss.ImportPSModule([string[]]@($manifest))
        $runspace = [runspacefactory]::CreateRunspace($console, $iss)
        $runspace.Open()
        $ps = [powershell]::Create()
        try {
            $ps.Runspace = $runspace
            $null = $ps.AddScript('param($files) $files | New-VerifikDocumentLiveness -ThrottleLimit 4').AddArgument($files)
            $started = [DateTime]::UtcNow
            $null = $ps.BeginInvoke()
            Wait-VerifikCondition { @((Get-VerifikSandboxLog -Sandbox $sandbox).Arrivals | Where-Object { $_ -eq 'POST /v2/document-liveness' }).Count -ge $creates + 4 } `
                'the four creates arrived' -TimeoutSec 60
            $ps.Stop()
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
        }
        finally {
            $ps.Dispose()
            $runspace.Dispose()
        }
        $text = $console.Text
        $text | Should -Match 'Stopped while 4 creates were in flight: sent, and may have been processed \(and charged\)'
        foreach ($sent in $files[0..3]) { $text.Contains("'$sent'") | Should -BeTrue }
        foreach ($waiting in $files[4..7]) { $text.Contains("'$waiting'") | Should -BeFalse }
        $text -match "Get-VerifikDocumentLiveness -CreatedAfter '(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)'" | Should -BeTrue
        $since = [DateTime]::Parse($Matches[1], [cultureinfo]::InvariantCulture, [System.Globalization.DateTimeStyles]'AdjustToUniversal, AssumeUniversal')
        $since | Should -BeLessOrEqual $started
        $since | Should -BeGreaterThan $started.AddMinutes(-2)
    }
}

Describe 'New-VerifikDocumentLiveness in bulk' {
    Context 'under random latency' {
        BeforeAll {
            $sandbox = Start-ConnectedSandbox '--jitter-ms', '30'
        }
        AfterAll {
            Stop-ConnectedSandbox $sandbox
        }

        It 'writes the records in input order' {
            $files = @(0..29 | ForEach-Object { New-TestImage (Join-Path (Join-Path $TestDrive 'order') ('{0:D3}.jpg' -f $_)) -Length (600 + $_) -Seed (100 + $_) })
            $shuffled = @($files | Get-Random -Count $files.Count)
            $mark = Get-SandboxMark $sandbox
            @($shuffled | New-VerifikDocumentLiveness -ErrorVariable failed | ForEach-Object SourcePath) | Should -Be $shuffled
            $failed | Should -HaveCount 0
            Get-ProcessedCreate $sandbox $mark | Should -HaveCount 30
        }
    }

    Context 'stopped' {
        BeforeAll {
            # Every create is held 30 s: what arrives meanwhile is what the module sent. A GET (the barrier below) is not.
            $sandbox = Start-ConnectedSandbox '--fault-kind', 'Slow', '--fault-on', 'create', '--fault-delay-ms', '30000'
        }
        AfterAll {
            Stop-ConnectedSandbox $sandbox
        }

        It 'stops at once; the four creates in flight end unprocessed, and no other starts' {
            $files = @(0..39 | ForEach-Object { New-TestImage (Join-Path (Join-Path $TestDrive 'stop') ('{0:D3}.jpg' -f $_)) -Seed (200 + $_) })
            $mark = Get-SandboxMark $sandbox
            $posts = { @((Get-VerifikSandboxLog -Sandbox $sandbox).Arrivals | Select-Object -Skip $mark.Arrivals | Where-Object { $_ -like 'POST *' }) }
            $ps = [powershell]::Create()
            try {
                $null = $ps.AddScript('param($manifest, $files) Import-Module $manifest; $files | New-VerifikDocumentLiveness').
                    AddArgument((Get-VerifikManifestPath)).AddArgument($files)
                $null = $ps.BeginInvoke()
                Wait-VerifikCondition { (& $posts).Count -ge 4 } 'the first four creates arrive'

                $ps.Stop()   # returns once the pipeline has stopped

                $ps.InvocationStateInfo.State | Should -Be 'Stopped'
            }
            finally {
                $ps.Dispose()
            }
            # The signal that the four are over: the sandbox logs each as ended by the client, without an answer (status 0).
            Wait-VerifikCondition { @(Get-CreateRequest $sandbox $mark | Where-Object { $_.status -eq 0 }).Count -ge 4 } 'the four creates are cancelled'
            # A create wrongly started in a slot the cancelled ones freed would be on its way by now; this GET, sent after, is the barrier.
            (Get-VerifikDocumentLiveness -Id 68a8bf34d8207d5f3357b643).Id | Should -Be '68a8bf34d8207d5f3357b643'
            (& $posts).Count | Should -Be 4 -Because 'the default -ThrottleLimit is 4, and nothing starts after Stop'
            Get-ProcessedCreate $sandbox $mark | Should -HaveCount 0 -Because 'the cancelled creates were never processed'
        }
    }

    Context 'a long run' {
        BeforeAll {
            $sandbox = Start-ConnectedSandbox '--latency-ms', '70'
        }
        AfterAll {
            Stop-ConnectedSandbox $sandbox
        }

        It 'shows progress with a running count, then completes it' {
            $files = @(0..39 | ForEach-Object { New-TestImage (Join-Path (Join-Path $TestDrive 'long') ('{0:D3}.jpg' -f $_)) -Seed (300 + $_) })
            $ps = [powershell]::Create()
            try {
                $null = $ps.AddScript('param($manifest, $files) Import-Module $manifest; $files | New-VerifikDocumentLiveness -ThrottleLimit 1 | Out-Null').
                    AddArgument((Get-VerifikManifestPath)).AddArgument($files)
                $null = $ps.Invoke()
                $records = @($ps.Streams.Progress)
                @($records | Where-Object { $_.Activity -eq 'New-VerifikDocumentLiveness' -and $_.StatusDescription -match 'records' -and $_.StatusDescription -match '/s' }).Count |
                    Should -BeGreaterThan 0
                $records[-1].RecordType | Should -Be 'Completed'
            }
            finally {
                $ps.Dispose()
            }
        }
    }

    Context 'verbose' {
        BeforeAll {
            $sandbox = Start-ConnectedSandbox '--fault-kind', 'TooManyRequests', '--fault-on', 'create', '--fault-times', '1'
        }
        AfterAll {
            Stop-ConnectedSandbox $sandbox
        }

        It 'says what is sent, and never the image or the token' {
            $file = New-TestImage (Join-Path $TestDrive 'card.jpg') -Length 1536
            $bytes = [System.IO.File]::ReadAllBytes($file)
            $all = @(New-VerifikDocumentLiveness -Path $file -Check ScreenReplay, PrintedCopy -ScreenReplayCalibration HARD -SaveImage -Verbose -Debug *>&1 |
                    ForEach-Object { "$_" })
            $all | Should -Contain "Submitting '$file' (1.5 KB, JPEG): checks ScreenReplay, PrintedCopy; ScreenReplay calibration HARD; save image."
            @($all | Where-Object { $_.StartsWith("Retrying ${file}: HTTP 429") }) | Should -HaveCount 1
            @($all | Where-Object { $_.StartsWith("Created '") -and $_.EndsWith("' from '$file'.") }) | Should -HaveCount 1
            $text = $all -join "`n"
            $text.Contains($sandbox.Token) | Should -BeFalse
            $text.Contains($sandbox.Token.Split('.')[2]) | Should -BeFalse
            $text.Contains([Convert]::ToBase64String($bytes, 0, 30)) | Should -BeFalse
            $text.Contains([Convert]::ToBase64String($bytes, 900, 30).Substring(4)) | Should -BeFalse
        }
    }
}
