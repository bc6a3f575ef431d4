using Xunit;

namespace Verifik.Unit.Tests;

/// <summary>Where Invoke-VerifikRequest's -Uri goes: paths under the base URI, the API's own origin, and nothing else.</summary>
public class ResourceUriTests
{
    private static readonly Uri Base = new("https://api.example.test/gw/");

    [Theory]
    [InlineData("/v2/biometric-validations?page=2", "https://api.example.test/gw/v2/biometric-validations?page=2")]
    [InlineData("v2/clients/me", "https://api.example.test/gw/v2/clients/me")]
    [InlineData("//evil.example/v2/x", "https://api.example.test/gw/evil.example/v2/x")]
    [InlineData("https://api.example.test/v3/projects", "https://api.example.test/v3/projects")]
    [InlineData("HTTPS://API.EXAMPLE.TEST:443/v2/x#frag", "https://api.example.test/v2/x")]
    [InlineData("  /v2/x  ", "https://api.example.test/gw/v2/x")]
    public void Paths_and_the_same_origin_are_accepted(string uri, string expected)
    {
        var resolved = ResourceUri.Resolve(Base, uri, out var problem);

        Assert.Null(problem);
        Assert.Equal(expected, resolved!.AbsoluteUri);
    }

    [Theory]
    [InlineData("https://evil.example/v2/x", "not the API's origin")]
    [InlineData("https://api.example.test:8443/v2/x", "not the API's origin")]
    [InlineData("http://api.example.test/v2/x", "not the API's origin")]
    [InlineData("https://user:secret@api.example.test/v2/x", "user name or password")]
    [InlineData("file:///etc/passwd", "not an http or https URI")]
    [InlineData("mailto:a@b.c", "not an http or https URI")]
    [InlineData("/v2/x\r\nHost: evil", "control character")]
    [InlineData("", "empty")]
    public void Anything_else_is_refused_with_a_reason(string uri, string reason)
    {
        var resolved = ResourceUri.Resolve(Base, uri, out var problem);

        Assert.Null(resolved);
        Assert.Contains(reason, problem);
        Assert.DoesNotContain("secret", problem);
    }

    [Fact]
    public void The_query_is_read_and_replaced_one_parameter_at_a_time()
    {
        var uri = new Uri("https://api.example.test/v2/x?sort=-createdAt&page=1&in_status%5B%5D=a&page=9");

        var next = ResourceQuery.Set(uri, "page", "2");

        Assert.Equal("?sort=-createdAt&in_status%5B%5D=a&page=2", next.Query);
        Assert.Equal("a", ResourceQuery.Get(next, "in_status[]"));
        Assert.Null(ResourceQuery.Get(next, "limit"));
    }

    [Fact]
    public void A_dictionary_becomes_parameters_a_list_repeating_its_key()
    {
        var parameters = new System.Collections.Specialized.OrderedDictionary
        {
            ["perPage"] = 50,
            ["in_status[]"] = new[] { "failed", "pending" },
            ["active"] = true,
            ["where>=_createdAt"] = new DateTime(2025, 1, 31, 0, 0, 0, DateTimeKind.Utc),
        };

        var uri = ResourceQuery.Append(new Uri("https://api.example.test/v2/x?sort=name"), parameters);

        Assert.Equal("?sort=name&perPage=50&in_status%5B%5D=failed&in_status%5B%5D=pending&active=true&where%3E%3D_createdAt=2025-01-31T00%3A00%3A00.0000000Z",
            uri.Query);
    }
}
