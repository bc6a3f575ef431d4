using Xunit;

namespace Verifik.Engine.Tests;

/// <summary>
/// The module's public types, named the way scripts name them: type literals, -is, casts, typed parameters,
/// catch clauses, and string-to-type conversion (what Pester's Should -BeOfType does). PowerShell resolves type
/// names only from assemblies in its default load context, so these fail if a public type lives in the module's
/// isolated context.
/// </summary>
public class TypeNameTests : SandboxTestBase
{
    /// <summary>Every public type the module writes or accepts.</summary>
    private static readonly string[] PublicTypeNames =
    {
        "Verifik.DocumentLiveness", "Verifik.CodeList", "Verifik.VerifikApiException", "Verifik.VerifikFailure", "Verifik.ApiError",
        "Verifik.PowerShell.VerifikContext", "Verifik.PowerShell.VerifikConnection",
        "Verifik.PowerShell.VerifikAccessTokenInfo", "Verifik.PowerShell.VerifikAccessToken", "Verifik.PowerShell.VerifikPlainTextAccessToken",
    };

    public static readonly TheoryData<string> PublicTypes = new(PublicTypeNames);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        DocumentedPayloads.SeedDocumented(Server.Records);
        Server.Records.AddFlat("a");
        Server.Records.AddFlat("b");
        Connect();
    }

    [Fact]
    public void Every_public_type_resolves_by_name_right_after_Import_Module_in_a_new_process()
    {
        var names = PublicTypeNames;
        var script = string.Join("; ", names.Select(n => $"[{n}].FullName; ('{n}' -as [type]).FullName"));
        var (output, errors) = FreshProcess.Run(script);
        Assert.Empty(errors);
        Assert.Equal(names.SelectMany(n => new[] { n, n }), output);
    }

    [Theory]
    [MemberData(nameof(PublicTypes))]
    public void The_type_literal_names_the_type_the_module_uses(string name)
    {
        var resolved = Host.Run($"[{name}].AssemblyQualifiedName").Single().BaseObject;
        Assert.Empty(Host.Errors);
        Assert.StartsWith(name + ",", (string)resolved);
    }

    [Fact]
    public void Records_are_DocumentLiveness_by_is_by_cast_and_by_string_type_name()
    {
        var answers = Host.Run("""
            $r = Get-VerifikDocumentLiveness -Id $id
            $r -is [Verifik.DocumentLiveness]
            $r -is ('Verifik.DocumentLiveness' -as [type])
            ([Verifik.DocumentLiveness]$r).Id
            $r.ScreenReplayWarnings -is [Verifik.CodeList]
            [Verifik.DocumentLiveness[]]$all = 'a', 'b' | Get-VerifikDocumentLiveness
            $all.Count
            $all.GetType().FullName
            """, ("id", DocumentedPayloads.FlatId));
        Assert.Empty(Host.Errors);
        Assert.Equal(new object[] { true, true, DocumentedPayloads.FlatId, true, 2, "Verifik.DocumentLiveness[]" }, answers.Select(o => o.BaseObject));
    }

    [Fact]
    public void A_script_block_with_typed_parameters_receives_the_pipeline_output()
    {
        var ids = Host.Run("""
            $report = {
                param([Parameter(ValueFromPipeline)][Verifik.DocumentLiveness[]]$Record)
                process { foreach ($r in $Record) { $r.Id + ':' + $r.GetType().Name } }
            }
            'a', 'b' | Get-VerifikDocumentLiveness | & $report
            & { param([Verifik.DocumentLiveness[]]$r) $r.Count } (Get-VerifikDocumentLiveness -Id a, b)
            """);
        Assert.Empty(Host.Errors);
        Assert.Equal(new object[] { "a:DocumentLiveness", "b:DocumentLiveness", 2 }, ids.Select(o => o.BaseObject));
    }

    [Fact]
    public void The_type_name_works_inside_ForEach_Object_Parallel()
    {
        var answers = Host.Run("""
            'a', 'b' | Get-VerifikDocumentLiveness |
                ForEach-Object -Parallel { '{0}:{1}' -f ([Verifik.DocumentLiveness]$_).Id, ($_ -is [Verifik.DocumentLiveness]) } -ThrottleLimit 2
            """);
        Assert.Empty(Host.Errors);
        Assert.Equal(new[] { "a:True", "b:True" }, answers.Select(o => (string)o.BaseObject).OrderBy(x => x));
    }

    [Fact]
    public void Failures_can_be_caught_by_exception_type_and_compared_to_the_failure_enum()
    {
        var answers = Host.Run("""
            try { Get-VerifikDocumentLiveness -Id missing -ErrorAction Stop }
            catch [Verifik.VerifikApiException] { $_.Exception.Failure -eq [Verifik.VerifikFailure]::NotFound; $_.Exception.ApiError -is [Verifik.ApiError] }
            """);
        Assert.Equal(new object[] { true, true }, answers.Select(o => o.BaseObject));
    }

    [Fact]
    public void The_context_is_a_VerifikContext()
    {
        var answers = Host.Run("""
            $context = Get-VerifikContext
            $context -is [Verifik.PowerShell.VerifikContext]
            $context -is ('Verifik.PowerShell.VerifikContext' -as [type])
            """);
        Assert.Empty(Host.Errors);
        Assert.Equal(new object[] { true, true }, answers.Select(o => o.BaseObject));
    }
}
