using RedisRepo.Generators.Tests.Infrastructure;

namespace RedisRepo.Generators.Tests;

/// <summary>RR0019: [RedisKey(Shards = N)] must name a usable number of buckets and a prefix without braces.</summary>
public sealed class ShardsDiagnosticTests
{
    [Theory]
    [InlineData("m:<Id>", "0", "between 1 and 16384")]
    [InlineData("m:<Id>", "-3", "between 1 and 16384")]
    [InlineData("m:<Id>", "16385", "between 1 and 16384")]
    [InlineData("{m}:<Id>", "4", "holds a brace")]
    [InlineData("m:<Tenant>:{t}:<Id>", "4", "holds a brace")]
    public void An_unusable_shard_count_or_a_braced_prefix_is_RR0019(string template, string shards, string problem)
    {
        GeneratorOutput output = GeneratorHarness.Run($$"""
            using RedisRepo;
            [RedisKey("{{template}}", Shards = {{shards}})]
            [Persistent]
            public sealed class Model
            {
                public string Tenant { get; set; } = "";
                public string Id { get; set; } = "";
            }
            """);

        var diagnostic = Assert.Single(output.GeneratorDiagnostics);
        Assert.Equal("RR0019", diagnostic.Id);
        Assert.Contains(problem, diagnostic.GetMessage());
    }

    [Fact]
    public void A_sharded_model_states_its_bucket_count_and_compiles_clean()
    {
        GeneratorOutput output = GeneratorHarness.Run("""
            using RedisRepo;
            [RedisKey("m:<Id>", Shards = 16)]
            [Persistent]
            public sealed class Model
            {
                public string Id { get; set; } = "";
                [Index(Unique = true)] public string Email { get; set; } = "";
            }
            """);

        output.AssertCleanCompile();
        Assert.Contains("public override int Shards => 16;", output.Source("Model.RedisRepository.g.cs"));
    }
}
