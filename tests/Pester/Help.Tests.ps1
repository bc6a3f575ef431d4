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

Describe 'Help on keeping the token' {
    BeforeAll {
        function Get-HelpText {
            # The help as one line of words, so that wrapping does not matter.
            param([string]$Name)
            ((Get-Help $Name -Full | Out-String -Width 400) -replace '\s+', ' ')
        }
    }

    It 'Get-VerifikAccessToken says a SecureString is not encryption at rest on Linux and macOS, and shows Set-Secret' {
        $text = Get-HelpText 'Get-VerifikAccessToken'

        $text | Should -BeLike '*A SecureString keeps the token out of output and views; it is not encryption at rest everywhere.*'
        $text | Should -BeLike '*On Linux and macOS they do not: the file holds the token as hexadecimal UTF-16*'
        $text | Should -BeLike '*Export-Clixml*'
        $text | Should -BeLike '*Set-Secret -Name VerifikToken -Secret (Get-VerifikAccessToken).Token*'
        @((Get-Help Get-VerifikAccessToken).Examples.Example.Title | Where-Object { $_ -like '*Example 3: Keep the token on Linux or macOS: a vault, not a Clixml file*' }) | Should -HaveCount 1
    }

    It 'about_Verifik says the same' {
        $text = (Get-Help about_Verifik | Out-String -Width 400) -replace '\s+', ' '

        $text | Should -BeLike '*A SecureString is not encryption at rest on Linux and macOS*'
        $text | Should -BeLike '*Keep the token with Set-Secret in a SecretManagement vault*'
    }

    It 'is right: on Linux, Get-VerifikAccessToken | Export-Clixml writes the token so that it decodes with no key' -Skip:$IsWindows {
        $token = New-TestJwt -ClientId 'clixml' -ExpiresOn ([DateTimeOffset]::UtcNow.AddDays(5))
        $connection = Connect-Verifik -Token $token -BaseUri 'http://127.0.0.1:1' -SkipValidation -ReturnConnection
        try {
            $file = Join-Path $TestDrive 'token.xml'
            Get-VerifikAccessToken -Connection $connection | Export-Clixml -LiteralPath $file

            $hex = ([xml](Get-Content -LiteralPath $file -Raw)).SelectSingleNode('//*[local-name()="SS"]').InnerText
            $bytes = [byte[]]::new($hex.Length / 2)
            for ($i = 0; $i -lt $bytes.Length; $i++) { $bytes[$i] = [Convert]::ToByte($hex.Substring(2 * $i, 2), 16) }
            [System.Text.Encoding]::Unicode.GetString($bytes) | Should -Be $token
        }
        finally {
            Disconnect-Verifik -Connection $connection
        }
    }
}
