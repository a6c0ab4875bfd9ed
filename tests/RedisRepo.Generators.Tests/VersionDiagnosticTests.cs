using RedisRepo.Generators.Tests.Infrastructure;

namespace RedisRepo.Generators.Tests;

/// <summary>RR0017: a [Version] the generated code cannot read and move on is a compile-time error.</summary>
public sealed class VersionDiagnosticTests
{
    [Theory]
    [InlineData("[Version] public int Version { get; set; }", "type 'int'; a version is a long")]
    [InlineData("[Version] public long? Version { get; set; }", "type 'long?'; a version is a long")]
    [InlineData("[Version] public long Version { get; init; }", "init is not enough")]
    [InlineData("[Version] public long Version { get; private set; }", "no public or internal setter")]
    [InlineData("[Version] public long Version { get; }", "no public or internal setter")]
    [InlineData("[Version] public long Version { get; set; } [Version] public long Other { get; set; }", "'Version' is already the version of Model")]
    public void An_unusable_version_property_is_RR0017(string declaration, string problem)
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
        Assert.Equal("RR0017", diagnostic.Id);
        Assert.Contains(problem, diagnostic.GetMessage());
    }

    [Theory]
    [InlineData("[Version] public long Version { get; set; }")]
    [InlineData("[Version] public long Revision { get; internal set; }")]
    public void A_settable_long_version_compiles_clean(string declaration)
    {
        GeneratorHarness.Run($$"""
            using RedisRepo;
            [RedisKey("m:<Id>")]
            [Persistent]
            public sealed class Model
            {
                public string Id { get; set; } = "";
                {{declaration}}
            }
            """).AssertCleanCompile();
    }
}
