using System;
using System.Management.Automation;
using System.Threading;
using Verifik.PowerShell.Bulk;

namespace Verifik.PowerShell.Commands
{
    /// <summary>
    /// Get-VerifikDocumentLiveness: records by ID (from the pipeline, fetched concurrently and written
    /// in input order) or, without -Id, every record of the list endpoint, page by page.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "VerifikDocumentLiveness", DefaultParameterSetName = ListSet, SupportsPaging = true)]
    // As the help's OUTPUTS: records; with -Raw their JSON; with -IncludeTotalCount the total first (PowerShell's paging object).
    [OutputType(typeof(DocumentLiveness), typeof(string), typeof(ulong))]
    public sealed class GetVerifikDocumentLivenessCommand : VerifikConnectedCmdlet, IDisposable
    {
        private const string ByIdSet = "ById";
        private const string ListSet = "List";

        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private BulkRunner<FetchedRecord>? _runner;
        private ulong _seen;
        private ulong _taken;
        private bool _inputEnded;

        /// <summary>One or more record IDs; binds from the pipeline by value and by property name (Id, _id, DocumentLivenessId).</summary>
        [Parameter(ParameterSetName = ByIdSet, Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("_id", "DocumentLivenessId")]
        [AllowNull, AllowEmptyString, AllowEmptyCollection]
        public string?[]? Id { get; set; }

        /// <summary>Most requests in flight at once; 1 fetches one ID after another.</summary>
        [Parameter(ParameterSetName = ByIdSet)]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = 8;

        /// <summary>Only records with this status (sent to the API as the documented "status" filter).</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateSet("new", "processing", "completed", "failed")]
        public string? Status { get; set; }

        /// <summary>Only records created at or after this time (filtered by the module while paging).</summary>
        [Parameter(ParameterSetName = ListSet)]
        public DateTime? CreatedAfter { get; set; }

        /// <summary>Only records created before this time (filtered by the module while paging).</summary>
        [Parameter(ParameterSetName = ListSet)]
        public DateTime? CreatedBefore { get; set; }

        /// <summary>Records per list request (the API allows up to 100).</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateRange(1, ListQuery.MaxLimit)]
        public int PageSize { get; set; } = ListQuery.MaxLimit;

        /// <summary>Emit each record's JSON exactly as the API sent it, for fields the typed object lacks.</summary>
        [Parameter]
        public SwitchParameter Raw { get; set; }

        protected override void ProcessRecord()
        {
            if (ParameterSetName != ByIdSet) return;
            if (_runner == null)
            {
                _runner = new BulkRunner<FetchedRecord>(this, "Get-VerifikDocumentLiveness", ThrottleLimit, Emit, fetched => fetched.HeldBytes);
                WriteVerbose($"Fetching records from {Client.BaseUri}{RecordPath.DocumentLiveness}/{{id}}, up to {ThrottleLimit} at a time.");
            }
            if (Id == null)
            {
                Enqueue(null);
            }
            else
            {
                foreach (var id in Id) Enqueue(id);
            }
        }

        protected override void EndProcessing()
        {
            if (ParameterSetName == ByIdSet) _runner?.Complete();
            else List();
        }

        protected override void StopProcessing()
        {
            _runner?.Stop();
            Cancel(_stop);
        }

        public void Dispose()
        {
            _runner?.Dispose();
            Cancel(_stop);
            _stop.Dispose();
        }

        private void Enqueue(string? id)
        {
            // -Skip and -First count input IDs: skipped ones and those past -First are never requested.
            if (_inputEnded || _seen++ < PagingParameters.Skip) return;
            if (_taken == PagingParameters.First)
            {
                EndInput(); // -First 0
                return;
            }
            _taken++;
            WriteDebug("Queued ID '" + Printable.Escape(id) + "'.");
            var client = Client;
            var settings = Settings;
            var onRetry = OnRetry;
            _runner!.Add(id, async ct =>
            {
                try
                {
                    return BulkOutcome<FetchedRecord>.Success(await client.GetDocumentLivenessAsync(id!, settings, onRetry, ct).ConfigureAwait(false));
                }
                catch (VerifikApiException ex)
                {
                    // A refused token fails every later request the same way: the run stops after the earlier ones.
                    return BulkOutcome<FetchedRecord>.Failure(VerifikErrors.From(ex, id), fatal: BulkOutcome.StopsRun(ex));
                }
            });
            if (_taken == PagingParameters.First) EndInput();
        }

        /// <summary>
        /// -First has every ID it asked for: their records are written now, not when the input ends (which may be never),
        /// and the commands feeding this one are stopped, as Select-Object -First stops them.
        /// </summary>
        private void EndInput()
        {
            _inputEnded = true;
            _runner!.Complete();
            WriteVerbose($"-First {PagingParameters.First}: every record asked for is written; " +
                (UpstreamStop.IsAvailable ? "stopping the input." : "the rest of the input is read but not requested."));
            UpstreamStop.Request(this);
        }

        private void List()
        {
            var request = new ListRequest
            {
                Status = Status,
                PageSize = PageSize,
                Skip = PagingParameters.Skip,
                First = PagingParameters.First,
                CreatedAfter = CreatedAfter,
                CreatedBefore = CreatedBefore,
            };
            var lister = new DocumentLivenessLister(Client, request, Settings, OnRetry);
            var progress = new BulkProgress(this, "Get-VerifikDocumentLiveness");
            WriteVerbose($"Listing records from {Client.BaseUri}{RecordPath.DocumentLiveness}, {PageSize} a page" +
                (Status == null ? "." : $", status '{Status}'."));
            for (var first = true; ; first = false)
            {
                var batch = NextBatch(lister);
                if (first)
                {
                    if (PagingParameters.IncludeTotalCount)
                    {
                        // The API's total is exact unless the module filters by date on top of it.
                        var accuracy = request.HasClientFilter || !lister.Total.HasValue ? 0.0 : 1.0;
                        WriteObject(PagingParameters.NewTotalCount((ulong)(lister.Total ?? 0), accuracy));
                    }
                    if (!request.HasClientFilter) progress.Total = lister.Total;
                }
                if (batch == null) break;
                WriteVerbose($"Page {lister.Requests}: {batch.Count} records.");
                foreach (var item in batch)
                {
                    progress.Done++;
                    Emit(item);
                }
                progress.Update();
            }
            progress.Complete();
            // After the records that were read: the walk ended short of what the API promised (not a failed page).
            if (lister.Incomplete != null) WriteError(VerifikErrors.ListingIncomplete(lister.Incomplete));
        }

        private System.Collections.Generic.IReadOnlyList<FetchedRecord>? NextBatch(DocumentLivenessLister lister)
        {
            try
            {
                return PipelineWait.Result(lister.NextBatchAsync(_stop.Token), _stop.Token, FlushVerbose);
            }
            catch (VerifikApiException ex)
            {
                // A failed page ends the listing: later pages cannot be located without it.
                ThrowTerminatingError(VerifikErrors.From(ex, ex.ResourceId));
                throw;
            }
            catch (Exception ex) when (!(ex is PipelineStoppedException) && !(ex is OperationCanceledException))
            {
                // Whatever else broke a page still ends the listing as one proper error, never a bare exception.
                ThrowTerminatingError(VerifikErrors.ListingFailed(ex, "list page " + (lister.Requests == 0 ? 1 : lister.Requests)));
                throw;
            }
        }

        private void Emit(FetchedRecord fetched)
        {
            // The ID came from the server: escaped, like every server text in a warning (the problems already are).
            foreach (var problem in fetched.Problems) WriteWarning($"Record '{Printable.Escape(fetched.Record.Id)}': {problem}");
            if (Raw) WriteObject(fetched.Record.ToJson());
            else WriteObject(fetched.Record);
        }

        private static void Cancel(CancellationTokenSource source)
        {
            try { source.Cancel(); }
            catch (ObjectDisposedException) { }
        }
    }
}
