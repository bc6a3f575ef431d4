# The help as built from docs/*.md (build/Help.targets): nothing of the markdown's text is lost on the way to
# Get-Help, and Get-Help -Online never tries to open a help file's name as a web address.

BeforeDiscovery {
    # The cmdlets to test are the module's own, as exported: the module is imported for discovery too.
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-VerifikModule
    $cmdlets = @((Get-Command -Module Verifik -CommandType Cmdlet).Name | Sort-Object)
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-VerifikModule
    $docs = Join-Path (Get-VerifikRepositoryRoot) 'docs'

    function Get-Flat([string]$Text) {
        # Get-Help wraps lines at the width it is given: compare text with its white space collapsed.
        ($Text -replace '\s+', ' ').Trim()
    }
}

Describe 'The help of <_>' -ForEach $cmdlets {
    BeforeAll {
        $name = $_
        $markdown = Join-Path $docs "$name.md"
        $shown = Get-Flat (Get-Help $name -Full | Out-String -Width 4000)
    }

    It 'has a markdown source' {
        $markdown | Should -Exist
    }

    It 'keeps the text of every code span of its markdown (`****` stays four asterisks)' {
        $text = Get-Content -LiteralPath $markdown -Raw
        # Code spans of the prose (outside ``` blocks, front matter and the yaml of parameters).
        $prose = [regex]::Replace($text, '(?ms)^```.*?^```\s*$', '')
        $spans = @([regex]::Matches($prose, '(?<!`)`([^`\r\n]+)`(?!`)') | ForEach-Object { $_.Groups[1].Value })
        $spans.Count | Should -BeGreaterThan 0
        foreach ($span in $spans) {
            $shown.Contains((Get-Flat $span)) | Should -BeTrue -Because "the help of $name should show '$span' as written in $name.md"
        }
    }

    It 'has related links that are names or web addresses, never a file name as a URI' {
        foreach ($link in @((Get-Help $name).relatedLinks.navigationLink)) {
            if ([string]::IsNullOrEmpty($link.uri)) { continue }
            ([uri]$link.uri).Scheme | Should -BeIn @('https', 'http') -Because "'$($link.linkText)' links to '$($link.uri)'"
        }
    }

    It 'says plainly with -Online that there is no online version' {
        # No web address is published for this help: PowerShell's own message says so (not "URI Connect-Verifik.md is not valid").
        $err = { Get-Help $name -Online -ErrorAction Stop } | Should -Throw -PassThru
        $err.Exception.Message | Should -BeLike '*URI*not specified*'
    }
}
