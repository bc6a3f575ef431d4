using Verifik.Sandbox;
using Xunit;

namespace Verifik.Unit.Tests.Sandbox;

/// <summary>
/// The Refusal fault (the API's documented refusals of a create, which a well-behaved client cannot provoke) and the
/// members of each processed create, which tests read to see what a client sent and what it left out.
/// </summary>
public class SandboxCreateRefusalTests : RawSandboxTest
{
    [Theory]
    [InlineData(0, 400, """{"success":false,"error":"Invalid image format","code":"INVALID_IMAGE_FORMAT"}""")]
    [InlineData(400, 400, """{"success":false,"error":"Invalid image format","code":"INVALID_IMAGE_FORMAT"}""")]
    [InlineData(409, 409, """{"message":"At least one validation must be selected. Set validateScreenReplay, validatePrintedCopy, validatePortraitSubstitution or validateDigitalManipulation to true.","code":"MissingParameter"}""")]
    [InlineData(413, 413, """{"success":false,"error":"Image too large","code":"IMAGE_TOO_LARGE"}""")]
    [InlineData(422, 422, """{"success":false,"error":"Invalid parameters","code":"INVALID_PARAMETERS"}""")]
    public async Task Refusal_AnswersTheDocumentedBodyForItsStatus_WithoutProcessing(int configured, int status, string body)
    {
        Server.Options.Faults.Add(new FaultRule { Kind = FaultKind.Refusal, Status = configured, Operations = FaultOperation.Create });

        await AssertAnswer(await CreateAsync(Jpeg(1)), status, body);

        Assert.Equal(0, Server.Creates.Count);
        Assert.Equal(0, Server.Records.Count);
    }

    [Fact]
    public async Task A_processed_create_keeps_the_members_it_was_sent_except_the_image()
    {
        using var response = await CreateAsync(Jpeg(2), "\"saveImage\":false,\"validatePrintedCopy\":true,\"screenReplayCalibration\":\"HARD\",\"extra\":{\"a\":[1]}");

        Assert.Equal(200, (int)response.StatusCode);
        var members = Assert.Single(Server.Creates.Snapshot()).Members!;
        Assert.Equal(
            new[] { "extra={\"a\":[1]}", "saveImage=false", "screenReplayCalibration=\"HARD\"", "validatePrintedCopy=true" },
            members.Select(m => m.Key + "=" + m.Value).OrderBy(m => m, StringComparer.Ordinal));
    }
}
