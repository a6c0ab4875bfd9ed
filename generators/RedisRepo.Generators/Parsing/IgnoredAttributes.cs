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
        public static void Check(INamedTypeSymbol model, KnownSymbols known, List<DiagnosticInfo> diagnostics)
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
                        if (!known.IsPropertyAttribute(attribute))
                        {
                            continue;
                        }

                        string name = attribute.AttributeClass!.Name;

                        string why = property.IsStatic ? "it is static"
                            : property.IsIndexer ? "it is an indexer"
                            : property.DeclaredAccessibility != Accessibility.Public ? "it is not public"
                            : $"a property of {model.Name} with the same name hides it";
                        LocationInfo? location = LocationInfo.Of(attribute, property);
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.IgnoredPropertyAttribute, location, name.Substring(0, name.Length - "Attribute".Length), property.Name, model.Name, why));
                    }
                }
            }
        }
    }
}
