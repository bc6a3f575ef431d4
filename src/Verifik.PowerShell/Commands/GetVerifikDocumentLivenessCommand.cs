using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;

namespace Verifik.PowerShell.Commands
{
    /// <summary>
    /// Get-VerifikDocumentLiveness: records by ID (from the pipeline, fetched concurrently and written
    /// in input order) or, without -Id, every record of the list endpoint, page by page.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "VerifikDocumentLiveness", DefaultParameterSetName = ListSet, SupportsPaging = true)]
    [OutputType(typeof(DocumentLiveness))]
    public sealed class GetVerifikDocumentLivenessCommand : VerifikConnectedCmdlet, IDisposable
    {
        private const string ByIdSet = "ById";
        private const string ListSet = "List";
        private static readonly TimeSpan ChoreInterval = TimeSpan.FromMilliseconds(200);

        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private OrderedWindow<FetchOutcome>? _window;
        private BulkProgress? _progress;
        private VerifikApiException? _fatal;
        private ulong _seen;
        private ulong _taken;

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

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            _progress = new BulkProgress(this, "Get-VerifikDocumentLiveness");
        }

        protected override void ProcessRecord()
        {
            if (ParameterSetName != ByIdSet) return;
            if (_window == null)
            {
                // A window of a few throttles keeps every slot busy while the oldest answer is awaited.
                _window = new OrderedWindow<FetchOutcome>(ThrottleLimit, Math.Max(ThrottleLimit * 4, 16), _stop.Token);
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
            if (ParameterSetName == ByIdSet)
            {
                Drain(untilEmpty: true);
            }
            else
            {
                List();
            }
            _progress?.Complete();
        }

        protected override void StopProcessing()
        {
            _window?.Cancel();
            Cancel(_stop);
        }

        public void Dispose()
        {
            _window?.Dispose();
            Cancel(_stop);
            _stop.Dispose();
        }

        private void Enqueue(string? id)
        {
            // -Skip and -First count input IDs: skipped ones and those past -First are never requested.
            if (_seen++ < PagingParameters.Skip || _taken >= PagingParameters.First) return;
            _taken++;
            WriteDebug("Queued ID '" + id + "'.");
            var client = Client;
            var settings = Settings;
            var onRetry = OnRetry;
            _window!.Add(async ct =>
            {
                try
                {
                    return new FetchOutcome(id, await client.GetDocumentLivenessAsync(id!, settings, onRetry, ct).ConfigureAwait(false), null);
                }
                catch (VerifikApiException ex)
                {
                    if (ex.IsAuthenticationFailure)
                    {
                        // The token is refused: every later request would fail the same way, so start no more.
                        // Those already running (all earlier in input order) finish and are written first.
                        Interlocked.CompareExchange(ref _fatal, ex, null);
                        _window.StopStarting();
                    }
                    return new FetchOutcome(id, null, ex);
                }
            });
            Drain(untilEmpty: false);
        }

        /// <summary>Writes every finished result in input order; waits while the window is full (or until empty).</summary>
        private void Drain(bool untilEmpty)
        {
            var window = _window;
            if (window == null) return;
            while (true)
            {
                FlushRetryNotices();
                if (window.TryTakeCompleted(out var done))
                {
                    Report(done);
                    continue;
                }
                if (window.Count == 0 || !(untilEmpty || window.IsFull)) return;
                try
                {
                    window.WaitForOldest(ChoreInterval);
                }
                catch (OperationCanceledException)
                {
                    ThrowIfFatal();
                    throw new PipelineStoppedException();
                }
                _progress?.Update();
            }
        }

        private void Report(Task<FetchOutcome> done)
        {
            if (done.IsCanceled)
            {
                ThrowIfFatal();
                throw new PipelineStoppedException();
            }
            var outcome = done.Result;
            if (outcome.Error != null)
            {
                if (outcome.Error.IsAuthenticationFailure) ThrowIfFatal(outcome.Error);
                _progress!.Failed++;
                WriteError(VerifikErrors.From(outcome.Error, outcome.Id));
                return;
            }
            _progress!.Done++;
            Emit(outcome.Fetched!);
        }

        private void ThrowIfFatal(VerifikApiException? error = null)
        {
            error ??= _fatal;
            if (error == null) return;
            _window?.Cancel();
            ThrowTerminatingError(VerifikErrors.From(error, error.ResourceId));
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
            WriteVerbose($"Listing records from {Client.BaseUri}{RecordPath.DocumentLiveness}, {PageSize} a page" +
                (Status == null ? "." : $", status '{Status}'."));
            for (var first = true; ; first = false)
            {
                var batch = Await(lister.NextBatchAsync(_stop.Token));
                if (first)
                {
                    if (PagingParameters.IncludeTotalCount)
                    {
                        // The API's total is exact unless the module filters by date on top of it.
                        var accuracy = request.HasClientFilter || !lister.Total.HasValue ? 0.0 : 1.0;
                        WriteObject(PagingParameters.NewTotalCount((ulong)(lister.Total ?? 0), accuracy));
                    }
                    if (!request.HasClientFilter) _progress!.Total = lister.Total;
                }
                if (batch == null) break;
                WriteVerbose($"Page {lister.Requests}: {batch.Count} records.");
                foreach (var item in batch)
                {
                    _progress!.Done++;
                    Emit(item);
                }
                _progress!.Update();
            }
        }

        /// <summary>Waits for one request on the pipeline thread, relaying retry notices meanwhile.</summary>
        private T Await<T>(Task<T> task)
        {
            try
            {
                while (!task.Wait((int)ChoreInterval.TotalMilliseconds, _stop.Token)) FlushRetryNotices();
                FlushRetryNotices();
                return task.Result;
            }
            catch (OperationCanceledException)
            {
                throw new PipelineStoppedException();
            }
            catch (AggregateException ex) when (ex.InnerException is VerifikApiException api)
            {
                FlushRetryNotices();
                // A failed page ends the listing: later pages cannot be located without it.
                ThrowTerminatingError(VerifikErrors.From(api, api.ResourceId));
                throw;
            }
        }

        private void Emit(FetchedRecord fetched)
        {
            foreach (var problem in fetched.Problems) WriteWarning($"Record '{fetched.Record.Id}': {problem}");
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
