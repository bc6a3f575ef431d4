using System.Management.Automation;
using System.Management.Automation.Language;
using System.Management.Automation.Runspaces;
using Xunit;

namespace Verifik.Engine.Tests;

/// <summary>
/// build.ps1 -Task Test, as far as it can run without Pester: the script the Pester child runs (made by the build
/// script's own New-PesterRunScript, run here in the engine) and how that child is started.
/// </summary>
public class BuildScriptTests
{
    private static readonly ScriptBlockAst Build = PesterTwinTests.ParseWithoutErrors(Path.Combine(RepoPaths.Root, "build.ps1"), "build.ps1");

    private static FunctionDefinitionAst Function(string name) =>
        Assert.Single(Build.FindAll(a => a is FunctionDefinitionAst f && f.Name == name, searchNestedScriptBlocks: true).Cast<FunctionDefinitionAst>());

    [Theory]
    [InlineData("/home/ci/.local/share/powershell/Modules/Pester/5.9.0/Pester.psd1", "/work/repo/tests/Pester")]
    [InlineData(@"C:\Users\O'Brien\Documents\PowerShell\Modules\Pester\5.9.0\Pester.psd1", @"D:\src\it’s here\tests\Pester")]
    public void The_child_script_parses_and_runs_Pester_on_the_paths_given(string pesterManifest, string testPath)
    {
        using var runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
        runspace.Open();
        using var ps = PowerShell.Create();
        ps.Runspace = runspace;
        ps.AddScript(Function("New-PesterRunScript").Extent.Text).AddStatement()
            .AddCommand("New-PesterRunScript").AddParameter("PesterManifest", pesterManifest).AddParameter("TestPath", testPath)
            .AddParameter("ResultPath", testPath + "/pester.xml").AddParameter("CountsPath", testPath + "/counts.txt");
        var script = (string)Assert.Single(ps.Invoke()).BaseObject;
        Assert.Empty(ps.Streams.Error);

        var child = Parser.ParseInput(script, out _, out var errors);
        Assert.True(errors.Length == 0, "the child script does not parse:\n" + script);
        var commands = child.FindAll(a => a is CommandAst, true).Cast<CommandAst>().ToList();
        var import = Assert.Single(commands, c => c.GetCommandName() == "Import-Module");
        Assert.Equal(pesterManifest, ((StringConstantExpressionAst)import.CommandElements[2]).Value);
        Assert.Single(commands, c => c.GetCommandName() == "Invoke-Pester");
        var runPath = Assert.Single(child.FindAll(a => a is AssignmentStatementAst s && s.Left.Extent.Text == "$configuration.Run.Path", true).Cast<AssignmentStatementAst>());
        Assert.Equal(testPath, runPath.Right.Find(a => a is StringConstantExpressionAst, true) is StringConstantExpressionAst s ? s.Value : null);
        Assert.Contains("$configuration.Run.PassThru = $true", script);
        // The counts the parent prints as its one summary line.
        var counts = Assert.Single(commands, c => c.GetCommandName() == "Set-Content");
        Assert.Equal(testPath + "/counts.txt", ((StringConstantExpressionAst)counts.CommandElements[2]).Value);
    }

    /// <summary>
    /// Given -EncodedCommand, PowerShell writes the child's non-output streams to a redirected stderr as CLIXML
    /// (PowerShell issues #5912 and #20808), so a CI log of build.ps1 -Task Test was XML; -File does not.
    /// </summary>
    [Fact]
    public void The_Pester_child_runs_a_temporary_script_file_not_an_encoded_command()
    {
        var task = Function("Invoke-TestTask");
        var strings = task.FindAll(a => a is StringConstantExpressionAst, true).Cast<StringConstantExpressionAst>().Select(s => s.Value).ToList();
        Assert.Contains("-File", strings);
        Assert.DoesNotContain(strings, s => s.StartsWith("-e", StringComparison.OrdinalIgnoreCase) && "-encodedcommand".StartsWith(s, StringComparison.OrdinalIgnoreCase));
        Assert.Contains(task.FindAll(a => a is CommandAst c && c.GetCommandName() == "New-PesterRunScript", true), _ => true);

        // The file is removed whatever happens to the child.
        var withFinally = Assert.Single(task.FindAll(a => a is TryStatementAst t && t.Finally != null, true).Cast<TryStatementAst>());
        Assert.Contains(withFinally.Finally!.FindAll(a => a is CommandAst, true).Cast<CommandAst>(), c => c.GetCommandName() == "Remove-Item");
    }
}
