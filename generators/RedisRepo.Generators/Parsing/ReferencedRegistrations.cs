using System.Linq;
using Microsoft.CodeAnalysis;
using RedisRepo.Generators.Model;

namespace RedisRepo.Generators.Parsing
{
    /// <summary>
    /// Finds the generated registration classes of referenced assemblies (marked with
    /// [assembly: RedisRepositoryRegistration(typeof(...))]) so this assembly's
    /// <c>AddRedisRepositories()</c> registers their repositories too.
    /// </summary>
    internal static class ReferencedRegistrations
    {
        public static EquatableArray<string> Find(Compilation compilation)
        {
            INamedTypeSymbol? registration = compilation.GetTypeByMetadataName(KnownNames.RegistrationAttribute);
            if (registration is null)
            {
                return EquatableArray<string>.Empty;
            }

            return compilation.SourceModule.ReferencedAssemblySymbols
                .Where(ReferencesRuntime)
                .SelectMany(assembly => assembly.GetAttributes())
                .Where(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, registration))
                .Select(a => a.ConstructorArguments.Length == 1 ? a.ConstructorArguments[0].Value as INamedTypeSymbol : null)
                .Where(t => t is not null && compilation.IsSymbolAccessibleWithin(t, compilation.Assembly))
                .Select(t => t!.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat))
                .Distinct()
                .OrderBy(n => n, System.StringComparer.Ordinal)
                .ToEquatableArray();
        }

        /// <summary>A cheap filter: only assemblies compiled against the runtime can carry registrations.</summary>
        private static bool ReferencesRuntime(IAssemblySymbol assembly) =>
            assembly.Modules.Any(m => m.ReferencedAssemblies.Any(r => r.Name == KnownNames.RuntimeAssembly));
    }
}
