using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using RedisRepo.Generators.Diagnostics;
using RedisRepo.Generators.Model;

namespace RedisRepo.Generators.Parsing
{
    /// <summary>Reads [Index] and [SortedIndex] on a model's properties (computed getters included).</summary>
    internal static class IndexParser
    {
        private const string EqualityTypes = "[Index] supports string, integer and floating-point numbers, decimal, bool, char, enums, Guid, DateTime, DateTimeOffset and TimeSpan (or their nullable forms)";
        private const string RangeTypes = "[SortedIndex] supports integer and floating-point numbers, decimal, DateTime, DateTimeOffset and TimeSpan (or their nullable forms)";

        public static EquatableArray<IndexSpec> Parse(INamedTypeSymbol model, KnownSymbols known, List<DiagnosticInfo> diagnostics)
        {
            var indexes = new List<IndexSpec>();
            foreach (IPropertySymbol property in StoredMembers.AllProperties(model))
            {
                foreach (AttributeData attribute in StoredMembers.AttributesOf(property))
                {
                    bool sorted = KnownSymbols.Is(attribute, known.SortedIndex);
                    if (!sorted && !KnownSymbols.Is(attribute, known.Index))
                    {
                        continue;
                    }

                    IndexKind kind = sorted ? IndexKind.Range : Named(attribute, "Unique") is true ? IndexKind.Unique : IndexKind.Equality;
                    LocationInfo? location = LocationInfo.Of(attribute, property);
                    string shown = sorted ? "SortedIndex" : kind == IndexKind.Unique ? "Index(Unique = true)" : "Index";

                    ITypeSymbol type = property.Type;
                    bool canBeNull = !type.IsValueType;
                    if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
                    {
                        type = nullable.TypeArguments[0];
                        canBeNull = true;
                    }

                    IndexValueKind? value = ValueKindOf(type);
                    if (value is null || (sorted && !IsOrdered(value.Value)))
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedIndexType, location, property.Name, model.Name, shown, property.Type.ToDisplayString(), sorted ? RangeTypes : EqualityTypes));
                        continue;
                    }

                    string name = Named(attribute, "Name") as string ?? property.Name;
                    string? problem = name.Length == 0 ? "is empty"
                        : name.IndexOf(':') >= 0 ? "contains ':', which separates the parts of index keys"
                        : indexes.Any(i => i.Name == name && SameFamily(i.Kind, kind)) ? (sorted ? "is used by another [SortedIndex]" : "is used by another [Index] (equality and unique indexes share names)")
                        : null;
                    if (problem is not null)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidIndexName, location, name, property.Name, model.Name, problem));
                        continue;
                    }

                    bool ignoreCase = !sorted && Named(attribute, "IgnoreCase") is true;
                    if (ignoreCase && value != IndexValueKind.String)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.IgnoreCaseOnNonString, location, property.Name, model.Name, property.Type.ToDisplayString()));
                        continue;
                    }

                    indexes.Add(new IndexSpec(property.Name, name, kind, value.Value, TypeNames.Of(type.WithNullableAnnotation(NullableAnnotation.NotAnnotated)), canBeNull, ignoreCase));
                }
            }

            return indexes.ToEquatableArray();
        }

        /// <summary>Equality and unique indexes of one name would share nothing, but one name per kind family keeps keys readable.</summary>
        private static bool SameFamily(IndexKind a, IndexKind b) => (a == IndexKind.Range) == (b == IndexKind.Range);

        private static bool IsOrdered(IndexValueKind kind) =>
            kind is IndexValueKind.Signed or IndexValueKind.Unsigned or IndexValueKind.Floating or IndexValueKind.Decimal
                or IndexValueKind.DateTime or IndexValueKind.DateTimeOffset or IndexValueKind.TimeSpan;

        private static IndexValueKind? ValueKindOf(ITypeSymbol type)
        {
            switch (type.SpecialType)
            {
                case SpecialType.System_String: return IndexValueKind.String;
                case SpecialType.System_SByte:
                case SpecialType.System_Int16:
                case SpecialType.System_Int32:
                case SpecialType.System_Int64: return IndexValueKind.Signed;
                case SpecialType.System_Byte:
                case SpecialType.System_UInt16:
                case SpecialType.System_UInt32:
                case SpecialType.System_UInt64: return IndexValueKind.Unsigned;
                case SpecialType.System_Single:
                case SpecialType.System_Double: return IndexValueKind.Floating;
                case SpecialType.System_Decimal: return IndexValueKind.Decimal;
                case SpecialType.System_Boolean: return IndexValueKind.Boolean;
                case SpecialType.System_Char: return IndexValueKind.Char;
                case SpecialType.System_DateTime: return IndexValueKind.DateTime;
            }

            if (type is INamedTypeSymbol { TypeKind: TypeKind.Enum, EnumUnderlyingType: { } underlying })
            {
                return underlying.SpecialType == SpecialType.System_UInt64 ? IndexValueKind.UnsignedEnum : IndexValueKind.SignedEnum;
            }

            if (type.ContainingNamespace?.ToDisplayString() != "System")
            {
                return null;
            }

            return type.MetadataName switch
            {
                "Guid" => IndexValueKind.Guid,
                "DateTimeOffset" => IndexValueKind.DateTimeOffset,
                "TimeSpan" => IndexValueKind.TimeSpan,
                _ => null,
            };
        }

        private static object? Named(AttributeData attribute, string name) =>
            attribute.NamedArguments.FirstOrDefault(a => a.Key == name).Value.Value;
    }
}
