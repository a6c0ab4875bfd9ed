using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using RedisRepo.Generators;

namespace RedisRepo.Benchmarks.Benchmarks;

/// <summary>
/// The source generator over a project of 200 models (one file each, two indexes and a TTL):
/// a full run, as in a clean build, and incremental runs after an edit, as in the IDE.
/// </summary>
public class GeneratorBenchmarks
{
    private const int Models = 200;
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private CSharpCompilation _compilation = null!;
    private GeneratorDriver _warm = null!;
    private CSharpCompilation _unrelatedEdit = null!;
    private CSharpCompilation _modelEdit = null!;

    [GlobalSetup]
    public void Setup()
    {
        var trees = Enumerable.Range(0, Models).Select(i => Parse(Model(i, extra: ""), $"Model{i}.cs")).ToList();
        trees.Add(Parse(Service(""), "Service.cs"));
        _compilation = CSharpCompilation.Create("Models200", trees, References(), new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        _warm = NewDriver().RunGenerators(_compilation);
        if (_warm.GetRunResult().GeneratedTrees.Length != (Models * 2) + 1)
        {
            throw new InvalidOperationException($"expected {(Models * 2) + 1} generated files, got {_warm.GetRunResult().GeneratedTrees.Length}");
        }

        SyntaxTree service = trees[^1];
        _unrelatedEdit = _compilation.ReplaceSyntaxTree(service, Parse(Service("public int Added() => 42;"), "Service.cs"));
        _modelEdit = _compilation.ReplaceSyntaxTree(trees[7], Parse(Model(7, extra: "public string Added { get; set; } = \"\";"), "Model7.cs"));
    }

    [Benchmark(Baseline = true, Description = "full run, 200 models")]
    public GeneratorDriver FullRun() => NewDriver().RunGenerators(_compilation);

    [Benchmark(Description = "incremental: edit outside the models")]
    public GeneratorDriver UnrelatedEdit() => _warm.RunGenerators(_unrelatedEdit);

    [Benchmark(Description = "incremental: edit one model")]
    public GeneratorDriver ModelEdit() => _warm.RunGenerators(_modelEdit);

    private static GeneratorDriver NewDriver() =>
        CSharpGeneratorDriver.Create([new RepositoryGenerator().AsSourceGenerator()], parseOptions: ParseOptions);

    private static SyntaxTree Parse(string text, string path) => CSharpSyntaxTree.ParseText(text, ParseOptions, path);

    private static string Model(int i, string extra) => $$"""
        using System;
        using RedisRepo;

        namespace Shop.Models{{i / 20}};

        [RedisKey("shop:m{{i}}:<Id>")]
        [Ttl(Hours = 1)]
        public sealed class Model{{i}}
        {
            public Guid Id { get; set; }
            [Index] public string Owner { get; set; } = "";
            [SortedIndex] public DateTime CreatedAt { get; set; }
            public decimal Amount { get; set; }
            public string? Notes { get; set; }
            {{extra}}
        }
        """;

    private static string Service(string extra) => $$"""
        namespace Shop;

        public sealed class Service
        {
            public int Answer() => 41;
            {{extra}}
        }
        """;

    private static ImmutableArray<MetadataReference> References()
    {
        string[] platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        return platform
            .Append(typeof(RedisKeyAttribute).Assembly.Location)
            .Where(path => path.EndsWith(".dll", StringComparison.Ordinal))
            .DistinctBy(Path.GetFileName)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();
    }
}
