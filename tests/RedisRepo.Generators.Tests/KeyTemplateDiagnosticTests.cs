using Microsoft.CodeAnalysis;
using RedisRepo.Generators.Tests.Infrastructure;

namespace RedisRepo.Generators.Tests;

/// <summary>Template mistakes are compile-time errors with IDs, reported on the template string.</summary>
public sealed class KeyTemplateDiagnosticTests
{
    [Theory]
    [InlineData("RR0001", "position:", "has no placeholder")]
    [InlineData("RR0002", "position:<Identifier>", "names <Identifier>, but Position has no public readable instance property 'Identifier'")]
    [InlineData("RR0002", "position:<id>", "names <id>")]
    [InlineData("RR0003", "position:<Id", "is not closed")]
    [InlineData("RR0003", "position:Id>", "closes no placeholder")]
    [InlineData("RR0003", "position:<>", "is empty")]
    [InlineData("RR0003", "position:<Ticker><Id>", "no literal text between them")]
    [InlineData("RR0003", "position:<1d>", "does not name a property")]
    [InlineData("RR0003", "", "it is empty")]
    [InlineData("RR0006", "position:<Id>:<Id>", "names <Id> more than once")]
    [InlineData("RR0010", "<Id>:position", "starts with a placeholder")]
    public void Bad_template_is_an_error_on_the_template(string id, string template, string message)
    {
        GeneratorOutput output = GeneratorHarness.Run($$"""
            using RedisRepo;
            [RedisKey("{{template}}")]
            [Persistent]
            public sealed class Position
            {
                public string Id { get; set; } = "";
                public string Ticker { get; set; } = "";
            }
            """);

        Diagnostic diagnostic = Assert.Single(output.GeneratorDiagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Contains(message, diagnostic.GetMessage());
        Assert.Equal($"\"{template}\"", output.TextAt(diagnostic));
        Assert.EndsWith($"docs/diagnostics/{id}.md", diagnostic.Descriptor.HelpLinkUri);
        Assert.Empty(output.Sources.Where(s => s.HintName.Contains("Position")));
    }

    [Theory]
    [InlineData("double", "System.Double")]
    [InlineData("DateTime", "System.DateTime")]
    [InlineData("bool", "System.Boolean")]
    public void Key_property_of_an_unsupported_type_is_RR0004_on_the_property(string type, string _)
    {
        GeneratorOutput output = GeneratorHarness.Run($$"""
            using System;
            using RedisRepo;
            [RedisKey("position:<Id>")]
            [Persistent]
            public sealed class Position
            {
                public {{type}} Id { get; set; }
            }
            """);

        Diagnostic diagnostic = Assert.Single(output.GeneratorDiagnostics);
        Assert.Equal("RR0004", diagnostic.Id);
        Assert.Equal("Id", output.TextAt(diagnostic));
    }

    [Fact]
    public void Key_property_that_cannot_be_set_back_is_RR0014()
    {
        GeneratorOutput output = GeneratorHarness.Run("""
            using RedisRepo;
            [RedisKey("position:<Id>")]
            [Persistent]
            public sealed class Position
            {
                public string Id => "fixed";
                public string Name { get; set; } = "";
            }
            """);

        Assert.Equal(["RR0014"], output.DiagnosticIds);
    }

    [Theory]
    [InlineData("string", "position:<Id>")]
    [InlineData("System.Guid", "position:<Id>")]
    [InlineData("int", "position:<Id>")]
    [InlineData("ulong", "position:<Id>")]
    [InlineData("System.DayOfWeek", "position:<Id>")]
    [InlineData("string", "a<Id>")]
    [InlineData("string", "position:<Id>:detail")]
    public void Supported_key_types_and_shapes_compile_clean(string type, string template)
    {
        GeneratorHarness.Run($$"""
            using RedisRepo;
            [RedisKey("{{template}}")]
            [Persistent]
            public sealed class Position
            {
                public {{type}} Id { get; set; } = default!;
            }
            """).AssertCleanCompile();
    }
}
