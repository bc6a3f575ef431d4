using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text;
using Verifik.PowerShell.Bulk;
using Verifik.PowerShell.Requests;

namespace Verifik.PowerShell.Commands
{
    /// <summary>
    /// Invoke-VerifikRequest: any request to the API of the connection, with its token (and only there), through the
    /// module's one request path: its retry rule per method, -All paging over every documented list envelope, the answer
    /// as PSObjects. The escape hatch for the endpoints no cmdlet covers.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "VerifikRequest", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(PSObject), typeof(string))]
    public sealed class InvokeVerifikRequestCommand : VerifikConnectedCmdlet, IDisposable
    {
        private readonly StopSignal _stop = new StopSignal();

        /// <summary>A path of the API (/v2/…), or an absolute URI on the connection's own origin.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Uri { get; set; } = null!;

        [Parameter(Position = 1)]
        [ValidateSet("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")]
        public string Method { get; set; } = "GET";

        /// <summary>A hashtable or object (sent as JSON; on GET, the query string), a string (sent as it is) or bytes.</summary>
        [Parameter]
        public object? Body { get; set; }

        [Parameter]
        public IDictionary? Headers { get; set; }

        [Parameter]
        public string? ContentType { get; set; }

        /// <summary>A file sent as the body, streamed.</summary>
        [Parameter]
        public string? InFile { get; set; }

        /// <summary>Where a successful answer's body is streamed; nothing is written to the pipeline.</summary>
        [Parameter]
        public string? OutFile { get; set; }

        /// <summary>The body as a string instead of objects.</summary>
        [Parameter]
        public SwitchParameter Raw { get; set; }

        /// <summary>Follows the list's pages and writes every item.</summary>
        [Parameter]
        public SwitchParameter All { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? StatusCodeVariable { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ResponseHeadersVariable { get; set; }

        private string Verb => Method.ToUpperInvariant();

        protected override void ProcessRecord()
        {
            if (Build() is not ResourceRequest request) return;
            if (!Allowed(request)) return;
            if (All) List(request);
            else Send(request);
        }

        protected override void StopProcessing() => _stop.Cancel();

        public void Dispose() => _stop.Dispose();

        /// <summary>The request, or null after writing why it cannot be sent (nothing is sent for input that could never succeed).</summary>
        private ResourceRequest? Build()
        {
            var uri = Client.ResolveResource(Uri, out var problem);
            if (uri == null) return Refuse(RequestErrors.UriRefused(problem!, Uri));
            var isRead = Verb == "GET" || Verb == "HEAD";
            if (All && Verb != "GET") return Refuse(VerifikErrors.Argument("-All follows the pages of a list, which only GET reads.", "VerifikAllNeedsGet", Verb));
            if (All && OutFile != null) return Refuse(VerifikErrors.Argument("-All writes the items of every page; -OutFile takes one answer. Use one of them.", "VerifikParameterConflict", OutFile));
            if (Body != null && InFile != null) return Refuse(VerifikErrors.Argument("Give the body as -Body or as -InFile, not both.", "VerifikParameterConflict", InFile));
            if (isRead && InFile != null) return Refuse(VerifikErrors.Argument($"{Verb} sends no body; -InFile goes with POST, PUT, PATCH or DELETE.", "VerifikParameterConflict", InFile));
            if (ResourceRequest.ContentTypeProblem(ContentType) is string badType) return Refuse(VerifikErrors.Argument(badType, "VerifikInvalidContentType", ContentType));

            object? body;
            try
            {
                body = BodyValue.Plain(Body);
            }
            catch (ArgumentException ex)
            {
                return Refuse(new ErrorRecord(ex, "VerifikInvalidBody", ErrorCategory.InvalidArgument, Body));
            }
            if (isRead && body != null)
            {
                if (!(body is IDictionary query))
                {
                    return Refuse(VerifikErrors.Argument($"On {Verb}, -Body must be a hashtable or object: it becomes the query string. " +
                        "Put text in -Uri (/v2/…?name=value).", "VerifikInvalidBody", Body));
                }
                uri = ResourceQuery.Append(uri, query);
                body = null;
            }

            var request = new ResourceRequest(Verb, uri) { ContentType = ContentType };
            if (!AddHeaders(request)) return null;
            switch (body)
            {
                case null: break;
                case string text: request.Body = Encoding.UTF8.GetBytes(text); break;
                case byte[] bytes:
                    request.Body = bytes;
                    request.ContentType ??= "application/octet-stream";
                    break;
                default:
                    try
                    {
                        request.Body = JsonWriting.ToUtf8(body);
                    }
                    catch (ArgumentException ex)
                    {
                        return Refuse(new ErrorRecord(ex, "VerifikInvalidBody", ErrorCategory.InvalidArgument, Body));
                    }
                    break;
            }
            if (InFile != null)
            {
                var path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(InFile);
                if (!File.Exists(path)) return Refuse(RequestErrors.InFileNotFound(InFile));
                request.BodyFile = path;
            }
            if (OutFile != null)
            {
                var path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(OutFile);
                var folder = System.IO.Path.GetDirectoryName(path);
                if (Directory.Exists(path) || (!string.IsNullOrEmpty(folder) && !Directory.Exists(folder)))
                {
                    return Refuse(VerifikErrors.Argument($"-OutFile '{OutFile}' cannot be written: " +
                        (Directory.Exists(path) ? "it is a folder." : $"the folder '{folder}' does not exist."), "VerifikOutFileInvalid", OutFile));
                }
                request.OutFile = path;
            }
            return request;
        }

        private bool AddHeaders(ResourceRequest request)
        {
            if (Headers == null) return true;
            foreach (DictionaryEntry entry in Headers)
            {
                var name = (entry.Key is PSObject k ? k.BaseObject : entry.Key)?.ToString();
                var raw = entry.Value is PSObject v ? v.BaseObject : entry.Value;
                var values = raw is IEnumerable list && !(raw is string) ? list.Cast<object?>().Select(ResourceQuery.Text) : new[] { ResourceQuery.Text(raw) };
                foreach (var value in values)
                {
                    if (ResourceRequest.HeaderProblem(name, value) is string problem)
                    {
                        Refuse(VerifikErrors.Argument(problem + " Nothing was sent.", "VerifikHeaderRefused", name));
                        return false;
                    }
                    request.Headers.Add(new KeyValuePair<string, string>(name!.Trim(), value));
                }
            }
            return true;
        }

        /// <summary>
        /// -WhatIf and -Confirm for what changes something: every method but GET and HEAD (sent even under -WhatIf: they
        /// change nothing); DELETE at ConfirmImpact High.
        /// </summary>
        private bool Allowed(ResourceRequest request)
        {
            if (request.Method == "GET" || request.Method == "HEAD") return true;
            var target = request.Uri.GetLeftPart(UriPartial.Path) + request.Uri.Query;
            if (request.Method == "DELETE") return HighImpactConfirmation.ShouldProcess(this, ConfirmImpact.Medium, target, "Send DELETE (the API deletes what it names)");
            return ShouldProcess(target, "Send " + request.Method + (request.IsSafeToRepeat ? string.Empty : " (not sent again once it may have reached the API)"));
        }

        private void Send(ResourceRequest request)
        {
            WriteVerbose($"{request.Method} {request.Uri}: " + (request.IsSafeToRepeat
                ? "retried on 429, 5xx, timeouts and resets, as a request that means the same when sent twice."
                : "sent again only if the API provably did not take it (429, 503), so it is never processed twice."));
            Describe(request);
            var temporary = request.OutFile == null ? null : request.OutFile + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".partial";
            if (temporary != null) request = WithOutFile(request, temporary);
            try
            {
                var response = Wait(request);
                if (response == null) return;
                Report(response);
                if (request.OutFile != null)
                {
                    var final = OutFileTarget!;
                    if (File.Exists(final)) File.Delete(final);
                    File.Move(temporary!, final);
                    temporary = null;
                    WriteVerbose($"Wrote the answer (HTTP {response.StatusCode}, {new FileInfo(final).Length:N0} bytes) to '{final}'.");
                    return;
                }
                WriteAnswer(response, request.Uri);
            }
            catch (IOException ex) when (temporary != null)
            {
                WriteError(new ErrorRecord(ex, "VerifikFileWriteFailed", ErrorCategory.WriteError, OutFile));
            }
            finally
            {
                if (temporary != null) TryDelete(temporary);
            }
        }

        private string? OutFileTarget => OutFile == null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(OutFile);

        private static ResourceRequest WithOutFile(ResourceRequest request, string path)
        {
            var copy = request.WithUri(request.Uri);
            copy.OutFile = path;
            return copy;
        }

        /// <summary>The answer, or null after writing the error (non-terminating, the URI as TargetObject).</summary>
        private ResourceResponse? Wait(ResourceRequest request)
        {
            try
            {
                return PipelineWait.Result(Client.SendResourceAsync(request, Settings, OnRetry, _stop.Token), _stop.Token, FlushVerbose);
            }
            catch (VerifikApiException ex)
            {
                if (ex.StatusCode is int status) SetVariable(StatusCodeVariable, status);
                WriteError(RequestErrors.From(ex, request.Uri));
            }
            catch (ImageFileException ex)
            {
                WriteError(VerifikErrors.FileWriteFailed(ex, OutFile ?? request.Target));
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                WriteError(RequestErrors.InFileUnreadable(InFile ?? request.Target, ex));
            }
            return null;
        }

        private void WriteAnswer(ResourceResponse response, System.Uri uri)
        {
            if (response.Body.Length == 0) return;
            if (Raw)
            {
                var redacted = false;
                var text = response.IsJson ? JsonRedaction.Text(response.Body, out redacted) : Encoding.UTF8.GetString(response.Body);
                if (redacted) WriteVerbose("Secret members of the answer (otp, JWTPhrase, secretKey) were left out and tokens masked; they are never shown.");
                WriteObject(text);
                return;
            }
            if (response.IsJson)
            {
                var dropped = new List<string>();
                object? tree;
                try
                {
                    tree = JsonTree.Parse(response.Body, dropped);
                }
                catch (FormatException ex)
                {
                    WriteError(RequestErrors.NotJson(uri, Printable.Escape(ex.Message)));
                    return;
                }
                NoteDropped(dropped);
                WriteObject(ResponseObject.From(tree), enumerateCollection: true);
                return;
            }
            if (response.IsText)
            {
                WriteObject(Encoding.UTF8.GetString(response.Body));
                return;
            }
            WriteVerbose($"The answer is {response.MediaType} ({response.Body.Length:N0} bytes), written as bytes; use -OutFile to save it to a file.");
            WriteObject(response.Body, enumerateCollection: false);
        }

        /// <summary>-All: the items of each page as it arrives; an answer that is no list is written as it came.</summary>
        private void List(ResourceRequest request)
        {
            WriteVerbose($"Listing {request.Uri} page by page (page, and limit or perPage as the list names it).");
            Describe(request);
            var lister = new ResourceLister(Client, request, Settings, OnRetry);
            while (true)
            {
                ResourcePage? page;
                try
                {
                    page = PipelineWait.Result(lister.NextPageAsync(_stop.Token), _stop.Token, FlushVerbose);
                }
                catch (VerifikApiException ex)
                {
                    // A failed page ends the listing: the pages after it cannot be located without it.
                    if (ex.StatusCode is int status) SetVariable(StatusCodeVariable, status);
                    WriteError(RequestErrors.From(ex, request.Uri));
                    break;
                }
                if (page == null) break;
                Report(page.Response);
                NoteDropped(page.DroppedSecrets);
                if (!page.IsList)
                {
                    WriteWarning($"'{request.Target}' answered with something other than a list ({{\"data\":[…]}}, data.docs or pagination); it is written as it came.");
                    foreach (var item in ResponseObject.Items(page.Items)) WriteObject(item);
                    break;
                }
                WriteVerbose($"Page {lister.Requests}: {page.Items.Count} items" + (lister.Total is long total ? $" ({lister.Written} of {total})." : "."));
                if (Raw) WriteObject(JsonRedaction.Text(page.Response.Body, out _)); // each page's answer, secrets left out
                else foreach (var item in ResponseObject.Items(page.Items)) WriteObject(item);
            }
            if (lister.Incomplete != null) WriteError(VerifikErrors.ListingIncomplete(lister.Incomplete));
        }

        private void Describe(ResourceRequest request)
        {
            var headers = request.Headers.Count == 0 ? "none" : string.Join(", ", request.Headers.Select(h => h.Key).Distinct(StringComparer.OrdinalIgnoreCase));
            var body = request.Body != null ? $"{request.Body.Length:N0} bytes ({request.ContentType ?? "application/json"})"
                : request.BodyFile != null ? $"the file '{request.BodyFile}' ({request.ContentType ?? "application/octet-stream"})" : "none";
            WriteDebug($"{request.Target}: extra headers {headers}; body {body}.");
        }

        private void Report(ResourceResponse response)
        {
            SetVariable(StatusCodeVariable, response.StatusCode);
            if (ResponseHeadersVariable != null)
            {
                var headers = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
                foreach (var h in response.Headers) headers[h.Key] = h.Value;
                SetVariable(ResponseHeadersVariable, headers);
            }
            WriteDebug($"HTTP {response.StatusCode}, {response.MediaType ?? "no Content-Type"}, {response.Body.Length:N0} bytes read.");
        }

        private void NoteDropped(IReadOnlyList<string> dropped)
        {
            if (dropped.Count == 0) return;
            WriteVerbose($"Left out the secret members {string.Join(", ", dropped.Distinct(StringComparer.OrdinalIgnoreCase))} of the answer: they are never shown.");
        }

        /// <summary>In the caller's scope, as Invoke-RestMethod does.</summary>
        private void SetVariable(string? name, object value)
        {
            if (name != null) SessionState.PSVariable.Set(name, value);
        }

        private ResourceRequest? Refuse(ErrorRecord error)
        {
            WriteError(error);
            return null;
        }

        private static void TryDelete(string path)
        {
            try { File.Delete(path); }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException) { }
        }

    }
}
