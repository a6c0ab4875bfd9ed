using RedisRepo.Generators.Tests.Infrastructure;

namespace RedisRepo.Generators.Tests;

/// <summary>RR0005: no key of one model may ever equal a key (entity or index) of another.</summary>
public sealed class KeyOverlapDiagnosticTests
{
    [Theory]
    [InlineData("user:<Id>", "user:<Id>")]
    [InlineData("user:<Id>", "user:<Id>:profile")]
    [InlineData("user:<Id>", "user:profile:<Id>")]
    [InlineData("a:<Id>:x", "a:b:<Id>")]
    [InlineData("user#<Id>", "user:<Id>")] // the first's keys can equal the second's index keys (user#ids)
    [InlineData("user:<Tenant>:<Id>", "user:<Tenant>")] // the last part may contain ':', so "user:t:1" is both
    [InlineData("user:<Id>", "user.<Id>")] // different entity keys, but both keep their indexes under user#
    [InlineData("user:<Id>", "user-<Id>")]
    public void Templates_that_can_produce_the_same_key_are_RR0005(string first, string second)
    {
        GeneratorOutput output = GeneratorHarness.Run(TwoModels(first, second));

        var diagnostic = Assert.Single(output.GeneratorDiagnostics);
        Assert.Equal("RR0005", diagnostic.Id);
        Assert.Contains("Second", diagnostic.GetMessage());
        Assert.Contains("First", diagnostic.GetMessage());
    }

    [Theory]
    [InlineData("user:<Id>", "users:<Id>")]
    [InlineData("user:<Id>", "profile:<Id>")]
    [InlineData("auth:tenant:<Tenant>:user:<Id>", "auth:tenant:<Tenant>:role:<Id>")]
    [InlineData("user:<Tenant>:<Id>:a", "user:<Tenant>:<Id>:b")]
    [InlineData("user:<Id>", "user.<Tenant>:a:<Id>")] // index keys user#ids... and user#<Tenant>:a:<Id>#ids... never meet
    public void Distinct_keyspaces_compile(string first, string second)
    {
        GeneratorHarness.Run(TwoModels(first, second)).AssertCleanCompile();
    }

    private static string TwoModels(string first, string second) => $$"""
        using RedisRepo;
        [RedisKey("{{first}}")]
        [Persistent]
        public sealed class First
        {
            public string Id { get; set; } = "";
            public string Tenant { get; set; } = "";
        }

        [RedisKey("{{second}}")]
        [Persistent]
        public sealed class Second
        {
            public string Id { get; set; } = "";
            public string Tenant { get; set; } = "";
        }
        """;
}
