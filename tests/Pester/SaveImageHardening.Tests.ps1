# Save-VerifikDocumentLivenessImage against a folder that changes under it, repeated IDs, images judged by their bytes,
# links, and server text in its messages (issue 20, items 1, 5, 6 and 7 for Save). What reached the sandbox is read from
# its log; files going away are made to happen at a known point (the files on disk are the signal).

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'SandboxImages.psm1') -Force
    Import-VerifikModule
}

Describe 'Save-VerifikDocumentLivenessImage hardening' {
    BeforeAll {
        $sandbox = Start-VerifikSandbox -ArgumentList '--synthetic', '20', '--synthetic-image-bytes', '2048', '--expose-log'
        $cdn = Get-CdnBaseUri -Sandbox $sandbox
        $good = $cdn + 'sample/good'
        Connect-Verifik -Token $sandbox.Token -BaseUri $sandbox.BaseUri -MaxRetry 1
    }

    AfterAll {
        Disconnect-Verifik
        Stop-VerifikSandbox $sandbox
    }

    BeforeEach {
        $destination = Join-Path $TestDrive ('hard-' + [guid]::NewGuid().ToString('N'))
        $null = New-Item -ItemType Directory -Path $destination
        $mark = @((Get-VerifikSandboxLog -Sandbox $sandbox).Arrivals).Count
        $arrivals = { @((Get-VerifikSandboxLog -Sandbox $sandbox).Arrivals | Select-Object -Skip $mark) }
    }

    Context 'every input ends as its FileInfo or its own error' {
        It 'reports files that went away before they were written out as their own errors, and goes on' {
            # The first row stalls on a second sandbox, so the later rows' outcomes wait behind it; once their files are
            # on disk (two downloaded, one there from the start) two of them are moved away, then the stall is ended.
            $staller = Start-VerifikSandbox -ArgumentList '--synthetic', '1'
            try {
                # A file whose first bytes are a JPEG's counts as already there.
                [System.IO.File]::WriteAllBytes((Join-Path $destination 'there.jpg'), [byte[]](0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 74, 70, 73, 70, 0, 1))
                $rows = @(
                    [pscustomobject]@{ Id = 'stalled'; ImageUrl = (Get-CdnBaseUri -Sandbox $staller) + 'hostile/stall/1048576/s' }
                    [pscustomobject]@{ Id = 'there'; ImageUrl = $good }
                    [pscustomobject]@{ Id = 'moved'; ImageUrl = $good + '-moved' }
                    [pscustomobject]@{ Id = 'kept'; ImageUrl = $good + '-kept' }
                )
                $ps = [powershell]::Create()
                $null = $ps.AddScript('param($manifest, $sandbox, $rows, $d) Import-Module $manifest
                    Connect-Verifik -Token $sandbox.Token -BaseUri $sandbox.BaseUri
                    $rows | Save-VerifikDocumentLivenessImage -Destination $d -PassThru -MaxRetry 0 -ErrorAction Continue').
                    AddArgument((Get-VerifikManifestPath)).AddArgument($sandbox).AddArgument($rows).AddArgument($destination)
                $async = $ps.BeginInvoke()
                Wait-ForFile -Path (Join-Path $destination 'moved.jpg'), (Join-Path $destination 'kept.jpg')
                Move-Item -LiteralPath (Join-Path $destination 'there.jpg') -Destination (Join-Path $TestDrive 'elsewhere-there.jpg') -Force
                Move-Item -LiteralPath (Join-Path $destination 'moved.jpg') -Destination (Join-Path $TestDrive 'elsewhere-moved.jpg') -Force
                Stop-VerifikSandbox $staller

                $files = @($ps.EndInvoke($async))
                $errors = @($ps.Streams.Error)

                $ps.InvocationStateInfo.State | Should -Be 'Completed'
                @($files | ForEach-Object DocumentLivenessId) | Should -Be @('kept')
                @($errors | ForEach-Object TargetObject) | Should -Be @('stalled', 'there', 'moved')
                $errors[1].FullyQualifiedErrorId | Should -BeLike 'VerifikImageFileGone,*'
                $errors[1].CategoryInfo.Category | Should -Be 'ObjectNotFound'
                $errors[1].Exception.Message | Should -BeLike "*was found as '*there.jpg', but that file is no longer there*"
                $errors[2].FullyQualifiedErrorId | Should -BeLike 'VerifikImageFileGone,*'
                $errors[2].Exception.Message | Should -BeLike "*was saved as '*moved.jpg'*"
            }
            finally {
                Stop-VerifikSandbox $staller
                if ($ps) { $ps.Dispose() }
            }
        }
    }

    Context 'rows naming the same Id in one run' {
        It 'saves one file; the later row repeats input #1 and deletes nothing, also with -Force' {
            [System.IO.File]::WriteAllBytes((Join-Path $destination 'twin.png'), [byte[]](1, 2, 3))
            $rows = @([pscustomobject]@{ Id = 'twin'; ImageUrl = $good }, [pscustomobject]@{ Id = 'twin'; ImageUrl = $cdn + 'hostile/octet-stream/twin' })

            $files = @($rows | Save-VerifikDocumentLivenessImage -Destination $destination -Force -PassThru -WarningVariable said 3>$null)

            Get-FileName $destination | Should -Be @('twin.jpg')
            @($files | ForEach-Object FullName) | Should -Be @((Join-Path $destination 'twin.jpg'), (Join-Path $destination 'twin.jpg'))
            $said | Should -HaveCount 1
            "$($said[0])" | Should -BeLike "Input #2 ('twin') repeats input #1: one file per record*"
            @(& $arrivals) | Should -Be @('GET /sample/good')
        }

        It 'gives each of 30 rows over 10 Ids its FileInfo, one file per Id, with -Force in <Round>' -ForEach @(@{ Round = 'run 1' }, @{ Round = 'run 2' }) {
            $rows = @(0..29 | ForEach-Object {
                    $url = if ($_ % 2) { $cdn + "hostile/octet-stream/r$_" } else { $cdn + "sample/r$_" }
                    [pscustomobject]@{ Id = 'same-{0}' -f ($_ % 10); ImageUrl = $url }
                })

            $files = @($rows | Save-VerifikDocumentLivenessImage -Destination $destination -Force -PassThru -ThrottleLimit 8 -ErrorVariable failed -ErrorAction SilentlyContinue 3>$null)

            $failed | Should -HaveCount 0
            @($files | ForEach-Object DocumentLivenessId) | Should -Be @($rows | ForEach-Object Id)
            # The first row of each Id decides its file: rows 0-9, even ones a JPEG, odd ones a PNG.
            Get-FileName $destination | Should -Be @(0..9 | ForEach-Object { 'same-{0}{1}' -f $_, $(if ($_ % 2) { '.png' } else { '.jpg' }) })
            @($files | ForEach-Object { Test-Path -LiteralPath $_.FullName -PathType Leaf }) | Should -Not -Contain $false
            & $arrivals | Should -HaveCount 10
        }

        It 'reports a repeat of a row that failed with its own error, and does not try it again' {
            $rows = @([pscustomobject]@{ Id = 'bad'; ImageUrl = $cdn + 'hostile/html/bad' }, [pscustomobject]@{ Id = 'bad'; ImageUrl = $good })

            $rows | Save-VerifikDocumentLivenessImage -Destination $destination -ErrorVariable failed -ErrorAction SilentlyContinue

            @($failed | ForEach-Object { $_.FullyQualifiedErrorId -replace ',.*' }) | Should -Be @('VerifikNotAnImage', 'VerifikRepeatedInput')
            $failed[1].TargetObject | Should -Be 'bad'
            $failed[1].CategoryInfo.Category | Should -Be 'InvalidData'
            $failed[1].Exception.Message | Should -BeLike "Input #2 ('bad') repeats input #1, whose image was not saved: *"
            Get-FileName $destination | Should -HaveCount 0
            @(& $arrivals) | Should -Be @('GET /hostile/html/bad')
        }
    }

    Context 'an image is judged by its bytes' {
        It 'refuses an HTML page served as image/jpeg as VerifikNotAnImage, so a later run tries it again' {
            foreach ($run in 1, 2) {
                [pscustomobject]@{ Id = 'rec1'; ImageUrl = $cdn + 'hostile/html-as-jpeg/rec1' } |
                    Save-VerifikDocumentLivenessImage -Destination $destination -ErrorVariable failed -ErrorAction SilentlyContinue

                $failed | Should -HaveCount 1
                $failed[0].FullyQualifiedErrorId | Should -BeLike 'VerifikNotAnImage,*'
                $failed[0].CategoryInfo.Category | Should -Be 'InvalidData'
                $failed[0].Exception.Message | Should -BeLike '*Content-Type image/jpeg and its first bytes are text*'
                Get-FileName $destination | Should -HaveCount 0
            }
            & $arrivals | Should -HaveCount 2
        }

        It 'names PNG bytes served as image/jpeg .png' {
            $file = @([pscustomobject]@{ Id = 'pic'; ImageUrl = $cdn + 'hostile/png-as-jpeg/pic' } | Save-VerifikDocumentLivenessImage -Destination $destination -PassThru)

            $file[0].Name | Should -Be 'pic.png'
            Get-FileName $destination | Should -Be @('pic.png')
        }
    }

    Context 'only a regular file with content counts as already saved' -Skip:($IsWindows) {
        It 'replaces a dangling link named dl-0000001.jpg with the image, <How>' -ForEach @(@{ How = 'without -Force'; Force = $false }, @{ How = 'with -Force'; Force = $true }) {
            $target = Join-Path $TestDrive ('nowhere-' + [guid]::NewGuid().ToString('N'))
            $link = New-Item -ItemType SymbolicLink -Path (Join-Path $destination 'dl-0000001.jpg') -Target $target

            $file = @('dl-0000001' | Save-VerifikDocumentLivenessImage -Destination $destination -PassThru -Force:$Force)

            $file | Should -HaveCount 1
            $item = Get-Item -LiteralPath (Join-Path $destination 'dl-0000001.jpg') -Force
            $item.LinkType | Should -BeNullOrEmpty
            $item.Length | Should -Be 2048
            $file[0].Length | Should -Be 2048
            $target | Should -Not -Exist
            @(& $arrivals) | Should -Be @('GET /v2/document-liveness/dl-0000001', 'GET /generated/2048/dl-0000001.jpg')
        }

        It 'replaces a link to an image elsewhere, never writing through it' {
            $elsewhere = Join-Path $TestDrive ('elsewhere-' + [guid]::NewGuid().ToString('N') + '.jpg')
            [System.IO.File]::WriteAllBytes($elsewhere, [byte[]](0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 4))
            $null = New-Item -ItemType SymbolicLink -Path (Join-Path $destination 'dl-0000002.jpg') -Target $elsewhere

            'dl-0000002' | Save-VerifikDocumentLivenessImage -Destination $destination -Force

            (Get-Item -LiteralPath (Join-Path $destination 'dl-0000002.jpg') -Force).LinkType | Should -BeNullOrEmpty
            [System.IO.File]::ReadAllBytes($elsewhere) | Should -Be ([byte[]](0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 4))
        }

        It 'downloads again over an empty file or one whose bytes are not its image' {
            [System.IO.File]::WriteAllBytes((Join-Path $destination 'dl-0000003.jpg'), [byte[]]@())
            [System.IO.File]::WriteAllText((Join-Path $destination 'dl-0000004.jpg'), '<html>sign in</html>')

            'dl-0000003', 'dl-0000004' | Save-VerifikDocumentLivenessImage -Destination $destination

            (Get-Item -LiteralPath (Join-Path $destination 'dl-0000003.jpg')).Length | Should -Be 2048
            (Get-Item -LiteralPath (Join-Path $destination 'dl-0000004.jpg')).Length | Should -Be 2048
            @(& $arrivals | Where-Object { $_ -like 'GET /generated/*' }) | Should -HaveCount 2
        }
    }

    Context 'server text in messages' {
        It 'escapes the record ID in <ErrorId> and in every verbose line' -ForEach @(
            @{ ErrorId = 'VerifikImageNotSaved'; Url = '' }
            @{ ErrorId = 'VerifikImageDownloadFailed'; Url = 'document-liveness/missing' }
            @{ ErrorId = 'VerifikNotAnImage'; Url = 'hostile/html/h' }
        ) {
            $id = "evil`e[31mred`e]0;title`a"
            $rows = @([pscustomobject]@{ Id = $id; ImageUrl = $(if ($Url) { $cdn + $Url } else { '' }) }, [pscustomobject]@{ Id = "ok`e[1m"; ImageUrl = $good })

            $verbose = $rows | Save-VerifikDocumentLivenessImage -Destination $destination -ErrorVariable failed -ErrorAction SilentlyContinue -Verbose 4>&1

            $failed | Should -HaveCount 1
            $failed[0].FullyQualifiedErrorId | Should -BeLike "$ErrorId,*"
            $failed[0].TargetObject | Should -Be $id
            Test-ControlCharacter $failed[0].ToString() | Should -BeFalse
            $failed[0].ToString() | Should -BeLike '*evil\x1B`[31mred\x1B]0;title\x07*'
            @($verbose) | Should -Not -BeNullOrEmpty
            @($verbose | Where-Object { Test-ControlCharacter "$_" }) | Should -HaveCount 0
        }
    }
}
