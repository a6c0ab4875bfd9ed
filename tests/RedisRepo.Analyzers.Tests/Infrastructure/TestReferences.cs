using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace RedisRepo.Analyzers.Tests.Infrastructure;

/// <summary>
/// What the test compilations reference: this runtime's own framework assemblies and
/// StackExchange.Redis with its dependencies, all taken from the running process, so no reference
/// pack is downloaded. <see cref="Assemblies"/> is an empty reference set: nothing to resolve.
/// </summary>
internal static class TestReferences
{
    /// <summary>The framework the tests run on, with no reference package to download.</summary>
    public static ReferenceAssemblies Assemblies { get; } = new("net10.0");

    /// <summary>The framework's assemblies (System.*, Microsoft.*, netstandard, mscorlib).</summary>
    public static ImmutableArray<MetadataReference> Framework { get; } = LoadFramework();

    /// <summary>StackExchange.Redis and the assemblies its public API mentions.</summary>
    public static ImmutableArray<MetadataReference> StackExchangeRedis { get; } = LoadStackExchangeRedis();

    private static string[] TrustedPlatformAssemblies() =>
        ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);

    private static ImmutableArray<MetadataReference> LoadFramework()
    {
        string frameworkDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        return TrustedPlatformAssemblies()
            .Where(path => string.Equals(Path.GetDirectoryName(path), frameworkDirectory, StringComparison.Ordinal))
            .Where(IsManagedAssembly)
            .OrderBy(path => path, StringComparer.Ordinal)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();
    }

    private static ImmutableArray<MetadataReference> LoadStackExchangeRedis()
    {
        Assembly redis = typeof(StackExchange.Redis.IDatabase).Assembly;
        var dependencyNames = redis.GetReferencedAssemblies().Select(a => a.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        string frameworkDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var dependencies = TrustedPlatformAssemblies()
            .Where(path => !string.Equals(Path.GetDirectoryName(path), frameworkDirectory, StringComparison.Ordinal))
            .Where(path => dependencyNames.Contains(Path.GetFileNameWithoutExtension(path)));
        return dependencies
            .Prepend(redis.Location)
            .Distinct(StringComparer.Ordinal)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();
    }

    private static bool IsManagedAssembly(string path)
    {
        try
        {
            AssemblyName.GetAssemblyName(path);
            return true;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }
}
