using Microsoft.CodeAnalysis;

namespace RedisRepo.Generators.Parsing
{
    /// <summary>
    /// The runtime's attribute types in one compilation, resolved once per model parse, so the
    /// parsers match attributes by symbol (as the analyzers do), never by display string.
    /// </summary>
    internal sealed class KnownSymbols
    {
        public KnownSymbols(Compilation compilation)
        {
            Index = compilation.GetTypeByMetadataName(KnownNames.IndexAttribute);
            SortedIndex = compilation.GetTypeByMetadataName(KnownNames.SortedIndexAttribute);
            Ttl = compilation.GetTypeByMetadataName(KnownNames.TtlAttribute);
            Persistent = compilation.GetTypeByMetadataName(KnownNames.PersistentAttribute);
            Version = compilation.GetTypeByMetadataName(KnownNames.VersionAttribute);
        }

        public INamedTypeSymbol? Index { get; }

        public INamedTypeSymbol? SortedIndex { get; }

        public INamedTypeSymbol? Ttl { get; }

        public INamedTypeSymbol? Persistent { get; }

        public INamedTypeSymbol? Version { get; }

        /// <summary>Whether the attribute is of the given runtime type.</summary>
        public static bool Is(AttributeData attribute, INamedTypeSymbol? type) =>
            type is not null && SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, type);

        /// <summary>Whether the attribute is one of those the generator reads on properties.</summary>
        public bool IsPropertyAttribute(AttributeData attribute) =>
            Is(attribute, Index) || Is(attribute, SortedIndex) || Is(attribute, Ttl) || Is(attribute, Version);
    }
}
