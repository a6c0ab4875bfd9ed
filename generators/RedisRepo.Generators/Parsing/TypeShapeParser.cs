using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using RedisRepo.Generators.Diagnostics;
using RedisRepo.Generators.Model;

namespace RedisRepo.Generators.Parsing
{
    /// <summary>
    /// Works out how the generated formatter writes each stored property: a primitive, an enum,
    /// a nullable, a collection, or a plain class that gets its own Write/Read pair. Collects
    /// RR0007/RR0008 for what it cannot store.
    /// </summary>
    internal sealed class TypeShapeParser
    {
        private readonly List<ObjectShape?> _objects = new();
        private readonly Dictionary<ITypeSymbol, string> _suffixes = new(SymbolEqualityComparer.Default);
        private readonly List<DiagnosticInfo> _diagnostics;

        public TypeShapeParser(List<DiagnosticInfo> diagnostics) => _diagnostics = diagnostics;

        /// <summary>The objects parsed so far; the first one passed to <see cref="ParseObject"/> comes first.</summary>
        public IEnumerable<ObjectShape> Objects => _objects.Where(o => o is not null)!;

        /// <summary>Parses a class as a map keyed by property name. Returns null (with diagnostics) when it cannot be stored.</summary>
        public ObjectShape? ParseObject(INamedTypeSymbol type, Location? location)
        {
            string suffix = ReserveSuffix(type);
            int slot = _objects.Count;
            _objects.Add(null);

            IMethodSymbol? constructor = StoredMembers.ChooseConstructor(type);
            if (constructor is null)
            {
                _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoUsableConstructor, LocationInfo.From(location), type.Name));
                return null;
            }

            bool ok = true;
            var members = new List<MemberSpec>();
            foreach ((IPropertySymbol property, MemberAssignment assignment) in StoredMembers.Find(type, constructor))
            {
                TypeShape? shape = Parse(property.Type, out string? reason);
                if (shape is null)
                {
                    ok = false;
                    _diagnostics.Add(DiagnosticInfo.Create(
                        DiagnosticDescriptors.UnsupportedPropertyType,
                        LocationInfo.From(property.Locations.FirstOrDefault() ?? location),
                        property.Name,
                        type.Name,
                        property.Type.ToDisplayString(),
                        reason ?? "it is not a supported type"));
                    continue;
                }

                members.Add(new MemberSpec(property.Name, shape, assignment, property.IsRequired));
            }

            if (!ok)
            {
                return null;
            }

            var parameters = constructor.Parameters
                .Select(p => new ConstructorParameter(members.First(m => string.Equals(m.Name, p.Name, System.StringComparison.OrdinalIgnoreCase)).Name, DefaultValueOf(p)))
                .ToEquatableArray();
            var shapeOfObject = new ObjectShape(TypeNames.Of(type.WithNullableAnnotation(NullableAnnotation.NotAnnotated)), type.Name, suffix, members.ToEquatableArray(), parameters);
            _objects[slot] = shapeOfObject;
            return shapeOfObject;
        }

        /// <summary>A parameter's declared default value as a C# expression of its type, or null when it has none.</summary>
        private static string? DefaultValueOf(IParameterSymbol parameter)
        {
            if (!parameter.HasExplicitDefaultValue)
            {
                return null;
            }

            object? value = parameter.ExplicitDefaultValue;
            string type = TypeNames.Of(parameter.Type);
            if (value is null)
            {
                return parameter.Type.IsReferenceType ? "default!" : "default";
            }

            string literal = SymbolDisplay.FormatPrimitive(value, quoteStrings: true, useHexadecimalNumbers: false);
            return value switch
            {
                string or bool or char => literal,
                decimal => literal + "m",
                float => literal + "f",
                double => literal + "d",
                _ => $"({type}){literal}", // integers and enums (an enum's default arrives as its underlying value)
            };
        }

        private TypeShape? Parse(ITypeSymbol type, out string? reason)
        {
            reason = null;
            string name = TypeNames.Of(type);

            if (PrimitiveKindOf(type) is PrimitiveKind primitive)
            {
                return new PrimitiveShape(name, primitive);
            }

            switch (type)
            {
                case INamedTypeSymbol { TypeKind: TypeKind.Enum, EnumUnderlyingType: { } underlying }:
                    return new EnumShape(name, PrimitiveKindOf(underlying)!.Value);

                case INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable:
                {
                    TypeShape? inner = Parse(nullable.TypeArguments[0], out reason);
                    return inner is null ? null : new NullableShape(name, inner);
                }

                case IArrayTypeSymbol array:
                {
                    if (array.Rank != 1 || array.ElementType is IArrayTypeSymbol)
                    {
                        reason = "multi-dimensional and jagged arrays are not supported; use a list of arrays or a class";
                        return null;
                    }

                    TypeShape? element = Parse(array.ElementType, out reason);
                    return element is null ? null : new SequenceShape(name, SequenceKind.Array, element);
                }

                case INamedTypeSymbol { IsGenericType: true } generic when CollectionKindOf(generic) is { } collection:
                {
                    TypeShape? first = Parse(generic.TypeArguments[0], out reason);
                    if (first is null)
                    {
                        return null;
                    }

                    if (collection == CollectionKind.Dictionary)
                    {
                        TypeShape? value = Parse(generic.TypeArguments[1], out reason);
                        return value is null ? null : new DictionaryShape(name, first, value);
                    }

                    SequenceKind kind = collection switch
                    {
                        CollectionKind.Set => SequenceKind.HashSet,
                        CollectionKind.Enumerable => SequenceKind.Enumerable,
                        _ => SequenceKind.List,
                    };
                    return new SequenceShape(name, kind, first);
                }

                case INamedTypeSymbol { TypeKind: TypeKind.Class } named when IsPlainClass(named, out reason):
                {
                    INamedTypeSymbol definition = (INamedTypeSymbol)named.WithNullableAnnotation(NullableAnnotation.NotAnnotated);
                    if (!_suffixes.TryGetValue(definition, out string? suffix))
                    {
                        if (ParseObject(definition, named.Locations.FirstOrDefault()) is null)
                        {
                            reason = $"'{named.Name}' cannot be stored (see the errors reported on it)";
                            return null;
                        }

                        suffix = _suffixes[definition];
                    }

                    return new ObjectRefShape(name, suffix);
                }
            }

            reason ??= type.TypeKind switch
            {
                TypeKind.Interface => "only the collection interfaces (IList<T>, IReadOnlyList<T>, ISet<T>, IDictionary<K,V>, ...) are supported",
                TypeKind.Struct => "only the built-in structs (numbers, DateTime, DateTimeOffset, TimeSpan, Guid, DateOnly, TimeOnly) and their nullable forms are supported",
                TypeKind.TypeParameter => "generic type parameters are not supported",
                _ => "it is not a supported type",
            };
            return null;
        }

        private string ReserveSuffix(INamedTypeSymbol type)
        {
            string suffix = type.Name;
            int n = 2;
            while (_suffixes.Values.Contains(suffix))
            {
                suffix = type.Name + n++;
            }

            _suffixes[type] = suffix;
            return suffix;
        }

        private static bool IsPlainClass(INamedTypeSymbol type, out string? reason)
        {
            reason = null;
            if (type.SpecialType == SpecialType.System_Object || IsFrameworkNamespace(type.ContainingNamespace?.ToDisplayString()))
            {
                reason = "framework types other than strings, numbers, times, Guid and collections are not supported";
                return false;
            }

            if (type.IsAbstract || type.IsGenericType || type.IsStatic || type.TypeKind == TypeKind.Delegate)
            {
                reason = "abstract, generic and static classes are not supported";
                return false;
            }

            return true;
        }

        private static PrimitiveKind? PrimitiveKindOf(ITypeSymbol type)
        {
            switch (type.SpecialType)
            {
                case SpecialType.System_String: return PrimitiveKind.String;
                case SpecialType.System_Boolean: return PrimitiveKind.Boolean;
                case SpecialType.System_Byte: return PrimitiveKind.Byte;
                case SpecialType.System_SByte: return PrimitiveKind.SByte;
                case SpecialType.System_Int16: return PrimitiveKind.Int16;
                case SpecialType.System_UInt16: return PrimitiveKind.UInt16;
                case SpecialType.System_Int32: return PrimitiveKind.Int32;
                case SpecialType.System_UInt32: return PrimitiveKind.UInt32;
                case SpecialType.System_Int64: return PrimitiveKind.Int64;
                case SpecialType.System_UInt64: return PrimitiveKind.UInt64;
                case SpecialType.System_Single: return PrimitiveKind.Single;
                case SpecialType.System_Double: return PrimitiveKind.Double;
                case SpecialType.System_Char: return PrimitiveKind.Char;
                case SpecialType.System_Decimal: return PrimitiveKind.Decimal;
                case SpecialType.System_DateTime: return PrimitiveKind.DateTime;
            }

            if (type is IArrayTypeSymbol { Rank: 1, ElementType.SpecialType: SpecialType.System_Byte })
            {
                return PrimitiveKind.ByteArray;
            }

            if (type.ContainingNamespace?.ToDisplayString() != "System" || type.ContainingType is not null)
            {
                return null;
            }

            switch (type.MetadataName)
            {
                case "DateTimeOffset": return PrimitiveKind.DateTimeOffset;
                case "TimeSpan": return PrimitiveKind.TimeSpan;
                case "Guid": return PrimitiveKind.Guid;
                case "DateOnly": return PrimitiveKind.DateOnly;
                case "TimeOnly": return PrimitiveKind.TimeOnly;
                default: return null;
            }
        }

        private enum CollectionKind
        {
            List,
            Enumerable,
            Set,
            Dictionary,
        }

        private static CollectionKind? CollectionKindOf(INamedTypeSymbol type)
        {
            if (type.ContainingNamespace?.ToDisplayString() != "System.Collections.Generic")
            {
                return null;
            }

            switch (type.MetadataName)
            {
                case "List`1":
                case "IList`1":
                case "ICollection`1":
                case "IReadOnlyList`1":
                case "IReadOnlyCollection`1":
                    return CollectionKind.List;
                case "IEnumerable`1":
                    return CollectionKind.Enumerable;
                case "HashSet`1":
                case "ISet`1":
                case "IReadOnlySet`1":
                    return CollectionKind.Set;
                case "Dictionary`2":
                case "IDictionary`2":
                case "IReadOnlyDictionary`2":
                    return CollectionKind.Dictionary;
                default:
                    return null;
            }
        }

        /// <summary>System and its sub-namespaces (not a user's <c>SystemsTrading</c>).</summary>
        private static bool IsFrameworkNamespace(string? name) =>
            name is not null && (name == "System" || name.StartsWith("System.", System.StringComparison.Ordinal));
    }
}
