namespace Verifik.PowerShell.Commands
{
    /// <summary>What one ID's fetch came to; built on a worker thread, reported on the pipeline thread.</summary>
    internal readonly struct FetchOutcome
    {
        public FetchOutcome(string? id, FetchedRecord? fetched, VerifikApiException? error)
        {
            Id = id;
            Fetched = fetched;
            Error = error;
        }

        public string? Id { get; }
        public FetchedRecord? Fetched { get; }
        public VerifikApiException? Error { get; }
    }
}
