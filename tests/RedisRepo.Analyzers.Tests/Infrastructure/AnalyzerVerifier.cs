using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace RedisRepo.Analyzers.Tests.Infrastructure;

/// <summary>
/// Runs one analyzer over test code written with diagnostic markup (<c>{|RR1001:...|}</c>,
/// <c>{|#0:...|}</c>), against the runtime's assemblies, StackExchange.Redis and the RedisRepo
/// attribute stubs. Extra diagnostics and missing ones both fail the test.
/// </summary>
internal static class AnalyzerVerifier<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public static DiagnosticResult Diagnostic(string id) => CSharpAnalyzerVerifier<TAnalyzer, DefaultVerifier>.Diagnostic(id);

    public static Task VerifyAsync(string source, params DiagnosticResult[] expected) =>
        Create(source, expected).RunAsync();

    /// <summary>A test to adjust (add an .editorconfig, drop a reference) before running it.</summary>
    public static Test Create(string source, params DiagnosticResult[] expected)
    {
        var test = new Test { TestCode = source };
        test.TestState.Sources.Add((RedisRepoStubs.AttributesPath, RedisRepoStubs.Attributes));
        test.ExpectedDiagnostics.AddRange(expected);
        return test;
    }

    internal sealed class Test : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
    {
        public Test()
        {
            ReferenceAssemblies = TestReferences.Assemblies;
            TestState.AdditionalReferences.AddRange(TestReferences.Framework);
            TestState.AdditionalReferences.AddRange(TestReferences.StackExchangeRedis);
        }

        /// <summary>Compiles without StackExchange.Redis.</summary>
        public Test WithoutStackExchangeRedis()
        {
            TestState.AdditionalReferences.Clear();
            TestState.AdditionalReferences.AddRange(TestReferences.Framework);
            return this;
        }

        /// <summary>Adds a root .editorconfig for every file with these lines under <c>[*.cs]</c>.</summary>
        public Test WithEditorConfig(params string[] lines)
        {
            TestState.AnalyzerConfigFiles.Add(("/.editorconfig", EditorConfig.Text(lines)));
            return this;
        }
    }
}

/// <summary>The text of a root .editorconfig that applies <c>lines</c> to every C# file.</summary>
internal static class EditorConfig
{
    public static string Text(params string[] lines) =>
        "root = true\n\n[*.cs]\n" + string.Join("\n", lines) + "\n";
}
