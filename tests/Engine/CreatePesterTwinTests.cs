using System.Management.Automation.Language;
using System.Reflection;
using Xunit;

namespace Verifik.Engine.Tests;

/// <summary>
/// tests/Pester/NewDocumentLiveness.Tests.ps1 cannot run here (no pwsh, no Pester), so the engine checks what it can:
/// the file parses, every It names its engine twin with a 'Twin:Class.Method' tag that exists, and every engine test
/// of the New-VerifikDocumentLiveness stories has a Pester twin.
/// </summary>
public class CreatePesterTwinTests
{
    private static readonly string PesterFile = Path.Combine(RepoPaths.Root, "tests", "Pester", "NewDocumentLiveness.Tests.ps1");

    private static readonly Type[] StoryClasses =
    {
        typeof(CreatePipelineTests), typeof(CreateRecordTests), typeof(CreatePathTests), typeof(CreateBadInputTests),
        typeof(CreateRetryTests), typeof(CreateShouldProcessTests), typeof(CreateBulkTests),
    };

    private static (ScriptBlockAst Ast, ParseError[] Errors) Parse()
    {
        var ast = Parser.ParseFile(PesterFile, out _, out var errors);
        return (ast, errors);
    }

    /// <summary>Each It's name and the values of its -Tag argument.</summary>
    private static List<(string Name, List<string> Tags)> Its()
    {
        var its = new List<(string, List<string>)>();
        foreach (var command in Parse().Ast.FindAll(a => a is CommandAst c && c.GetCommandName() == "It", searchNestedScriptBlocks: true).Cast<CommandAst>())
        {
            var elements = command.CommandElements;
            var name = elements.Count > 1 && elements[1] is StringConstantExpressionAst s ? s.Value : "(unnamed)";
            var tags = new List<string>();
            for (var i = 0; i < elements.Count; i++)
            {
                if (elements[i] is not CommandParameterAst { ParameterName: var p } || !p.Equals("Tag", StringComparison.OrdinalIgnoreCase)) continue;
                var value = ((CommandParameterAst)elements[i]).Argument ?? (i + 1 < elements.Count ? elements[i + 1] : null);
                if (value != null) tags.AddRange(value.FindAll(a => a is StringConstantExpressionAst, true).Cast<StringConstantExpressionAst>().Select(t => t.Value));
            }
            its.Add((name, tags));
        }
        return its;
    }

    [Fact]
    public void The_Pester_file_parses_without_errors()
    {
        Assert.True(File.Exists(PesterFile), PesterFile);
        var errors = Parse().Errors;
        Assert.True(errors.Length == 0, string.Join("\n", errors.Select(e => $"line {e.Extent.StartLineNumber}: {e.Message}")));
    }

    [Fact]
    public void Every_It_names_an_engine_test_that_exists()
    {
        var its = Its();
        Assert.True(its.Count >= 30, "only " + its.Count + " It blocks found");
        foreach (var (name, tags) in its)
        {
            var twin = Assert.Single(tags, t => t.StartsWith("Twin:", StringComparison.Ordinal));
            var parts = twin["Twin:".Length..].Split('.');
            Assert.True(parts.Length == 2, $"'{name}': the tag '{twin}' is not Twin:<Class>.<Method>");
            var type = typeof(CreatePesterTwinTests).Assembly.GetType("Verifik.Engine.Tests." + parts[0]);
            Assert.True(type != null, $"'{name}': no engine test class {parts[0]}");
            var method = type!.GetMethod(parts[1]);
            Assert.True(method?.GetCustomAttribute<FactAttribute>() != null, $"'{name}': no test method {parts[0]}.{parts[1]}");
        }
    }

    [Fact]
    public void Every_engine_test_of_the_stories_has_a_Pester_twin()
    {
        var named = Its().SelectMany(it => it.Tags).Where(t => t.StartsWith("Twin:", StringComparison.Ordinal)).Select(t => t["Twin:".Length..]).ToHashSet();
        var tests = StoryClasses.SelectMany(t => t.GetMethods().Where(m => m.GetCustomAttribute<FactAttribute>() != null).Select(m => t.Name + "." + m.Name)).ToList();
        Assert.NotEmpty(tests);
        Assert.Empty(tests.Where(t => !named.Contains(t)));
    }
}
