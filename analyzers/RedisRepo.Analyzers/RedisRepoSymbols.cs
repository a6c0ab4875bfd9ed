using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace RedisRepo.Analyzers
{
    /// <summary>
    /// The RedisRepo types the analyzers recognise, resolved once per compilation: the model attributes
    /// (null when RedisRepo is not referenced) and what marks the repositories the generator emits.
    /// </summary>
    internal sealed class RedisRepoSymbols
    {
        /// <summary>The tool name in the <c>[GeneratedCode]</c> attribute of every generated repository.</summary>
        public const string GeneratorName = "RedisRepo.Generators";

        private const string GeneratedCodeAttributeName = "System.CodeDom.Compiler.GeneratedCodeAttribute";

        // Every System.CodeDom.Compiler.GeneratedCodeAttribute the compilation can see (one in practice).
        private readonly ImmutableArray<INamedTypeSymbol> _generatedCodeAttributes;

        private RedisRepoSymbols(
            INamedTypeSymbol? redisKey,
            INamedTypeSymbol? ttl,
            INamedTypeSymbol? persistent,
            ImmutableArray<INamedTypeSymbol> generatedCodeAttributes)
        {
            RedisKeyAttribute = redisKey;
            TtlAttribute = ttl;
            PersistentAttribute = persistent;
            _generatedCodeAttributes = generatedCodeAttributes;
        }

        /// <summary><c>RedisRepo.RedisKeyAttribute</c>: marks a model.</summary>
        public INamedTypeSymbol? RedisKeyAttribute { get; }

        /// <summary><c>RedisRepo.TtlAttribute</c>: a time to live, on the model or on one property.</summary>
        public INamedTypeSymbol? TtlAttribute { get; }

        /// <summary><c>RedisRepo.PersistentAttribute</c>: entities live until deleted.</summary>
        public INamedTypeSymbol? PersistentAttribute { get; }

        /// <summary>
        /// Whether the compilation can contain generated repositories at all: RedisRepo is referenced
        /// (<c>RedisRepo.RedisKeyAttribute</c> is there) and so is <c>GeneratedCodeAttribute</c>.
        /// </summary>
        public bool HasRepositories => RedisKeyAttribute is not null && !_generatedCodeAttributes.IsEmpty;

        public static RedisRepoSymbols Create(Compilation compilation)
        {
            INamedTypeSymbol? redisKey = compilation.GetTypeByMetadataName("RedisRepo.RedisKeyAttribute");
            ImmutableArray<INamedTypeSymbol> generatedCode = ImmutableArray<INamedTypeSymbol>.Empty;
            if (redisKey is not null)
            {
                // GetTypeByMetadataName gives up when two references define the type; compare with all of them then.
                generatedCode = compilation.GetTypeByMetadataName(GeneratedCodeAttributeName) is { } single
                    ? ImmutableArray.Create(single)
                    : compilation.GetTypesByMetadataName(GeneratedCodeAttributeName);
            }

            return new RedisRepoSymbols(
                redisKey,
                compilation.GetTypeByMetadataName("RedisRepo.TtlAttribute"),
                compilation.GetTypeByMetadataName("RedisRepo.PersistentAttribute"),
                generatedCode);
        }

        /// <summary>
        /// Whether <paramref name="type"/> was emitted by the RedisRepo generator: it carries
        /// <c>[GeneratedCode("RedisRepo.Generators", ...)]</c>, as <c>I{Model}Repository</c> and
        /// <c>{Model}Repository</c> do. Always false when <see cref="HasRepositories"/> is false.
        /// </summary>
        public bool IsGeneratedRepository(INamedTypeSymbol type)
        {
            if (!HasRepositories)
            {
                return false;
            }

            foreach (AttributeData attribute in type.GetAttributes())
            {
                if (attribute.AttributeClass is { } attributeClass
                    && IsGeneratedCodeAttribute(attributeClass)
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

        private bool IsGeneratedCodeAttribute(INamedTypeSymbol attributeClass)
        {
            foreach (INamedTypeSymbol generatedCode in _generatedCodeAttributes)
            {
                if (SymbolEqualityComparer.Default.Equals(attributeClass, generatedCode))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
