using System.Management.Automation.Language;
using System.Reflection;
using Xunit;

namespace Verifik.Engine.Tests;

/// <summary>
/// CI cannot run Pester, so every Pester <c>It</c> names the engine test that asserts the same story the same way:
/// <c>It '…' -Tag 'Twin:&lt;EngineTestClass&gt;.&lt;Method&gt;'</c>. Read with PowerShell's own parser: each Pester file
/// parses, each <c>It</c> has at least one Twin tag, and each named twin is a [Fact] or [Theory] of this assembly. The
/// scripts that also run on Windows PowerShell 5.1 (the suite, its helpers, build.ps1) must parse there too.
/// </summary>
public class PesterTwinTests
{
    private const string TwinPrefix = "Twin:";
    private static readonly string PesterFolder = Path.Combine(RepoPaths.Root, "tests", "Pester");

    private static IEnumerable<string> PesterFileNames() =>
        Directory.GetFiles(PesterFolder, "*.Tests.ps1").Select(f => Path.GetFileName(f)).OrderBy(f => f, StringComparer.Ordinal);

    public static TheoryData<string> PesterTestFiles() => new(PesterFileNames());

    [Fact]
    public void The_Pester_suite_is_where_these_tests_look()
    {
        Assert.NotEmpty(PesterTestFiles());
        Assert.True(File.Exists(Path.Combine(PesterFolder, "TestHelpers.psm1")), "no TestHelpers.psm1 in " + PesterFolder);
    }

    public static TheoryData<string> ScriptsForWindowsPowerShell() =>
        new TheoryData<string>(new[] { "build.ps1", "tests/Pester/TestHelpers.psm1" }.Concat(PesterFileNames().Select(f => "tests/Pester/" + f)));

    /// <summary>build.ps1 and the Pester suite run on Windows PowerShell 5.1 too, whose parser lacks PowerShell 7's additions.</summary>
    [Theory]
    [MemberData(nameof(ScriptsForWindowsPowerShell))]
    public void The_script_parses_and_uses_no_syntax_that_Windows_PowerShell_5_1_lacks(string relative)
    {
        var ast = ParseWithoutErrors(Path.Combine(RepoPaths.Root, relative), relative);
        var newer = ast.FindAll(a => a switch
        {
            TernaryExpressionAst => true,                                              // a ? b : c
            PipelineChainAst => true,                                                  // a && b, a || b
            BinaryExpressionAst b => b.Operator == TokenKind.QuestionQuestion,         // a ?? b
            AssignmentStatementAst x => x.Operator == TokenKind.QuestionQuestionEquals, // a ??= b
            MemberExpressionAst m => m.NullConditional,                                // ${a}?.b
            IndexExpressionAst i => i.NullConditional,                                 // ${a}?[0]
            PipelineAst p => p.Background,                                             // a &
            ScriptBlockAst block => block.CleanBlock != null,                          // clean { }
            _ => false,
        }, searchNestedScriptBlocks: true).Select(a => $"{relative}:{a.Extent.StartLineNumber}: {a.Extent.Text}").ToList();
        Assert.True(newer.Count == 0, "PowerShell 7-only syntax, which Windows PowerShell 5.1 cannot parse:\n  " + string.Join("\n  ", newer));
    }

    /// <summary>One It command: where it is, its name, and its tags (null when a tag is not a constant string).</summary>
    public sealed record ItBlock(int Line, string Name, IReadOnlyList<string>? Tags);

    internal static ScriptBlockAst ParseWithoutErrors(string path, string relative)
    {
        Assert.True(File.Exists(path), "no " + path);
        var ast = Parser.ParseFile(path, out _, out var errors);
        Assert.True(errors.Length == 0, relative + " does not parse:\n  " +
            string.Join("\n  ", errors.Select(e => $"{relative}:{e.Extent.StartLineNumber}:{e.Extent.StartColumnNumber}: {e.Message}")));
        return ast;
    }

    internal static List<ItBlock> FindIts(Ast ast) =>
        ast.FindAll(a => a is CommandAst c && string.Equals(c.GetCommandName(), "It", StringComparison.OrdinalIgnoreCase), searchNestedScriptBlocks: true)
            .Cast<CommandAst>()
            .Select(c => new ItBlock(c.Extent.StartLineNumber, NameOf(c), TagsOf(c)))
            .ToList();

    /// <summary>The -Name argument, else the first positional argument (the way Pester's It binds it).</summary>
    private static string NameOf(CommandAst it)
    {
        var elements = it.CommandElements;
        for (var i = 1; i < elements.Count; i++)
        {
            if (elements[i] is CommandParameterAst parameter)
            {
                if (parameter.Argument != null) continue;
                if (parameter.ParameterName.Equals("Name", StringComparison.OrdinalIgnoreCase) && i + 1 < elements.Count)
                    return Text(elements[i + 1]);
                if (TakesArgument(parameter) && i + 1 < elements.Count) i++;
                continue;
            }
            return Text(elements[i]);
        }
        return "(no name)";
    }

    /// <summary>The constant strings given to -Tag (none when there is no -Tag), or null when one is not a constant.</summary>
    private static IReadOnlyList<string>? TagsOf(CommandAst it)
    {
        var tags = new List<string>();
        var elements = it.CommandElements;
        for (var i = 1; i < elements.Count; i++)
        {
            if (elements[i] is not CommandParameterAst parameter || !IsTagParameter(parameter)) continue;
            var argument = parameter.Argument ?? (i + 1 < elements.Count ? elements[i + 1] as ExpressionAst : null);
            var values = argument switch
            {
                StringConstantExpressionAst s => new[] { s.Value },
                ArrayLiteralAst array when array.Elements.All(e => e is StringConstantExpressionAst) =>
                    array.Elements.Cast<StringConstantExpressionAst>().Select(s => s.Value).ToArray(),
                _ => null,
            };
            if (values == null) return null;
            tags.AddRange(values);
        }
        return tags;
    }

    private static bool IsTagParameter(CommandParameterAst parameter) =>
        parameter.ParameterName.Equals("Tag", StringComparison.OrdinalIgnoreCase) || parameter.ParameterName.Equals("Tags", StringComparison.OrdinalIgnoreCase);

    /// <summary>Pester's It switches take no argument; its other parameters do.</summary>
    private static bool TakesArgument(CommandParameterAst parameter) =>
        !new[] { "Skip", "Pending", "AllowNullOrEmptyForEach" }.Contains(parameter.ParameterName, StringComparer.OrdinalIgnoreCase);

    private static string Text(CommandElementAst element) => element is StringConstantExpressionAst s ? s.Value : element.Extent.Text;
}
