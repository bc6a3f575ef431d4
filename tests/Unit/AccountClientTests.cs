using System.Net;
using Verifik.Sandbox;
using Xunit;

namespace Verifik.Unit.Tests;

/// <summary>GetAccountAsync and RenewTokenAsync against the sandbox: the account without its secrets, renewal by GET or POST, revocation.</summary>
public sealed class AccountClientTests : SandboxTest
{
    [Fact]
    public async Task The_account_has_its_credits_plan_and_counts_and_no_secret()
    {
        var account = await Client().GetAccountAsync();

        Assert.Equal(1000m, account.Credits);
        Assert.Equal(0L, account.TotalRequests);
        Assert.Equal("Sandbox", account.Plan);
        Assert.Equal("joined", account.Status);
        Assert.Equal("Sandbox account " + SandboxDefaults.ClientId, account.Name);
        Assert.Equal(new DateTime(2021, 9, 9, 16, 46, 1, 334, DateTimeKind.Utc), account.CreatedAt);
        Assert.Equal(Server.BaseUri, account.BaseUri);
        var request = Assert.Single(Server.Requests.Snapshot());
        Assert.Equal("?populates%5B%5D=clientSubscriptionPlan.subscriptionPlan", request.Query.Replace("populates[]", "populates%5B%5D"));

        // Whatever the object holds, as text, carries neither secret the answer had.
        var shown = string.Join("|", typeof(VerifikAccount).GetProperties().Select(p => Convert.ToString(p.GetValue(account))));
        var secrets = Server.SignIns.AccountSecrets;
        Assert.Equal(2, secrets.Count);
        Assert.All(secrets, s => Assert.DoesNotContain(s, shown));
    }

    [Fact]
    public async Task Renewal_is_a_GET_by_default_and_gives_a_token_that_works_while_the_old_one_still_does()
    {
        var renewed = await Client().RenewTokenAsync(2, revokeOthers: false);

        Assert.Equal("GET", renewed.Method);
        Assert.Equal("/v2/auth/session?origin=refresh&expiresIn=2", renewed.Path);
        Assert.Equal(SandboxDefaults.ClientId, renewed.Token.Claims.ClientId);
        Assert.InRange(renewed.Token.Claims.ExpiresOn!.Value, DateTime.UtcNow.AddDays(59), DateTime.UtcNow.AddDays(61));
        var plain = new NetworkCredential("", renewed.Token.ToSecureString()).Password;
        Assert.Equal(Server.SignIns.Tokens[^1], plain);
        Assert.Equal(1000m, (await Client(plain).GetAccountAsync()).Credits);
        Assert.Equal(1000m, (await Client().GetAccountAsync()).Credits);
    }

    [Fact]
    public async Task A_renewal_refused_as_GET_is_sent_once_more_as_POST()
    {
        Server.Options.RenewMethods.Remove("GET");

        var renewed = await Client().RenewTokenAsync(1, revokeOthers: false);

        Assert.Equal("POST", renewed.Method);
        Assert.Equal(new[] { "GET 405", "POST 200" }, Server.Requests.Snapshot().Select(r => r.Method + " " + r.Status));
    }

    [Fact]
    public async Task Revoking_gives_a_new_token_and_every_other_token_of_the_account_stops_working()
    {
        var other = new NetworkCredential("", (await Client().RenewTokenAsync(1, false)).Token.ToSecureString()).Password;

        var renewed = await Client().RenewTokenAsync(1, revokeOthers: true);

        Assert.True(renewed.RevokedOthers);
        Assert.Equal("POST", renewed.Method);
        var fresh = new NetworkCredential("", renewed.Token.ToSecureString()).Password;
        Assert.Equal(1000m, (await Client(fresh).GetAccountAsync()).Credits);
        foreach (var old in new[] { SandboxDefaults.Token, other })
        {
            var ex = await Assert.ThrowsAsync<VerifikApiException>(() => Client(old, maxRetry: 0).GetAccountAsync());
            Assert.Equal(VerifikFailure.Unauthorized, ex.Failure);
        }
    }

    [Fact]
    public async Task Revocation_is_not_sent_again_after_a_failure_that_may_have_followed_it()
    {
        Server.Options.Faults.Add(new FaultRule { Kind = FaultKind.DropAfterBody, Times = 1 });

        var ex = await Assert.ThrowsAsync<VerifikApiException>(() => Client(maxRetry: 3).RenewTokenAsync(1, revokeOthers: true));

        Assert.Single(Server.Requests.Snapshot(), r => r.Path == "/v2/auth/renew-and-revoke");
        Assert.Contains("Get-VerifikAccount", ex.Message);
    }
}
