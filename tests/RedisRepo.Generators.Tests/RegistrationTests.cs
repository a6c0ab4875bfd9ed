using Microsoft.CodeAnalysis;
using RedisRepo.Generators.Tests.Infrastructure;

namespace RedisRepo.Generators.Tests;

/// <summary>AddRedisRepositories() registers this assembly's repositories and those of referenced assemblies.</summary>
public sealed class RegistrationTests
{
    private const string Library = """
        using RedisRepo;
        namespace Billing;
        [RedisKey("billing:invoice:<Number>")]
        [Persistent]
        public sealed class Invoice { public long Number { get; set; } }
        """;

    [Fact]
    public void Host_without_models_registers_a_referenced_assemblys_repositories()
    {
        MetadataReference billing = CompileToReference(Library, "Billing.Models");

        GeneratorOutput host = GeneratorHarness.Run("""
            using Microsoft.Extensions.DependencyInjection;
            public static class Startup
            {
                public static void Configure(IServiceCollection services) => services.AddRedisRepositories();
            }
            """, "Host", [billing]).AssertCleanCompile();

        string registration = host.Source("RedisRepositories.g.cs");
        Assert.Contains("global::RedisRepo.Generated.BillingModelsRedisRepositories.Register(services);", registration);
        Assert.DoesNotContain("[assembly:", registration);
    }

    [Fact]
    public void Host_with_models_registers_its_own_and_the_referenced_ones()
    {
        MetadataReference billing = CompileToReference(Library, "Billing.Models");

        GeneratorOutput host = GeneratorHarness.Run("""
            using RedisRepo;
            namespace Shop;
            [RedisKey("shop:cart:<Id>")]
            [Persistent]
            public sealed class Cart { public string Id { get; set; } = ""; }
            """, "Shop.Web", [billing]).AssertCleanCompile();

        string registration = host.Source("RedisRepositories.g.cs");
        Assert.Contains("[assembly: global::RedisRepo.RedisRepositoryRegistration(typeof(global::RedisRepo.Generated.ShopWebRedisRepositories))]", registration);
        Assert.Contains("global::RedisRepo.Generated.ShopWebRedisRepositories.Register(services);", registration);
        Assert.Contains("global::RedisRepo.Generated.BillingModelsRedisRepositories.Register(services);", registration);
    }

    [Fact]
    public void Assembly_without_models_or_referenced_models_gets_no_registration()
    {
        GeneratorOutput output = GeneratorHarness.Run("public sealed class Plain { }").AssertCleanCompile();

        Assert.Empty(output.Sources);
    }

    private static MetadataReference CompileToReference(string source, string assemblyName)
    {
        Compilation compilation = GeneratorHarness.Run(source, assemblyName).AssertCleanCompile().Compilation;
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        return MetadataReference.CreateFromImage(image.ToArray());
    }
}
