using Verifik.Sandbox;
using Xunit;

namespace Verifik.Engine.Tests;

/// <summary>
/// Issue 12, item 9: every runspace of the process shares one connection pool per proxy setting; it must not be
/// smaller than the sum of the throttles in use, or requests wait in the client for a free connection and that wait
/// is reported as the API's timeout.
/// </summary>
public class ConnectionPoolTests : SandboxTestBase
{
    [Fact]
    public void Sixteen_runspaces_at_ThrottleLimit_64_against_a_slow_API_get_all_1024_records_and_no_timeout()
    {
        Server.Options.SyntheticCount = 64;
        Server.Options.Latency = TimeSpan.FromSeconds(1);
        Connect();

        var results = Host.Run("""
            $ids = foreach ($i in 0..63) { 'dl-{0:D7}' -f $i }
            1..16 | ForEach-Object -ThrottleLimit 16 -Parallel {
                Import-Module $using:manifest
                $failed = $null
                $records = @(Get-VerifikDocumentLiveness -Id $using:ids -ThrottleLimit 64 -TimeoutSec 3 -MaxRetry 0 -ErrorVariable failed -ErrorAction SilentlyContinue)
                [pscustomobject]@{ Records = $records.Count; Errors = @($failed).Count; FirstError = "$(@($failed)[0])" }
            }
            """, ("manifest", RepoPaths.ModuleManifest));

        Assert.Empty(Host.Errors);
        Assert.Equal(16, results.Count);
        var firstError = results.Select(r => (string)r.Properties["FirstError"].Value).FirstOrDefault(e => e.Length > 0);
        Assert.True(firstError == null, "a request failed: " + firstError);
        Assert.Equal(1024, results.Sum(r => (int)r.Properties["Records"].Value));
    }
}
