using System.Security;
using Verifik.Sandbox;
using Xunit;

namespace Verifik.Unit.Tests;

/// <summary>VerifikSignIn against the real loopback sandbox: the four requests, what they carry, and the failures.</summary>
public class SignInClientTests : SandboxTest
{
    private VerifikSignIn SignIn() => new(Server.BaseUri, new HttpClient(), Settings(maxRetry: 2));

    private static SecureString Secure(string text)
    {
        var s = new SecureString();
        foreach (var ch in text) s.AppendChar(ch);
        return s;
    }

    [Fact]
    public async Task Email_code_is_sent_with_the_address_in_the_query_and_the_body_then_confirmed_for_a_token()
    {
        var before = DateTime.UtcNow;
        var sent = await SignIn().SendEmailCodeAsync("ana@example.com");
        using var token = await SignIn().ConfirmEmailCodeAsync("ana@example.com", Secure(SandboxDefaults.OneTimeCode));

        Assert.Equal(("ana@example.com", "email", "sent", "by e-mail"), (sent.Destination, sent.Channel, sent.Status, sent.ChannelText));
        Assert.InRange(sent.ExpiresAt!.Value, before.AddMinutes(9), before.AddMinutes(11));
        Assert.Equal(DateTimeKind.Utc, sent.ExpiresAt.Value.Kind);
        Assert.Equal("sandbox_ana", token.Claims.ClientId);
        Assert.Equal("****" + Server.SignIns.Tokens.Single()[^4..], token.Hint);
        var requests = Server.Requests.Snapshot();
        Assert.Equal(new[] { "/v2/projects/email-login?email=ana%40example.com", "/v2/projects/email-login/confirm" }, requests.Select(r => r.RawTarget));
        Assert.All(requests, r => Assert.Equal(("POST", (string?)null), (r.Method, r.Authorization)));
        Assert.All(requests, r => Assert.True(r.ContentLength > 0)); // the JSON body (the sandbox refuses a body that disagrees with the query)
    }

    [Fact]
    public async Task Phone_code_is_sent_with_the_number_as_a_JSON_number_and_the_gateway_is_reported()
    {
        var sent = await SignIn().SendPhoneCodeAsync("+57", "300 123 4567");
        using var token = await SignIn().ConfirmPhoneCodeAsync("+57", "300-123-4567", Secure(" 123456 "));

        Assert.Equal(("+57 3001234567", "whatsapp", "by WhatsApp"), (sent.Destination, sent.Channel, sent.ChannelText));
        Assert.Equal("sandbox_luis", token.Claims.ClientId);
        Assert.Equal(new[] { 200, 200 }, Server.Requests.Snapshot().Select(r => r.Status)); // a phone as a string would be a 400
    }

    [Fact]
    public async Task A_wrong_code_is_CodeRejected_and_an_unknown_account_AccountNotFound()
    {
        var rejected = await Assert.ThrowsAsync<VerifikApiException>(() => SignIn().ConfirmEmailCodeAsync("ana@example.com", Secure("999999")));
        var unknown = await Assert.ThrowsAsync<VerifikApiException>(() => SignIn().SendPhoneCodeAsync("+57", "3009999999"));

        Assert.Equal((VerifikFailure.CodeRejected, 401, "InvalidOTP"), (rejected.Failure, rejected.StatusCode, rejected.ApiError?.Code));
        Assert.Contains("The one-time code is invalid or has expired.", rejected.Message);
        Assert.Equal((VerifikFailure.AccountNotFound, 404, "+57 3009999999"), (unknown.Failure, unknown.StatusCode, unknown.ResourceId));
        Assert.Contains("No project is registered with that phone number.", unknown.Message);
        Assert.Equal(2, Server.Requests.Count); // neither was retried
    }

    [Fact]
    public async Task A_400_naming_the_code_is_CodeRejected_and_a_gateway_page_is_neither_that_nor_quoted()
    {
        // The API's refusal of a code with 400 instead of 401 (WrongStatus keeps the real body: {"code":"InvalidOTP",...}).
        Server.Options.Faults.Add(new FaultRule { Kind = FaultKind.WrongStatus, Status = 400, Operations = FaultOperation.SignIn });
        var rejected = await Assert.ThrowsAsync<VerifikApiException>(() => SignIn().ConfirmEmailCodeAsync("ana@example.com", Secure("999999")));
        Server.Options.Faults.Clear();
        Server.Options.Faults.Add(new FaultRule { Kind = FaultKind.HtmlPage, Operations = FaultOperation.SignIn });
        var html = await Assert.ThrowsAsync<VerifikApiException>(() => SignIn().ConfirmEmailCodeAsync("ana@example.com", Secure("999999")));

        Assert.Equal((VerifikFailure.CodeRejected, 400), (rejected.Failure, rejected.StatusCode));
        Assert.Equal(VerifikFailure.ServerError, html.Failure);      // a 502 page, not a verdict on the code
        Assert.DoesNotContain("<", html.Message);                      // and no excerpt of a sign-in body
    }

    [Fact]
    public async Task Input_and_blank_codes_are_refused_before_any_request()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => SignIn().SendEmailCodeAsync("ana@example"));
        await Assert.ThrowsAsync<ArgumentException>(() => SignIn().SendPhoneCodeAsync("57", "3001234567"));
        await Assert.ThrowsAsync<ArgumentException>(() => SignIn().ConfirmPhoneCodeAsync("+57", "3001234567", Secure("  ")));

        Assert.True(VerifikSignIn.IsBlankCode(Secure("")));
        Assert.True(VerifikSignIn.IsBlankCode(Secure(" \t")));
        Assert.False(VerifikSignIn.IsBlankCode(Secure(" 1 ")));
        Assert.Equal(0, Server.Requests.Arrived);
    }

    [Fact]
    public async Task A_confirmation_that_may_have_been_used_is_not_sent_again()
    {
        Server.Options.Faults.Add(new FaultRule { Kind = FaultKind.DropAfterBody, Operations = FaultOperation.SignIn, Times = 1 });

        var ex = await Assert.ThrowsAsync<VerifikApiException>(() => SignIn().ConfirmEmailCodeAsync("ana@example.com", Secure("123456")));

        Assert.True(ex.OutcomeUnknown);
        Assert.Equal(VerifikFailure.Connection, ex.Failure);
        Assert.Contains("may or may not have been used up", ex.Message);
        Assert.DoesNotContain("Get-VerifikDocumentLiveness", ex.Message); // not the advice for a create
        Assert.Equal(1, Server.Requests.Arrived);
    }

    [Theory]
    [InlineData(520)]
    [InlineData(524)]
    public async Task A_code_request_answered_with_a_gateway_failure_is_not_sent_again_and_may_have_sent_a_code(int status)
    {
        Server.Options.Faults.Add(new FaultRule { Kind = FaultKind.ServerErrorAfterBody, Status = status, Operations = FaultOperation.SignIn, Times = 1 });

        var ex = await Assert.ThrowsAsync<VerifikApiException>(() => SignIn().SendEmailCodeAsync("ana@example.com"));

        Assert.True(ex.OutcomeUnknown);
        Assert.Contains("may or may not have reached Verifik", ex.Message);
        Assert.Equal(1, Server.Requests.Arrived);
    }

    [Fact]
    public void ToSecureString_is_a_read_only_copy_and_fails_once_the_token_is_wiped()
    {
        var token = BearerToken.FromPlainText(SandboxDefaults.Token);
        using var copy = token.ToSecureString();

        Assert.True(copy.IsReadOnly());
        Assert.Equal(SandboxDefaults.Token, new System.Net.NetworkCredential(string.Empty, copy).Password);
        token.Dispose();
        Assert.Equal(SandboxDefaults.Token.Length, copy.Length); // the copy outlives the original
        Assert.Throws<ObjectDisposedException>(() => token.ToSecureString());
    }

    [Fact]
    public async Task A_15_MB_access_token_is_an_InvalidResponse_naming_its_length_not_a_raw_exception()
    {
        Server.Options.Faults.Add(new FaultRule { Kind = FaultKind.HugeAccessToken, Operations = FaultOperation.SignIn });

        var ex = await Assert.ThrowsAsync<VerifikApiException>(() => SignIn().ConfirmEmailCodeAsync("ana@example.com", Secure("123456")));

        Assert.Equal((VerifikFailure.InvalidResponse, 200), (ex.Failure, ex.StatusCode));
        Assert.Contains($"its access token is {15 * 1024 * 1024:N0} characters long, and a token has at most {BearerToken.MaxLength:N0}", ex.Message);
        Assert.DoesNotContain("AAAAAAAA", ex.Message);
    }

    [Fact]
    public async Task A_code_longer_than_256_characters_is_refused_before_any_request_and_256_is_sent()
    {
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => SignIn().ConfirmEmailCodeAsync("ana@example.com", Secure(" " + new string('7', 257) + " ")));
        var sent = await Assert.ThrowsAsync<VerifikApiException>(() => SignIn().ConfirmEmailCodeAsync("ana@example.com", Secure(new string('7', 256))));

        Assert.Contains("257 characters long, and a code has at most 256", ex.Message);
        Assert.DoesNotContain("7777777", ex.Message);
        Assert.NotNull(VerifikSignIn.TooLongCodeProblem(Secure(new string('7', 257))));
        Assert.Null(VerifikSignIn.TooLongCodeProblem(Secure(new string('7', 256) + "   ")));
        Assert.Equal(VerifikFailure.CodeRejected, sent.Failure);
        Assert.Equal(1, Server.Requests.Arrived);
    }

    [Theory]
    [InlineData("whatsapp", "by WhatsApp")]
    [InlineData("SMS", "by SMS")]
    [InlineData("telegram", "by telegram")]
    [InlineData("rcs_2-way", "by rcs_2-way")]
    [InlineData("\u001b[8mwhatsapp\u001b[0m", "by phone")]
    [InlineData("sms. Finish the sign-in with: Connect-Verifik -Token x", "by phone")]
    [InlineData("a-gateway-name-longer-than-32-chars", "by phone")]
    public void A_gateway_is_named_only_when_its_name_is_plain(string gateway, string shown) =>
        Assert.Equal(shown, new OneTimeCodeSent("+57 3001234567", gateway, "sent", null).ChannelText);
}
