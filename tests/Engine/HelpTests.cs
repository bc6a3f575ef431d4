using System.Management.Automation;
using System.Xml.Linq;
using Xunit;

namespace Verifik.Engine.Tests;

/// <summary>
/// The help the build generates from docs/ (build/Help.targets): read back through Get-Help in the real
/// engine, for every exported cmdlet, and checked against the cmdlets' own parameter metadata.
/// </summary>
public sealed class HelpTests : IDisposable
{
    private static readonly string HelpFolder = Path.Combine(RepoPaths.Root, "out", "Verifik", "en-US");
    private static readonly string MamlFile = Path.Combine(HelpFolder, "Verifik.PowerShell.dll-Help.xml");
    private static readonly string AboutFile = Path.Combine(HelpFolder, "about_Verifik.help.txt");

    /// <summary>The common parameters (and risk-mitigation ones) that the help does not need to describe.</summary>
    private static readonly HashSet<string> Common = new(StringComparer.OrdinalIgnoreCase)
    {
        "Verbose", "Debug", "ErrorAction", "WarningAction", "InformationAction", "ProgressAction", "ErrorVariable",
        "WarningVariable", "InformationVariable", "OutVariable", "OutBuffer", "PipelineVariable", "WhatIf", "Confirm",
    };

    private static readonly string[] CmdletNames =
    {
        "Connect-Verifik", "Get-VerifikContext", "Disconnect-Verifik", "Get-VerifikDocumentLiveness",
        "Save-VerifikDocumentLivenessImage",
    };

    public static readonly TheoryData<string> Cmdlets = new(CmdletNames);

    private readonly ModuleHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public void Every_exported_cmdlet_is_covered_by_these_tests()
    {
        var exported = _host.Run("(Get-Module Verifik).ExportedCmdlets.Keys").Select(o => o.ToString()).OrderBy(n => n).ToList();
        Assert.Equal(CmdletNames.OrderBy(n => n), exported);
    }

    [Fact]
    public void The_maml_file_is_well_formed_and_has_one_command_per_exported_cmdlet()
    {
        Assert.True(File.Exists(MamlFile), MamlFile + " was not generated; run 'dotnet build -c Release'.");
        var doc = XDocument.Load(MamlFile);
        XNamespace msh = "http://msh", command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
        Assert.Equal(msh + "helpItems", doc.Root!.Name);
        var names = doc.Root.Elements(command + "command").Select(c => (string)c.Element(command + "details")!.Element(command + "name")!).OrderBy(n => n);
        Assert.Equal(CmdletNames.OrderBy(n => n), names);
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void Get_Help_Full_has_a_written_synopsis_a_description_and_runnable_examples(string name)
    {
        var help = Help(name);
        Assert.Equal("Cmdlet", help.Properties["Category"].Value?.ToString());

        var synopsis = (help.Properties["Synopsis"].Value?.ToString() ?? string.Empty).Trim();
        Assert.False(string.IsNullOrWhiteSpace(synopsis), name + ": no synopsis.");
        // Without help files, Get-Help makes the synopsis out of the syntax ("Connect-Verifik [[-Token] <securestring>] ...").
        Assert.False(synopsis.StartsWith(name, StringComparison.OrdinalIgnoreCase) || synopsis.Contains("<CommonParameters>"),
            name + ": the synopsis is the auto-generated syntax: " + synopsis);

        var description = Text(_host.Run("@($h.description) | ForEach-Object { $_.Text }", ("h", help)));
        Assert.True(description.Length > 40, name + ": the description is missing or too short: '" + description + "'.");

        var examples = _host.Run("@($h.examples.example)", ("h", help));
        Assert.True(examples.Count >= 2, name + ": " + examples.Count + " example(s); at least 2 wanted.");
        foreach (var example in examples)
        {
            var title = example.Properties["title"].Value?.ToString();
            var code = example.Properties["code"].Value?.ToString();
            Assert.False(string.IsNullOrWhiteSpace(title), name + ": an example has no title.");
            Assert.False(string.IsNullOrWhiteSpace(code), name + ": the example '" + title + "' has no code.");
            Assert.Contains("-Verifik", code!, StringComparison.OrdinalIgnoreCase);
            // Every example must at least parse.
            var errors = _host.Run("$e = $null; $null = [System.Management.Automation.Language.Parser]::ParseInput($c, [ref]$null, [ref]$e); @($e).Count", ("c", code));
            Assert.True((int)errors.Single().BaseObject == 0, name + ": the code of '" + title + "' does not parse:\n" + code);
        }
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void Every_parameter_has_a_description_in_the_help(string name)
    {
        var help = Help(name);
        var parameters = _host.Run("(Get-Command $n).Parameters.Keys", ("n", name)).Select(o => o.ToString()!).Where(p => !Common.Contains(p)).ToList();
        var missing = new List<string>();
        foreach (var parameter in parameters)
        {
            var text = Text(_host.Run(
                "@($h.parameters.parameter | Where-Object { $_.name -eq $p }) | ForEach-Object { @($_.description) | ForEach-Object { $_.Text } }",
                ("h", help), ("p", parameter)));
            if (text.Trim().Length == 0) missing.Add(parameter);
        }
        Assert.True(missing.Count == 0, name + ": no description in the help for -" + string.Join(", -", missing));
        if (name == "Get-VerifikDocumentLiveness")
        {
            Assert.Superset(new HashSet<string> { "First", "Skip", "IncludeTotalCount", "MaxRetry", "TimeoutSec" }, parameters.ToHashSet());
        }
    }

    /// <summary>
    /// The metadata in the docs' yaml blocks (type, required, position, pipeline input, aliases, accepted values,
    /// parameter sets) must say what the C# attributes say: compared set by set through Get-Help's syntax items.
    /// </summary>
    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void Parameter_metadata_in_the_help_matches_the_cmdlet(string name)
    {
        var help = Help(name);
        // No Sort-Object in the hosted engine: the scripts write "<set>\t<row>" lines, grouped and sorted here.
        var actual = Sets(_host.Run(@"
            function sorted($items) { $a = [string[]]@($items | Where-Object { $_ }); [Array]::Sort($a, [StringComparer]::OrdinalIgnoreCase); $a -join ',' }
            $i = 0
            foreach ($set in (Get-Command $n).ParameterSets) {
                $i++
                foreach ($p in $set.Parameters) {
                    if ($common -contains $p.Name) { continue }
                    $type = $p.ParameterType
                    $under = [System.Nullable]::GetUnderlyingType($type); if ($under) { $type = $under }
                    $pipe = @(); if ($p.ValueFromPipeline) { $pipe += 'ByValue' }; if ($p.ValueFromPipelineByPropertyName) { $pipe += 'ByPropertyName' }
                    $values = @($p.Attributes | Where-Object { $_ -is [System.Management.Automation.ValidateSetAttribute] } | ForEach-Object { $_.ValidValues })
                    ""$i`t"" + ('{0}|{1}|{2}|{3}|{4}|{5}|{6}' -f $p.Name, $type.Name, $p.IsMandatory.ToString().ToLowerInvariant(),
                        $(if ($p.Position -eq [int]::MinValue) { 'named' } else { $p.Position }),
                        $(if ($pipe) { 'True (' + ($pipe -join ', ') + ')' } else { 'False' }),
                        (sorted $p.Aliases), (sorted $values))
                }
                ""$i`t""
            }", ("n", name), ("common", Common.ToArray())));
        Assert.Empty(_host.Errors);

        var documented = Sets(_host.Run(@"
            function sorted($items) { $a = [string[]]@($items | Where-Object { $_ }); [Array]::Sort($a, [StringComparer]::OrdinalIgnoreCase); $a -join ',' }
            $i = 0
            foreach ($item in @($h.syntax.syntaxItem)) {
                $i++
                foreach ($p in @($item.parameter)) {
                    if ($null -eq $p -or $common -contains $p.name) { continue }
                    $full = @($h.parameters.parameter | Where-Object { $_.name -eq $p.name })[0]
                    $aliases = if ($full.aliases -and $full.aliases -ne 'none') { $full.aliases -split ',\s*' } else { @() }
                    $values = @($p.parameterValueGroup.parameterValue | ForEach-Object { if ($_ -is [string]) { $_ } else { $_.'#text' } })
                    ""$i`t"" + ('{0}|{1}|{2}|{3}|{4}|{5}|{6}' -f $p.name, $full.type.name, $p.required, $p.position, $p.pipelineInput,
                        (sorted $aliases), (sorted $values))
                }
                ""$i`t""
            }", ("h", help), ("common", Common.ToArray())));
        Assert.Empty(_host.Errors);

        Assert.NotEmpty(actual);
        if (name is "Connect-Verifik" or "Get-VerifikDocumentLiveness") Assert.All(actual, set => Assert.NotEqual(string.Empty, set));
        var onlyInCmdlet = actual.Except(documented).ToList();
        var onlyInHelp = documented.Except(actual).ToList();
        Assert.True(onlyInCmdlet.Count == 0 && onlyInHelp.Count == 0 && actual.Count == documented.Count,
            name + ": the help's parameter sets (Name|Type|Required|Position|PipelineInput|Aliases|AcceptedValues) differ from the cmdlet's." +
            "\nCmdlet:\n  " + string.Join("\n  ", onlyInCmdlet.Select(set => set.Replace(";", "\n    "))) +
            "\nHelp:\n  " + string.Join("\n  ", onlyInHelp.Select(set => set.Replace(";", "\n    "))));
    }

    [Fact]
    public void Get_Help_finds_the_about_topic_with_its_sections()
    {
        Assert.True(File.Exists(AboutFile), AboutFile + " was not generated; run 'dotnet build -c Release'.");
        var text = Text(_host.Run("Get-Help about_Verifik"));
        Assert.Empty(_host.Errors);
        foreach (var heading in new[] { "TOPIC", "SHORT DESCRIPTION", "LONG DESCRIPTION", "SEE ALSO" })
        {
            Assert.Matches(new System.Text.RegularExpressions.Regex("^" + heading + "\\s*$", System.Text.RegularExpressions.RegexOptions.Multiline), text);
        }
        Assert.Contains("about_Verifik", text);
        // The topics the brief asks for, and the API notes quoted rather than paraphrased into thresholds.
        foreach (var phrase in new[] { "VERIFIK_TOKEN", "-ThrottleLimit", "TargetObject", "Retry-After", "-MaxRetry", "-TimeoutSec", "-Verbose",
                     "SOFT, REGULAR or HARD", "raw and unbounded", "do not invent", "GLARE_ON_IMAGE", "DOCUMENT_CROPPED",
                     "--urls http://127.0.0.1:5080", "Export-Csv failed.csv" })
        {
            Assert.Contains(phrase, text);
        }
        Assert.All(text.Split('\n'), line => Assert.True(line.TrimEnd().Length <= 80 || line.StartsWith("        "), "A prose line is wider than 80 columns: " + line));
    }

    private PSObject Help(string name)
    {
        var help = _host.Run("Get-Help $n -Full", ("n", name));
        Assert.Empty(_host.Errors);
        return Assert.Single(help);
    }

    /// <summary>"&lt;set&gt;\t&lt;row&gt;" lines to one sorted, ';'-joined string per parameter set, the sets sorted too.</summary>
    private static List<string> Sets(IEnumerable<PSObject> lines) =>
        lines.Select(o => o.ToString()!.Split('\t', 2))
            .GroupBy(parts => parts[0], parts => parts[1])
            .Select(set => string.Join(";", set.Where(row => row.Length > 0).OrderBy(row => row, StringComparer.OrdinalIgnoreCase)))
            .OrderBy(set => set, StringComparer.Ordinal)
            .ToList();

    private static string Text(IEnumerable<PSObject> output) => string.Join("\n", output.Where(o => o != null).Select(o => o.ToString()));
}
