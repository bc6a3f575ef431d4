# The sandbox as the README shows it: started and stopped from pwsh with tools/VerifikSandbox.psm1 (the module the
# quick start and this suite use too), its sample records as a user meets them, and a port that is taken.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-VerifikModule
    Import-Module (Join-Path (Join-Path (Get-VerifikRepositoryRoot) 'tools') 'VerifikSandbox.psm1') -Force

    function Test-PortFree([int]$Port) {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, $Port)
        try { $listener.Start(); return $true } catch { return $false } finally { $listener.Stop() }
    }
}

Describe 'Start-VerifikSandbox and Stop-VerifikSandbox' {
    It 'start the sandbox as a process of its own, say where it listens and what it accepts, and stop it, freeing its port' {
        $sandbox = Start-VerifikSandbox
        try {
            $port = ([uri]$sandbox.BaseUri).Port
            $sandbox.BaseUri | Should -Match '^http://127\.0\.0\.1:\d+/$'
            $sandbox.ImageBaseUri | Should -Match '^http://127\.0\.0\.1:\d+/$'
            $sandbox.ImageBaseUri | Should -Not -Be $sandbox.BaseUri
            $sandbox.OneTimeCode | Should -Be '123456'
            Get-Process -Id $sandbox.ProcessId | Should -Not -BeNullOrEmpty
            # Its output is in a file, not in this console.
            Get-Content -LiteralPath $sandbox.StandardOutputPath -Raw | Should -Match ('Verifik sandbox listening on ' + [regex]::Escape($sandbox.BaseUri))
            Test-PortFree $port | Should -BeFalse

            $context = Connect-Verifik -BaseUri $sandbox.BaseUri -Token $sandbox.Token -PassThru
            $context.ClientId | Should -Be 'sandbox_client'
            (Get-VerifikDocumentLiveness -Id 68a8bf34d8207d5f3357b643).Id | Should -Be '68a8bf34d8207d5f3357b643'
        }
        finally {
            Disconnect-Verifik
            $sandbox | Stop-VerifikSandbox
        }

        Get-Process -Id $sandbox.ProcessId -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        Test-PortFree $port | Should -BeTrue
        $sandbox.StandardOutputPath | Should -Not -Exist
        { Stop-VerifikSandbox $null } | Should -Not -Throw
    }

    It 'refuse a port that is taken with one line that names it' {
        $first = Start-VerifikSandbox
        try {
            $port = ([uri]$first.BaseUri).Port
            $err = { Start-VerifikSandbox -Port $port } | Should -Throw -PassThru

            $message = $err.Exception.Message
            @($message -split '\r?\n') | Should -HaveCount 1
            $message | Should -BeLike "*http://127.0.0.1:${port}*already in use*"
            $message | Should -BeLike '*--urls*'
        }
        finally {
            Stop-VerifikSandbox $first
        }
    }
}

Describe 'The sample records, as the README uses them' {
    BeforeAll {
        $sandbox = Start-VerifikSandbox -ArgumentList '--synthetic', '3'
        Connect-Verifik -BaseUri $sandbox.BaseUri -Token $sandbox.Token
    }

    AfterAll {
        Disconnect-Verifik
        Stop-VerifikSandbox $sandbox
    }

    It 'are served with --synthetic too, which adds its records to them' {
        @(Get-VerifikDocumentLiveness -Id 68a8bf34d8207d5f3357b643, dl-0000002 | ForEach-Object Id) | Should -Be @('68a8bf34d8207d5f3357b643', 'dl-0000002')
        $listed = @(Get-VerifikDocumentLiveness | ForEach-Object Id)
        $listed | Should -Contain 'document_liveness_123456789'
        @($listed | Where-Object { $_ -like 'dl-*' }) | Should -Be @('dl-0000000', 'dl-0000001', 'dl-0000002')
    }

    It 'answer -Status completed with records, the documented flat one among them' {
        $completed = @(Get-VerifikDocumentLiveness -Status completed)
        $completed | Should -Not -BeNullOrEmpty
        @($completed | ForEach-Object Id) | Should -Contain '68a8bf34d8207d5f3357b643'
        $completed | ForEach-Object { $_.Status | Should -Be 'completed' }
    }

    It 'keep their images on the sandbox''s own image listener, so saving them works offline' {
        $record = Get-VerifikDocumentLiveness -Id 68a8bf34d8207d5f3357b643
        $record.ImageUrl | Should -BeLike ($sandbox.ImageBaseUri + '*')

        $file = $record | Save-VerifikDocumentLivenessImage -Destination (Join-Path $TestDrive 'review') -PassThru

        $file.Name | Should -Be '68a8bf34d8207d5f3357b643.jpg'
        $file.Length | Should -BeGreaterThan 0
    }
}
