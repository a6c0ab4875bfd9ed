using RedisRepo.Generators.Tests.Infrastructure;

namespace RedisRepo.Generators.Tests;

/// <summary>RR0018: an attribute the generated code would silently ignore is a compile-time error.</summary>
public sealed class IgnoredAttributeDiagnosticTests
{
    [Theory]
    [InlineData("[Index] internal string Owner { get; set; } = \"\";", "[Index] on property 'Owner'", "it is not public")]
    [InlineData("[SortedIndex] private int Rank { get; set; }", "[SortedIndex] on property 'Rank'", "it is not public")]
    [InlineData("[Version] internal long Revision { get; set; }", "[Version] on property 'Revision'", "it is not public")]
    [InlineData("[Ttl] protected System.TimeSpan? Life { get; set; }", "[Ttl] on property 'Life'", "it is not public")]
    [InlineData("[Index] public static string Shared { get; set; } = \"\";", "[Index] on property 'Shared'", "it is static")]
    public void An_attribute_on_a_property_the_repository_does_not_read_is_RR0018(string declaration, string subject, string why)
    {
        GeneratorOutput output = GeneratorHarness.Run($$"""
            using RedisRepo;
            [RedisKey("m:<Id>")]
            [Persistent]
            public sealed class Model
            {
                public string Id { get; set; } = "";
                {{declaration}}
            }
            """);

        var diagnostic = Assert.Single(output.GeneratorDiagnostics);
        Assert.Equal("RR0018", diagnostic.Id);
        Assert.Contains(subject, diagnostic.GetMessage());
        Assert.Contains(why, diagnostic.GetMessage());
    }

    [Fact]
    public void An_attribute_on_a_base_property_hidden_by_a_derived_one_is_RR0018()
    {
        GeneratorOutput output = GeneratorHarness.Run("""
            using RedisRepo;
            public class Base
            {
                [Index] public string Owner { get; set; } = "";
            }

            [RedisKey("m:<Id>")]
            [Persistent]
            public sealed class Model : Base
            {
                public string Id { get; set; } = "";
                public new string Owner { get; set; } = "";
            }
            """);

        var diagnostic = Assert.Single(output.GeneratorDiagnostics);
        Assert.Equal("RR0018", diagnostic.Id);
        Assert.Contains("a property of Model with the same name hides it", diagnostic.GetMessage());
    }

    [Fact]
    public void Attributes_on_public_and_inherited_properties_compile_clean()
    {
        GeneratorHarness.Run("""
            using RedisRepo;
            public class Base
            {
                [Index] public string Owner { get; set; } = "";
            }

            [RedisKey("m:<Id>")]
            public sealed class Model : Base
            {
                public string Id { get; set; } = "";
                [SortedIndex] public int Rank { get; set; }
                [Version] public long Version { get; set; }
                [Ttl] public System.TimeSpan? Life { get; set; }
                internal string Notes { get; set; } = ""; // no attribute: simply not stored
            }
            """).AssertCleanCompile();
    }
}
