using System;
using System.Management.Automation;
using System.Threading;
using Verifik.PowerShell.Bulk;
using Verifik.PowerShell.Parameters;

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
        private readonly InputIds _inputs = new InputIds();
        private BulkRunner<FetchedRecord>? _runner;
        private ulong _seen;
        private ulong _taken;
        private bool _inputEnded;

        /// <summary>One or more record IDs; binds from the pipeline by value and by property name (Id, _id, DocumentLivenessId).</summary>
        [Parameter(ParameterSetName = ByIdSet, Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("_id", "DocumentLivenessId")]
        [AllowNull, AllowEmptyString, AllowEmptyCollection]
        public string?[]? Id { get; set; }

        /// <summary>
        /// The pipeline object as it came, beside what -Id bound from it: a row without an Id column binds to -Id as the
        /// text "@{…}", and this is how it is told apart (and refused, naming its columns) before any request.
        /// </summary>
        [Parameter(ParameterSetName = ByIdSet, ValueFromPipeline = true, DontShow = true)]
        public PSObject? InputObject { get; set; }

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
                // IDs given as an argument, not piped, are all here now: the bar can show "N of M" and the time left.
                if (!MyInvocation.ExpectingInput) _runner.Progress.Total = Slice((ulong)(Id?.Length ?? 1));
                WriteVerbose($"Fetching records from {Client.BaseUri}{RecordPath.DocumentLiveness}/{{id}}, up to {ThrottleLimit} at a time.");
            }
            foreach (var input in _inputs.Read(InputObject, Id))
            {
                Enqueue(input);
                if (_inputEnded) break;
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

        private void Enqueue(InputId input)
        {
            // -Skip and -First count input IDs: skipped ones and those past -First are never requested.
            if (_inputEnded || _seen++ < PagingParameters.Skip) return;
            if (_taken == PagingParameters.First)
            {
                EndInput(); // -First 0
                return;
            }
            _taken++;
            if (input.Error != null)
            {
                // Refused before any request (no Id column, empty, unusable): still in its place in the output.
                _runner!.Add(BulkOutcome<FetchedRecord>.Failure(input.Error));
            }
            else
            {
                Request(input.Id!);
            }
            if (_taken == PagingParameters.First) EndInput();
        }

        private void Request(string id)
        {
            WriteDebug("Queued ID '" + Printable.Escape(id) + "'.");
            var client = Client;
            var settings = Settings;
            var onRetry = OnRetry;
            _runner!.Add(id, async ct =>
            {
                try
                {
                    return BulkOutcome<FetchedRecord>.Success(await client.GetDocumentLivenessAsync(id, settings, onRetry, ct).ConfigureAwait(false));
                }
                catch (VerifikApiException ex)
                {
                    // A refused token fails every later request the same way: the run stops after the earlier ones.
                    return BulkOutcome<FetchedRecord>.Failure(VerifikErrors.From(ex, id), fatal: BulkOutcome.StopsRun(ex));
                }
            });
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
            // Filtered by date here, the listing may scan many pages for few records: progress counts the pages then.
            var progress = new BulkProgress(this, "Get-VerifikDocumentLiveness") { Started = true, Scanning = request.HasClientFilter };
            WriteVerbose($"Listing records from {Client.BaseUri}{RecordPath.DocumentLiveness}, {PageSize} a page" +
                (Status == null ? "." : $", status '{Status}'.") +
                (request.HasClientFilter ? $" Created {DateFilter()}: every page is read and filtered here." : string.Empty));
            for (var first = true; ; first = false)
            {
                var batch = NextBatch(lister, progress);
                progress.PagesRead = lister.Requests;
                progress.Scanned = lister.Scanned;
                if (first)
                {
                    if (PagingParameters.IncludeTotalCount)
                    {
                        // The API's total is exact unless the module filters by date on top of it.
                        var accuracy = request.HasClientFilter || !lister.Total.HasValue ? 0.0 : 1.0;
                        WriteObject(PagingParameters.NewTotalCount((ulong)(lister.Total ?? 0), accuracy));
                    }
                    if (request.HasClientFilter) progress.PageTotal = lister.Pages;
                    else if (lister.Total is long total) progress.Total = Slice((ulong)Math.Max(total, 0));
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
            // After the records that were read: the walk ended short of what the API promised (not a failed page).
            if (lister.Incomplete != null)
            {
                progress.Failed++;
                WriteError(VerifikErrors.ListingIncomplete(lister.Incomplete));
            }
            progress.Complete();
        }

        private System.Collections.Generic.IReadOnlyList<FetchedRecord>? NextBatch(DocumentLivenessLister lister, BulkProgress progress)
        {
            try
            {
                // The bar keeps moving (elapsed, rate) while a slow page is awaited.
                return PipelineWait.Result(lister.NextBatchAsync(_stop.Token), _stop.Token, () =>
                {
                    FlushVerbose();
                    progress.Update();
                });
            }
            catch (VerifikApiException ex)
            {
                // A failed page ends the listing: later pages cannot be located without it.
                Fail(progress, VerifikErrors.From(ex, ex.ResourceId));
                throw;
            }
            catch (Exception ex) when (!(ex is PipelineStoppedException) && !(ex is OperationCanceledException))
            {
                // Whatever else broke a page still ends the listing as one proper error, never a bare exception.
                Fail(progress, VerifikErrors.ListingFailed(ex, "list page " + (lister.Requests == 0 ? 1 : lister.Requests)));
                throw;
            }
        }

        private void Fail(BulkProgress progress, ErrorRecord error)
        {
            progress.Failed++;
            progress.Stop(error);
            ThrowTerminatingError(error);
        }

        /// <summary>How many of <paramref name="available"/> items -Skip and -First leave.</summary>
        private long Slice(ulong available)
        {
            var left = available > PagingParameters.Skip ? available - PagingParameters.Skip : 0;
            return (long)Math.Min(Math.Min(left, PagingParameters.First), long.MaxValue);
        }

        /// <summary>The date filter as -Verbose shows it: local times, as the user gave them, and UTC, as records hold them.</summary>
        private string DateFilter()
        {
            var parts = new System.Collections.Generic.List<string>();
            if (CreatedAfter is DateTime after) parts.Add("at or after " + LocalAndUtc(after));
            if (CreatedBefore is DateTime before) parts.Add("before " + LocalAndUtc(before));
            return string.Join(" and ", parts);
        }

        private static string LocalAndUtc(DateTime time)
        {
            // As the filter reads it: a time of unspecified kind ('2025-08-22 14:00') is local, like Get-Date's.
            var local = time.Kind == DateTimeKind.Utc ? time.ToLocalTime() : DateTime.SpecifyKind(time, DateTimeKind.Local);
            return string.Format(System.Globalization.CultureInfo.InvariantCulture, "{0:yyyy-MM-dd HH:mm:ss zzz} ({1:yyyy-MM-dd HH:mm:ss}Z)",
                local, local.ToUniversalTime());
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
