using System.Management.Automation;
using Verifik.Sandbox;
using Xunit;

namespace Verifik.Engine.Tests;

/// <summary>The core stories of Get-VerifikDocumentLiveness by ID, through real pipelines over HTTP.</summary>
public class DocumentLivenessTests : SandboxTestBase
{
    private const string FlatId = DocumentedPayloads.FlatId;
    private const string NestedId = DocumentedPayloads.NestedId;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        DocumentedPayloads.SeedDocumented(Server.Records);
        Connect();
    }

    [Fact]
    public void The_documented_flat_record_arrives_as_a_typed_object()
    {
        var r = Host.Run("Get-VerifikDocumentLiveness -Id $id", ("id", FlatId)).Single();

        Assert.Contains("Verifik.DocumentLiveness", r.TypeNames);
        Assert.Equal(FlatId, r.Properties["Id"].Value);
        Assert.Equal(0.4201007, r.Properties["ScreenReplayScore"].Value);
        Assert.Equal("REGULAR", r.Properties["ScreenReplayCalibration"].Value);
        Assert.Equal(0.948844, r.Properties["PortraitSubstitutionProbability"].Value);
        Assert.Equal(new DateTime(2025, 8, 22, 19, 4, 25, 503, DateTimeKind.Utc), r.Properties["CreatedAt"].Value);
        Assert.Equal(DateTimeKind.Utc, ((DateTime)r.Properties["CreatedAt"].Value).Kind);
        Assert.True((bool)Host.Run("(Get-VerifikDocumentLiveness -Id $id).ScreenReplayWarnings -contains 'GLARE_ON_IMAGE'", ("id", FlatId)).Single().BaseObject);
        Assert.Equal("GLARE_ON_IMAGE", Host.Run("\"$((Get-VerifikDocumentLiveness -Id $id).PrintedCopyWarnings)\"", ("id", FlatId)).Single().BaseObject);
    }

    [Fact]
    public void The_documented_nested_record_fills_the_same_properties()
    {
        var r = Host.Run("Get-VerifikDocumentLiveness -Id $id", ("id", NestedId)).Single();
        Assert.Equal("completed", r.Properties["Status"].Value);
        Assert.Equal(0.95, r.Properties["ScreenReplayScore"].Value);
        Assert.Equal(true, r.Properties["DigitalManipulationPassed"].Value);
        Assert.Equal("No printed copy detected", r.Properties["PrintedCopyDetails"].Value);
        Assert.Equal(0.05, r.Properties["RiskScore"].Value);
        Assert.Equal("app_registration_123456789", r.Properties["AppRegistration"].Value);
        Assert.Equal(false, r.Properties["IgnoreColourLessValidation"].Value);
        Assert.Equal(new DateTime(2024, 1, 15, 10, 32, 0, DateTimeKind.Utc), r.Properties["CompletedAt"].Value);
        Assert.Null(r.Properties["AggregatedScore"].Value);
    }

    [Fact]
    public void Ids_bind_by_value_and_by_property_name_from_csv_like_rows()
    {
        foreach (var id in new[] { "a1", "a2", "a3", "a4", "a5" }) Server.Records.AddFlat(id);
        var byValue = Host.Run("'a1','a2' | Get-VerifikDocumentLiveness | ForEach-Object Id");
        Assert.Equal(new object[] { "a1", "a2" }, byValue.Select(o => o.BaseObject));

        // What Import-Csv yields: PSCustomObjects with string columns, whatever the header's case.
        var rows = Host.Run(
            "@([pscustomobject]@{ Id = 'a1'; Name = 'x' }, [pscustomobject]@{ id = 'a2' }, [pscustomobject]@{ ID = 'a3' }," +
            "  [pscustomobject]@{ _id = 'a4' }, [pscustomobject]@{ DocumentLivenessId = 'a5' }) | Get-VerifikDocumentLiveness | ForEach-Object Id");
        Assert.Equal(new object[] { "a1", "a2", "a3", "a4", "a5" }, rows.Select(o => o.BaseObject));
        Assert.Empty(Host.Errors);
    }

    [Fact]
    public void Typed_properties_filter_and_sort_in_Where_Object_and_Sort_Object()
    {
        Server.Records.AddFlat("low", aggregatedScore: 0.1, warnings: new[] { "IMAGE_TOO_BLURRY" });
        Server.Records.AddFlat("high", aggregatedScore: 0.9);
        Server.Records.AddFlat("mid", aggregatedScore: 0.5, calibration: "HARD");
        // (Sort-Object is not in the hosted engine; the Pester twin sorts.)
        var ids = Host.Run("'low','high','mid' | Get-VerifikDocumentLiveness | Where-Object AggregatedScore -gt 0.3 | ForEach-Object Id");
        Assert.Equal(new object[] { "high", "mid" }, ids.Select(o => o.BaseObject));
        var typed = Host.Run("('low' | Get-VerifikDocumentLiveness).AggregatedScore.GetType().Name, ('low' | Get-VerifikDocumentLiveness).CreatedAt.GetType().Name");
        Assert.Equal(new object[] { "Double", "DateTime" }, typed.Select(o => o.BaseObject));

        var blurry = Host.Run("'low','high' | Get-VerifikDocumentLiveness | Where-Object { $_.ScreenReplayWarnings -contains 'IMAGE_TOO_BLURRY' } | ForEach-Object Id");
        Assert.Equal("low", Assert.Single(blurry).BaseObject);
        var hard = Host.Run("'low','mid' | Get-VerifikDocumentLiveness | Where-Object PrintedCopyCalibration -eq 'HARD' | ForEach-Object Id");
        Assert.Equal("mid", Assert.Single(hard).BaseObject);
        var recent = Host.Run("'low' | Get-VerifikDocumentLiveness | Where-Object CreatedAt -gt ([datetime]'2020-01-01')");
        Assert.Single(recent);
    }

    [Fact]
    public void A_404_in_the_middle_is_a_non_terminating_ObjectNotFound_error_and_later_ids_are_fetched()
    {
        Server.Records.AddFlat("before");
        Server.Records.AddFlat("after");
        foreach (var style in new[] { NotFoundStyle.Flat, NotFoundStyle.Nested })
        {
            Server.Options.NotFoundStyle = style;
            var ids = Host.Run("'before','missing','after' | Get-VerifikDocumentLiveness | ForEach-Object Id");
            Assert.Equal(new object[] { "before", "after" }, ids.Select(o => o.BaseObject));
            var error = Assert.Single(Host.Errors);
            Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
            Assert.Equal("missing", error.TargetObject);
            Assert.StartsWith("DocumentLivenessNotFound,", error.FullyQualifiedErrorId);
            Assert.Contains(style == NotFoundStyle.Flat ? "Record not found." : "Document liveness not found", error.Exception.Message);
        }
    }

    [Fact]
    public void ErrorAction_Stop_turns_the_404_into_a_terminating_error()
    {
        Server.Records.AddFlat("ok");
        var ex = Assert.Throws<ActionPreferenceStopException>(() => Host.Run("'missing','ok' | Get-VerifikDocumentLiveness -ErrorAction Stop"));
        Assert.Equal("missing", ex.ErrorRecord.TargetObject);
        Assert.Equal(ErrorCategory.ObjectNotFound, ex.ErrorRecord.CategoryInfo.Category);

        var caught = Host.Run("try { Get-VerifikDocumentLiveness -Id missing -ErrorAction Stop } catch { $_.CategoryInfo.Category.ToString(); $_.TargetObject }");
        Assert.Equal(new object[] { "ObjectNotFound", "missing" }, caught.Select(o => o.BaseObject));
    }

    [Fact]
    public void A_wrong_token_is_a_terminating_AuthenticationError_that_does_not_show_the_token()
    {
        var wrong = SandboxDefaults.MakeToken("someone_else", DateTimeOffset.UtcNow.AddDays(10));
        Connect(wrong);
        Server.Records.AddFlat("a");
        var output = Host.Run("'a','b','c' | Get-VerifikDocumentLiveness; 'next statement'");
        Assert.Equal("next statement", Assert.Single(output).BaseObject);
        var error = Assert.Single(Host.Errors);
        Assert.Equal(ErrorCategory.AuthenticationError, error.CategoryInfo.Category);
        Assert.StartsWith("VerifikTokenRefused", error.FullyQualifiedErrorId);
        Assert.Contains("Connect-Verifik", error.Exception.Message);
        Assert.DoesNotContain(wrong, error.ToString());
        Assert.DoesNotContain(wrong, error.Exception.ToString());
    }

    [Fact]
    public void Invalid_ids_are_InvalidArgument_errors_without_a_request()
    {
        Server.Records.AddFlat("good");
        var output = Host.Run("Get-VerifikDocumentLiveness -Id '', '   ', $null, 'good', '..', '.'");
        Assert.Equal("good", Assert.Single(output).Properties["Id"].Value);
        Assert.Equal(5, Host.Errors.Count);
        Assert.All(Host.Errors, e =>
        {
            Assert.Equal(ErrorCategory.InvalidArgument, e.CategoryInfo.Category);
            Assert.StartsWith("InvalidDocumentLivenessId", e.FullyQualifiedErrorId);
        });
        Assert.Equal(new object?[] { "", "   ", null, "..", "." }, Host.Errors.Select(e => e.TargetObject));
        Assert.Equal(new[] { "/v2/document-liveness/good" }, RecordRequests());

        Host.Run("$null | Get-VerifikDocumentLiveness");
        Assert.Equal(ErrorCategory.InvalidArgument, Assert.Single(Host.Errors).CategoryInfo.Category);
    }

    [Theory]
    [InlineData("a/b", "a%2Fb")]
    [InlineData("a?x=1", "a%3Fx%3D1")]
    [InlineData("a#frag", "a%23frag")]
    [InlineData("100%", "100%25")]
    [InlineData("../v2", "..%2Fv2")]
    [InlineData("a\\b", "a%5Cb")]
    [InlineData("with space", "with%20space")]
    [InlineData("ünï", "%C3%BCn%C3%AF")]
    [InlineData("ctl\u0001", "ctl%01")]
    public void Each_id_is_one_escaped_path_segment_on_the_wire(string id, string escaped)
    {
        Server.Records.AddFlat(id);
        var r = Host.Run("Get-VerifikDocumentLiveness -Id $id", ("id", id)).Single();
        Assert.Equal(id, r.Properties["Id"].Value);
        Assert.Equal(new[] { "/v2/document-liveness/" + escaped }, RecordRequests());
    }

    [Theory]
    [InlineData(FaultKind.TruncatedBody, 200)]
    [InlineData(FaultKind.HtmlPage, 502)]
    [InlineData(FaultKind.WrongContentType, 200)]
    public void A_body_that_is_not_the_documented_json_is_an_InvalidData_error_naming_id_and_status(FaultKind kind, int status)
    {
        Server.Records.AddFlat("bad");
        Server.Records.AddFlat("fine");
        Server.Options.Faults.Add(new FaultRule { Kind = kind, Ids = new HashSet<string> { "bad" } });
        var output = Host.Run("'bad','fine' | Get-VerifikDocumentLiveness -MaxRetry 0 | ForEach-Object Id");
        Assert.Equal("fine", Assert.Single(output).BaseObject);
        var error = Assert.Single(Host.Errors);
        Assert.Equal("bad", error.TargetObject);
        Assert.Contains("HTTP " + status, error.Exception.Message);
        Assert.Contains("'bad'", error.Exception.Message);
        Assert.Equal(status == 200 ? ErrorCategory.InvalidData : ErrorCategory.ResourceUnavailable, error.CategoryInfo.Category);
    }

    [Fact]
    public void Raw_gives_the_record_json_as_the_api_sent_it()
    {
        var json = (string)Host.Run("Get-VerifikDocumentLiveness -Id $id -Raw", ("id", FlatId)).Single().BaseObject;
        Assert.Contains("\"sreenReplayScore\"", json);
        Assert.Contains("\"__v\"", json);
        var same = (string)Host.Run("(Get-VerifikDocumentLiveness -Id $id).ToJson()", ("id", FlatId)).Single().BaseObject;
        Assert.Equal(json, same);
    }

    [Fact]
    public void A_field_of_the_wrong_type_keeps_the_record_and_warns()
    {
        Server.Records.Add("odd", """{"_id":"odd","sreenReplayScore":"high","createdAt":12,"printedCopyScore":2.5,"screenReplayWarnings":"GLARE"}""");
        var r = Host.Run("Get-VerifikDocumentLiveness -Id odd").Single();
        Assert.Null(r.Properties["ScreenReplayScore"].Value);
        Assert.Null(r.Properties["CreatedAt"].Value);
        Assert.Equal(2.5, r.Properties["PrintedCopyScore"].Value);
        Assert.Equal(3, Host.Warnings.Count);
        Assert.Contains(Host.Warnings, w => w.Contains("sreenReplayScore") && w.Contains("'odd'"));
        Assert.Empty(Host.Errors);
    }

    [Fact]
    public void Every_property_is_there_for_csv_and_lists_print_readably()
    {
        var names = Host.Run("(Get-VerifikDocumentLiveness -Id $id).PSObject.Properties.Name", ("id", FlatId)).Select(o => (string)o.BaseObject).ToList();
        var expected = new List<string> { "Id", "Client", "AppRegistration", "Status", "ImageSaved", "ImageUrl", "AggregatedScore", "RiskScore",
            "Confidence", "IgnoreDocumentCroppedValidation", "IgnoreColourLessValidation", "CreatedAt", "UpdatedAt", "CompletedAt",
            "SourcePath", "IsLive", "AggregateWarnings", "ChargesCount" };
        foreach (var check in new[] { "ScreenReplay", "PrintedCopy", "PortraitSubstitution", "DigitalManipulation" })
            foreach (var suffix in new[] { "Validated", "Score", "Probability", "Passed", "Calibration", "Warnings", "Errors", "Details" })
                expected.Add(check + suffix);
        Assert.Equal(expected.OrderBy(x => x), names.OrderBy(x => x));

        // Export-Csv writes each value's ToString(): lists must not print as System.String[].
        Server.Records.AddFlat("w2", warnings: new[] { "GLARE_ON_IMAGE", "IMAGE_TOO_BLURRY" });
        var cell = Host.Run("(Get-VerifikDocumentLiveness -Id w2).DigitalManipulationWarnings.ToString()").Single().BaseObject;
        Assert.Equal("GLARE_ON_IMAGE;IMAGE_TOO_BLURRY", cell);
    }

    [Fact]
    public void The_default_table_view_is_a_readable_summary_within_120_columns()
    {
        var console = new CapturingHost(width: 120);
        using var host = new ModuleHost(console);
        host.Run("$ids | Get-VerifikDocumentLiveness | Out-Host", ("ids", new[] { FlatId, NestedId }));
        var plain = System.Text.RegularExpressions.Regex.Replace(console.Text, "\u001b\\[[0-9;]*m", "");
        var lines = plain.Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0).ToList();
        Assert.Contains(lines, l => l.Contains("Aggregated") && l.Contains("Screen") && l.Contains("Warnings"));
        Assert.Contains(lines, l => l.StartsWith(FlatId) && l.Contains("GLARE_ON_IMAGE"));
        Assert.Contains(lines, l => l.StartsWith(NestedId) && l.Contains("completed"));
        Assert.All(lines, l => Assert.True(l.Length <= 120, l));
        Assert.DoesNotContain("ImageUrl", console.Text);
    }

    // The twins below run the Pester tests' own expressions (tests/Pester/DocumentLiveness.Tests.ps1) in the engine.

    [Fact]
    public void The_flat_record_reads_as_typed_values_the_way_a_script_tests_them()
    {
        var answers = Host.Run("""
            $record = Get-VerifikDocumentLiveness -Id $id
            @($record).Count
            $record.ScreenReplayScore -is [double]
            $record.ScreenReplayScore -eq 0.4201007
            $record.PrintedCopyScore -eq 2.7406464
            $record.DigitalManipulationScore -eq -0.124236
            $record.AggregatedScore -eq 0.000001
            $record.ScreenReplayValidated
            $record.CreatedAt -is [datetime]
            $record.CreatedAt.Kind -eq [System.DateTimeKind]::Utc
            $record.CreatedAt -eq [datetime]::new(2025, 8, 22, 19, 4, 25, 503, [System.DateTimeKind]::Utc)
            @($record.ScreenReplayErrors).Count
            """, ("id", FlatId));
        Assert.Empty(Host.Errors);
        Assert.Equal(new object[] { 1, true, true, true, true, true, true, true, true, true, 0 }, answers.Select(o => o.BaseObject));
    }

    [Fact]
    public void Several_ids_given_to_Id_come_back_in_that_order()
    {
        Server.Records.AddFlat("before");
        Server.Records.AddFlat("after");
        var ids = Host.Run("(Get-VerifikDocumentLiveness -Id 'after', $id, 'before').Id", ("id", FlatId));
        Assert.Equal(new object[] { "after", FlatId, "before" }, ids.Select(o => o.BaseObject));
    }

    [Fact]
    public void Records_sort_by_CreatedAt_in_both_directions()
    {
        Server.Records.AddFlat("low", createdAt: new DateTimeOffset(2025, 8, 20, 10, 0, 0, TimeSpan.Zero));
        Server.Records.AddFlat("mid", createdAt: new DateTimeOffset(2025, 8, 21, 8, 30, 0, TimeSpan.Zero));
        Server.Records.AddFlat("high", createdAt: new DateTimeOffset(2025, 8, 22, 12, 0, 0, TimeSpan.Zero));
        // Sort-Object is not in the hosted engine: Enumerable.OrderBy on the CreatedAt values sorts as it would
        // (both compare the values themselves, so a CreatedAt that were not a [datetime] would show).
        var sorted = Host.Run("""
            $records = [object[]]@('high', 'low', $id, 'mid' | Get-VerifikDocumentLiveness)
            $byCreatedAt = [Func[object, object]] { param($r) $r.CreatedAt }
            ([System.Linq.Enumerable]::OrderBy($records, $byCreatedAt) | ForEach-Object Id) -join ','
            ([System.Linq.Enumerable]::OrderByDescending($records, $byCreatedAt) | ForEach-Object Id) -join ','
            @($records | Where-Object { $_.CreatedAt -isnot [datetime] }).Count
            """, ("id", FlatId));
        Assert.Empty(Host.Errors);
        Assert.Equal(new object[] { $"low,mid,high,{FlatId}", $"{FlatId},high,mid,low", 0 }, sorted.Select(o => o.BaseObject));
    }

    [Fact]
    public void ErrorAction_Stop_throws_at_the_missing_id_after_writing_the_records_before_it()
    {
        Server.Records.AddFlat("before");
        Server.Records.AddFlat("after");
        var answers = Host.Run("""
            $caught = $null
            $received = [System.Collections.Generic.List[object]]::new()   # New-Object is not in the hosted engine
            try {
                'before', 'missing-2', 'after' | Get-VerifikDocumentLiveness -ErrorAction Stop | ForEach-Object { $received.Add($_.Id) }
            }
            catch {
                $caught = $_
            }
            $null -ne $caught
            $caught.CategoryInfo.Category -eq [System.Management.Automation.ErrorCategory]::ObjectNotFound
            $caught.TargetObject
            $caught.FullyQualifiedErrorId -like 'DocumentLivenessNotFound,*'
            $received -join ','
            """);
        Assert.Equal(new object[] { true, true, "missing-2", true, "before" }, answers.Select(o => o.BaseObject));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData(null)]
    public void One_invalid_id_is_one_InvalidArgument_error_and_no_result(string? value)
    {
        var answers = Host.Run("""
            $out = @(Get-VerifikDocumentLiveness -Id $value -ErrorVariable invalid -ErrorAction SilentlyContinue)
            $out.Count
            $invalid.Count
            $invalid[0].CategoryInfo.Category -eq [System.Management.Automation.ErrorCategory]::InvalidArgument
            $invalid[0].FullyQualifiedErrorId -like 'InvalidDocumentLivenessId,*'
            """, ("value", value));
        Assert.Equal(new object[] { 0, 1, true, true }, answers.Select(o => o.BaseObject));
        Assert.Empty(RecordRequests());
    }

    [Fact]
    public void Invalid_ids_from_the_pipeline_are_each_reported_and_the_valid_ones_still_come()
    {
        Server.Records.AddFlat("before");
        var answers = Host.Run("""
            $ids = '', ' ', $null, 'before' | Get-VerifikDocumentLiveness -ErrorVariable invalid -ErrorAction SilentlyContinue | ForEach-Object Id
            $ids -join ','
            $invalid.Count
            @($invalid | Where-Object { $_.CategoryInfo.Category -ne [System.Management.Automation.ErrorCategory]::InvalidArgument }).Count
            """);
        Assert.Equal(new object[] { "before", 3, 0 }, answers.Select(o => o.BaseObject));
    }

    [Fact]
    public void Raw_is_one_string_that_reads_back_as_the_documented_record()
    {
        var answers = Host.Run("$json = @(Get-VerifikDocumentLiveness -Id $id -Raw); $json.Count; $json[0] -is [string]; $json[0]", ("id", FlatId));
        Assert.Equal(new object[] { 1, true }, answers.Take(2).Select(o => o.BaseObject));
        // ConvertFrom-Json is not in the hosted engine: the JSON is read back here instead.
        using var parsed = System.Text.Json.JsonDocument.Parse((string)answers[2].BaseObject);
        Assert.Equal(FlatId, parsed.RootElement.GetProperty("_id").GetString());
        Assert.Equal(0.4201007, parsed.RootElement.GetProperty("sreenReplayScore").GetDouble());
        Assert.Equal(0, parsed.RootElement.GetProperty("__v").GetInt32());
    }
}
