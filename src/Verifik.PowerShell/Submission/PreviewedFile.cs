namespace Verifik.PowerShell.Submission
{
    /// <summary>A file -WhatIf found a run would submit: its path and size.</summary>
    internal readonly struct PreviewedFile
    {
        public PreviewedFile(string path, long length)
        {
            Path = path;
            Length = length;
        }

        public string Path { get; }
        public long Length { get; }
    }
}
