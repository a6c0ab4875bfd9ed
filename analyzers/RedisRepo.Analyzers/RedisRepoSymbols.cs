using Microsoft.CodeAnalysis;

namespace RedisRepo.Analyzers
{
    /// <summary>
    /// The RedisRepo types the analyzers recognise: the model attributes (resolved once per compilation;
    /// null when RedisRepo is not referenced) and the repositories the generator emits.
    /// </summary>
    internal sealed class RedisRepoSymbols
    {
        /// <summary>The tool name in the <c>[GeneratedCode]</c> attribute of every generated repository.</summary>
        public const string GeneratorName = "RedisRepo.Generators";

        private RedisRepoSymbols(INamedTypeSymbol? redisKey, INamedTypeSymbol? ttl, INamedTypeSymbol? persistent)
        {
            RedisKeyAttribute = redisKey;
            TtlAttribute = ttl;
            PersistentAttribute = persistent;
        }

        /// <summary><c>RedisRepo.RedisKeyAttribute</c>: marks a model.</summary>
        public INamedTypeSymbol? RedisKeyAttribute { get; }

        /// <summary><c>RedisRepo.TtlAttribute</c>: a time to live, on the model or on one property.</summary>
        public INamedTypeSymbol? TtlAttribute { get; }

        /// <summary><c>RedisRepo.PersistentAttribute</c>: entities live until deleted.</summary>
        public INamedTypeSymbol? PersistentAttribute { get; }

        public static RedisRepoSymbols Create(Compilation compilation) =>
            new(
                compilation.GetTypeByMetadataName("RedisRepo.RedisKeyAttribute"),
                compilation.GetTypeByMetadataName("RedisRepo.TtlAttribute"),
                compilation.GetTypeByMetadataName("RedisRepo.PersistentAttribute"));

        /// <summary>
        /// Whether <paramref name="type"/> was emitted by the RedisRepo generator: it carries
        /// <c>[GeneratedCode("RedisRepo.Generators", ...)]</c>, as <c>I{Model}Repository</c> and
        /// <c>{Model}Repository</c> do.
        /// </summary>
        public static bool IsGeneratedRepository(INamedTypeSymbol type)
        {
            foreach (AttributeData attribute in type.GetAttributes())
            {
                if (attribute.AttributeClass is { Name: "GeneratedCodeAttribute" } attributeClass
                    && attributeClass.ContainingNamespace?.ToDisplayString() == "System.CodeDom.Compiler"
                    && attribute.ConstructorArguments.Length > 0
                    && attribute.ConstructorArguments[0].Value is GeneratorName)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Whether <paramref name="symbol"/> carries the attribute <paramref name="attributeType"/>.</summary>
        public static bool Has(ISymbol symbol, INamedTypeSymbol? attributeType)
        {
            if (attributeType is null)
            {
                return false;
            }

            foreach (AttributeData attribute in symbol.GetAttributes())
            {
                if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, attributeType))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
