using RedisRepo.Generators.Tests.Infrastructure;

namespace RedisRepo.Generators.Tests;

/// <summary>RR0015-RR0016: an index the generator cannot maintain is a compile-time error.</summary>
public sealed class IndexDiagnosticTests
{
    [Theory]
    [InlineData("[Index]", "byte[]")]
    [InlineData("[Index]", "System.Collections.Generic.List<string>")]
    [InlineData("[Index]", "object")]
    [InlineData("[Index(Unique = true)]", "System.DateOnly")]
    [InlineData("[SortedIndex]", "string")]
    [InlineData("[SortedIndex]", "bool")]
    [InlineData("[SortedIndex]", "System.Guid")]
    [InlineData("[SortedIndex]", "System.DayOfWeek")]
    public void Index_on_an_unsupported_type_is_RR0015(string attribute, string type)
    {
        GeneratorOutput output = GeneratorHarness.Run($$"""
            using RedisRepo;
            [RedisKey("m:<Id>")]
            [Persistent]
            public sealed class Model
            {
                public string Id { get; set; } = "";
                {{attribute}} public {{type}} Value { get; set; } = default!;
            }
            """);

        var diagnostic = Assert.Single(output.GeneratorDiagnostics, d => d.Id == "RR0015");
        Assert.Contains("'Value'", diagnostic.GetMessage());
        Assert.Contains(attribute.Trim('[', ']'), diagnostic.GetMessage());
    }

    [Theory]
    [InlineData("[Index(Name = \"\")]", "[Index]", "is empty")]
    [InlineData("[Index(Name = \"a:b\")]", "[Index]", "contains ':'")]
    [InlineData("[Index(Name = \"Same\")]", "[Index(Name = \"Same\")]", "used by another [Index]")]
    [InlineData("[Index(Name = \"Same\")]", "[Index(Unique = true, Name = \"Same\")]", "equality and unique indexes share names")]
    [InlineData("[SortedIndex(Name = \"Same\")]", "[SortedIndex(Name = \"Same\")]", "used by another [SortedIndex]")]
    public void Invalid_or_repeated_index_names_are_RR0016(string first, string second, string message)
    {
        GeneratorOutput output = GeneratorHarness.Run($$"""
            using RedisRepo;
            [RedisKey("m:<Id>")]
            [Persistent]
            public sealed class Model
            {
                public string Id { get; set; } = "";
                {{first}} public int A { get; set; }
                {{second}} public int B { get; set; }
            }
            """);

        var diagnostic = Assert.Single(output.GeneratorDiagnostics);
        Assert.Equal("RR0016", diagnostic.Id);
        Assert.Contains(message, diagnostic.GetMessage());
    }

    [Theory]
    [InlineData("[Index] public int? Value { get; set; }")]
    [InlineData("[Index] public ulong Value { get; set; }")]
    [InlineData("[Index] public double Value { get; set; }")]
    [InlineData("[Index] public char Value { get; set; }")]
    [InlineData("[Index] public System.DateTimeOffset Value { get; set; }")]
    [InlineData("[Index(Unique = true)] public System.Guid? Value { get; set; }")]
    [InlineData("[SortedIndex] public System.TimeSpan? Value { get; set; }")]
    [InlineData("[SortedIndex] public float Value { get; set; }")]
    [InlineData("[SortedIndex] public byte Value { get; set; }")]
    [InlineData("[Index, SortedIndex] public long Value { get; set; }")]
    [InlineData("[Index(Name = \"value\"), SortedIndex(Name = \"value\")] public long Value { get; set; }")]
    public void Supported_index_declarations_compile_clean(string declaration)
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

    [Fact]
    public void IgnoreCase_on_an_index_that_is_not_a_string_is_RR0026_and_on_a_string_it_compiles_clean()
    {
        GeneratorOutput output = GeneratorHarness.Run("""
            using RedisRepo;
            [RedisKey("m:<Id>")]
            [Persistent]
            public sealed class Model
            {
                public string Id { get; set; } = "";
                [Index(IgnoreCase = true)] public int Quantity { get; set; }
            }
            """);
        GeneratorOutput clean = GeneratorHarness.Run("""
            using RedisRepo;
            [RedisKey("m:<Id>")]
            [Persistent]
            public sealed class Model
            {
                public string Id { get; set; } = "";
                [Index(IgnoreCase = true, Unique = true)] public string Email { get; set; } = "";
                [Index(IgnoreCase = false)] public int Level { get; set; }
            }
            """);

        var diagnostic = Assert.Single(output.GeneratorDiagnostics);
        Assert.Equal("RR0026", diagnostic.Id);
        Assert.Contains("on Quantity of Model: the property is int", diagnostic.GetMessage());
        clean.AssertCleanCompile();
        Assert.Contains("IndexValues.EqualityIgnoreCase(", clean.Source("Model.RedisRepository.g.cs"));
    }
}
