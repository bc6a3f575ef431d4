# Input rows and IDs (issue 17, items 1-3), for Get-VerifikDocumentLiveness and Save-VerifikDocumentLivenessImage
# alike: a row without an Id column is refused before any request and the error names its columns; white space around
# an ID is trimmed, never sent; an error for an empty or unusable ID says which input it belongs to. What reached the
# sandbox is read from its log (Arrivals), counted from after the connect.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'SandboxImages.psm1') -Force
    Import-VerifikModule
}

Describe 'Input rows and IDs' {
    BeforeAll {
        $sandbox = Start-VerifikSandbox -ArgumentList '--synthetic', '40', '--synthetic-image-bytes', '2048', '--expose-log'
        Connect-Verifik -Token $sandbox.Token -BaseUri $sandbox.BaseUri
        $cdn = Get-CdnBaseUri -Sandbox $sandbox
    }

    AfterAll {
        Disconnect-Verifik
        Stop-VerifikSandbox $sandbox
    }

    BeforeEach {
        $mark = @((Get-VerifikSandboxLog -Sandbox $sandbox).Arrivals).Count
        $arrivals = { @((Get-VerifikSandboxLog -Sandbox $sandbox).Arrivals | Select-Object -Skip $mark) }
        $destination = Join-Path $TestDrive ('ids-' + [guid]::NewGuid().ToString('N'))
    }

    Context 'a CSV whose column is not called Id' {
        BeforeAll {
            $csv = Join-Path $TestDrive 'customers.csv'
            @(1..3 | ForEach-Object { [pscustomobject]@{ RecordId = 'dl-000000' + $_; Customer = "c$_" } }) | Export-Csv -LiteralPath $csv -NoTypeInformation
        }

        It 'Get-VerifikDocumentLiveness refuses each row before any request and names the columns it has' {
            $records = @(Import-Csv -LiteralPath $csv | Get-VerifikDocumentLiveness -ErrorVariable refused -ErrorAction SilentlyContinue)

            $records | Should -HaveCount 0
            $refused | Should -HaveCount 3
            foreach ($err in $refused) {
                $err.FullyQualifiedErrorId | Should -BeLike 'VerifikInputWithoutId,*'
                $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
                $err.Exception.Message | Should -BeLike '*has no Id column; it has RecordId, Customer*'
            }
            @($refused | ForEach-Object { $_.TargetObject.RecordId }) | Should -Be @('dl-0000001', 'dl-0000002', 'dl-0000003')
            @($refused | ForEach-Object { $_.Exception.Message -replace '^Input #(\d+) .*', '$1' }) | Should -Be @('1', '2', '3')
            & $arrivals | Should -HaveCount 0
        }

        It 'Save-VerifikDocumentLivenessImage refuses each row the same way and writes nothing' {
            Import-Csv -LiteralPath $csv | Save-VerifikDocumentLivenessImage -Destination $destination -ErrorVariable refused -ErrorAction SilentlyContinue

            $refused | Should -HaveCount 3
            $refused | ForEach-Object { $_.FullyQualifiedErrorId | Should -BeLike 'VerifikInputWithoutId,*' }
            $refused[0].Exception.Message | Should -BeLike '*has no Id column; it has RecordId, Customer*'
            $refused[0].TargetObject.Customer | Should -Be 'c1'
            Get-FileName $destination | Should -HaveCount 0
            & $arrivals | Should -HaveCount 0
        }

        It 'goes on with the rows that have an Id, in input order' {
            $rows = @([pscustomobject]@{ Id = 'dl-0000004' }, [pscustomobject]@{ RecordId = 'dl-0000005' }, [pscustomobject]@{ _id = 'dl-0000006' },
                @{ DocumentLivenessId = 'dl-0000007' }, (New-Object System.IO.FileInfo '/tmp/x'))

            $ids = @($rows | Get-VerifikDocumentLiveness -ErrorVariable refused -ErrorAction SilentlyContinue | ForEach-Object Id)

            $ids | Should -Be @('dl-0000004', 'dl-0000006', 'dl-0000007')
            @($refused | ForEach-Object { $_.FullyQualifiedErrorId -replace ',.*' }) | Should -Be @('VerifikInputWithoutId', 'VerifikInputWithoutId')
            $refused[0].Exception.Message | Should -BeLike 'Input #2 has no Id column; it has RecordId.*'
            $refused[1].Exception.Message | Should -BeLike 'Input #5 has no Id column; it has *'
            @(& $arrivals | Sort-Object) | Should -Be @('GET /v2/document-liveness/dl-0000004', 'GET /v2/document-liveness/dl-0000006', 'GET /v2/document-liveness/dl-0000007')
        }
    }

    Context 'white space around an ID' {
        It 'Get-VerifikDocumentLiveness trims it and never sends it' {
            $ids = @(' dl-0000001 ', "dl-0000002`t", [pscustomobject]@{ Id = "`t dl-0000003`r`n" } | Get-VerifikDocumentLiveness | ForEach-Object Id)
            $ids += @(Get-VerifikDocumentLiveness -Id ' dl-0000004', 'dl-0000005  ' | ForEach-Object Id)

            $ids | Should -Be @('dl-0000001', 'dl-0000002', 'dl-0000003', 'dl-0000004', 'dl-0000005')
            @(& $arrivals | Sort-Object) | Should -Be @(1..5 | ForEach-Object { "GET /v2/document-liveness/dl-000000$_" })
        }

        It 'Save-VerifikDocumentLivenessImage trims it, for the request and the file name' {
            ' dl-0000006 ', [pscustomobject]@{ Id = "dl-0000007`t"; ImageUrl = $cdn + 'sample/seven' } | Save-VerifikDocumentLivenessImage -Destination $destination

            Get-FileName $destination | Should -Be @('dl-0000006.jpg', 'dl-0000007.jpg')
            @(& $arrivals | Sort-Object) | Should -Be @('GET /generated/2048/dl-0000006.jpg', 'GET /sample/seven', 'GET /v2/document-liveness/dl-0000006')
        }
    }

    Context 'which input an error belongs to' {
        It 'says "input #17" for the empty 17th ID of a CSV, and the run goes on' {
            $csv = Join-Path $TestDrive 'twenty.csv'
            # Two columns: Import-Csv skips a line that holds one empty field.
            @(1..20 | ForEach-Object { [pscustomobject]@{ Id = if ($_ -eq 17) { '' } else { 'dl-{0:D7}' -f $_ }; Customer = "c$_" } }) |
                Export-Csv -LiteralPath $csv -NoTypeInformation

            $records = @(Import-Csv -LiteralPath $csv | Get-VerifikDocumentLiveness -ErrorVariable refused -ErrorAction SilentlyContinue)

            $records | Should -HaveCount 19
            $refused | Should -HaveCount 1
            $refused[0].FullyQualifiedErrorId | Should -BeLike 'InvalidDocumentLivenessId,*'
            $refused[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
            $refused[0].Exception.Message | Should -BeLike 'Input #17: The ID is empty.*'
            $refused[0].TargetObject | Should -Be ''
            & $arrivals | Should -HaveCount 19
        }

        It 'names the position of <Kind> for both cmdlets, without a request' -ForEach @(
            @{ Kind = 'a whitespace-only ID'; Value = '   '; Says = 'only whitespace' }
            @{ Kind = 'a null Id property'; Value = [pscustomobject]@{ Id = $null }; Says = 'null' }
            @{ Kind = 'a relative path segment'; Value = ' .. '; Says = 'relative path segment' }
        ) {
            $inputs = @('dl-0000001', 'dl-0000002', $Value)

            $null = $inputs | Get-VerifikDocumentLiveness -ErrorVariable getErrors -ErrorAction SilentlyContinue
            $inputs | Save-VerifikDocumentLivenessImage -Destination $destination -ErrorVariable saveErrors -ErrorAction SilentlyContinue

            foreach ($err in @($getErrors) + @($saveErrors)) {
                $err.FullyQualifiedErrorId | Should -BeLike 'InvalidDocumentLivenessId,*'
                $err.Exception.Message | Should -BeLike "Input #3: *$Says*"
            }
            @($getErrors).Count + @($saveErrors).Count | Should -Be 2
            @(& $arrivals | Where-Object { $_ -notmatch 'dl-000000[12]' }) | Should -HaveCount 0
        }
    }
}
