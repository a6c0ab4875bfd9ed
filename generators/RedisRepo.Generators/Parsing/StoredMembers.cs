using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using RedisRepo.Generators.Model;

namespace RedisRepo.Generators.Parsing
{
    /// <summary>
    /// Which properties of a class are stored and how the formatter restores each one. A property
    /// is stored when it has a public getter and can be set back: through the chosen constructor,
    /// a setter, or an init accessor. Computed get-only properties are not stored.
    /// </summary>
    internal static class StoredMembers
    {
        /// <summary>
        /// The constructor the formatter calls: an accessible parameterless one if there is one,
        /// otherwise the widest one whose parameters all match properties by name and type.
        /// </summary>
        public static IMethodSymbol? ChooseConstructor(INamedTypeSymbol type)
        {
            var candidates = type.InstanceConstructors.Where(c => IsAccessible(c.DeclaredAccessibility)).ToList();
            IMethodSymbol? parameterless = candidates.FirstOrDefault(c => c.Parameters.Length == 0);
            if (parameterless is not null)
            {
                return parameterless;
            }

            var properties = AllProperties(type).ToList();
            return candidates
                .Where(c => c.Parameters.All(p => properties.Any(prop =>
                    string.Equals(prop.Name, p.Name, StringComparison.OrdinalIgnoreCase)
                    && SymbolEqualityComparer.Default.Equals(prop.Type.WithNullableAnnotation(NullableAnnotation.None), p.Type.WithNullableAnnotation(NullableAnnotation.None)))))
                .OrderByDescending(c => c.Parameters.Length)
                .FirstOrDefault();
        }

        /// <summary>The stored properties, base class first, in declaration order.</summary>
        public static IEnumerable<(IPropertySymbol Property, MemberAssignment Assignment)> Find(INamedTypeSymbol type, IMethodSymbol constructor)
        {
            foreach (IPropertySymbol property in AllProperties(type))
            {
                if (property.GetMethod is not { DeclaredAccessibility: Accessibility.Public })
                {
                    continue;
                }

                if (constructor.Parameters.Any(p => string.Equals(p.Name, property.Name, StringComparison.OrdinalIgnoreCase)))
                {
                    yield return (property, MemberAssignment.Constructor);
                }
                else if (property.SetMethod is { } setter && IsAccessible(setter.DeclaredAccessibility))
                {
                    yield return (property, setter.IsInitOnly || property.IsRequired ? MemberAssignment.Initializer : MemberAssignment.Setter);
                }
            }
        }

        /// <summary>
        /// The attributes that mark a property: its own, and for a positional record's property the
        /// ones written on its parameter (<c>record Trade([Index] string Ticker)</c>), where C# puts
        /// an attribute with no target.
        /// </summary>
        public static IEnumerable<AttributeData> AttributesOf(IPropertySymbol property)
        {
            foreach (AttributeData attribute in property.GetAttributes())
            {
                yield return attribute;
            }

            if (property.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is not Microsoft.CodeAnalysis.CSharp.Syntax.ParameterSyntax declaration)
            {
                yield break;
            }

            foreach (IParameterSymbol parameter in property.ContainingType.InstanceConstructors.SelectMany(c => c.Parameters))
            {
                if (parameter.DeclaringSyntaxReferences.Any(r => r.GetSyntax() == declaration))
                {
                    foreach (AttributeData attribute in parameter.GetAttributes())
                    {
                        yield return attribute;
                    }

                    yield break;
                }
            }
        }

        /// <summary>Whether <paramref name="property"/> would be restored when reading.</summary>
        public static bool IsStored(INamedTypeSymbol type, IMethodSymbol? constructor, IPropertySymbol property) =>
            constructor is not null && Find(type, constructor).Any(m => SymbolEqualityComparer.Default.Equals(m.Property, property));

        /// <summary>Public and inherited instance properties (no indexers), the most derived declaration of each name.</summary>
        public static IEnumerable<IPropertySymbol> AllProperties(INamedTypeSymbol type)
        {
            var chain = new Stack<INamedTypeSymbol>();
            for (INamedTypeSymbol? t = type; t is not null && t.SpecialType != SpecialType.System_Object; t = t.BaseType)
            {
                chain.Push(t);
            }

            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            var result = new List<IPropertySymbol>();
            foreach (INamedTypeSymbol t in chain)
            {
                foreach (IPropertySymbol property in t.GetMembers().OfType<IPropertySymbol>())
                {
                    if (property.IsStatic || property.IsIndexer || property.DeclaredAccessibility != Accessibility.Public)
                    {
                        continue;
                    }

                    if (seen.TryGetValue(property.Name, out int index))
                    {
                        result[index] = property;
                    }
                    else
                    {
                        seen[property.Name] = result.Count;
                        result.Add(property);
                    }
                }
            }

            return result;
        }

        private static bool IsAccessible(Accessibility accessibility) =>
            accessibility is Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal;
    }
}
