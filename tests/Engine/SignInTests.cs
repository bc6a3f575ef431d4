using System.Management.Automation;
using Verifik.Sandbox;
using Xunit;

namespace Verifik.Engine.Tests;

/// <summary>
/// Connect-Verifik -Email / -Phone, the one-time-code sign-in, on a non-interactive host (the engine's default one):
/// with -Code (step 2 only), without it (step 1, then VerifikCodeRequired), the API's refusals, input refused before
/// any request, and what the sign-in requests carry (the sandbox's request log).
/// </summary>
public class SignInTests : SandboxTestBase
{
    private const string EmailLogin = "/v2/projects/email-login";
    private const string EmailConfirm = "/v2/projects/email-login/confirm";
    private const string PhoneLogin = "/v2/projects/phone-login";
    private const string PhoneConfirm = "/v2/projects/phone-login/confirm";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Server.Records.AddFlat("r1");
    }

    private List<LoggedRequest> SignInRequests() => Server.Requests.Snapshot().Where(r => r.Path.StartsWith("/v2/projects/")).ToList();

    private ErrorRecord Caught(string script, params (string, object?)[] variables)
    {
        Host.Run("try { " + script + " -ErrorAction Stop; $null } catch { $_ }", variables);
        return (ErrorRecord)Assert.Single(Host.Output).BaseObject;
    }

    [Fact]
    public void E_mail_sign_in_with_Code_sends_only_the_confirmation_and_connects_with_the_new_token()
    {
        var context = Host.Run("Connect-Verifik -Email ana@example.com -Code $c -BaseUri $u -PassThru; (Get-VerifikContext).ClientId",
            ("c", SandboxDefaults.OneTimeCode), ("u", Server.BaseUri));

        Assert.Empty(Host.Errors);
        Assert.Equal("sandbox_ana", context[0].Properties["ClientId"].Value);
        Assert.Equal("sandbox_ana", context[1].BaseObject);
        var request = Assert.Single(Server.Requests.Snapshot());
        Assert.Equal(("POST", EmailConfirm, 200), (request.Method, request.Path, request.Status));
        var issued = Assert.Single(Server.SignIns.Tokens);
        Assert.Equal("****" + issued[^4..], context[0].Properties["TokenHint"].Value);

        Assert.Equal("r1", Host.Run("(Get-VerifikDocumentLiveness -Id r1).Id").Single().BaseObject);
        Assert.Equal(SandboxDefaults.TokenId(issued), Server.Requests.Snapshot().Last().TokenId);
    }

    [Fact]
    public void Phone_sign_in_with_Code_sends_only_the_confirmation_and_connects_with_the_new_token()
    {
        var clientId = Host.Run("Connect-Verifik -Phone 3001234567 -CountryCode +57 -Code 123456 -BaseUri $u; (Get-VerifikContext).ClientId",
            ("u", Server.BaseUri));

        Assert.Empty(Host.Errors);
        Assert.Equal("sandbox_luis", clientId.Single().BaseObject);
        var request = Assert.Single(Server.Requests.Snapshot());
        Assert.Equal(("POST", PhoneConfirm, 200), (request.Method, request.Path, request.Status));
        Assert.Equal("r1", Host.Run("(Get-VerifikDocumentLiveness -Id r1).Id").Single().BaseObject);
        Assert.Equal(SandboxDefaults.TokenId(Server.SignIns.Tokens.Single()), Server.Requests.Snapshot().Last().TokenId);
    }

    [Fact]
    public void Without_Code_a_non_interactive_host_sends_the_code_then_stops_with_the_command_that_finishes()
    {
        var error = Caught("Connect-Verifik -Email ana@example.com -BaseUri $u", ("u", Server.BaseUri));

        Assert.Equal("VerifikCodeRequired,Verifik.PowerShell.Commands.ConnectVerifikCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.AuthenticationError, error.CategoryInfo.Category);
        Assert.Equal("ana@example.com", error.TargetObject);
        var finish = $"Connect-Verifik -Email ana@example.com -BaseUri {Server.BaseUri} -Code <code>";
        Assert.Contains("Finish the sign-in with: " + finish, error.Exception.Message);
        Assert.Contains("sent a one-time code to ana@example.com by e-mail", error.Exception.Message);
        Assert.Equal(finish, error.ErrorDetails.RecommendedAction);
        Assert.Equal(EmailLogin, Assert.Single(Server.Requests.Snapshot()).Path);
        Assert.Empty(Host.Run("Get-VerifikContext"));
    }

    [Fact]
    public void Without_Code_the_finishing_command_of_a_phone_sign_in_has_the_country_code_and_the_other_parameters_given()
    {
        var error = Caught("Connect-Verifik -Phone '300 123 4567' -CountryCode +57 -BaseUri $u -MaxRetry 1 -ReturnConnection", ("u", Server.BaseUri));

        Assert.StartsWith("VerifikCodeRequired,", error.FullyQualifiedErrorId);
        Assert.Equal("300 123 4567", error.TargetObject);
        Assert.Equal($"Connect-Verifik -Phone '300 123 4567' -CountryCode +57 -BaseUri {Server.BaseUri} -MaxRetry 1 -ReturnConnection -Code <code>",
            error.ErrorDetails.RecommendedAction);
        Assert.Contains("+57 3001234567 by WhatsApp", error.Exception.Message);
        Assert.Equal(PhoneLogin, Assert.Single(Server.Requests.Snapshot()).Path);

        // The command it gives does finish the sign-in.
        var connection = Host.Run(error.ErrorDetails.RecommendedAction.Replace("<code>", SandboxDefaults.OneTimeCode)).Single();
        Assert.Equal("sandbox_luis", connection.Properties["ClientId"].Value);
    }

    [Fact]
    public void A_code_typed_as_a_number_keeps_its_leading_zeros()
    {
        Server.Options.OneTimeCode = "012345";
        Host.Run("Connect-Verifik -Email ana@example.com -Code 012345 -BaseUri $u", ("u", Server.BaseUri));

        Assert.Empty(Host.Errors);
        Assert.Equal("sandbox_ana", Host.Run("(Get-VerifikContext).ClientId").Single().BaseObject);
    }

    [Fact]
    public void A_wrong_code_is_VerifikCodeRejected_with_the_APIs_message_and_the_default_connection_stays()
    {
        Connect();
        var error = Caught("Connect-Verifik -Email ana@example.com -Code 000000 -BaseUri $u", ("u", Server.BaseUri));

        Assert.Equal("VerifikCodeRejected,Verifik.PowerShell.Commands.ConnectVerifikCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.AuthenticationError, error.CategoryInfo.Category);
        Assert.Equal("ana@example.com", error.TargetObject);
        Assert.Contains("The one-time code is invalid or has expired.", error.Exception.Message);
        var api = Host.Run("$e.Exception -is [Verifik.VerifikApiException]; $e.Exception.Failure -eq [Verifik.VerifikFailure]::CodeRejected; $e.Exception.StatusCode; $e.Exception.ApiError.Code",
            ("e", error));
        Assert.Equal(new object[] { true, true, 401, "InvalidOTP" }, api.Select(o => o.BaseObject));
        Assert.Equal(SandboxDefaults.ClientId, Host.Run("(Get-VerifikContext).ClientId").Single().BaseObject);
        Assert.Empty(Server.SignIns.Tokens);
    }

    [Fact]
    public void An_unknown_account_is_VerifikAccountNotFound_with_the_APIs_message()
    {
        var email = Caught("Connect-Verifik -Email nobody@example.com -BaseUri $u", ("u", Server.BaseUri));
        var phone = Caught("Connect-Verifik -Phone 3009999999 -CountryCode +57 -Code 123456 -BaseUri $u", ("u", Server.BaseUri));

        Assert.Equal("VerifikAccountNotFound,Verifik.PowerShell.Commands.ConnectVerifikCommand", email.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, email.CategoryInfo.Category);
        Assert.Equal("nobody@example.com", email.TargetObject);
        Assert.Contains("No project is registered with that e-mail address.", email.Exception.Message);
        Assert.StartsWith("VerifikAccountNotFound,", phone.FullyQualifiedErrorId);
        Assert.Equal("3009999999", phone.TargetObject);
        Assert.Contains("No project is registered with that phone number.", phone.Exception.Message);
        Assert.Equal(new[] { EmailLogin, PhoneConfirm }, Server.Requests.Snapshot().Select(r => r.Path));
        Assert.Empty(Host.Run("Get-VerifikContext"));
    }

    public static readonly TheoryData<string, string, string> BadInputs = new()
    {
        { "-Email 'ana@example'", "InvalidEmailAddress", "ana@example" },
        { "-Email 'ana.example.com'", "InvalidEmailAddress", "ana.example.com" },
        { "-Email 'ana @example.com'", "InvalidEmailAddress", "ana @example.com" },
        { "-Email 'ana@@example.com'", "InvalidEmailAddress", "ana@@example.com" },
        { "-Phone '300-ABC-4567' -CountryCode +57", "InvalidPhoneNumber", "300-ABC-4567" },
        { "-Phone '+573001234567' -CountryCode +57", "InvalidPhoneNumber", "+573001234567" },
        { "-Phone 03001234567 -CountryCode +57", "InvalidPhoneNumber", "03001234567" },
        { "-Phone 300 -CountryCode +57", "InvalidPhoneNumber", "300" },
        { "-Phone 3001234567 -CountryCode 57", "InvalidCountryCode", "57" },
        { "-Phone 3001234567 -CountryCode '+57a'", "InvalidCountryCode", "+57a" },
        { "-Phone 3001234567 -CountryCode +12345", "InvalidCountryCode", "+12345" },
        { "-Email ana@example.com -Code ''", "VerifikCodeEmpty", "ana@example.com" },
        { "-Email ana@example.com -Code '   '", "VerifikCodeEmpty", "ana@example.com" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void Bad_input_is_refused_with_a_clear_error_before_any_request(string parameters, string errorId, string target)
    {
        var error = Caught("Connect-Verifik " + parameters + " -BaseUri $u", ("u", Server.BaseUri));

        Assert.Equal(errorId + ",Verifik.PowerShell.Commands.ConnectVerifikCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Equal(target, error.TargetObject);
        Assert.DoesNotContain("^", error.Exception.Message); // words, not a pattern
        Assert.Equal(0, Server.Requests.Arrived);
        Assert.Empty(Host.Run("Get-VerifikContext"));
    }

    [Theory]
    [InlineData("-Email ana@example.com -Phone 3001234567 -CountryCode +57")]
    [InlineData("-Email ana@example.com -Token $t")]
    [InlineData("-Phone 3001234567 -CountryCode +57 -Token $t")]
    [InlineData("-Token $t -Code 123456")]
    public void Email_Phone_and_Token_do_not_go_together(string parameters)
    {
        var error = Caught("Connect-Verifik " + parameters + " -BaseUri $u", ("t", SandboxDefaults.Token), ("u", Server.BaseUri));

        Assert.Equal("AmbiguousParameterSet,Verifik.PowerShell.Commands.ConnectVerifikCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Equal(0, Server.Requests.Arrived);
        Assert.Empty(Host.Run("Get-VerifikContext"));
    }

    [Fact]
    public void Sign_in_requests_carry_no_Authorization_header_even_with_a_connection_open()
    {
        Connect();
        Caught("Connect-Verifik -Phone 3001234567 -CountryCode +57 -BaseUri $u", ("u", Server.BaseUri)); // step 1, then VerifikCodeRequired
        Host.Run("Connect-Verifik -Phone 3001234567 -CountryCode +57 -Code 123456 -BaseUri $u", ("u", Server.BaseUri));

        Assert.Empty(Host.Errors);
        var signIns = SignInRequests();
        Assert.Equal(new[] { PhoneLogin, PhoneConfirm }, signIns.Select(r => r.Path));
        Assert.All(signIns, r => Assert.Null(r.Authorization));
        Assert.All(signIns, r => Assert.Null(r.TokenId));
    }

    [Fact]
    public void Sign_in_goes_to_BaseUri_else_to_VERIFIK_BASE_URI()
    {
        Environment.SetEnvironmentVariable("VERIFIK_BASE_URI", Server.BaseUri.ToString());
        try
        {
            var fromEnvironment = Host.Run("Connect-Verifik -Email ana@example.com -Code 123456 -PassThru").Single();
            Assert.Equal(Server.BaseUri, fromEnvironment.Properties["BaseUri"].Value);
            Assert.Single(SignInRequests());

            // -BaseUri wins over the environment (which now names a port where nothing listens).
            Environment.SetEnvironmentVariable("VERIFIK_BASE_URI", "http://127.0.0.1:9/");
            var given = Host.Run("Connect-Verifik -Email ana@example.com -Code 123456 -BaseUri $u -PassThru", ("u", Server.BaseUri)).Single();
            Assert.Empty(Host.Errors);
            Assert.Equal(Server.BaseUri, given.Properties["BaseUri"].Value);
            Assert.Equal(2, SignInRequests().Count);
            Assert.All(SignInRequests(), r => Assert.Equal(Server.BaseUri.GetLeftPart(UriPartial.Authority), r.Origin));
        }
        finally
        {
            Environment.SetEnvironmentVariable("VERIFIK_BASE_URI", null);
        }
    }

    [Fact]
    public void ReturnConnection_with_sign_in_writes_the_connection_and_leaves_the_default_as_it_was()
    {
        Connect();
        var connection = Host.Run("Connect-Verifik -Email ana@example.com -Code 123456 -BaseUri $u -ReturnConnection", ("u", Server.BaseUri)).Single();

        Assert.Equal(true, Host.Run("$c -is [Verifik.PowerShell.VerifikConnection]", ("c", connection)).Single().BaseObject);
        Assert.Equal("sandbox_ana", connection.Properties["ClientId"].Value);
        Assert.Equal(SandboxDefaults.ClientId, Host.Run("(Get-VerifikContext).ClientId").Single().BaseObject);
        Assert.Equal("r1", Host.Run("(Get-VerifikDocumentLiveness -Id r1 -Connection $c).Id", ("c", connection)).Single().BaseObject);
        Assert.Equal(SandboxDefaults.TokenId(Server.SignIns.Tokens.Single()), Server.Requests.Snapshot().Last().TokenId);
    }

    [Fact]
    public void Two_sign_ins_side_by_side_each_request_carries_its_own_token()
    {
        var both = Host.Run("""
            $ana = Connect-Verifik -Email ana@example.com -Code 123456 -BaseUri $u -ReturnConnection
            $luis = Connect-Verifik -Phone 3001234567 -CountryCode +57 -Code 123456 -BaseUri $u -ReturnConnection
            $ana.ClientId; $luis.ClientId
            (Get-VerifikDocumentLiveness -Id r1 -Connection $ana).Id
            (Get-VerifikDocumentLiveness -Id r1 -Connection $luis).Id
            ('r1', 'r1' | Get-VerifikDocumentLiveness -Connection $ana).Count
            """, ("u", Server.BaseUri));

        Assert.Empty(Host.Errors);
        Assert.Equal(new object[] { "sandbox_ana", "sandbox_luis", "r1", "r1", 2 }, both.Select(o => o.BaseObject));
        var tokens = Server.SignIns.Tokens;
        Assert.Equal(2, tokens.Count);
        Assert.NotEqual(tokens[0], tokens[1]);
        var reads = Server.Requests.Snapshot().Where(r => r.Path == "/v2/document-liveness/r1").Select(r => r.TokenId).ToList();
        var ana = SandboxDefaults.TokenId(tokens[0]);
        var luis = SandboxDefaults.TokenId(tokens[1]);
        Assert.Equal(ana, reads[0]);
        Assert.Equal(luis, reads[1]);
        Assert.Equal(new[] { ana, ana }, reads.Skip(2));
        Assert.Empty(Host.Run("Get-VerifikContext"));
    }

    [Fact]
    public void A_sign_in_is_retried_on_503_but_never_sent_again_once_it_may_have_reached_the_API()
    {
        Server.Options.Faults.Add(new FaultRule { Kind = FaultKind.ServerError, Status = 503, RetryAfter = "0", Operations = FaultOperation.SignIn, Times = 1 });
        Host.Run("Connect-Verifik -Email ana@example.com -Code 123456 -BaseUri $u -Verbose", ("u", Server.BaseUri));
        Assert.Empty(Host.Errors);
        Assert.Equal(new[] { 503, 200 }, SignInRequests().Select(r => r.Status));
        Assert.Contains(Host.Verbose, v => v.StartsWith("Retrying ana@example.com: HTTP 503"));

        Host.Run("Disconnect-Verifik");
        Server.Requests.Clear();
        Server.Options.Faults.Clear();
        Server.Options.Faults.Add(new FaultRule { Kind = FaultKind.ServerErrorAfterBody, Operations = FaultOperation.SignIn, Times = 1 });
        var error = Caught("Connect-Verifik -Email ana@example.com -Code 123456 -BaseUri $u", ("u", Server.BaseUri));

        Assert.StartsWith("VerifikServerError,", error.FullyQualifiedErrorId);
        Assert.Equal(true, Host.Run("$e.Exception.OutcomeUnknown", ("e", error)).Single().BaseObject);
        Assert.Contains("may or may not have been used up", error.Exception.Message);
        Assert.Single(SignInRequests());
        Assert.Equal(2, Server.SignIns.Tokens.Count); // the sandbox issued one it could not deliver
        Assert.Empty(Host.Run("Get-VerifikContext"));
    }
}
