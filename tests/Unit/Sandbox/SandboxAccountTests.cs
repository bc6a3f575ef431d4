using System.Text.Json;
using Verifik.Sandbox;
using Xunit;

namespace Verifik.Unit.Tests.Sandbox;

/// <summary>The sandbox's account, token and biometric-validation endpoints, on the wire.</summary>
public sealed class SandboxAccountTests : RawSandboxTest
{
    [Fact]
    public async Task The_account_carries_the_documented_secrets_which_the_log_names_and_credits_that_creates_spend()
    {
        using (var create = await CreateAsync(Jpeg(1))) Assert.Equal(200, (int)create.StatusCode);

        using var response = await GetAsync("v2/clients/me?populates[]=clientSubscriptionPlan.subscriptionPlan");
        var data = (await JsonAsync(response)).GetProperty("data");

        Assert.Equal(999m, data.GetProperty("credits").GetDecimal());
        Assert.Equal(1, data.GetProperty("totalRequestsCount").GetInt32());
        Assert.Equal("Sandbox", data.GetProperty("clientSubscriptionPlan").GetProperty("subscriptionPlan").GetProperty("name").GetString());
        Assert.StartsWith("$2a$10$", data.GetProperty("otp").GetString());
        Assert.Equal(new[] { data.GetProperty("otp").GetString()!, data.GetProperty("JWTPhrase").GetString()! }, Server.SignIns.AccountSecrets);
        Assert.Contains(data.GetProperty("JWTPhrase").GetString()!, Server.SignIns.Secrets);
    }

    [Theory]
    [InlineData("v2/clients/me?populates[]=everything")]
    [InlineData("v2/clients/me?page=1")]
    [InlineData("v2/biometric-validations?limit=10")]
    [InlineData("v2/biometric-validations?perPage=101")]
    [InlineData("v2/auth/session?origin=login")]
    [InlineData("v2/auth/session?expiresIn=0")]
    public async Task Parameters_the_endpoint_does_not_take_are_refused(string path)
    {
        using var response = await GetAsync(path);

        Assert.Equal(400, (int)response.StatusCode);
    }

    [Fact]
    public async Task Renewal_answers_a_token_that_is_accepted_and_only_the_methods_allowed_renew()
    {
        using var renewed = await GetAsync("v2/auth/session?origin=refresh&expiresIn=3");
        var token = (await JsonAsync(renewed)).GetProperty("accessToken").GetString()!;
        using (var me = await GetAsync("v2/clients/me", token)) Assert.Equal(200, (int)me.StatusCode);
        using (var old = await GetAsync("v2/clients/me")) Assert.Equal(200, (int)old.StatusCode);

        Server.Options.RenewMethods.Remove("GET");
        using var refused = await GetAsync("v2/auth/session?origin=refresh");
        Assert.Equal(405, (int)refused.StatusCode);
        Assert.Equal(["POST"], refused.Content.Headers.Allow);
        using var posted = await PostJsonAsync("v2/auth/session?origin=refresh", "");
        Assert.Equal(200, (int)posted.StatusCode);
    }

    [Fact]
    public async Task Renew_and_revoke_refuses_every_other_token_of_the_client_from_then_on()
    {
        using var first = await GetAsync("v2/auth/session?origin=refresh");
        var earlier = (await JsonAsync(first)).GetProperty("accessToken").GetString()!;

        using var revoked = await PostJsonAsync("v2/auth/renew-and-revoke", "");
        var fresh = (await JsonAsync(revoked)).GetProperty("data").GetProperty("accessToken").GetString()!;

        using (var ok = await GetAsync("v2/clients/me", fresh)) Assert.Equal(200, (int)ok.StatusCode);
        foreach (var old in new[] { SandboxDefaults.Token, earlier })
        {
            using var refused = await GetAsync("v2/clients/me", old);
            Assert.Equal(401, (int)refused.StatusCode);
        }
        using (var revokedGet = await GetAsync("v2/auth/renew-and-revoke", fresh)) Assert.Equal(405, (int)revokedGet.StatusCode);
        Assert.NotEqual(BearerToken.Mask(fresh), BearerToken.Mask(earlier)); // issued tokens tell apart by their hint
    }

    [Fact]
    public async Task Biometric_validations_page_by_perPage_in_the_data_docs_envelope()
    {
        using var response = await GetAsync("v2/biometric-validations?page=2&perPage=10&in_status[]=completed");
        var data = (await JsonAsync(response)).GetProperty("data");

        Assert.Equal(13, data.GetProperty("total").GetInt32()); // indexes 0, 1, 4, 5 ... of 25
        Assert.Equal(10, data.GetProperty("perPage").GetInt32());
        Assert.Equal(2, data.GetProperty("pages").GetInt32());
        Assert.False(data.TryGetProperty("limit", out _));
        Assert.Equal(new[] { "bv-0000020", "bv-0000021", "bv-0000024" }, data.GetProperty("docs").EnumerateArray().Select(d => d.GetProperty("_id").GetString()));
        using var one = await GetAsync("v2/biometric-validations/bv-0000003");
        Assert.Equal("pending", (await JsonAsync(one)).GetProperty("data").GetProperty("status").GetString());
        using var none = await GetAsync("v2/biometric-validations/bv-0000025");
        Assert.Equal(404, (int)none.StatusCode);
    }
}
