using System.Management.Automation.Language;
using System.Reflection;
using Xunit;

namespace Verifik.Engine.Tests;

/// <summary>
/// The Pester suite cannot run here (no pwsh), so this checks what can be checked without it: every file in
/// tests/Pester parses with the engine's own parser, and every <c>-Tag 'Twin:Class.Method'</c> of an It names a test
/// of this assembly; in a file that uses such tags, every It has one.
/// </summary>
public class PesterTwinTests
{
    private const string TwinPrefix = "Twin:";
    private static readonly string PesterFolder = Path.Combine(RepoPaths.Root, "tests", "Pester");

    public static readonly TheoryData<string> PesterFiles = new(
        Directory.GetFiles(PesterFolder).Where(f => f.EndsWith(".ps1") || f.EndsWith(".psm1")).Select(Path.GetFileName).OrderBy(f => f)!);

    [Theory]
    [MemberData(nameof(PesterFiles))]
    public void The_file_parses_without_errors(string file)
    {
        Parser.ParseFile(Path.Combine(PesterFolder, file), out _, out var errors);
        Assert.True(errors.Length == 0, file + ":\n" + string.Join("\n", errors.Select(e => $"line {e.Extent.StartLineNumber}: {e.Message}")));
    }

    [Theory]
    [MemberData(nameof(PesterFiles))]
    public void Every_twin_tag_names_an_engine_test_and_a_file_that_uses_them_tags_every_It(string file)
    {
        var ast = Parser.ParseFile(Path.Combine(PesterFolder, file), out _, out _);
        var its = ast.FindAll(a => a is CommandAst c && string.Equals(c.GetCommandName(), "It", StringComparison.OrdinalIgnoreCase), true)
            .Cast<CommandAst>().ToList();
        var tagged = its.Select(it => (It: it, Twins: Tags(it).Where(t => t.StartsWith(TwinPrefix, StringComparison.Ordinal)).ToList())).ToList();
        if (tagged.All(t => t.Twins.Count == 0)) return; // an older file without twin tags

        var untagged = tagged.Where(t => t.Twins.Count == 0).Select(t => $"line {t.It.Extent.StartLineNumber}").ToList();
        Assert.True(untagged.Count == 0, file + ": It blocks without a Twin: tag at " + string.Join(", ", untagged));
        var unknown = tagged.SelectMany(t => t.Twins).Where(t => !NamesATest(t[TwinPrefix.Length..])).ToList();
        Assert.True(unknown.Count == 0, file + ": twin tags naming no engine test: " + string.Join(", ", unknown));
    }

    /// <summary>The constant values of the It's -Tag argument (a string or an array of strings).</summary>
    private static IEnumerable<string> Tags(CommandAst it)
    {
        var elements = it.CommandElements;
        for (var i = 0; i < elements.Count; i++)
        {
            if (elements[i] is not CommandParameterAst { ParameterName: var name } parameter ||
                !name.Equals("Tag", StringComparison.OrdinalIgnoreCase)) continue;
            var value = parameter.Argument ?? (i + 1 < elements.Count ? elements[i + 1] : null);
            return value?.FindAll(a => a is StringConstantExpressionAst, true).Cast<StringConstantExpressionAst>().Select(s => s.Value) ?? [];
        }
        return [];
    }

    private static bool NamesATest(string twin)
    {
        var dot = twin.LastIndexOf('.');
        if (dot <= 0) return false;
        var type = typeof(PesterTwinTests).Assembly.GetType("Verifik.Engine.Tests." + twin[..dot]);
        var method = type?.GetMethod(twin[(dot + 1)..], BindingFlags.Public | BindingFlags.Instance);
        return method != null && method.GetCustomAttributes<FactAttribute>(inherit: true).Any();
    }
}
