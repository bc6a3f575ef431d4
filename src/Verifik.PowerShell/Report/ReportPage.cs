using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace Verifik.PowerShell.Report
{
    /// <summary>
    /// Writes a review page: one self-contained HTML file (style and sort script inline, allowed by hash in its CSP;
    /// images by relative path from its folder), streamed row by row so only the records themselves are held. Every
    /// value from the server goes through <see cref="Html.Text"/>. The page shows the API's numbers and verdicts and
    /// the user's flag rule; it decides nothing itself.
    /// </summary>
    internal sealed class ReportPage
    {
        private readonly TextWriter _w;
        private readonly ReportSummary _summary;
        private readonly IReadOnlyList<ReportEntry> _entries;

        public ReportPage(TextWriter writer, ReportSummary summary, IReadOnlyList<ReportEntry> entries)
        {
            _w = writer;
            _summary = summary;
            _entries = entries;
        }

        /// <summary>The text of -FlagWhere; null when no rule was given.</summary>
        public string? Rule { get; set; }

        /// <summary>Records the rule failed on (an error in the script block): not flagged.</summary>
        public int RuleFailures { get; set; }

        /// <summary>The images folder's name, relative to the page; null with -NoImage.</summary>
        public string? ImageFolder { get; set; }

        public DateTime WrittenAt { get; set; } = DateTime.UtcNow;

        public void Write()
        {
            _w.Write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
            _w.Write($"<meta http-equiv=\"Content-Security-Policy\" content=\"{Html.Text(ReportAssets.ContentSecurityPolicy)}\">\n");
            _w.Write("<meta name=\"referrer\" content=\"no-referrer\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
            _w.Write($"<title>Document-liveness review: {Html.Count(_summary.Records)} records</title>\n");
            _w.Write("<style>" + ReportAssets.Style + "</style>\n</head>\n<body>\n");
            WriteHeader();
            WriteSummary();
            WriteRecords();
            _w.Write("<script>" + ReportAssets.Script + "</script>\n</body>\n</html>\n");
        }

        private void WriteHeader()
        {
            _w.Write("<header>\n<h1>Document-liveness review</h1>\n");
            _w.Write($"<p class=\"meta\">{Html.Count(_summary.Records)} records. Written {Html.Time(WrittenAt)} by Export-VerifikDocumentLivenessReport. " +
                     "Times are UTC.</p>\n");
            _w.Write("<p class=\"note\">The page shows the API's numbers as they came. Verifik's documentation disagrees on which end of " +
                     "its scores means authentic, so the page judges nothing itself: it shows the API's own verdicts where the API gave them, " +
                     "and flags records only by the rule it was given.</p>\n</header>\n");
        }

        private void WriteSummary()
        {
            var s = _summary;
            _w.Write("<section id=\"summary\">\n<h2>Summary</h2>\n<dl class=\"counts\">\n");
            Count("records", "Records", s.Records);
            Count("stored-images", "With a stored image", s.WithStoredImage);
            if (ImageFolder != null) Count("saved-images", "Images on this page", s.ImagesSaved);
            Count("flagged", "Flagged by the rule", s.Flagged);
            var range = s.Earliest is DateTime from && s.Latest is DateTime to
                ? $"<time datetime=\"{Html.IsoTime(from)}\">{Html.Time(from)}</time> to <time datetime=\"{Html.IsoTime(to)}\">{Html.Time(to)}</time>"
                : "no creation times";
            _w.Write($"<div><dt>Created</dt><dd class=\"range\" id=\"time-range\">{range}</dd></div>\n</dl>\n");

            if (Rule == null)
            {
                _w.Write("<p class=\"rule none\" id=\"rule\">No rule was given (-FlagWhere), so no record is flagged.</p>\n");
            }
            else
            {
                _w.Write($"<p class=\"rule\" id=\"rule\">Flagged, and listed first: the records for which <code>{{{Html.Text(Rule)}}}</code> is true " +
                         $"({Html.Count(s.Flagged)} of {Html.Count(s.Records)}).");
                if (RuleFailures > 0) _w.Write($" The rule failed on {Html.Count(RuleFailures)} records, which are not flagged (see the errors of the command).");
                _w.Write("</p>\n");
            }

            _w.Write("<table class=\"checks\" id=\"checks\">\n<thead><tr><th>Check</th><th>Validated</th><th>Probability (0–1)</th><th>API verdict</th></tr></thead>\n<tbody>\n");
            foreach (var check in s.Checks)
            {
                _w.Write($"<tr><th scope=\"row\">{Html.Text(check.Check.Name)}</th><td class=\"num\" data-validated=\"{check.Validated}\">{Html.Count(check.Validated)}</td><td>");
                Histogram.Write(_w, check);
                if (check.OutOfRange > 0) _w.Write($"<span class=\"sub\">{Html.Count(check.OutOfRange)} outside 0–1</span>");
                _w.Write("</td><td>");
                _w.Write(check.Passed + check.Failed == 0 ? "<span class=\"absent\">not given</span>" : $"{Html.Count(check.Passed)} passed, {Html.Count(check.Failed)} failed");
                _w.Write("</td></tr>\n");
            }
            _w.Write("</tbody>\n</table>\n");

            _w.Write("<h2>API verdicts</h2>\n<p id=\"verdicts\">");
            var withLive = s.LiveTrue + s.LiveFalse;
            _w.Write(withLive == 0
                ? "No record carries the API's IsLive verdict (newer create answers do)."
                : $"IsLive: {Html.Count(s.LiveTrue)} live, {Html.Count(s.LiveFalse)} not live; {Html.Count(s.Records - withLive)} records without it.");
            _w.Write("</p>\n");
            Codes("Warnings", "warnings", "warning", s.Warnings);
            Codes("Errors", "errors", "error", s.Errors);
            _w.Write("</section>\n");
        }

        private void Count(string id, string label, int value) =>
            _w.Write($"<div><dt>{label}</dt><dd id=\"count-{id}\" data-count=\"{value}\">{Html.Count(value)}</dd></div>\n");

        private void Codes(string title, string id, string kind, IReadOnlyList<KeyValuePair<string, int>> codes)
        {
            _w.Write($"<h2>{title}</h2>\n<div class=\"chips\" id=\"{id}\">");
            if (codes.Count == 0) _w.Write("<span class=\"absent\">none</span>");
            foreach (var code in codes)
            {
                _w.Write($"<span class=\"chip {kind}\" data-code=\"{Html.Text(code.Key)}\" data-count=\"{code.Value}\">{Html.Text(code.Key)}<b>{Html.Count(code.Value)}</b></span>");
            }
            _w.Write("</div>\n");
        }

        private void WriteRecords()
        {
            // A grid of rows rather than a <table>: each row skips layout and paint while it is off screen
            // (content-visibility), which a table row cannot, so 10,000 records open in seconds. The roles keep it a table.
            _w.Write("<section id=\"records\">\n<h2>Records</h2>\n");
            _w.Write("<p class=\"note\">Flagged records first. Click a column heading to sort by it (probabilities for the checks); " +
                     "# gives back the input order. Click a thumbnail for the full image.</p>\n");
            _w.Write("<div id=\"records-table\" role=\"table\" aria-label=\"Records\">\n<div role=\"rowgroup\" class=\"head\"><div role=\"row\" class=\"row\">" +
                     "<div role=\"columnheader\" data-sort=\"num\">#</div><div role=\"columnheader\">Image</div><div role=\"columnheader\" data-sort=\"text\">Id</div>" +
                     "<div role=\"columnheader\" data-sort=\"num\">Created (UTC)</div>");
            foreach (var check in ReportCheck.All) _w.Write($"<div role=\"columnheader\" data-sort=\"num\">{Html.Text(check.Name)}</div>");
            _w.Write("<div role=\"columnheader\" data-sort=\"num\">Aggregated score</div><div role=\"columnheader\">Warnings and errors</div>" +
                     "<div role=\"columnheader\" data-sort=\"text\">Source</div></div></div>\n<div role=\"rowgroup\" class=\"body\">\n");
            foreach (var entry in _entries.Where(e => e.Flagged).Concat(_entries.Where(e => !e.Flagged))) WriteRow(entry);
            _w.Write("</div>\n</div>\n</section>\n");
        }

        private void WriteRow(ReportEntry entry)
        {
            var r = entry.Record;
            var position = entry.Position.ToString(CultureInfo.InvariantCulture);
            _w.Write(entry.Flagged ? "<div role=\"row\" class=\"row flagged\">" : "<div role=\"row\" class=\"row\">");
            _w.Write($"<div role=\"cell\" class=\"num\" data-v=\"{position}\">{position}");
            if (entry.Flagged) _w.Write("<span class=\"flag\">flagged</span>");
            _w.Write("</div><div role=\"cell\">");
            WriteImage(entry);
            _w.Write($"</div><div role=\"cell\" class=\"id\">{(string.IsNullOrEmpty(r.Id) ? "<span class=\"absent\">no ID</span>" : Html.Text(r.Id))}</div>");
            if (r.CreatedAt is DateTime created)
            {
                _w.Write($"<div role=\"cell\" data-v=\"{Html.UnixMilliseconds(created)}\"><time datetime=\"{Html.IsoTime(created)}\">{Html.Time(created).Replace(" UTC", string.Empty)}</time></div>");
            }
            else
            {
                _w.Write("<div role=\"cell\" data-v=\"\"><span class=\"absent\">none</span></div>");
            }
            foreach (var check in ReportCheck.All) WriteCheck(check, r);
            var aggregated = r.AggregatedScore;
            _w.Write($"<div role=\"cell\" class=\"num\" data-v=\"{Html.SortValue(aggregated)}\">" +
                     (aggregated is double a ? Html.Number(a, "0.0000") : "<span class=\"absent\">none</span>") + "</div>");
            WriteCodes(r);
            _w.Write($"<div role=\"cell\" class=\"src\">{(r.SourcePath == null ? string.Empty : Html.Text(r.SourcePath))}</div></div>\n");
        }

        private void WriteImage(ReportEntry entry)
        {
            if (entry.ImageFile != null && ImageFolder != null)
            {
                var url = Html.RelativeUrl(ImageFolder, entry.ImageFile);
                _w.Write($"<a class=\"thumb\" href=\"{url}\"><img src=\"{url}\" loading=\"lazy\" decoding=\"async\" alt=\"Document image of record {Html.Text(entry.Record.Id)}\"></a>");
                return;
            }
            var why = entry.ImageProblem ?? "No image.";
            var source = entry.Record.ImageUrl;
            var title = string.IsNullOrWhiteSpace(source) || ImageFolder == null ? string.Empty : $" title=\"{Html.Text(DisplayUrl(source!))}\"";
            _w.Write($"<span class=\"placeholder\"{title}>{Html.Text(why)}</span>");
        }

        private void WriteCheck(ReportCheck check, DocumentLiveness r)
        {
            if (!check.Ran(r))
            {
                _w.Write("<div role=\"cell\" data-v=\"\"><span class=\"absent\">not run</span></div>");
                return;
            }
            var p = check.Probability(r);
            _w.Write($"<div role=\"cell\" class=\"num\" data-v=\"{Html.SortValue(p)}\">");
            if (p is double probability && probability >= 0 && probability <= 1)
            {
                // A bar of plain elements, its width a class (w0..w100): no style attribute (the CSP allows none) and
                // nothing as costly to lay out as 40,000 meters.
                var percent = (int)Math.Round(probability * 100, MidpointRounding.AwayFromZero);
                _w.Write($"<i class=\"bar\"><i class=\"w{percent.ToString(CultureInfo.InvariantCulture)}\"></i></i>{Html.Number(probability, "0.0000")}");
            }
            else
            {
                _w.Write(p is double other ? Html.Number(other, "0.0000") : "<span class=\"absent\">no probability</span>");
            }
            var details = new List<string>();
            if (check.Score(r) is double score) details.Add("score " + Html.Number(score, "0.###"));
            var calibration = check.Calibration(r);
            if (!string.IsNullOrEmpty(calibration)) details.Add(Html.Text(calibration));
            if (details.Count > 0) _w.Write($"<span class=\"sub\">{string.Join(" · ", details)}</span>");
            var passed = check.Passed(r);
            if (passed.HasValue) _w.Write($"<span class=\"sub\">API: {(passed.Value ? "passed" : "failed")}</span>");
            _w.Write("</div>");
        }

        private void WriteCodes(DocumentLiveness r)
        {
            _w.Write("<div role=\"cell\"><span class=\"chips\">");
            if (r.IsLive.HasValue) _w.Write($"<span class=\"chip verdict\">API: {(r.IsLive.Value ? "live" : "not live")}</span>");
            foreach (var code in Codes(r, c => c.Warnings(r), r.AggregateWarnings)) Chip("warning", code.Key, code.Value);
            foreach (var code in Codes(r, c => c.Errors(r), CodeList.Empty)) Chip("error", code.Key, code.Value);
            _w.Write("</span></div>");
        }

        private void Chip(string kind, string code, string where) =>
            _w.Write($"<span class=\"chip {kind}\" title=\"{Html.Text(where)}\">{Html.Text(code)}</span>");

        /// <summary>Each distinct code of a record and the checks that reported it.</summary>
        private static IEnumerable<KeyValuePair<string, string>> Codes(DocumentLiveness r, Func<ReportCheck, CodeList> of, CodeList aggregate)
        {
            var where = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            var order = new List<string>();
            void Add(string? code, string from)
            {
                if (string.IsNullOrEmpty(code)) return;
                if (!where.TryGetValue(code!, out var list))
                {
                    where[code!] = list = new List<string>();
                    order.Add(code!);
                }
                if (!list.Contains(from)) list.Add(from);
            }
            foreach (var check in ReportCheck.All)
            {
                foreach (var code in of(check)) Add(code, check.Name);
            }
            foreach (var code in aggregate) Add(code, "aggregate");
            return order.Select(code => new KeyValuePair<string, string>(code,
                where[code].Count == ReportCheck.All.Length ? "every check" : string.Join(", ", where[code])));
        }

        /// <summary>A stored image's address without its query (which may carry a signature).</summary>
        private static string DisplayUrl(string text) =>
            Uri.TryCreate(text.Trim(), UriKind.Absolute, out var url) ? ImageAddress.ForDisplay(url) : text;
    }
}
