using Verifik.Sandbox;
using Xunit;

namespace Verifik.Unit.Tests;

/// <summary>VerifikClient.CheckTokenAsync (what Connect-Verifik -Token sends) against the loopback sandbox.</summary>
public class TokenCheckTests : SandboxTest
{
    [Fact]
    public async Task A_good_token_is_one_GET_of_the_first_listed_record_with_the_token()
    {
        var client = Client();

        var status = await client.CheckTokenAsync();

        Assert.Equal(200, status);
        var request = Assert.Single(Server.Requests.Snapshot());
        Assert.Equal(("GET", "/v2/document-liveness?page=1&limit=1"), (request.Method, request.RawTarget));
        Assert.Equal("Bearer " + SandboxDefaults.Token, request.Authorization);
        Assert.Equal(new Uri(Server.BaseUri, "v2/document-liveness?page=1&limit=1"), client.TokenCheckUri);
    }

    [Fact]
    public async Task A_refused_token_is_Unauthorized_and_an_expired_one_Forbidden_neither_retried()
    {
        var refused = await Assert.ThrowsAsync<VerifikApiException>(() => Client(token: "wrong-token-wrong-token").CheckTokenAsync());
        Server.Options.Faults.Add(new FaultRule { Kind = FaultKind.Forbidden, Operations = FaultOperation.List });
        var forbidden = await Assert.ThrowsAsync<VerifikApiException>(() => Client().CheckTokenAsync());

        Assert.Equal((VerifikFailure.Unauthorized, 401), (refused.Failure, refused.StatusCode));
        Assert.DoesNotContain("wrong-token-wrong-token", refused.ToString());
        Assert.Equal((VerifikFailure.Forbidden, 403, "FORBIDDEN"), (forbidden.Failure, forbidden.StatusCode, forbidden.ApiError?.Code));
        Assert.Equal(2, Server.Requests.Count);
    }

    [Theory]
    [InlineData(FaultKind.WrongContentType, VerifikFailure.InvalidResponse)] // 200, but no listing: not the API
    [InlineData(FaultKind.ServerError, VerifikFailure.ServerError)]
    [InlineData(FaultKind.Unsuccessful, VerifikFailure.Unsuccessful)]
    public async Task An_answer_that_is_no_accepted_listing_is_its_own_failure_not_a_refusal(FaultKind kind, VerifikFailure expected)
    {
        Server.Options.Faults.Add(new FaultRule { Kind = kind, Status = kind == FaultKind.ServerError ? 500 : 0, Operations = FaultOperation.List });

        var failed = await Assert.ThrowsAsync<VerifikApiException>(() => Client(maxRetry: 1).CheckTokenAsync());

        Assert.Equal(expected, failed.Failure);
        Assert.Equal(kind == FaultKind.ServerError ? 2 : 1, Server.Requests.Count); // a read: a 500 is retried
    }
}
