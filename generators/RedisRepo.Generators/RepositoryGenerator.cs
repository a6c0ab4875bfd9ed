using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using RedisRepo.Generators.Emitting;
using RedisRepo.Generators.Model;
using RedisRepo.Generators.Parsing;

namespace RedisRepo.Generators
{
    /// <summary>
    /// The pipeline: each [RedisKey] class is parsed into an equatable <see cref="RepositorySpec"/>
    /// (Parsing), which the emitters turn into source (Emitting). Specs hold no symbols, syntax or
    /// positions, so an edit that does not change a model (even one that moves it) reuses its cached output.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class RepositoryGenerator : IIncrementalGenerator
    {
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            IncrementalValuesProvider<Result<RepositorySpec>> parsed = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    KnownNames.RedisKeyAttribute,
                    static (node, _) => node is ClassDeclarationSyntax or RecordDeclarationSyntax,
                    ModelParser.Parse)
                .WithTrackingName(TrackingNames.ParsedModels);

            context.RegisterSourceOutput(
                parsed.Select(static (result, _) => result.Diagnostics).WithTrackingName(TrackingNames.ModelDiagnostics),
                static (output, diagnostics) => Report(output, diagnostics));

            IncrementalValuesProvider<RepositorySpec> repositories = parsed
                .Where(static result => result.Value is not null)
                .Select(static (result, _) => result.Value!)
                .WithTrackingName(TrackingNames.Repositories);

            context.RegisterSourceOutput(repositories, static (output, spec) =>
            {
                string hint = (spec.Namespace is null ? "" : spec.Namespace + ".") + spec.ModelName;
                output.AddSource(hint + ".RedisRepository.g.cs", RepositoryEmitter.Emit(spec));
                output.AddSource(hint + ".RedisFormatter.g.cs", FormatterEmitter.Emit(spec));
            });

            // Derived query methods: what users declare on a model's partial repository interface,
            // checked against that model. The emitted part holds no positions, so moving a
            // declaration re-runs only the diagnostics.
            IncrementalValueProvider<ImmutableArray<DeclaredQueries>> declared = context.SyntaxProvider
                .CreateSyntaxProvider(DeclaredQueryParser.IsCandidate, DeclaredQueryParser.Parse)
                .Where(static queries => queries is not null)
                .Select(static (queries, _) => queries!)
                .WithTrackingName(TrackingNames.DeclaredQueries)
                .Collect();

            IncrementalValuesProvider<Result<QuerySetSpec>> queries = repositories
                .Combine(declared)
                .Select(static (input, _) => QueryMethodParser.Check(input.Left, input.Right))
                .WithTrackingName(TrackingNames.Queries);

            context.RegisterSourceOutput(
                queries.Select(static (result, _) => result.Diagnostics).WithTrackingName(TrackingNames.QueryDiagnostics),
                static (output, diagnostics) => Report(output, diagnostics));

            context.RegisterSourceOutput(
                queries.Select(static (result, _) => result.Value!).Where(static set => set.Methods.Count > 0 || set.Invalid.Count > 0).WithTrackingName(TrackingNames.QueryMethods),
                static (output, set) =>
                {
                    string hint = (set.Repository.Namespace is null ? "" : set.Repository.Namespace + ".") + set.Repository.ModelName;
                    output.AddSource(hint + ".RedisQueries.g.cs", QueryEmitter.Emit(set));
                });

            // Cross-model checks need where each template is written; that position lives beside the
            // spec (in the parse result), so moving a model re-runs only these diagnostics.
            IncrementalValueProvider<ImmutableArray<TemplateEntry>> templates = parsed
                .Where(static result => result.Value is not null)
                .Select(static (result, _) => new TemplateEntry(result.Value!.ModelName, result.Value.Key, result.Where))
                .Collect()
                .WithTrackingName(TrackingNames.Templates);

            context.RegisterSourceOutput(
                templates.Select(static (entries, _) => KeyOverlap.Check(entries)).WithTrackingName(TrackingNames.OverlapDiagnostics),
                static (output, diagnostics) => Report(output, diagnostics));

            IncrementalValueProvider<EquatableArray<string>> referenced = context.CompilationProvider
                .Select(static (compilation, _) => ReferencedRegistrations.Find(compilation))
                .WithTrackingName(TrackingNames.ReferencedRegistrations);

            IncrementalValueProvider<string> assemblyName = context.CompilationProvider
                .Select(static (compilation, _) => compilation.AssemblyName ?? "Assembly")
                .WithTrackingName(TrackingNames.AssemblyName);

            IncrementalValueProvider<RegistrationSpec> registration = repositories
                .Select(static (spec, _) => new RepositoryRegistration(spec.InterfaceType, spec.RepositoryType))
                .Collect()
                .Combine(referenced)
                .Combine(assemblyName)
                .Select(static (input, _) => new RegistrationSpec(
                    input.Right,
                    input.Left.Left.OrderBy(r => r.RepositoryType, System.StringComparer.Ordinal).ToEquatableArray(),
                    input.Left.Right))
                .WithTrackingName(TrackingNames.Registration);

            context.RegisterSourceOutput(registration, static (output, spec) =>
            {
                if (spec.Repositories.Count > 0 || spec.ReferencedRegistrations.Count > 0)
                {
                    output.AddSource("RedisRepositories.g.cs", RegistrationEmitter.Emit(spec));
                }
            });
        }

        private static void Report(SourceProductionContext output, EquatableArray<DiagnosticInfo> diagnostics)
        {
            foreach (DiagnosticInfo diagnostic in diagnostics)
            {
                output.ReportDiagnostic(diagnostic.ToDiagnostic());
            }
        }
    }
}
