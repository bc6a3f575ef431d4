# Helpers for the stories that save images (Save-VerifikDocumentLivenessImage, Export-VerifikDocumentLivenessReport):
# the sandbox's image origin, what reached it, and the files of a folder. Import after TestHelpers.psm1.

function Get-CdnBaseUri {
    <# The image listener's address ("Images (CDN) on http://127.0.0.1:PORT/"), as Start-VerifikSandbox read it. #>
    param([Parameter(Mandatory = $true)] $Sandbox)
    return $Sandbox.ImageBaseUri
}

function Get-Origin {
    param([Parameter(Mandatory = $true)][string]$Uri)
    ([uri]$Uri).GetLeftPart([System.UriPartial]::Authority)
}

function Get-FileName {
    <# The names of every file in a folder (hidden ones included), sorted. #>
    param([Parameter(Mandatory = $true)][string]$Path)
    @(Get-ChildItem -LiteralPath $Path -File -Force | ForEach-Object Name | Sort-Object)
}

function Wait-ForFile {
    <# Waits (the file is the signal, the deadline only a guard) until every path exists; throws when they do not in time. #>
    param([Parameter(Mandatory = $true)][string[]]$Path, [int]$TimeoutSec = 30)
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSec)
    while (@($Path | Where-Object { -not (Test-Path -LiteralPath $_ -PathType Leaf) }).Count -gt 0) {
        if ([DateTime]::UtcNow -gt $deadline) { throw "Not there after $TimeoutSec s: $($Path -join ', ')" }
        Start-Sleep -Milliseconds 50
    }
}

function Test-ControlCharacter {
    <# Whether text holds a C0/C1 control character (other than tab, CR, LF): what must never reach a console raw. #>
    param([AllowEmptyString()][AllowNull()][string]$Text)
    return [bool]($Text -match '[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]')
}

Export-ModuleMember -Function 'Get-CdnBaseUri', 'Get-Origin', 'Get-FileName', 'Wait-ForFile', 'Test-ControlCharacter'
