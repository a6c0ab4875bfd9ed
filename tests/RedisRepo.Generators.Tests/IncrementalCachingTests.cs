using System.Collections;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using RedisRepo.Generators.Tests.Infrastructure;

namespace RedisRepo.Generators.Tests;

/// <summary>
/// The pipeline caches: edits that do not change a model reuse its output, because the specs are
/// equatable values that hold no symbols, syntax or compilation.
/// </summary>
public sealed class IncrementalCachingTests
{
    private const string Model = """
        using RedisRepo;
        namespace Finance;
        [RedisKey("finance:position:<Id>")]
        [Ttl(Days = 30)]
        public sealed class Position
        {
            public string Id { get; set; } = "";
            public string Ticker { get; set; } = "";
            public int Helper() { return 1; }
        }
        """;

    private static readonly string[] ModelSteps = ["Repositories", "Templates", "OverlapDiagnostics", "Registration"];

    [Fact]
    public void Adding_an_unrelated_type_reuses_every_step()
    {
        (GeneratorDriver driver, CSharpCompilation compilation) = FirstRun(Model);

        CSharpCompilation edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("public sealed class Unrelated { }", GeneratorHarness.ParseOptions));
        GeneratorRunResult result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        AssertAllReused(result, ["ParsedModels", "ModelDiagnostics", .. ModelSteps]);
    }

    [Fact]
    public void Changing_a_method_body_of_the_model_reuses_the_emitted_output()
    {
        (GeneratorDriver driver, CSharpCompilation compilation) = FirstRun(Model);
        SyntaxTree tree = compilation.SyntaxTrees.Single();

        CSharpCompilation edited = compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(tree.GetText().Replace(Model.IndexOf("return 1;", StringComparison.Ordinal), "return 1;".Length, "return 2;")));
        GeneratorRunResult result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        // The model is parsed again (its file changed) but the spec is equal, so nothing downstream re-runs.
        AssertAllReused(result, ModelSteps);
    }

    [Fact]
    public void A_line_inserted_above_the_model_reuses_its_output_while_diagnostics_follow_the_move()
    {
        const string Overlapping = """

            namespace Finance;
            [RedisKey("finance:position:<Id>")]
            [Persistent]
            public sealed class Copy { public string Id { get; set; } = ""; }
            """;
        (GeneratorDriver driver, CSharpCompilation compilation) = FirstRun(Model + Overlapping);
        SyntaxTree tree = compilation.SyntaxTrees.Single();
        int before = driver.GetRunResult().Diagnostics.Single(d => d.Id == "RR0005").Location.GetLineSpan().StartLinePosition.Line;

        CSharpCompilation edited = compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(tree.GetText().Replace(0, 0, "// a comment that moves every model down a line\n")));
        GeneratorDriver next = driver.RunGenerators(edited);
        GeneratorRunResult result = next.GetRunResult().Results.Single();

        AssertAllReused(result, ["Repositories", "Registration"]); // no source output is produced again
        Diagnostic overlap = next.GetRunResult().Diagnostics.Single(d => d.Id == "RR0005");
        Assert.Equal(before + 1, overlap.Location.GetLineSpan().StartLinePosition.Line);
    }

    [Fact]
    public void Changing_the_template_regenerates_the_repository()
    {
        (GeneratorDriver driver, CSharpCompilation compilation) = FirstRun(Model);
        SyntaxTree tree = compilation.SyntaxTrees.Single();

        CSharpCompilation edited = compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(Model.Replace("finance:position:", "finance:holding:"), GeneratorHarness.ParseOptions, tree.FilePath));
        GeneratorRunResult result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        Assert.Contains(result.TrackedSteps["Repositories"].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains("finance:holding:", result.GeneratedSources.Single(s => s.HintName == "Finance.Position.RedisRepository.g.cs").SourceText.ToString());
    }

    [Fact]
    public void Adding_or_editing_a_query_method_regenerates_only_the_queries()
    {
        const string Interface = """
            namespace Finance;
            public partial interface IPositionRepository
            {
                System.Threading.Tasks.Task<long> CountByTickerAsync(string ticker);
            }
            """;
        const string Indexed = """
            using RedisRepo;
            namespace Finance;
            [RedisKey("finance:position:<Id>")]
            [Persistent]
            public sealed class Position
            {
                public string Id { get; set; } = "";
                [Index] public string Ticker { get; set; } = "";
                [Index] public string Book { get; set; } = "";
            }
            """;
        CSharpCompilation compilation = GeneratorHarness.Compilation(Indexed).AddSyntaxTrees(CSharpSyntaxTree.ParseText(Interface.Replace("CountByTickerAsync(string ticker)", "CountByBookAsync(string book)"), GeneratorHarness.ParseOptions, "Queries.cs"));
        GeneratorDriver driver = GeneratorHarness.Driver().RunGenerators(compilation);
        SyntaxTree queries = compilation.SyntaxTrees.Single(t => t.FilePath == "Queries.cs");

        string added = Interface.Replace("CountByTickerAsync(string ticker);", "CountByTickerAsync(string ticker);\n    System.Threading.Tasks.Task<bool> ExistsByBookAsync(string book);");
        GeneratorRunResult result = driver.RunGenerators(compilation.ReplaceSyntaxTree(queries, CSharpSyntaxTree.ParseText(added, GeneratorHarness.ParseOptions, "Queries.cs"))).GetRunResult().Results.Single();

        AssertAllReused(result, ["ParsedModels", .. ModelSteps]);
        Assert.Contains(result.TrackedSteps["QueryMethods"].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        string source = result.GeneratedSources.Single(s => s.HintName == "Finance.Position.RedisQueries.g.cs").SourceText.ToString();
        Assert.Contains("ExistsByBookAsync(string book)", source);
        Assert.DoesNotContain("CountByBookAsync", source);
    }

    [Fact]
    public void Specs_hold_no_symbols_syntax_or_compilation()
    {
        (GeneratorDriver driver, _) = FirstRun(Model);
        GeneratorRunResult result = driver.GetRunResult().Results.Single();

        foreach (string step in new[] { "ParsedModels", "Repositories", "Registration", "Templates", "Queries" })
        {
            foreach (var output in result.TrackedSteps[step].SelectMany(s => s.Outputs))
            {
                AssertPlainData(output.Value, step, []);
            }
        }
    }

    private static (GeneratorDriver Driver, CSharpCompilation Compilation) FirstRun(string source)
    {
        CSharpCompilation compilation = GeneratorHarness.Compilation(source);
        GeneratorDriver driver = GeneratorHarness.Driver().RunGenerators(compilation);
        return (driver, compilation);
    }

    private static void AssertAllReused(GeneratorRunResult result, IEnumerable<string> steps)
    {
        foreach (string step in steps)
        {
            Assert.True(result.TrackedSteps.ContainsKey(step), $"step {step} was not tracked");
            foreach (var (_, reason) in result.TrackedSteps[step].SelectMany(s => s.Outputs))
            {
                Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"step {step} ran again: {reason}");
            }
        }
    }

    /// <summary>Walks an output's object graph and fails on anything that would pin a compilation.</summary>
    private static void AssertPlainData(object? value, string path, HashSet<object> seen)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || !seen.Add(value))
        {
            return;
        }

        Assert.False(value is ISymbol or SyntaxNode or Compilation or SemanticModel or SyntaxTree, $"{path} holds a {value.GetType().Name}");
        if (value is DiagnosticDescriptor)
        {
            return; // an immutable descriptor: equatable, pins nothing
        }

        if (value is IEnumerable items)
        {
            int i = 0;
            foreach (object? item in items)
            {
                AssertPlainData(item, $"{path}[{i++}]", seen);
            }
        }

        foreach (PropertyInfo property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length == 0 && property.Name != "EqualityContract")
            {
                AssertPlainData(property.GetValue(value), $"{path}.{property.Name}", seen);
            }
        }
    }
}
