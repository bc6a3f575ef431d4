# build.ps1 -Task Test, as far as it can be checked without running it again: the script its Pester child runs (made by
# the build script's own New-PesterRunScript) and how that child is started; and the scripts that must also run on
# Windows PowerShell 5.1 (build.ps1, the suite's helpers and stories, the sandbox module, the quick start), read with
# PowerShell's own parser for syntax that 5.1 lacks.

BeforeDiscovery {
    $root = Split-Path -Parent (Split-Path -Parent $PSScriptRoot)
    $forWindowsPowerShell = @('build.ps1', 'tests/Pester/TestHelpers.psm1', 'tools/VerifikSandbox.psm1', 'samples/QuickStart.ps1') +
        @(Get-ChildItem -LiteralPath $PSScriptRoot -Filter '*.Tests.ps1' | Sort-Object Name | ForEach-Object { 'tests/Pester/' + $_.Name })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $root = Get-VerifikRepositoryRoot

    function Read-Script {
        <# The file's syntax tree; fails the test with the parse errors when it does not parse. #>
        param([Parameter(Mandatory = $true)][string]$Relative)
        $path = Join-Path $root $Relative
        $path | Should -Exist
        $errors = $null
        $ast = [System.Management.Automation.Language.Parser]::ParseFile($path, [ref]$null, [ref]$errors)
        @($errors | ForEach-Object { '{0}:{1}:{2}: {3}' -f $Relative, $_.Extent.StartLineNumber, $_.Extent.StartColumnNumber, $_.Message }) |
            Should -HaveCount 0 -Because "$Relative must parse"
        return $ast
    }

    $build = Read-Script -Relative 'build.ps1'
    function Get-BuildFunction([string]$Name) {
        $found = @($build.FindAll({ param($a) $a -is [System.Management.Automation.Language.FunctionDefinitionAst] -and $a.Name -eq $Name }, $true))
        $found | Should -HaveCount 1
        return $found[0]
    }
}

Describe 'The Pester child of build.ps1 -Task Test' {
    It 'is a script that parses and runs Pester on the paths given (<TestPath>)' -ForEach @(
        @{ PesterManifest = '/home/ci/.local/share/powershell/Modules/Pester/5.9.0/Pester.psd1'; TestPath = '/work/repo/tests/Pester' }
        @{ PesterManifest = "C:\Users\O'Brien\Documents\PowerShell\Modules\Pester\5.9.0\Pester.psd1"; TestPath = "D:\src\it$([char]0x2019)s here\tests\Pester" }
    ) {
        # The build script's own function, defined here and run as build.ps1 runs it.
        . ([scriptblock]::Create((Get-BuildFunction 'New-PesterRunScript').Extent.Text))
        $script = New-PesterRunScript -PesterManifest $PesterManifest -TestPath $TestPath -ResultPath "$TestPath/pester.xml" -CountsPath "$TestPath/counts.txt"

        $errors = $null
        $child = [System.Management.Automation.Language.Parser]::ParseInput($script, [ref]$null, [ref]$errors)
        @($errors) | Should -HaveCount 0 -Because "the child script must parse:`n$script"
        $commands = @($child.FindAll({ param($a) $a -is [System.Management.Automation.Language.CommandAst] }, $true))
        $import = @($commands | Where-Object { $_.GetCommandName() -eq 'Import-Module' })
        $import | Should -HaveCount 1
        $import[0].CommandElements[2].Value | Should -Be $PesterManifest
        @($commands | Where-Object { $_.GetCommandName() -eq 'Invoke-Pester' }) | Should -HaveCount 1
        $runPath = @($child.FindAll({ param($a) $a -is [System.Management.Automation.Language.AssignmentStatementAst] -and $a.Left.Extent.Text -eq '$configuration.Run.Path' }, $true))
        $runPath | Should -HaveCount 1
        $runPath[0].Right.Find({ param($a) $a -is [System.Management.Automation.Language.StringConstantExpressionAst] }, $true).Value | Should -Be $TestPath
        $script | Should -BeLike '*$configuration.Run.PassThru = $true*'
        # The counts the parent prints as its one summary line.
        $counts = @($commands | Where-Object { $_.GetCommandName() -eq 'Set-Content' })
        $counts | Should -HaveCount 1
        $counts[0].CommandElements[2].Value | Should -Be "$TestPath/counts.txt"
    }

    It 'runs a temporary script file (-File), not an encoded command, and removes the file whatever happens' {
        # Given -EncodedCommand, PowerShell writes the child's other streams to a redirected stderr as CLIXML (PowerShell
        # issues #5912 and #20808), so a CI log of build.ps1 -Task Test was XML; -File does not.
        $task = Get-BuildFunction 'Invoke-TestTask'
        $strings = @($task.FindAll({ param($a) $a -is [System.Management.Automation.Language.StringConstantExpressionAst] }, $true) | ForEach-Object Value)

        $strings | Should -Contain '-File'
        @($strings | Where-Object { $_ -like '-e*' -and '-encodedcommand'.StartsWith($_, [StringComparison]::OrdinalIgnoreCase) }) | Should -HaveCount 0
        @($task.FindAll({ param($a) $a -is [System.Management.Automation.Language.CommandAst] -and $a.GetCommandName() -eq 'New-PesterRunScript' }, $true)) |
            Should -Not -HaveCount 0
        $withFinally = @($task.FindAll({ param($a) $a -is [System.Management.Automation.Language.TryStatementAst] -and $null -ne $a.Finally }, $true))
        $withFinally | Should -HaveCount 1
        @($withFinally[0].Finally.FindAll({ param($a) $a -is [System.Management.Automation.Language.CommandAst] -and $a.GetCommandName() -eq 'Remove-Item' }, $true)) |
            Should -Not -HaveCount 0
    }
}

Describe 'Scripts that Windows PowerShell 5.1 runs too' {
    It 'finds the suite where it looks' {
        @(Get-ChildItem -LiteralPath $PSScriptRoot -Filter '*.Tests.ps1') | Should -Not -HaveCount 0
        Join-Path $PSScriptRoot 'TestHelpers.psm1' | Should -Exist
    }

    It '<_> parses, and uses no syntax that Windows PowerShell 5.1 lacks' -ForEach $forWindowsPowerShell {
        $relative = $_
        $ast = Read-Script -Relative $relative
        $newer = @($ast.FindAll({
                    param($a)
                    switch ($a) {
                        { $_ -is [System.Management.Automation.Language.TernaryExpressionAst] } { return $true }           # a ? b : c
                        { $_ -is [System.Management.Automation.Language.PipelineChainAst] } { return $true }               # a && b, a || b
                        { $_ -is [System.Management.Automation.Language.BinaryExpressionAst] } { return $_.Operator -eq 'QuestionQuestion' }                    # a ?? b
                        { $_ -is [System.Management.Automation.Language.AssignmentStatementAst] } { return $_.Operator -eq 'QuestionQuestionEquals' }         # a ??= b
                        { $_ -is [System.Management.Automation.Language.MemberExpressionAst] } { return $_.NullConditional }   # ${a}?.b
                        { $_ -is [System.Management.Automation.Language.IndexExpressionAst] } { return $_.NullConditional }    # ${a}?[0]
                        { $_ -is [System.Management.Automation.Language.PipelineAst] } { return $_.Background }                # a &
                        { $_ -is [System.Management.Automation.Language.ScriptBlockAst] } { return $null -ne $_.CleanBlock }   # clean { }
                    }
                    return $false
                }, $true) | ForEach-Object { '{0}:{1}: {2}' -f $relative, $_.Extent.StartLineNumber, $_.Extent.Text })

        $newer | Should -HaveCount 0 -Because "PowerShell 7-only syntax, which Windows PowerShell 5.1 cannot parse:`n$($newer -join "`n")"
    }
}
