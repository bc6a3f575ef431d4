using Xunit;

namespace Verifik.Engine.Tests;

/// <summary>
/// Every create is charged: -WhatIf lists each file that would be submitted and sends nothing; -Confirm asks per file
/// (answered here by the test host); ConfirmImpact is Medium, so a default session is not prompted.
/// </summary>
public class CreateShouldProcessTests : CreateTestBase
{
    private const string Action = "Submit for document-liveness validation (charged to the account)";

    private readonly CapturingHost _console = new();
    private ModuleHost? _interactive;

    /// <summary>A runspace on the interactive test host (the connection is process-wide, so it is connected too).</summary>
    private ModuleHost Interactive => _interactive ??= new ModuleHost(_console);

    public override async Task DisposeAsync()
    {
        _interactive?.Dispose();
        await base.DisposeAsync();
    }

    private string[] Files() => [Jpeg("a.jpg", seed: 51), Jpeg("b.jpg", seed: 52), Jpeg("c.jpg", seed: 53)];

    [Fact]
    public void WhatIf_lists_each_file_that_would_be_submitted_and_sends_zero_requests()
    {
        var files = Files();
        var output = Interactive.Run("New-VerifikDocumentLiveness -Path $pattern -WhatIf", ("pattern", Path.Combine(Folder, "*.jpg")));

        Assert.Empty(output);
        Assert.Empty(Interactive.Errors);
        foreach (var file in files) Assert.Contains($"What if: Performing the operation \"{Action}\" on target \"{file}\".", _console.Text);
        Assert.Equal(0, Server.Requests.Arrived);                      // not one byte reached the API
        Assert.Equal(0, (int)Interactive.Run("@(Get-VerifikDocumentLiveness -CreatedAfter ([DateTime]::UtcNow.AddMinutes(-5))).Count").Single().BaseObject);
    }

    [Fact]
    public void Confirm_asks_per_file_and_only_the_confirmed_files_are_submitted()
    {
        var files = Files();
        _console.ChoiceAnswers.Enqueue("Yes");
        _console.ChoiceAnswers.Enqueue("No");
        _console.ChoiceAnswers.Enqueue("Yes");

        var output = Interactive.Run("$files | New-VerifikDocumentLiveness -Confirm | ForEach-Object SourcePath", ("files", files));

        Assert.Empty(Interactive.Errors);
        Assert.Equal(new[] { files[0], files[2] }, output.Select(o => (string)o.BaseObject));
        Assert.Equal(3, _console.ChoicePrompts.Count);
        for (var i = 0; i < 3; i++) Assert.Contains(files[i], _console.ChoicePrompts[i]);
        Assert.All(_console.ChoicePrompts, p => Assert.Contains(Action, p));
        Assert.Equal(2, CreateRequests().Count);
    }

    [Fact]
    public void Yes_to_All_confirms_the_rest_of_the_run()
    {
        var files = Files();
        _console.ChoiceAnswers.Enqueue("Yes to All");

        var output = Interactive.Run("$files | New-VerifikDocumentLiveness -Confirm | ForEach-Object SourcePath", ("files", files));

        Assert.Equal(files, output.Select(o => (string)o.BaseObject));
        Assert.Single(_console.ChoicePrompts);
    }

    [Fact]
    public void ConfirmImpact_is_Medium_so_only_a_ConfirmPreference_of_Medium_or_lower_prompts()
    {
        var files = Files();
        var output = Interactive.Run("$files | New-VerifikDocumentLiveness | ForEach-Object SourcePath", ("files", files));
        Assert.Equal(files, output.Select(o => (string)o.BaseObject));   // the default High: no prompt
        Assert.Empty(_console.ChoicePrompts);

        _console.ChoiceAnswers.Enqueue("No to All");
        var declined = Interactive.Run("$ConfirmPreference = 'Medium'; $files | New-VerifikDocumentLiveness", ("files", files));
        Assert.Empty(declined);
        Assert.Single(_console.ChoicePrompts);
        Assert.Equal(3, Server.Creates.Count);                                   // only the first run's
        Assert.Equal("Medium", Interactive.Run("[string](Get-Command New-VerifikDocumentLiveness).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0].ConfirmImpact").Single().BaseObject);
    }
}
