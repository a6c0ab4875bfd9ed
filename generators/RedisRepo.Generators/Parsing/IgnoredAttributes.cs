using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using RedisRepo.Generators.Diagnostics;
using RedisRepo.Generators.Model;

namespace RedisRepo.Generators.Parsing
{
    /// <summary>
    /// RR0018: [Index], [SortedIndex], [Ttl] or [Version] on a property the generated code does not
    /// read (not public, static, or hidden by a derived property of the same name). Silently
    /// ignoring it would leave a model without the index, expiry or version its author wrote.
    /// </summary>
    internal static class IgnoredAttributes
    {
        private static readonly string[] Watched = { KnownNames.IndexAttribute, KnownNames.SortedIndexAttribute, KnownNames.TtlAttribute, KnownNames.VersionAttribute };

        public static void Check(INamedTypeSymbol model, List<DiagnosticInfo> diagnostics)
        {
            var read = new HashSet<IPropertySymbol>(StoredMembers.AllProperties(model), SymbolEqualityComparer.Default);
            for (INamedTypeSymbol? type = model; type is not null && type.SpecialType != SpecialType.System_Object; type = type.BaseType)
            {
                foreach (IPropertySymbol property in type.GetMembers().OfType<IPropertySymbol>())
                {
                    if (read.Contains(property))
                    {
                        continue;
                    }

                    foreach (AttributeData attribute in StoredMembers.AttributesOf(property))
                    {
                        string? name = attribute.AttributeClass?.ToDisplayString();
                        if (name is null || !Watched.Contains(name))
                        {
                            continue;
                        }

                        string why = property.IsStatic ? "it is static"
                            : property.IsIndexer ? "it is an indexer"
                            : property.DeclaredAccessibility != Accessibility.Public ? "it is not public"
                            : $"a property of {model.Name} with the same name hides it";
                        LocationInfo? location = LocationInfo.Of(attribute, property);
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.IgnoredPropertyAttribute, location, name.Substring("RedisRepo.".Length, name.Length - "RedisRepo.".Length - "Attribute".Length), property.Name, model.Name, why));
                    }
                }
            }
        }
    }
}
