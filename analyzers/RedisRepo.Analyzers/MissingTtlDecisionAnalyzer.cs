using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using RedisRepo.Analyzers.Diagnostics;

namespace RedisRepo.Analyzers
{
    /// <summary>
    /// RR1002: a <c>[RedisKey]</c> model with no expiry decision: no <c>[Ttl]</c> or <c>[Persistent]</c>
    /// on the class, and no <c>[Ttl]</c> on any of its properties (inherited ones included), which is
    /// where the generator looks for a per-entity expiry. Whether the decision is valid (one policy,
    /// a positive time to live) is the generator's business (RR0011-RR0013).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class MissingTtlDecisionAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(DiagnosticDescriptors.MissingTtlDecision);

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(start =>
            {
                var symbols = RedisRepoSymbols.Create(start.Compilation);
                if (symbols.RedisKeyAttribute is not null)
                {
                    start.RegisterSymbolAction(c => AnalyzeType(c, symbols), SymbolKind.NamedType);
                }
            });
        }

        private static void AnalyzeType(SymbolAnalysisContext context, RedisRepoSymbols symbols)
        {
            var type = (INamedTypeSymbol)context.Symbol;
            AttributeData? redisKey = type.GetAttributes()
                .FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, symbols.RedisKeyAttribute));
            if (redisKey is null
                || RedisRepoSymbols.Has(type, symbols.TtlAttribute)
                || RedisRepoSymbols.Has(type, symbols.PersistentAttribute)
                || HasTtlProperty(type, symbols.TtlAttribute))
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.MissingTtlDecision, Location(type, redisKey, context), type.Name));
        }

        private static bool HasTtlProperty(INamedTypeSymbol type, INamedTypeSymbol? ttlAttribute)
        {
            for (INamedTypeSymbol? t = type; t is not null && t.SpecialType != SpecialType.System_Object; t = t.BaseType)
            {
                foreach (ISymbol member in t.GetMembers())
                {
                    if (member is IPropertySymbol { IsStatic: false } property && RedisRepoSymbols.Has(property, ttlAttribute))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        // The name in the declaration that carries [RedisKey] (a partial model may have several).
        private static Location Location(INamedTypeSymbol type, AttributeData redisKey, SymbolAnalysisContext context)
        {
            SyntaxNode? attribute = redisKey.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken);
            if (attribute?.FirstAncestorOrSelf<BaseTypeDeclarationSyntax>() is { } declaration)
            {
                return declaration.Identifier.GetLocation();
            }

            return type.Locations.FirstOrDefault() ?? Microsoft.CodeAnalysis.Location.None;
        }
    }
}
