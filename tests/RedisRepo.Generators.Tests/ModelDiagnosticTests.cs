using RedisRepo.Generators.Tests.Infrastructure;

namespace RedisRepo.Generators.Tests;

/// <summary>Models the generator cannot store are compile-time errors, never run-time surprises.</summary>
public sealed class ModelDiagnosticTests
{
    [Theory]
    [InlineData("public sealed class Holder { [RedisKey(\"m:<Id>\")] [Persistent] public sealed class Model { public string Id { get; set; } = \"\"; } }", "nested")]
    [InlineData("[RedisKey(\"m:<Id>\")] [Persistent] public sealed class Model<T> { public string Id { get; set; } = \"\"; }", "generic")]
    [InlineData("[RedisKey(\"m:<Id>\")] [Persistent] public abstract class Model { public string Id { get; set; } = \"\"; }", "abstract")]
    [InlineData("[RedisKey(\"m:<Id>\")] [Persistent] file sealed class Model { public string Id { get; set; } = \"\"; }", "file-local")]
    public void Unsupported_declarations_are_RR0009(string declaration, string reason)
    {
        GeneratorOutput output = GeneratorHarness.Run("using RedisRepo;\n" + declaration);

        var diagnostic = Assert.Single(output.GeneratorDiagnostics);
        Assert.Equal("RR0009", diagnostic.Id);
        Assert.Contains(reason, diagnostic.GetMessage());
    }

    [Fact]
    public void Model_without_a_usable_constructor_is_RR0007()
    {
        GeneratorOutput output = GeneratorHarness.Run("""
            using RedisRepo;
            [RedisKey("m:<Id>")]
            [Persistent]
            public sealed class Model
            {
                public Model(string id, int unrelated) { Id = id; }
                public string Id { get; set; }
            }
            """);

        Assert.Equal(["RR0007"], output.DiagnosticIds);
    }

    [Fact]
    public void Nested_class_without_a_usable_constructor_is_RR0007_and_RR0008()
    {
        GeneratorOutput output = GeneratorHarness.Run("""
            using RedisRepo;
            [RedisKey("m:<Id>")]
            [Persistent]
            public sealed class Model
            {
                public string Id { get; set; } = "";
                public Part Part { get; set; } = new(1);
            }
            public sealed class Part
            {
                public Part(int seed) { }
                public string Name { get; set; } = "";
            }
            """);

        Assert.Equal(["RR0007", "RR0008"], output.DiagnosticIds);
    }

    [Theory]
    [InlineData("object", "framework types")]
    [InlineData("System.Uri", "framework types")]
    [InlineData("System.Collections.Generic.Stack<int>", "framework types")]
    [InlineData("int[,]", "multi-dimensional")]
    [InlineData("int[][]", "jagged")]
    [InlineData("System.IDisposable", "collection interfaces")]
    [InlineData("System.Drawing.Point", "built-in structs")]
    [InlineData("System.Action", "not a supported type")]
    public void Property_of_a_type_the_formatter_cannot_store_is_RR0008(string type, string reason)
    {
        GeneratorOutput output = GeneratorHarness.Run($$"""
            using RedisRepo;
            [RedisKey("m:<Id>")]
            [Persistent]
            public sealed class Model
            {
                public string Id { get; set; } = "";
                public {{type}} Value { get; set; } = default!;
            }
            """);

        var diagnostic = Assert.Single(output.GeneratorDiagnostics);
        Assert.Equal("RR0008", diagnostic.Id);
        Assert.Contains("'Value'", diagnostic.GetMessage());
        Assert.Contains(reason, diagnostic.GetMessage());
    }

    [Fact]
    public void Properties_that_cannot_be_restored_are_not_stored_and_not_errors()
    {
        GeneratorOutput output = GeneratorHarness.Run("""
            using RedisRepo;
            [RedisKey("m:<Id>")]
            [Persistent]
            public sealed class Model
            {
                public string Id { get; set; } = "";
                public object Computed => new object();
                public string Hidden { private get; set; } = "";
                internal string Internal { get; set; } = "";
            }
            """).AssertCleanCompile();

        string formatter = output.Source("Model.RedisFormatter.g.cs");
        Assert.Contains("writer.WriteMapHeader(1);", formatter);
        Assert.DoesNotContain("Computed", formatter);
        Assert.DoesNotContain("Hidden", formatter);
        Assert.DoesNotContain("Internal", formatter);
    }
}
