using System.Net;
using System.Security;
using System.Text;
using Xunit;

namespace Verifik.Unit.Tests;

/// <summary>Answers as plain values (what the cmdlets make PSObjects of), bodies as JSON, and secrets that never come through.</summary>
public class JsonTreeTests
{
    private const string Account = """
        {"data":{"_id":"613a","name":"JORGE","credits":114.03000000000034,"totalRequestsCount":1403,"big":12345678901234567890123,
        "otp":"$2a$10$Q3wDasZgVWLuhEoYatVun.RBdItctOPNZ5lnXNWisZI0L.cFqM5b.","JWTPhrase":"123456","secretKey":null,
        "sessions":[{"device":"a","accessToken":"eyJ.tok.en-abcdefghijkl1234"},{"device":"b","OTP":"$2b$hash"}],"createdAt":"2021-09-09T16:46:01.334Z"}}
        """;

    /// <summary>A BCL exception, so the cmdlet that catches it needs no reference to System.Text.Json (isolated in the module).</summary>
    [Theory]
    [InlineData("not json")]
    [InlineData("{\"a\":")]
    [InlineData("{\"\\udc00\":1}")]
    public void A_body_that_is_not_JSON_is_a_FormatException(string body)
    {
        var ex = Assert.Throws<FormatException>(() => JsonTree.Parse(Encoding.UTF8.GetBytes(body)));
        Assert.NotNull(ex.InnerException);
    }

    [Fact]
    public void Objects_keep_their_member_order_and_values_their_JSON_types()
    {
        var root = Assert.IsType<JsonMembers>(JsonTree.Parse(Encoding.UTF8.GetBytes(Account)));
        var data = Assert.IsType<JsonMembers>(root["data"]);

        Assert.Equal(new[] { "_id", "name", "credits", "totalRequestsCount", "big", "sessions", "createdAt" }, data.Select(m => m.Key));
        Assert.Equal(114.03000000000034, data["credits"]);
        Assert.Equal(1403L, data["totalRequestsCount"]);
        Assert.Equal(decimal.Parse("12345678901234567890123"), data["big"]);
        Assert.Equal("2021-09-09T16:46:01.334Z", data["createdAt"]); // dates stay the API's text
        Assert.Equal(2, Assert.IsType<object?[]>(data["sessions"]).Length);
    }

    [Fact]
    public void The_accounts_secrets_are_left_out_at_any_depth_and_tokens_become_SecureStrings()
    {
        var dropped = new List<string>();
        var data = (JsonMembers)((JsonMembers)JsonTree.Parse(Encoding.UTF8.GetBytes(Account), dropped)!)["data"]!;
        var sessions = (object?[])data["sessions"]!;

        Assert.Equal(new[] { "otp", "JWTPhrase", "secretKey", "OTP" }, dropped);
        var token = Assert.IsType<SecureString>(((JsonMembers)sessions[0]!)["accessToken"]);
        Assert.Equal("eyJ.tok.en-abcdefghijkl1234", new NetworkCredential("", token).Password);
        Assert.DoesNotContain(((JsonMembers)sessions[1]!), m => m.Key == "OTP");
    }

    [Fact]
    public void Raw_text_is_exactly_the_answer_when_it_holds_no_secret()
    {
        var body = Encoding.UTF8.GetBytes("{ \"data\" : [ {\"_id\":\"a\", \"n\": 1.50} ] }");

        Assert.Equal("{ \"data\" : [ {\"_id\":\"a\", \"n\": 1.50} ] }", JsonRedaction.Text(body, out var redacted));
        Assert.False(redacted);
    }

    [Fact]
    public void Raw_text_of_an_answer_with_secrets_is_written_again_without_them_and_with_tokens_masked()
    {
        var text = JsonRedaction.Text(Encoding.UTF8.GetBytes(Account), out var redacted);

        Assert.True(redacted);
        Assert.DoesNotContain("Q3wDasZgVWLuhEoYatVun", text);
        Assert.DoesNotContain("JWTPhrase", text);
        Assert.DoesNotContain("$2b$hash", text);
        Assert.DoesNotContain("eyJ.tok.en", text);
        Assert.Contains("\"accessToken\":\"****1234\"", text);
        Assert.Contains("\"credits\":114.03000000000034", text);
    }

    [Fact]
    public void A_body_is_written_from_dictionaries_lists_and_values()
    {
        var body = new System.Collections.Specialized.OrderedDictionary
        {
            ["name"] = "Onboarding",
            ["countries"] = new List<object?> { "CO", "MX" },
            ["limit"] = 10,
            ["ratio"] = 0.5,
            ["active"] = false,
            ["at"] = new DateTime(2025, 1, 31, 12, 0, 0, DateTimeKind.Utc),
            ["none"] = null,
        };

        Assert.Equal("""{"name":"Onboarding","countries":["CO","MX"],"limit":10,"ratio":0.5,"active":false,"at":"2025-01-31T12:00:00.0000000Z","none":null}""",
            Encoding.UTF8.GetString(JsonWriting.ToUtf8(body)));
    }

    [Fact]
    public void A_SecureString_or_a_NaN_in_a_body_is_refused()
    {
        using var secure = new SecureString();
        Assert.Contains("SecureString", Assert.Throws<ArgumentException>(() => JsonWriting.ToUtf8(new Dictionary<string, object> { ["t"] = secure })).Message);
        Assert.Throws<ArgumentException>(() => JsonWriting.ToUtf8(new[] { double.NaN }));
    }
}
