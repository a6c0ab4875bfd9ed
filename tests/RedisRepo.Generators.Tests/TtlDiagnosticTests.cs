using RedisRepo.Generators.Tests.Infrastructure;

namespace RedisRepo.Generators.Tests;

/// <summary>RR0011-RR0013: an expiry policy that cannot work is a compile-time error.</summary>
public sealed class TtlDiagnosticTests
{
    [Theory]
    [InlineData("[Ttl(60)] [Persistent]", "", "RR0011", "both [Persistent] and [Ttl]")]
    [InlineData("[Ttl(60)]", "[Ttl]", "RR0011", "on the class and on property 'Until'")]
    [InlineData("", "[Ttl(Sliding = true)]", "RR0011", "sliding")]
    [InlineData("[Ttl(0)]", "", "RR0012", "is 0 seconds")]
    [InlineData("[Ttl]", "", "RR0012", "is 0 seconds")]
    [InlineData("[Ttl(Minutes = -5)]", "", "RR0012", "is -300 seconds")]
    public void Conflicting_or_non_positive_ttls_are_errors(string onClass, string onProperty, string id, string message)
    {
        GeneratorOutput output = GeneratorHarness.Run($$"""
            using System;
            using RedisRepo;
            [RedisKey("m:<Id>")]
            {{onClass}}
            public sealed class Model
            {
                public string Id { get; set; } = "";
                {{onProperty}} public DateTimeOffset? Until { get; set; }
            }
            """);

        var diagnostic = Assert.Single(output.GeneratorDiagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Contains(message, diagnostic.GetMessage());
    }

    [Fact]
    public void Independent_expiry_mistakes_are_reported_together()
    {
        GeneratorOutput output = GeneratorHarness.Run("""
            using RedisRepo;
            [RedisKey("m:<Id>")]
            [Ttl(0)]
            public sealed class Model
            {
                public string Id { get; set; } = "";
                [Ttl] public string Until { get; set; } = "";
            }
            """);

        Assert.Equal(["RR0011", "RR0012", "RR0013"], output.DiagnosticIds);
    }

    [Theory]
    [InlineData("string")]
    [InlineData("int")]
    [InlineData("DateOnly")]
    public void Ttl_on_a_property_of_another_type_is_RR0013(string type)
    {
        GeneratorOutput output = GeneratorHarness.Run($$"""
            using System;
            using RedisRepo;
            [RedisKey("m:<Id>")]
            public sealed class Model
            {
                public string Id { get; set; } = "";
                [Ttl] public {{type}} Until { get; set; } = default!;
            }
            """);

        Assert.Equal(["RR0013"], output.DiagnosticIds);
    }

    [Theory]
    [InlineData("[Ttl(3600)]", "", "TimeSpan.FromHours(1), Sliding: false")]
    [InlineData("[Ttl(90)]", "", "TimeSpan.FromSeconds(90), Sliding: false")]
    [InlineData("[Ttl(Days = 1, Hours = 2, Minutes = 3, Seconds = 4)]", "", "TimeSpan.FromSeconds(93784), Sliding: false")]
    [InlineData("[Ttl(Minutes = 30, Sliding = true)]", "", "TimeSpan.FromMinutes(30), Sliding: true")]
    [InlineData("", "[Ttl]", "TtlPolicy.FromProperty")]
    [InlineData("[Persistent]", "", "TtlPolicy.Persistent")]
    public void Valid_policies_compile_into_the_model_description(string onClass, string onProperty, string policy)
    {
        GeneratorOutput output = GeneratorHarness.Run($$"""
            using System;
            using RedisRepo;
            [RedisKey("m:<Id>")]
            {{onClass}}
            public sealed class Model
            {
                public string Id { get; set; } = "";
                {{onProperty}} public TimeSpan? Until { get; set; }
            }
            """).AssertCleanCompile();

        Assert.Contains(policy, output.Source("Model.RedisRepository.g.cs"));
    }
}
