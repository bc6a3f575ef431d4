# Save-VerifikDocumentLivenessImage through real pwsh: records, CSV rows and bare IDs to files, the extension,
# resuming, -Force, -PassThru, order, progress, Ctrl+C, -WhatIf, -Connection, every hostile answer, URL and ID, and
# where the token went.
# The sandbox program serves images on its own "CDN" origin (read from its output) and, started with --expose-log,
# answers GET /sandbox/log with every request it got (Get-VerifikSandboxLog), which is how these tests see what reached
# which origin.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'SandboxImages.psm1') -Force
    Import-VerifikModule

    function Get-LoggedRequest {
        <# Every request the sandbox logged so far, on either origin: method, path, origin, status, tokenId, hasAuthorization. #>
        param([Parameter(Mandatory = $true)] $Sandbox)
        (Get-VerifikSandboxLog -Sandbox $Sandbox).Requests
    }

    function New-RecordWithImage {
        <# A record created with saveImage (POST /v2/document-liveness): the sandbox keeps the image on its CDN with the type of its bytes. #>
        param([Parameter(Mandatory = $true)] $Sandbox, [Parameter(Mandatory = $true)][byte[]]$Bytes)
        $body = @{ image = [Convert]::ToBase64String($Bytes); saveImage = $true; validatePortraitSubstitution = $true } | ConvertTo-Json -Compress
        $answer = Invoke-RestMethod -Method Post -Uri ($Sandbox.BaseUri + 'v2/document-liveness') -ContentType 'application/json' -Body $body `
            -Headers @{ Authorization = 'Bearer ' + $Sandbox.Token }
        return $answer.data
    }

    $jpeg = [byte[]](@(0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10) + @(1..200 | ForEach-Object { 0x41 }) + @(0xFF, 0xD9))
    $png = [Convert]::FromBase64String('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=')
    $webp = [byte[]]([System.Text.Encoding]::ASCII.GetBytes('RIFF') + @(0x24, 0, 0, 0) + [System.Text.Encoding]::ASCII.GetBytes('WEBPVP8 ') + @(0x18, 0, 0, 0) + @(1..24 | ForEach-Object { 0 }))
}

Describe 'Save-VerifikDocumentLivenessImage' {
    BeforeAll {
        $noImage = foreach ($id in 'plain', 'fetched', 'gap-1', 'gap-2') {
            $record = New-FlatRecord -Id $id
            $record['imageSaved'] = $false
            $record['imageUrl'] = $null
            $record
        }
        $seed = New-SeedFile -Path (Join-Path $TestDrive 'save-seed.json') -Record @($noImage)
        # Synthetic records dl-0000000 ... point at a generated 2,048-byte JPEG on the CDN.
        $sandbox = Start-VerifikSandbox -ArgumentList '--seed-file', $seed, '--synthetic', '60', '--synthetic-image-bytes', '2048', '--expose-log'
        $cdn = Get-CdnBaseUri -Sandbox $sandbox
        $apiOrigin = Get-Origin $sandbox.BaseUri
        $cdnOrigin = Get-Origin $cdn
        $good = $cdn + 'sample/good'
        $goodBytes = (Invoke-WebRequest -Uri $good -NoProxy).Content   # the sample JPEG the image listener serves
        Connect-Verifik -Token $sandbox.Token -BaseUri $sandbox.BaseUri -MaxRetry 2
    }

    AfterAll {
        Disconnect-Verifik
        Stop-VerifikSandbox $sandbox
    }

    BeforeEach {
        $destination = Join-Path $TestDrive ('save-' + [guid]::NewGuid().ToString('N'))
        $null = New-Item -ItemType Directory -Path $destination
        $mark = @(Get-LoggedRequest -Sandbox $sandbox).Count
        $newRequests = { @(Get-LoggedRequest -Sandbox $sandbox | Select-Object -Skip $mark) }
        # The odd row between two good ones: both good ones must be saved whatever happens to it. Dot-source it
        # (. $saveBetweenGoodOnes ...), so that its errors land in $failed of the It.
        $saveBetweenGoodOnes = {
            param([string]$Id, [string]$Url, [hashtable]$Extra = @{})
            $rows = @([pscustomobject]@{ Id = 'before'; ImageUrl = $good }, [pscustomobject]@{ Id = $Id; ImageUrl = $Url }, [pscustomobject]@{ Id = 'after'; ImageUrl = $good })
            $rows | Save-VerifikDocumentLivenessImage -Destination $destination -ErrorVariable failed -ErrorAction SilentlyContinue @Extra
            Join-Path $destination 'before.jpg' | Should -Exist
            Join-Path $destination 'after.jpg' | Should -Exist
        }
    }

    Context 'stories' {
        It 'saves records piped from Get-VerifikDocumentLiveness as <Id><ext>, the extension from the Content-Type' {
            $created = @((New-RecordWithImage $sandbox $jpeg), (New-RecordWithImage $sandbox $png), (New-RecordWithImage $sandbox $webp))
            $ids = @($created | ForEach-Object _id)

            $out = Get-VerifikDocumentLiveness -CreatedAfter (Get-Date).AddDays(-1) |
                Where-Object { $ids -contains $_.Id } |
                Save-VerifikDocumentLivenessImage -Destination $destination -ErrorVariable failed

            $out | Should -BeNullOrEmpty
            $failed | Should -HaveCount 0
            [System.IO.File]::ReadAllBytes((Join-Path $destination ($ids[0] + '.jpg'))) | Should -Be $jpeg
            Get-FileName $destination | Should -Be @(($ids[0] + '.jpg'), ($ids[1] + '.png'), ($ids[2] + '.webp') | Sort-Object)
            [System.IO.File]::ReadAllBytes((Join-Path $destination ($ids[1] + '.png'))) | Should -Be $png
            [System.IO.File]::ReadAllBytes((Join-Path $destination ($ids[2] + '.webp'))) | Should -Be $webp
        }

        It 'saves CSV rows with Id and ImageUrl without asking the API' {
            $csv = Join-Path $TestDrive 'flagged.csv'
            @([pscustomobject]@{ Id = 'row-1'; ImageUrl = $cdn + 'sample/one'; ImageSaved = 'True' },
                [pscustomobject]@{ Id = 'row-2'; ImageUrl = $cdn + 'hostile/octet-stream/two'; ImageSaved = 'True' }) | Export-Csv -LiteralPath $csv -NoTypeInformation

            Import-Csv -LiteralPath $csv | Save-VerifikDocumentLivenessImage -Destination $destination
            # A hand-written row: the columns _id and imageurl.
            [pscustomobject]@{ _id = 'row-3'; imageurl = $cdn + 'sample/three' } | Save-VerifikDocumentLivenessImage -Destination $destination

            Get-FileName $destination | Should -Be @('row-1.jpg', 'row-2.png', 'row-3.jpg')
            @(& $newRequests | Where-Object origin -eq $apiOrigin) | Should -HaveCount 0
            @(& $newRequests | Where-Object origin -eq $cdnOrigin) | Should -HaveCount 3
        }

        It 'fetches the record first for an Id alone, then downloads its image' {
            Save-VerifikDocumentLivenessImage -Id 'dl-0000001' -Destination $destination
            'dl-0000002' | Save-VerifikDocumentLivenessImage -Destination $destination
            [pscustomobject]@{ Id = 'dl-0000003' } | Save-VerifikDocumentLivenessImage $destination

            Get-FileName $destination | Should -Be @('dl-0000001.jpg', 'dl-0000002.jpg', 'dl-0000003.jpg')
            @(& $newRequests | Where-Object origin -eq $apiOrigin | ForEach-Object path) |
                Should -Be @('/v2/document-liveness/dl-0000001', '/v2/document-liveness/dl-0000002', '/v2/document-liveness/dl-0000003')
            (Get-Item -LiteralPath (Join-Path $destination 'dl-0000001.jpg')).Length | Should -Be 2048
        }

        It 'takes the extension from the first bytes without a Content-Type or with application/octet-stream' {
            @([pscustomobject]@{ Id = 'no-type'; ImageUrl = $cdn + 'hostile/no-content-type/n' },
                [pscustomobject]@{ Id = 'octets'; ImageUrl = $cdn + 'hostile/octet-stream/o' },
                [pscustomobject]@{ Id = 'webp'; ImageUrl = $cdn + 'hostile/no-content-type-webp/w' }) | Save-VerifikDocumentLivenessImage -Destination $destination

            Get-FileName $destination | Should -Be @('no-type.jpg', 'octets.png', 'webp.webp')
            [System.IO.File]::ReadAllBytes((Join-Path $destination 'octets.png')) | Should -Be $png
            [System.IO.File]::ReadAllBytes((Join-Path $destination 'webp.webp'))[8..11] | Should -Be ([System.Text.Encoding]::ASCII.GetBytes('WEBP'))
        }

        It 'creates -Destination relative to the PowerShell location' {
            Push-Location -LiteralPath $destination
            try {
                $verbose = [pscustomobject]@{ Id = 'rel'; ImageUrl = $good } | Save-VerifikDocumentLivenessImage -Destination ./review/new -Verbose 4>&1
            }
            finally {
                Pop-Location
            }
            Join-Path $destination (Join-Path (Join-Path 'review' 'new') 'rel.jpg') | Should -Exist
            Join-Path ([System.Environment]::CurrentDirectory) (Join-Path 'review' 'new') | Should -Not -Exist
            $created = @($verbose | Where-Object { "$_" -like 'Created the folder*' })
            $created | Should -HaveCount 1
            "$($created[0])".Contains((Join-Path $destination (Join-Path 'review' 'new'))) | Should -BeTrue
        }

        It 'skips an image already there with a verbose message and no request' {
            $earlier = Join-Path $destination 'dl-0000004.png'
            [System.IO.File]::WriteAllBytes($earlier, $png)

            $verbose = 'dl-0000004', 'dl-0000005' | Save-VerifikDocumentLivenessImage -Destination $destination -Verbose 4>&1

            [System.IO.File]::ReadAllBytes($earlier) | Should -Be $png
            Get-FileName $destination | Should -Be @('dl-0000004.png', 'dl-0000005.jpg')
            @($verbose | Where-Object { "$_" -like "Skipped 'dl-0000004'*" }) | Should -HaveCount 1
            @(& $newRequests | ForEach-Object path) | Should -Be @('/v2/document-liveness/dl-0000005', '/generated/2048/dl-0000005.jpg')
        }

        It 'downloads again and replaces the file with -Force' {
            [System.IO.File]::WriteAllBytes((Join-Path $destination 'dl-0000006.jpg'), [byte[]](9, 9))
            [System.IO.File]::WriteAllBytes((Join-Path $destination 'dl-0000006.webp'), [byte[]](8, 8))

            Save-VerifikDocumentLivenessImage -Id 'dl-0000006' -Destination $destination -Force

            Get-FileName $destination | Should -Be @('dl-0000006.jpg')
            (Get-Item -LiteralPath (Join-Path $destination 'dl-0000006.jpg')).Length | Should -Be 2048
            @(& $newRequests | Where-Object origin -eq $cdnOrigin) | Should -HaveCount 1
        }

        It 'writes a FileInfo with DocumentLivenessId for every record whose image is there with -PassThru' {
            [System.IO.File]::WriteAllBytes((Join-Path $destination 'dl-0000008.jpg'), $jpeg)

            $files = @('dl-0000007', 'plain', 'dl-0000008' | Save-VerifikDocumentLivenessImage -Destination $destination -PassThru -ErrorVariable notSaved -ErrorAction SilentlyContinue)

            $files | Should -HaveCount 2
            $files | ForEach-Object { $_ | Should -BeOfType ([System.IO.FileInfo]) }
            @($files | ForEach-Object DocumentLivenessId) | Should -Be @('dl-0000007', 'dl-0000008')
            $files[0].FullName | Should -Be (Join-Path $destination 'dl-0000007.jpg')
            $files[1].Length | Should -Be $jpeg.Length
            $files[0].PSPath | Should -Not -BeNullOrEmpty
            @($notSaved | ForEach-Object TargetObject) | Should -Be @('plain')
        }

        It 'saves a file for each hostile Id <Id> inside the destination' -ForEach @(
            @{ Id = '../x' }, @{ Id = '/etc/x' }, @{ Id = 'C:\x' }, @{ Id = 'a/b' }, @{ Id = 'CON' }, @{ Id = 'con.txt' },
            @{ Id = 'a:b' }, @{ Id = 'a*b' }, @{ Id = '..' }, @{ Id = 'trailing.' }, @{ Id = ('L' * 400) }
        ) {
            $inner = Join-Path $destination 'inner'

            $file = @([pscustomobject]@{ Id = $Id; ImageUrl = $good } | Save-VerifikDocumentLivenessImage -Destination $inner -PassThru)

            $file | Should -HaveCount 1
            $file[0].DocumentLivenessId | Should -Be $Id
            $file[0].DirectoryName | Should -Be $inner
            [System.IO.File]::ReadAllBytes($file[0].FullName) | Should -Be $goodBytes
            Get-FileName $inner | Should -Be @($file[0].Name)
            @(Get-ChildItem -LiteralPath $destination -Force | ForEach-Object Name) | Should -Be @('inner')
        }

        It 'gives Ids that sanitise alike distinct files, and finds each again on a re-run' {
            $ids = @('../x', '/etc/x', 'C:\x', 'a/b', 'CON', 'con.txt', 'a:b', 'a*b', '..', 'trailing.', ('L' * 400), 'a_b', 'a\b', 'a|b', 'A/B', 'x', 'x.', 'x .', 'con', 'Con')
            $rows = @($ids | ForEach-Object { [pscustomobject]@{ Id = $_; ImageUrl = $good } })

            $first = @($rows | Save-VerifikDocumentLivenessImage -Destination $destination -PassThru)
            $requests = @(& $newRequests).Count
            $again = @($rows | Save-VerifikDocumentLivenessImage -Destination $destination -PassThru)

            @($first | ForEach-Object DocumentLivenessId) | Should -Be $ids
            @($first | ForEach-Object { $_.Name.ToLowerInvariant() } | Select-Object -Unique) | Should -HaveCount $ids.Count
            @($again | ForEach-Object Name) | Should -Be @($first | ForEach-Object Name)
            @(& $newRequests).Count | Should -Be $requests
            Get-FileName $destination | Should -Be @($first | ForEach-Object Name | Sort-Object)
        }
    }

    Context 'what is refused' {
        It 'reports an HTML page answered with 200 as VerifikNotAnImage and leaves nothing' {
            . $saveBetweenGoodOnes 'html' ($cdn + 'hostile/html/h')

            $failed | Should -HaveCount 1
            $failed[0].FullyQualifiedErrorId | Should -BeLike 'VerifikNotAnImage,*'
            $failed[0].CategoryInfo.Category | Should -Be 'InvalidData'
            $failed[0].TargetObject | Should -Be 'html'
            $failed[0].Exception.Message | Should -BeLike '*text/html*'
            Get-FileName $destination | Should -Be @('after.jpg', 'before.jpg')
        }

        It 'cuts off an image over -MaximumSizeMB with <Kind>' -ForEach @(
            @{ Kind = 'oversized' }, @{ Kind = 'oversized-chunked' }
        ) {
            . $saveBetweenGoodOnes 'big' ($cdn + "hostile/$Kind/1048576/b") @{ MaximumSizeMB = 1 }

            $failed | Should -HaveCount 1
            $failed[0].FullyQualifiedErrorId | Should -BeLike 'VerifikImageTooLarge,*'
            $failed[0].CategoryInfo.Category | Should -Be 'LimitsExceeded'
            $failed[0].Exception.Message | Should -BeLike '*-MaximumSizeMB*'
            $failed[0].Exception.Message | Should -BeLike '*1,048,576 bytes*'
            $failed[0].TargetObject | Should -Be 'big'
            Get-FileName $destination | Should -Be @('after.jpg', 'before.jpg')
            @(& $newRequests | Where-Object { $_.path -like '*/b' }) | Should -HaveCount 1
        }

        It 'saves an image of exactly -MaximumSizeMB' {
            [pscustomobject]@{ Id = 'edge'; ImageUrl = $cdn + 'generated/1048576/edge.jpg' } | Save-VerifikDocumentLivenessImage -Destination $destination -MaximumSizeMB 1

            (Get-Item -LiteralPath (Join-Path $destination 'edge.jpg')).Length | Should -Be 1048576
        }

        It 'follows a redirect to another host without the token' {
            . $saveBetweenGoodOnes 'moved' ($cdn + 'hostile/redirect-other-host/m')

            $failed.Count | Should -Be 0
            [System.IO.File]::ReadAllBytes((Join-Path $destination 'moved.jpg')) | Should -Be $goodBytes
            $hops = @(& $newRequests | Where-Object { $_.path -like '*/m' })
            $hops | Should -HaveCount 2   # the redirect, then the other host name
            @($hops | Where-Object { $_.host -like 'localhost*' }) | Should -HaveCount 1
            @($hops | Where-Object { $_.hasAuthorization }) | Should -HaveCount 0
        }

        It 'sends no token when the image host redirects to the API' {
            . $saveBetweenGoodOnes 'to-api' ($cdn + 'hostile/redirect-to-api/dl-0000009')

            $failed | Should -HaveCount 1
            $failed[0].FullyQualifiedErrorId | Should -BeLike 'VerifikImageDownloadFailed,*'
            $failed[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
            $failed[0].TargetObject | Should -Be 'to-api'
            # Followed (the same scheme, to loopback), but with no token the API answers 401: the image host's answer.
            $failed[0].Exception.Message | Should -BeLike '*HTTP 401*'
            Get-FileName $destination | Should -Be @('after.jpg', 'before.jpg')
            $atApi = @(& $newRequests | Where-Object origin -eq $apiOrigin)
            $atApi | Should -HaveCount 1
            $atApi[0].path | Should -Be '/v2/document-liveness/dl-0000009'
            $atApi[0].tokenId | Should -BeNullOrEmpty
            $atApi[0].hasAuthorization | Should -BeFalse
        }

        It 'refuses a redirect to another scheme' {
            . $saveBetweenGoodOnes 'scheme' ($cdn + 'hostile/redirect-other-scheme/s')

            $failed | Should -HaveCount 1
            $failed[0].FullyQualifiedErrorId | Should -BeLike 'VerifikRedirectRefused,*'
            $failed[0].CategoryInfo.Category | Should -Be 'SecurityError'
            $failed[0].TargetObject | Should -Be 'scheme'
            $failed[0].Exception.Message | Should -BeLike '*https*'
            Get-FileName $destination | Should -Be @('after.jpg', 'before.jpg')
            @(& $newRequests | Where-Object { $_.path -like '*/s' }) | Should -HaveCount 1   # the redirect itself, never the https hop
        }

        It 'retries a truncated body, then fails and leaves nothing' {
            . $saveBetweenGoodOnes 'cut' ($cdn + 'hostile/truncated/262144/t') @{ MaxRetry = 2 }

            $failed | Should -HaveCount 1
            $failed[0].FullyQualifiedErrorId | Should -BeLike 'VerifikConnectionFailed,*'
            $failed[0].CategoryInfo.Category | Should -Be 'ConnectionError'
            $failed[0].TargetObject | Should -Be 'cut'
            @(& $newRequests | Where-Object { $_.path -like '*/truncated/*' }) | Should -HaveCount 3
            Get-FileName $destination | Should -Be @('after.jpg', 'before.jpg')
        }

        It 'reports a missing or failing image as VerifikImageDownloadFailed and leaves nothing' {
            . $saveBetweenGoodOnes 'missing' ($cdn + 'document-liveness/not-stored')

            $failed | Should -HaveCount 1
            $failed[0].FullyQualifiedErrorId | Should -BeLike 'VerifikImageDownloadFailed,*'
            $failed[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $failed[0].TargetObject | Should -Be 'missing'
            Get-FileName $destination | Should -Be @('after.jpg', 'before.jpg')

            $failing = Start-VerifikSandbox -ArgumentList '--fault-kind', 'ServerError', '--fault-on', 'image'
            try {
                $connection = Connect-Verifik -Token $failing.Token -BaseUri $failing.BaseUri -ReturnConnection
                $url = (Get-CdnBaseUri -Sandbox $failing) + 'sample/down'
                $err = { [pscustomobject]@{ Id = 'down'; ImageUrl = $url } | Save-VerifikDocumentLivenessImage -Destination $destination -Connection $connection -MaxRetry 1 -ErrorAction Stop } |
                    Should -Throw -PassThru
                $err.FullyQualifiedErrorId | Should -BeLike 'VerifikImageDownloadFailed,*'
                $err.CategoryInfo.Category | Should -Be 'ResourceUnavailable'
                $err.TargetObject | Should -Be 'down'
                $err.Exception.Message | Should -BeLike '*after 1 retries*'
                Get-FileName $destination | Should -Be @('after.jpg', 'before.jpg')
            }
            finally {
                Stop-VerifikSandbox $failing
            }
        }

        It 'refuses <Url> before any request' -ForEach @(
            @{ Url = 'http://example.com/document-liveness/x' }, @{ Url = 'ftp://127.0.0.1/x.jpg' }, @{ Url = 'file:///etc/passwd' }
        ) {
            . $saveBetweenGoodOnes 'insecure' $Url

            $failed | Should -HaveCount 1
            $failed[0].FullyQualifiedErrorId | Should -BeLike 'VerifikInsecureImageUrl,*'
            $failed[0].CategoryInfo.Category | Should -Be 'SecurityError'
            $failed[0].TargetObject | Should -Be 'insecure'
            $failed[0].Exception.Message | Should -BeLike '*was not fetched*'
            @(& $newRequests) | Should -HaveCount 2   # the two good images only
            Get-FileName $destination | Should -Be @('after.jpg', 'before.jpg')
        }

        It 'reports the ImageUrl <Text> as VerifikInvalidImageUrl' -ForEach @(
            @{ Text = 'not a url' }, @{ Text = '/document-liveness/relative' }, @{ Text = 'C:\images\x.jpg' }
        ) {
            . $saveBetweenGoodOnes 'garbled' $Text

            $failed | Should -HaveCount 1
            $failed[0].FullyQualifiedErrorId | Should -BeLike 'VerifikInvalidImageUrl,*'
            $failed[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
            $failed[0].TargetObject | Should -Be 'garbled'
            @(& $newRequests) | Should -HaveCount 2
        }

        It 'reports records without a saved image as VerifikImageNotSaved without a request' {
            'plain', 'dl-0000010' | Get-VerifikDocumentLiveness | Save-VerifikDocumentLivenessImage -Destination $destination -ErrorVariable e1 -ErrorAction SilentlyContinue
            [pscustomobject]@{ Id = 'row'; ImageUrl = '' } | Save-VerifikDocumentLivenessImage -Destination $destination -ErrorVariable e2 -ErrorAction SilentlyContinue
            Save-VerifikDocumentLivenessImage -Id 'fetched' -Destination $destination -ErrorVariable e3 -ErrorAction SilentlyContinue
            $failed = @($e1) + @($e2) + @($e3)

            @($failed | ForEach-Object TargetObject) | Should -Be @('plain', 'row', 'fetched')
            $failed | ForEach-Object { $_.FullyQualifiedErrorId | Should -BeLike 'VerifikImageNotSaved,*' }
            $failed | ForEach-Object { $_.CategoryInfo.Category | Should -Be 'ObjectNotFound' }
            Get-FileName $destination | Should -Be @('dl-0000010.jpg')
            @(& $newRequests | Where-Object origin -eq $cdnOrigin) | Should -HaveCount 1
        }

        It 'reports an Id that does not exist as DocumentLivenessNotFound' {
            $err = { 'nope' | Save-VerifikDocumentLivenessImage -Destination $destination -ErrorAction Stop } | Should -Throw -ErrorId 'DocumentLivenessNotFound*' -PassThru
            $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $err.TargetObject | Should -Be 'nope'
            @(& $newRequests | Where-Object origin -eq $cdnOrigin) | Should -HaveCount 0
        }

        It 'stops a run of bare Ids with VerifikTokenRefused when the token is refused' {
            $wrong = Connect-Verifik -Token 'wrong-token-wrong-token' -BaseUri $sandbox.BaseUri -ReturnConnection -SkipValidation

            $err = { 'dl-0000012', 'dl-0000013' | Save-VerifikDocumentLivenessImage -Destination $destination -Connection $wrong -ThrottleLimit 1 } | Should -Throw -PassThru

            $err.FullyQualifiedErrorId | Should -BeLike 'VerifikTokenRefused,*'
            $err.CategoryInfo.Category | Should -Be 'AuthenticationError'
            $err.TargetObject | Should -Be 'dl-0000012'
            @(& $newRequests | Where-Object origin -eq $apiOrigin) | Should -HaveCount 1   # dl-0000013 was never asked for
            @(& $newRequests | Where-Object origin -eq $cdnOrigin) | Should -HaveCount 0
            (Get-FileName $destination).Count | Should -Be 0
        }

        It 'reports empty Ids as InvalidDocumentLivenessId and rows without an Id column as VerifikInputWithoutId' {
            [pscustomobject]@{ Id = ''; ImageUrl = $good }, [pscustomobject]@{ Id = '  '; ImageUrl = $good }, [pscustomobject]@{ RecordId = 'r1'; ImageUrl = $good } |
                Save-VerifikDocumentLivenessImage -Destination $destination -ErrorVariable bad -ErrorAction SilentlyContinue

            $bad | Should -HaveCount 3
            $bad[0..1] | ForEach-Object { $_.FullyQualifiedErrorId | Should -BeLike 'InvalidDocumentLivenessId,*' }
            $bad[2].FullyQualifiedErrorId | Should -BeLike 'VerifikInputWithoutId,*'
            $bad[2].Exception.Message | Should -BeLike '*has no Id column; it has RecordId, ImageUrl*'
            (Get-FileName $destination).Count | Should -Be 0
            @(& $newRequests) | Should -HaveCount 0
        }

        It 'never sends the Authorization header to the image host' {
            'dl-0000011' | Save-VerifikDocumentLivenessImage -Destination $destination
            'dl-0000011' | Get-VerifikDocumentLiveness | Save-VerifikDocumentLivenessImage -Destination $destination -Force
            @([pscustomobject]@{ Id = 'row'; ImageUrl = $good },
                [pscustomobject]@{ Id = 'moved'; ImageUrl = $cdn + 'hostile/redirect-other-host/m2' },
                [pscustomobject]@{ Id = 'html'; ImageUrl = $cdn + 'hostile/html/h2' },
                [pscustomobject]@{ Id = 'on-api'; ImageUrl = $sandbox.BaseUri + 'v2/document-liveness/dl-0000011' }) |
                Save-VerifikDocumentLivenessImage -Destination $destination -ErrorVariable odd -ErrorAction SilentlyContinue

            $atCdn = @(& $newRequests | Where-Object origin -eq $cdnOrigin)
            $atCdn | Should -HaveCount 6
            @($atCdn | Where-Object { $_.hasAuthorization -or $_.tokenId }) | Should -HaveCount 0
            $atApi = @(& $newRequests | Where-Object origin -eq $apiOrigin)
            $atApi | Should -HaveCount 3
            @($atApi | Where-Object { $_.tokenId -ne (Get-VerifikTokenId -Token $sandbox.Token) }) | Should -HaveCount 0
            @($odd | ForEach-Object TargetObject) | Should -Be @('html', 'on-api')
        }

        It 'reports a file that cannot be written as VerifikFileWriteFailed and does not download it again' {
            $null = New-Item -ItemType Directory -Path (Join-Path $destination 'blocked.jpg')

            . $saveBetweenGoodOnes 'blocked' $good

            $failed | Should -HaveCount 1
            $failed[0].FullyQualifiedErrorId | Should -BeLike 'VerifikFileWriteFailed,*'
            $failed[0].CategoryInfo.Category | Should -Be 'WriteError'
            $failed[0].Exception | Should -BeOfType ([System.IO.IOException])
            $failed[0].TargetObject | Should -Be 'blocked'
            @(& $newRequests) | Should -HaveCount 3   # one attempt: a local fault is not a broken connection
            Get-FileName $destination | Should -Be @('after.jpg', 'before.jpg')
        }

        It 'stops with VerifikInvalidDestination for a file or a non-file-system path' {
            $file = Join-Path $destination 'a-file'
            Set-Content -LiteralPath $file -Value 'x'

            $asFile = { 'x' | Save-VerifikDocumentLivenessImage -Destination $file -ErrorAction Stop } | Should -Throw -ErrorId 'VerifikInvalidDestination*' -PassThru
            $asDrive = { 'x' | Save-VerifikDocumentLivenessImage -Destination 'Env:\x' -ErrorAction Stop } | Should -Throw -ErrorId 'VerifikInvalidDestination*' -PassThru
            $asFile.CategoryInfo.Category | Should -Be 'InvalidArgument'
            $asDrive.CategoryInfo.Category | Should -Be 'InvalidArgument'
            @(& $newRequests) | Should -HaveCount 0
        }
    }

    Context 'control' {
        It 'says with -WhatIf which file would be written from which URL, and writes nothing' {
            $target = Join-Path $destination 'not-yet'
            $transcript = Join-Path $TestDrive ('whatif-' + [guid]::NewGuid().ToString('N') + '.txt')

            Start-Transcript -LiteralPath $transcript | Out-Null
            try {
                [pscustomobject]@{ Id = 'w1'; ImageUrl = $good + '?signature=secret' } | Save-VerifikDocumentLivenessImage -Destination $target -WhatIf
                Save-VerifikDocumentLivenessImage -Id 'w2' -Destination $target -WhatIf
            }
            finally {
                Stop-Transcript | Out-Null
            }
            $text = Get-Content -LiteralPath $transcript -Raw

            $target | Should -Not -Exist
            @(& $newRequests) | Should -HaveCount 0
            $text | Should -BeLike "*Saving the image of 'w1' from $good* to $(Join-Path $target 'w1.jpg'), .png or .webp*"
            $text | Should -BeLike "*Saving the image of 'w2' from the ImageUrl of its record to $(Join-Path $target 'w2.jpg')*"
            $text | Should -Not -BeLike '*secret*'
        }

        It 'stops at once on Ctrl+C mid-download and leaves no file and no partial file' {
            $rows = @([pscustomobject]@{ Id = 'stalled'; ImageUrl = $cdn + 'hostile/stall/1048576/s' }, [pscustomobject]@{ Id = 'after'; ImageUrl = $good + '-after' })
            $ps = [powershell]::Create()
            try {
                $null = $ps.AddScript('param($manifest, $rows, $d) Import-Module $manifest; $rows | Save-VerifikDocumentLivenessImage -Destination $d -ThrottleLimit 1').
                    AddArgument((Get-VerifikManifestPath)).AddArgument($rows).AddArgument($destination)
                $async = $ps.BeginInvoke()
                $deadline = [DateTime]::UtcNow.AddSeconds(20)
                do {
                    Start-Sleep -Milliseconds 50
                    $partial = @(Get-ChildItem -LiteralPath $destination -Filter '*.partial' -Force)
                } until (($partial.Count -eq 1 -and $partial[0].Length -gt 0) -or [DateTime]::UtcNow -gt $deadline)
                $partial | Should -HaveCount 1 -Because 'the stalled download must have begun writing'

                $ps.Stop()

                $ps.InvocationStateInfo.State | Should -Be 'Stopped'
                @(Get-ChildItem -LiteralPath $destination -Recurse -Force) | Should -HaveCount 0
                @(& $newRequests | Where-Object { $_.path -like '*good-after' }) | Should -HaveCount 0
            }
            finally {
                $ps.Dispose()
            }
        }

        It 'reads the record with the token of -Connection and fetches the image without any' {
            $otherToken = New-TestJwt -ClientId 'other_client' -ExpiresOn ([DateTimeOffset]::UtcNow.AddDays(10))
            $other = Start-VerifikSandbox -ArgumentList '--token', $otherToken, '--synthetic', '5', '--synthetic-image-bytes', '1024', '--expose-log'
            try {
                $connection = Connect-Verifik -Token $otherToken -BaseUri $other.BaseUri -ReturnConnection
                $checked = @(Get-LoggedRequest -Sandbox $other).Count   # the connect's token check

                'dl-0000001' | Save-VerifikDocumentLivenessImage -Destination $destination -Connection $connection

                (Get-Item -LiteralPath (Join-Path $destination 'dl-0000001.jpg')).Length | Should -Be 1024
                $seen = @(Get-LoggedRequest -Sandbox $other | Select-Object -Skip $checked)
                @($seen | Where-Object origin -eq (Get-Origin $other.BaseUri) | ForEach-Object tokenId) | Should -Be @(Get-VerifikTokenId -Token $otherToken)
                @($seen | Where-Object { $_.origin -eq (Get-Origin (Get-CdnBaseUri -Sandbox $other)) -and -not $_.tokenId }) | Should -HaveCount 1
                @(& $newRequests) | Should -HaveCount 0
            }
            finally {
                Stop-VerifikSandbox $other
            }
        }
    }
}

Describe 'Save-VerifikDocumentLivenessImage help' {
    It 'shows the two pipelines of the issue and says what -PassThru maps' {
        $help = Get-Help Save-VerifikDocumentLivenessImage -Full
        $code = @($help.examples.example | ForEach-Object { $_.code }) -join "`n"

        $code.Contains('Get-VerifikDocumentLiveness -CreatedAfter (Get-Date).AddDays(-1) |') | Should -BeTrue
        $code.Contains('Where-Object PortraitSubstitutionProbability -gt 0.8 |') | Should -BeTrue
        $code.Contains('Save-VerifikDocumentLivenessImage -Destination ./review') | Should -BeTrue
        $code.Contains('Import-Csv flagged.csv | Save-VerifikDocumentLivenessImage -Destination ./review -PassThru') | Should -BeTrue
        $passThru = (@($help.parameters.parameter | Where-Object name -eq 'PassThru')[0].description | ForEach-Object Text) -join ' '
        $passThru | Should -BeLike '*already there*'
        $passThru | Should -BeLike '*DocumentLivenessId*'
    }
}

Describe 'Save-VerifikDocumentLivenessImage under latency' {
    BeforeAll {
        $noImage = foreach ($i in 0..39) {
            if ($i % 7 -eq 3) {
                $record = New-FlatRecord -Id ('o{0:D2}' -f $i)
                $record['imageSaved'] = $false
                $record['imageUrl'] = $null
                $record
            }
        }
        $seed = New-SeedFile -Path (Join-Path $TestDrive 'latency-seed.json') -Record @($noImage)
        $sandbox = Start-VerifikSandbox -ArgumentList '--seed-file', $seed, '--synthetic', '40', '--synthetic-image-bytes', '1024', '--latency-ms', '60', '--jitter-ms', '40'
        $cdn = Get-CdnBaseUri -Sandbox $sandbox
        Connect-Verifik -Token $sandbox.Token -BaseUri $sandbox.BaseUri
    }

    AfterAll {
        Disconnect-Verifik
        Stop-VerifikSandbox $sandbox
    }

    BeforeEach {
        $destination = Join-Path $TestDrive ('latency-' + [guid]::NewGuid().ToString('N'))
    }

    It 'keeps the input order of output and errors under random latency' {
        $ids = @(0..39 | ForEach-Object { if ($_ % 7 -eq 3) { 'o{0:D2}' -f $_ } else { 'dl-{0:D7}' -f $_ } })

        $written = @($ids | Save-VerifikDocumentLivenessImage -Destination $destination -PassThru -ThrottleLimit 8 -ErrorVariable notSaved -ErrorAction SilentlyContinue |
            ForEach-Object DocumentLivenessId)

        $written | Should -Be @($ids | Where-Object { $_ -like 'dl-*' })
        @($notSaved | ForEach-Object TargetObject) | Should -Be @($ids | Where-Object { $_ -like 'o*' })
    }

    It 'shows a progress bar with a running count on long runs' {
        $rows = @(0..39 | ForEach-Object { [pscustomobject]@{ Id = ('p{0:D2}' -f $_); ImageUrl = $cdn + ('sample/p{0:D2}' -f $_) } })
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript('param($manifest, $rows, $d) Import-Module $manifest; $rows | Save-VerifikDocumentLivenessImage -Destination $d -ThrottleLimit 1').
                AddArgument((Get-VerifikManifestPath)).AddArgument($rows).AddArgument($destination)
            $null = $ps.Invoke()

            $ps.Streams.Error | Should -HaveCount 0
            @($ps.Streams.Progress | Where-Object { $_.Activity -eq 'Save-VerifikDocumentLivenessImage' -and $_.StatusDescription -like '*records*' }).Count | Should -BeGreaterThan 0
            $ps.Streams.Progress[$ps.Streams.Progress.Count - 1].RecordType | Should -Be 'Completed'
            Get-FileName $destination | Should -HaveCount 40
        }
        finally {
            $ps.Dispose()
        }
    }
}
