# Help for every cmdlet and the about topic (the twin of tests/Engine/HelpTests.cs).

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-VerifikModule
}

Describe 'Help for <_>' -ForEach @('Connect-Verifik', 'Get-VerifikContext', 'Disconnect-Verifik', 'Get-VerifikDocumentLiveness', 'Save-VerifikDocumentLivenessImage', 'Export-VerifikDocumentLivenessReport', 'Invoke-VerifikRequest', 'Get-VerifikAccount', 'New-VerifikAccessToken') {
    BeforeAll {
        $name = $_
        $help = Get-Help $name -Full
        $common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
        $parameters = @((Get-Command $name).Parameters.Keys | Where-Object { $common -notcontains $_ })
    }

    It 'has a written synopsis and description' -Tag 'Twin:HelpTests.Get_Help_Full_has_a_written_synopsis_a_description_and_runnable_examples' {
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -Match '^\s*Get-|^\s*Connect-|^\s*Disconnect-'
        ($help.Description | Out-String).Trim() | Should -Not -BeNullOrEmpty
    }

    It 'has at least two examples with code' -Tag 'Twin:HelpTests.Get_Help_Full_has_a_written_synopsis_a_description_and_runnable_examples' {
        @($help.Examples.Example).Count | Should -BeGreaterOrEqual 2
        foreach ($example in $help.Examples.Example) { $example.Code | Should -Not -BeNullOrEmpty }
    }

    It 'describes every parameter' -Tag 'Twin:HelpTests.Every_parameter_has_a_description_in_the_help' {
        foreach ($parameter in $parameters) {
            $entry = $help.Parameters.Parameter | Where-Object Name -EQ $parameter
            $entry | Should -Not -BeNullOrEmpty -Because "-$parameter must be documented"
            ($entry.Description | Out-String).Trim() | Should -Not -BeNullOrEmpty -Because "-$parameter must be described"
        }
    }
}

Describe 'about_Verifik' {
    It 'is found by Get-Help' -Tag 'Twin:HelpTests.Get_Help_finds_the_about_topic_with_its_sections' {
        $about = Get-Help about_Verifik | Out-String
        $about | Should -Match 'Connect-Verifik'
        $about | Should -Match 'ThrottleLimit'
    }
}
