using System;
using System.Collections.Generic;
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
    /// on the class, and no <c>[Ttl]</c> on the properties the generator looks at for a per-entity expiry
    /// (StoredMembers.AllProperties): public, non-static, not indexers, own or inherited, and of each name
    /// only the most-derived one. Whether the decision is valid (one policy, a positive time to live, a
    /// supported property) is the generator's business (RR0011-RR0013).
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
            if (FindAttribute(type, symbols.RedisKeyAttribute) is not { } redisKey
                || RedisRepoSymbols.Has(type, symbols.TtlAttribute)
                || RedisRepoSymbols.Has(type, symbols.PersistentAttribute)
                || HasTtlProperty(type, symbols.TtlAttribute))
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.MissingTtlDecision, Location(type, redisKey, context), type.Name));
        }

        private static AttributeData? FindAttribute(INamedTypeSymbol type, INamedTypeSymbol? attributeType)
        {
            foreach (AttributeData attribute in type.GetAttributes())
            {
                if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, attributeType))
                {
                    return attribute;
                }
            }

            return null;
        }

        // Whether a property the generator reads [Ttl] from has it: walking from the model to its bases,
        // the public instance non-indexer properties, of each name the first (most-derived) one seen.
        private static bool HasTtlProperty(INamedTypeSymbol type, INamedTypeSymbol? ttlAttribute)
        {
            if (ttlAttribute is null)
            {
                return false;
            }

            HashSet<string>? seen = null;
            for (INamedTypeSymbol? t = type; t is not null && t.SpecialType != SpecialType.System_Object; t = t.BaseType)
            {
                foreach (ISymbol member in t.GetMembers())
                {
                    if (member is not IPropertySymbol { IsStatic: false, IsIndexer: false, DeclaredAccessibility: Accessibility.Public } property)
                    {
                        continue;
                    }

                    seen ??= new HashSet<string>(StringComparer.Ordinal);
                    if (seen.Add(property.Name) && (RedisRepoSymbols.Has(property, ttlAttribute) || OnPositionalParameter(property, ttlAttribute)))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        // Whether a positional record's property has the attribute on its parameter, where C# puts
        // `record M([Ttl] TimeSpan Life)` (the generator reads it there too).
        private static bool OnPositionalParameter(IPropertySymbol property, INamedTypeSymbol attribute)
        {
            if (property.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is not ParameterSyntax declaration)
            {
                return false;
            }

            return property.ContainingType.InstanceConstructors
                .SelectMany(c => c.Parameters)
                .Where(p => p.DeclaringSyntaxReferences.Any(r => r.GetSyntax() == declaration))
                .Any(p => p.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, attribute)));
        }

        // The name in the declaration that carries [RedisKey] (a partial model may have several).
        private static Location Location(INamedTypeSymbol type, AttributeData redisKey, SymbolAnalysisContext context)
        {
            SyntaxNode? attribute = redisKey.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken);
            if (attribute?.FirstAncestorOrSelf<BaseTypeDeclarationSyntax>() is { } declaration)
            {
                return declaration.Identifier.GetLocation();
            }

            return type.Locations.IsEmpty ? Microsoft.CodeAnalysis.Location.None : type.Locations[0];
        }
    }
}
