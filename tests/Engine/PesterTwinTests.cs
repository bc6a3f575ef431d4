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

    [Theory]
    [MemberData(nameof(PesterTestFiles))]
    public void Every_It_names_an_engine_twin_that_exists(string fileName)
    {
        var relative = "tests/Pester/" + fileName;
        var ast = ParseWithoutErrors(Path.Combine(PesterFolder, fileName), relative);

        var its = FindIts(ast);
        Assert.True(its.Count > 0, relative + ": no It found; is this a Pester test file?");
        var problems = Problems(its, relative, typeof(PesterTwinTests).Assembly);
        Assert.True(problems.Count == 0,
            $"{relative}: {problems.Count} problem(s) in its {its.Count} It blocks, each of which must name an existing engine twin " +
            $"(tag each with -Tag '{TwinPrefix}<EngineTestClass>.<Method>' naming a [Fact]/[Theory] in tests/Engine):\n  " +
            string.Join("\n  ", problems));
    }

    /// <summary>
    /// The other direction, for the stories of these engine test classes: each of their tests is named as the twin of
    /// some Pester It. (Classes of other kinds, such as the proxy's or the parser's own unit-like tests, are not listed.)
    /// </summary>
    public static readonly TheoryData<string> StoryClasses = new()
    {
        nameof(SeveralConnectionsTests), nameof(TypeNameTests),
        "CreatePipelineTests", "CreateRecordTests", "CreatePathTests", "CreateBadInputTests", "CreateRetryTests", "CreateShouldProcessTests", "CreateBulkTests",
        "SignInTests", "InteractivePromptTests", "SignInHygieneTests", "AccessTokenTests",
        "SaveImageTests", "SaveImageSafetyTests",
        "BulkLimitsTests",
        "ConnectValidationTests", "ProxyBypassTests", "HttpClientSharingTests", "ConnectionPoolTests",
        "HostileBodyTests", "HostileListingTests", "HostileValueTests",
    };

    [Theory]
    [MemberData(nameof(StoryClasses))]
    public void Every_story_of_the_class_has_a_Pester_twin(string className)
    {
        var type = typeof(PesterTwinTests).Assembly.GetType("Verifik.Engine.Tests." + className);
        Assert.True(type != null, "no engine test class " + className);
        var named = PesterFileNames()
            .SelectMany(f => FindIts(ParseWithoutErrors(Path.Combine(PesterFolder, f), f)))
            .SelectMany(it => it.Tags ?? Array.Empty<string>())
            .Where(t => t.StartsWith(TwinPrefix, StringComparison.Ordinal))
            .Select(t => t[TwinPrefix.Length..])
            .ToHashSet(StringComparer.Ordinal);
        var stories = type!.GetMethods().Where(m => m.GetCustomAttribute<FactAttribute>() != null).Select(m => className + "." + m.Name).ToList();
        Assert.NotEmpty(stories);
        var untwinned = stories.Where(t => !named.Contains(t)).ToList();
        Assert.True(untwinned.Count == 0, "engine stories with no Pester It naming them as its twin:\n  " + string.Join("\n  ", untwinned));
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

    /// <summary>The checker itself: an It without a tag, a twin that is not there, a method that is no test, malformed and computed tags.</summary>
    [Fact]
    public void The_checker_reports_each_It_without_an_existing_twin_by_file_It_and_twin()
    {
        var ast = Parser.ParseInput("""
            Describe 'd' {
                It 'has a twin' -Tag 'Twin:PesterTwinTests.The_Pester_suite_is_where_these_tests_look' { 1 | Should -Be 1 }
                It 'has two twins, one of them a theory' -Tag 'slow', 'Twin:PesterTwinTests.The_Pester_suite_is_where_these_tests_look', 'Twin:PesterTwinTests.Every_It_names_an_engine_twin_that_exists' { }
                It 'has no tag' { }
                It 'has only other tags' -Tag 'slow' { }
                It -Name 'names a missing class' -Tag 'Twin:NoSuchTests.Anything' { }
                It 'names a missing method' -Tag:'Twin:PesterTwinTests.No_such_method' { }
                It 'names a method that is no test' -Tag 'Twin:PesterTwinTests.PesterTestFiles' { }
                It 'has a malformed twin' -Tag 'Twin:JustAClass' { }
                It 'has a computed tag' -Tag "Twin:$name" { }
            }
            """, out _, out var errors);
        Assert.Empty(errors);

        var its = FindIts(ast);
        Assert.Equal(9, its.Count);
        var problems = Problems(its, "x/Sample.Tests.ps1", typeof(PesterTwinTests).Assembly);

        Assert.Equal(7, problems.Count);
        Assert.All(problems, p => Assert.StartsWith("x/Sample.Tests.ps1:", p));
        Assert.Contains(problems, p => p.Contains("It 'has no tag'") && p.Contains("no Twin: tag"));
        Assert.Contains(problems, p => p.Contains("It 'has only other tags'") && p.Contains("no Twin: tag"));
        Assert.Contains(problems, p => p.Contains("It 'names a missing class'") && p.Contains("'Twin:NoSuchTests.Anything'") && p.Contains("no engine test class 'NoSuchTests'"));
        Assert.Contains(problems, p => p.Contains("It 'names a missing method'") && p.Contains("'Twin:PesterTwinTests.No_such_method'") && p.Contains("no [Fact] or [Theory]"));
        Assert.Contains(problems, p => p.Contains("It 'names a method that is no test'") && p.Contains("no [Fact] or [Theory]"));
        Assert.Contains(problems, p => p.Contains("It 'has a malformed twin'") && p.Contains("<EngineTestClass>.<Method>"));
        Assert.Contains(problems, p => p.Contains("It 'has a computed tag'") && p.Contains("constant"));
        Assert.Contains(problems, p => p.StartsWith("x/Sample.Tests.ps1:4:")); // the line of 'has no tag'
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

    internal static List<string> Problems(IEnumerable<ItBlock> its, string file, Assembly engineTests)
    {
        var problems = new List<string>();
        foreach (var it in its)
        {
            var where = $"{file}:{it.Line}: It '{it.Name}'";
            if (it.Tags == null)
            {
                problems.Add($"{where} has a -Tag that is not a constant string, so its twin cannot be checked.");
                continue;
            }
            var twins = it.Tags.Where(t => t.StartsWith(TwinPrefix, StringComparison.Ordinal)).ToList();
            if (twins.Count == 0) problems.Add($"{where} has no Twin: tag.");
            foreach (var twin in twins)
            {
                var missing = MissingTwin(twin[TwinPrefix.Length..], engineTests);
                if (missing != null) problems.Add($"{where} names '{twin}', but {missing}.");
            }
        }
        return problems;
    }

    /// <summary>Why "Class.Method" is not a test of the engine assembly, or null when it is.</summary>
    private static string? MissingTwin(string name, Assembly engineTests)
    {
        var dot = name.LastIndexOf('.');
        if (dot <= 0 || dot == name.Length - 1) return "a twin is named '" + TwinPrefix + "<EngineTestClass>.<Method>'";
        var (className, methodName) = (name[..dot], name[(dot + 1)..]);
        var type = engineTests.GetTypes().FirstOrDefault(t => !t.IsNested && (t.Name == className || t.FullName == className));
        if (type == null) return $"there is no engine test class '{className}'";
        var isTest = type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
            .Any(m => m.Name == methodName && m.IsDefined(typeof(FactAttribute), inherit: true)); // [Theory] is a [Fact]
        return isTest ? null : $"{type.Name} has no [Fact] or [Theory] method '{methodName}'";
    }

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
