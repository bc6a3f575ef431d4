using System.Text;
using Xunit;

namespace Verifik.Unit.Tests;

/// <summary>ApiErrorReader.TryParse on every documented error body, and on bodies that are not error JSON.</summary>
public class ApiErrorTests
{
    private static ApiError? Parse(string body) => ApiErrorReader.TryParse(Encoding.UTF8.GetBytes(body));

    [Fact]
    public void FlatNotFound_CodeAndMessage()
    {
        var e = ApiErrorReader.TryParse(DocumentedPayloads.Bytes("not-found-flat.json"));

        Assert.NotNull(e);
        Assert.Equal("NotFound", e!.Code);
        Assert.Equal("Record not found.", e.Message);
        Assert.Equal("Record not found. (NotFound)", e.ToString());
    }

    [Fact]
    public void NestedNotFound_TheShoutingValueIsTheCode()
    {
        var e = ApiErrorReader.TryParse(DocumentedPayloads.Bytes("not-found-nested.json"));

        Assert.NotNull(e);
        Assert.Equal("DOCUMENT_LIVENESS_NOT_FOUND", e!.Code);
        Assert.Equal("Document liveness not found", e.Message);
    }

    [Fact]
    public void Unauthorized_ErrorOnly_IsTheMessage()
    {
        var e = ApiErrorReader.TryParse(DocumentedPayloads.Bytes("unauthorized.json"));

        Assert.NotNull(e);
        Assert.Null(e!.Code);
        Assert.Equal("Protected resource, use Authorization header to get access", e.Message);
        Assert.Equal(e.Message, e.ToString());
    }

    [Fact]
    public void InvalidParameters_SuccessFalseErrorCode()
    {
        var e = Parse("""{"success":false,"error":"Invalid query parameters","code":"INVALID_PARAMETERS"}""");

        Assert.NotNull(e);
        Assert.Equal("INVALID_PARAMETERS", e!.Code);
        Assert.Equal("Invalid query parameters", e.Message);
    }

    [Fact]
    public void TokenExpired_LowercaseMessageStaysTheMessage_WhenACodeIsGiven()
    {
        var e = Parse("""{"message":"token_expired","code":"FORBIDDEN"}""");

        Assert.NotNull(e);
        Assert.Equal("FORBIDDEN", e!.Code);
        Assert.Equal("token_expired", e.Message);
    }

    [Theory]
    [InlineData("""{"code":"Unauthorized","message":"Invalid or expired token."}""", "Unauthorized", "Invalid or expired token.")]
    [InlineData("""{"message":"Authentication required","code":"UNAUTHORIZED"}""", "UNAUTHORIZED", "Authentication required")]
    [InlineData("""{"message":"internal_error","code":"ERROR"}""", "ERROR", "internal_error")]
    [InlineData("""{"message":"At least one validation must be selected.","code":"MissingParameter"}""", "MissingParameter", "At least one validation must be selected.")]
    [InlineData("""{"error":"token_expired"}""", null, "token_expired")]   // lowercase: not taken for a code
    [InlineData("""{"message":"NotFound"}""", null, "NotFound")]           // PascalCase without "code": a message
    [InlineData("""{"error":"IMAGE_TOO_LARGE"}""", "IMAGE_TOO_LARGE", null)]
    public void OtherDocumentedBodies(string body, string? code, string? message)
    {
        var e = Parse(body);

        Assert.NotNull(e);
        Assert.Equal(code, e!.Code);
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void SameErrorAndMessage_AreNotRepeated()
    {
        var e = Parse("""{"error":"Something failed","message":"Something failed"}""");

        Assert.Equal("Something failed", e!.Message);
    }

    [Fact]
    public void ErrorAndMessageSentences_AreJoined()
    {
        var e = Parse("""{"error":"Bad request","message":"limit must be at most 100"}""");

        Assert.Null(e!.Code);
        Assert.Equal("Bad request limit must be at most 100", e.Message);
    }

    [Theory]
    [InlineData("<html><body><h1>502 Bad Gateway</h1></body></html>")]
    [InlineData("Service temporarily unavailable. Please try again later.")]
    [InlineData("[]")]
    [InlineData("""[{"message":"x","code":"Y"}]""")]
    [InlineData("\"NotFound\"")]
    [InlineData("null")]
    [InlineData("{}")]
    [InlineData("""{"success":false}""")]
    [InlineData("""{"code":404,"message":7}""")]
    [InlineData("""{"error":"   "}""")]
    [InlineData("""{"message":"Record not found.","code":"NotFound" """)] // truncated
    [InlineData("   ")]
    public void NotAnErrorObject_GivesNull(string body) => Assert.Null(Parse(body));

    [Fact]
    public void EmptyAndNullBodies_GiveNull()
    {
        Assert.Null(ApiErrorReader.TryParse(Array.Empty<byte>()));
        Assert.Null(ApiErrorReader.TryParse(null!));
    }

    [Fact]
    public void InvalidUtf8_GivesNull_WithoutThrowing()
    {
        var body = Encoding.ASCII.GetBytes("{\"message\":\"__\"}");
        body[12] = 0xFF;
        body[13] = 0xFE;

        Assert.Null(ApiErrorReader.TryParse(body));
    }
}
