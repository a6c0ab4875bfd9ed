using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using RedisRepo.Generators.Diagnostics;
using RedisRepo.Generators.Model;

namespace RedisRepo.Generators.Parsing
{
    /// <summary>Reads [Ttl] (on the class or one property) and [Persistent] into a <see cref="TtlSpec"/>.</summary>
    internal static class TtlParser
    {
        public static TtlSpec Parse(INamedTypeSymbol model, KnownSymbols known, List<DiagnosticInfo> diagnostics)
        {
            AttributeData? classTtl = model.GetAttributes().FirstOrDefault(a => KnownSymbols.Is(a, known.Ttl));
            AttributeData? persistent = model.GetAttributes().FirstOrDefault(a => KnownSymbols.Is(a, known.Persistent));
            var propertyTtls = StoredMembers.AllProperties(model)
                .Select(p => (Property: p, Attribute: StoredMembers.AttributesOf(p).FirstOrDefault(a => KnownSymbols.Is(a, known.Ttl))))
                .Where(p => p.Attribute is not null)
                .ToList();
            LocationInfo? where = LocationInfo.From(model.Locations.FirstOrDefault());

            // Every declaration is checked on its own first, so independent mistakes are reported
            // together; the policy is built only when none was found.
            int reported = diagnostics.Count;
            long classSeconds = classTtl is null ? 0 : Seconds(classTtl);
            if (classTtl is not null && classSeconds <= 0)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidTtl, LocationInfo.From(classTtl.ApplicationSyntaxReference?.GetSyntax()), model.Name, classSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }

            foreach ((IPropertySymbol property, AttributeData? attribute) in propertyTtls)
            {
                LocationInfo? at = LocationInfo.From(property.Locations.FirstOrDefault());
                if (Named(attribute!, "Sliding") is true)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ConflictingTtl, at, model.Name, $"[Ttl(Sliding = true)] on property '{property.Name}', but sliding expiry needs a fixed [Ttl] on the class"));
                }

                if (property.GetMethod is not { DeclaredAccessibility: Accessibility.Public } || PropertyKind(property.Type) is null)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedTtlProperty, at, property.Name, model.Name, property.Type.ToDisplayString()));
                }
            }

            if (persistent is not null && (classTtl is not null || propertyTtls.Count > 0))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ConflictingTtl, where, model.Name, "both [Persistent] and [Ttl]"));
            }
            else if (classTtl is not null && propertyTtls.Count > 0)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ConflictingTtl, where, model.Name, $"[Ttl] on the class and on property '{propertyTtls[0].Property.Name}'"));
            }
            else if (propertyTtls.Count > 1)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ConflictingTtl, where, model.Name, $"[Ttl] on properties '{propertyTtls[0].Property.Name}' and '{propertyTtls[1].Property.Name}'"));
            }

            if (diagnostics.Count > reported)
            {
                return TtlSpec.None;
            }

            if (persistent is not null)
            {
                return TtlSpec.Persistent;
            }

            if (classTtl is not null)
            {
                return new TtlSpec(TtlKind.Fixed, classSeconds, Named(classTtl, "Sliding") is true, null, TtlPropertyKind.TimeSpan);
            }

            if (propertyTtls.Count == 1)
            {
                IPropertySymbol property = propertyTtls[0].Property;
                return new TtlSpec(TtlKind.Property, 0, false, property.Name, PropertyKind(property.Type)!.Value);
            }

            return TtlSpec.None;
        }

        private static TtlPropertyKind? PropertyKind(ITypeSymbol type)
        {
            if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
            {
                type = nullable.TypeArguments[0];
            }

            if (type.SpecialType == SpecialType.System_DateTime)
            {
                return TtlPropertyKind.DateTime;
            }

            if (type.ContainingNamespace?.ToDisplayString() != "System")
            {
                return null;
            }

            return type.MetadataName switch
            {
                "TimeSpan" => TtlPropertyKind.TimeSpan,
                "DateTimeOffset" => TtlPropertyKind.DateTimeOffset,
                _ => null,
            };
        }

        /// <summary>The total of [Ttl(seconds)] or [Ttl(Days/Hours/Minutes/Seconds = n)]; a named Seconds wins over the constructor's.</summary>
        private static long Seconds(AttributeData attribute)
        {
            int? constructorSeconds = attribute.ConstructorArguments.Length == 1 ? attribute.ConstructorArguments[0].Value as int? : null;
            long seconds = Named(attribute, "Seconds") as int? ?? constructorSeconds ?? 0;
            seconds += (Named(attribute, "Days") as int? ?? 0) * 86400L;
            seconds += (Named(attribute, "Hours") as int? ?? 0) * 3600L;
            seconds += (Named(attribute, "Minutes") as int? ?? 0) * 60L;
            return seconds;
        }

        private static object? Named(AttributeData attribute, string name) =>
            attribute.NamedArguments.FirstOrDefault(a => a.Key == name).Value.Value;
    }
}
