using System.Management.Automation;
using System.Text;
using Verifik.Sandbox;
using Xunit;

namespace Verifik.Engine.Tests;

/// <summary>Bodies a proxy, a bug or an attacker could send: each is one clear error (or a warned record), never a crash or a hang.</summary>
public class HostileResponseTests : SandboxTestBase
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Server.Records.AddFlat("good");
        Connect();
    }

    /// <summary>Fetches the odd record between two good ones and returns its error (or null).</summary>
    private ErrorRecord? FetchBetweenGoodOnes(string id)
    {
        var output = Host.Run("'good', $id, 'good' | Get-VerifikDocumentLiveness -MaxRetry 0", ("id", id));
        Assert.Equal(2, output.Count(o => (string)o.Properties["Id"].Value == "good"));
        return Host.Errors.SingleOrDefault();
    }

    [Fact]
    public void A_truncated_tiny_body_is_InvalidData()
    {
        Server.Options.Faults.Add(new FaultRule { Kind = FaultKind.TruncatedBody, Ids = new HashSet<string> { "e" } });
        Server.Records.Add("e", "{}"); // {"data":{}} cut in half
        var error = FetchBetweenGoodOnes("e");
        Assert.Equal(ErrorCategory.InvalidData, error!.CategoryInfo.Category);
        Assert.StartsWith("InvalidVerifikResponse", error.FullyQualifiedErrorId);
    }

    [Fact]
    public void A_body_over_the_size_cap_is_refused_without_reading_it_all()
    {
        var huge = new StringBuilder("{\"_id\":\"huge\",\"imageUrl\":\"");
        huge.Append('x', 17 * 1024 * 1024).Append("\"}");
        Server.Records.Add("huge", huge.ToString());
        var error = FetchBetweenGoodOnes("huge");
        Assert.Equal(ErrorCategory.InvalidData, error!.CategoryInfo.Category);
        Assert.Equal("huge", error.TargetObject);
        Assert.Contains("larger than the limit", error.Exception.Message);
    }

    [Fact]
    public void Deep_nesting_is_InvalidData_not_a_stack_overflow()
    {
        var deep = "{\"_id\":\"deep\",\"x\":" + new string('[', 1000) + new string(']', 1000) + "}";
        Server.Records.Add("deep", deep);
        var error = FetchBetweenGoodOnes("deep");
        Assert.Equal(ErrorCategory.InvalidData, error!.CategoryInfo.Category);
        Assert.Equal("deep", error.TargetObject);
    }

    [Fact]
    public void Nulls_everywhere_give_an_empty_record_without_warnings()
    {
        var fields = new[] { "client", "status", "imageSaved", "imageUrl", "sreenReplayScore", "printedCopyProbability", "aggregatedScore",
            "createdAt", "updatedAt", "screenReplayWarnings", "validationResults", "calibrationSettings", "validationFlags", "riskScore" };
        Server.Records.Add("nulls", "{\"_id\":\"nulls\"," + string.Join(",", fields.Select(f => $"\"{f}\":null")) + "}");
        Assert.Null(FetchBetweenGoodOnes("nulls"));
        Assert.Empty(Host.Warnings);
        var r = Host.Run("Get-VerifikDocumentLiveness -Id nulls").Single();
        Assert.Null(r.Properties["ScreenReplayScore"].Value);
        Assert.Equal(0, ((System.Collections.ICollection)r.Properties["ScreenReplayWarnings"].Value).Count);
    }

    [Fact]
    public void A_huge_array_is_read()
    {
        var codes = string.Join(",", Enumerable.Repeat("\"GLARE_ON_IMAGE\"", 100_000));
        Server.Records.Add("many", "{\"_id\":\"many\",\"screenReplayWarnings\":[" + codes + "]}");
        Assert.Null(FetchBetweenGoodOnes("many"));
        Assert.Equal(100_000, Host.Run("(Get-VerifikDocumentLiveness -Id many).ScreenReplayWarnings.Count").Single().BaseObject);
    }

    [Fact]
    public void A_200_carrying_an_error_body_is_InvalidData_not_an_empty_record()
    {
        // WrongStatus keeps the real body (here the 404 body of a missing ID) but answers 200.
        Server.Options.Faults.Add(new FaultRule { Kind = FaultKind.WrongStatus, Status = 200, Ids = new HashSet<string> { "ghost" } });
        var error = FetchBetweenGoodOnes("ghost");
        Assert.Equal(ErrorCategory.InvalidData, error!.CategoryInfo.Category);
        Assert.Equal("ghost", error.TargetObject);
        Assert.Contains("Record not found.", error.Exception.Message);
    }
}
