using Microsoft.CodeAnalysis;
using RedisRepo.Generators.Tests.Infrastructure;

namespace RedisRepo.Generators.Tests;

/// <summary>Generated code compiles warning-free whatever the user's project settings and names.</summary>
public sealed class GeneratedCodeCompilationTests
{
    [Fact]
    public void Project_without_nullable_annotations_compiles_clean()
    {
        var compilation = GeneratorHarness.Compilation("""
            using System.Collections.Generic;
            using RedisRepo;
            namespace Legacy;
            [RedisKey("legacy:item:<Id>:<Part>")]
            [Persistent]
            public class Item
            {
                public string Id { get; set; }
                public string Part { get; set; }
                public List<string> Tags { get; set; }
                public Dictionary<string, Item> Children { get; set; }
            }
            """, nullable: NullableContextOptions.Disable);

        GeneratorHarness.Run(compilation).AssertCleanCompile();
    }

    [Fact]
    public void Property_names_that_match_generated_locals_and_parameters_compile()
    {
        GeneratorOutput output = GeneratorHarness.Run("""
            using RedisRepo;
            [RedisKey("clash:<Value>:<Operation>")]
            [Persistent]
            public sealed class Clash
            {
                public string Value { get; set; } = "";
                public string Operation { get; set; } = "";
                public int Count { get; set; }
                public int Index { get; set; }
                public string Name { get; set; } = "";
                public string Reader { get; set; } = "";
                public string Writer { get; set; } = "";
                public string Options { get; set; } = "";
                public string Result { get; set; } = "";
                public string Entity { get; set; } = "";
                public string CancellationToken { get; set; } = "";
            }
            """).AssertCleanCompile();

        // A key parameter that would clash with a generated one is suffixed, not renamed silently elsewhere.
        Assert.Contains("GetAsync(string value, string operationKey, global::System.Threading.CancellationToken cancellationToken = default)", output.FlatSource("Clash.RedisRepository.g.cs"));
    }

    [Fact]
    public void Property_names_that_match_the_formatters_locals_and_lowercase_parameters_compile()
    {
        GeneratorHarness.Run("""
            using RedisRepo;
            [RedisKey("adversary:<Id>")]
            [Persistent]
            public sealed record Adversary
            {
                public string Id { get; init; } = "";
                public string IdRead { get; init; } = "";
                public string _Id { get; set; } = "";
                public string reader { get; set; } = "";
                public string writer { get; set; } = "";
                public string options { get; set; } = "";
                public string value { get; set; } = "";
                public string member0 { get; set; } = "";
                public string member0Read { get; set; } = "";
                public string defaults { get; set; } = "";
                public string result { get; set; } = "";
                public string count { get; set; } = "";
                public string Adversary2 { get; set; } = "";
                public string SaveAsync { get; set; } = "";
                public string Formatter { get; set; } = "";
                public string Model { get; set; } = "";
            }
            """).AssertCleanCompile();
    }

    [Fact]
    public void Attributes_on_positional_record_parameters_mark_their_properties()
    {
        GeneratorOutput output = GeneratorHarness.Run("""
            using System;
            using RedisRepo;
            [RedisKey("fill:<Id>")]
            public sealed record Fill(string Id, [Index] string Ticker, [SortedIndex] long Sequence, [Index(Unique = true)] string Reference, [Ttl] TimeSpan? Life)
            {
                [Version] public long Version { get; set; }
            }
            """).AssertCleanCompile();

        string repository = output.FlatSource("Fill.RedisRepository.g.cs");
        Assert.Contains("FindByTickerAsync(string ticker", repository);
        Assert.Contains("FindBySequenceBetweenAsync(long min, long max", repository);
        Assert.Contains("GetByReferenceAsync(string reference", repository);
        Assert.Contains("public override string? VersionProperty => \"Version\";", repository);

        // A version must move on save: a positional (init-only) property cannot, and says so where it is written.
        GeneratorOutput positionalVersion = GeneratorHarness.Run("""
            using RedisRepo;
            [RedisKey("fill:<Id>")]
            [Persistent]
            public sealed record Fill(string Id, [Version] long Version);
            """);
        Assert.Equal(["RR0017"], positionalVersion.DiagnosticIds);
    }

    [Fact]
    public void Obsolete_members_of_a_model_compile_without_warnings()
    {
        GeneratorHarness.Run("""
            using System;
            using RedisRepo;
            [RedisKey("legacy:<Id>")]
            [Persistent]
            public sealed class Legacy
            {
                public string Id { get; set; } = "";
                [Obsolete] public string Old { get; set; } = "";
                [Obsolete("use New")] public int Older { get; init; }
                [Index] [Obsolete] public string Indexed { get; set; } = "";
            }
            """).AssertCleanCompile();
    }

    [Fact]
    public void Keyword_property_names_are_escaped()
    {
        GeneratorOutput output = GeneratorHarness.Run("""
            using RedisRepo;
            [RedisKey("calendar:<class>")]
            [Persistent]
            public sealed class Calendar
            {
                public string @class { get; set; } = "";
                public string @event { get; set; } = "";
                public int @int { get; init; }
            }
            """).AssertCleanCompile();

        Assert.Contains("GetAsync(string @class,", output.FlatSource("Calendar.RedisRepository.g.cs"));
    }

    [Fact]
    public void A_model_and_its_repository_can_live_in_a_deeply_nested_namespace_named_like_framework_types()
    {
        GeneratorHarness.Run("""
            using RedisRepo;
            namespace Company.System.Threading.Tasks;
            [RedisKey("task:<Id>")]
            [Persistent]
            public sealed class Task
            {
                public string Id { get; set; } = "";
            }
            """).AssertCleanCompile();
    }
}
