using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace RedisRepo.Generators.Tests.Infrastructure;

/// <summary>Runs <see cref="RepositoryGenerator"/> over source text, as the compiler would in a user's project.</summary>
internal static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly Lazy<ImmutableArray<MetadataReference>> LazyReferences = new(LoadReferences);

    /// <summary>The framework, the RedisRepo runtime and its dependencies (StackExchange.Redis, MessagePack, DI).</summary>
    public static ImmutableArray<MetadataReference> References => LazyReferences.Value;

    public static CSharpCompilation Compilation(string source, string assemblyName = "UserModels", IEnumerable<MetadataReference>? extraReferences = null, NullableContextOptions nullable = NullableContextOptions.Enable) =>
        CSharpCompilation.Create(
            assemblyName,
            [CSharpSyntaxTree.ParseText(source, ParseOptions, path: "Models.cs")],
            References.AddRange(extraReferences ?? []),
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: nullable,
                generalDiagnosticOption: ReportDiagnostic.Error)
                .WithSpecificDiagnosticOptions(SdkSuppressions));

    /// <summary>What the .NET SDK suppresses in every build: assembly version unification notices.</summary>
    private static readonly Dictionary<string, ReportDiagnostic> SdkSuppressions = new()
    {
        ["CS1701"] = ReportDiagnostic.Suppress,
        ["CS1702"] = ReportDiagnostic.Suppress,
    };

    public static GeneratorDriver Driver() =>
        CSharpGeneratorDriver.Create(
            [new RepositoryGenerator().AsSourceGenerator()],
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    public static GeneratorOutput Run(string source, string assemblyName = "UserModels", IEnumerable<MetadataReference>? extraReferences = null) =>
        Run(Compilation(source, assemblyName, extraReferences));

    public static GeneratorOutput Run(CSharpCompilation compilation)
    {
        GeneratorDriver driver = Driver().RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> diagnostics);
        GeneratorRunResult result = driver.GetRunResult().Results.Single();
        Assert.Null(result.Exception);
        return new GeneratorOutput(driver, output, diagnostics, result.GeneratedSources);
    }

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        string[] platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        string[] ours =
        [
            typeof(RedisKeyAttribute).Assembly.Location,
            typeof(StackExchange.Redis.IDatabase).Assembly.Location,
            typeof(MessagePack.MessagePackWriter).Assembly.Location,
            typeof(Microsoft.Extensions.DependencyInjection.IServiceCollection).Assembly.Location,
        ];
        return platform.Concat(ours)
            .Where(path => path.EndsWith(".dll", StringComparison.Ordinal))
            .DistinctBy(Path.GetFileName)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();
    }
}

/// <summary>What one generator run produced.</summary>
internal sealed record GeneratorOutput(
    GeneratorDriver Driver,
    Compilation Compilation,
    ImmutableArray<Diagnostic> GeneratorDiagnostics,
    ImmutableArray<GeneratedSourceResult> Sources)
{
    /// <summary>Diagnostics of the compilation with the generated code added: warnings and errors alike.</summary>
    public ImmutableArray<Diagnostic> CompilationProblems =>
        Compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToImmutableArray();

    public string Source(string hintName) => Sources.Single(s => s.HintName == hintName).SourceText.ToString();

    /// <summary>A generated file with its wrapped lists joined back onto one line, for asserting on whole signatures.</summary>
    public string FlatSource(string hintName) =>
        System.Text.RegularExpressions.Regex.Replace(
            System.Text.RegularExpressions.Regex.Replace(Source(hintName), @"\(\n\s+", "("),
            @",\n\s+",
            ", ");

    /// <summary>Asserts the generator reported nothing and the output compiles with no warning.</summary>
    public GeneratorOutput AssertCleanCompile()
    {
        Assert.True(GeneratorDiagnostics.IsEmpty, "generator diagnostics:\n" + string.Join("\n", GeneratorDiagnostics));
        Assert.True(CompilationProblems.IsEmpty, "compilation problems:\n" + string.Join("\n", CompilationProblems));
        return this;
    }

    /// <summary>The source text a diagnostic points at (generator locations name a file and span).</summary>
    public string TextAt(Diagnostic diagnostic)
    {
        string path = diagnostic.Location.GetLineSpan().Path;
        return Compilation.SyntaxTrees.Single(t => t.FilePath == path).GetText().ToString(diagnostic.Location.SourceSpan);
    }

    /// <summary>The IDs of the generator's diagnostics, sorted.</summary>
    public string[] DiagnosticIds => GeneratorDiagnostics.Select(d => d.Id).Order(StringComparer.Ordinal).ToArray();
}
