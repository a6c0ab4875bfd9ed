using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using RedisRepo.Generators.Diagnostics;
using RedisRepo.Generators.Model;

namespace RedisRepo.Generators.Parsing
{
    /// <summary>Reads [Version]: one settable <see cref="long"/> property per model (RR0017).</summary>
    internal static class VersionParser
    {
        public static string? Parse(INamedTypeSymbol model, KnownSymbols known, List<DiagnosticInfo> diagnostics)
        {
            string? found = null;
            foreach (IPropertySymbol property in StoredMembers.AllProperties(model))
            {
                AttributeData? attribute = StoredMembers.AttributesOf(property).FirstOrDefault(a => KnownSymbols.Is(a, known.Version));
                if (attribute is null)
                {
                    continue;
                }

                string? problem = property.Type.SpecialType != SpecialType.System_Int64 ? $"type '{property.Type.ToDisplayString()}'; a version is a long"
                    : !Accessible(property.GetMethod) ? "no public or internal getter"
                    : property.SetMethod is null || property.SetMethod.IsInitOnly || !Accessible(property.SetMethod) ? "no public or internal setter (init is not enough: the save moves the property to the new version)"
                    : found is not null ? $"'{found}' is already the version of {model.Name}"
                    : null;
                if (problem is not null)
                {
                    LocationInfo? location = LocationInfo.Of(attribute, property);
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidVersionProperty, location, property.Name, model.Name, problem));
                    continue;
                }

                found = property.Name;
            }

            return found;
        }

        private static bool Accessible(IMethodSymbol? accessor) =>
            accessor is { DeclaredAccessibility: Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal };
    }
}
