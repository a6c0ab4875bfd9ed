using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace RedisRepo.Analyzers.Tests.Infrastructure;

/// <summary>
/// Applies one code fix (chosen by equivalence key) to test code with diagnostic markup and compares
/// the result with the expected text; the fixed code must compile and be free of the diagnostic.
/// The testing library also checks Fix All in document, project and solution scope.
/// </summary>
internal static class CodeFixVerifier<TAnalyzer, TCodeFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    public static Task VerifyFixAsync(string source, string fixedSource, string equivalenceKey) =>
        Create(source, fixedSource, equivalenceKey).RunAsync();

    public static Test Create(string source, string fixedSource, string equivalenceKey)
    {
        var test = new Test
        {
            TestCode = source,
            FixedCode = fixedSource,
            CodeActionEquivalenceKey = equivalenceKey,
        };
        test.TestState.Sources.Add((RedisRepoStubs.AttributesPath, RedisRepoStubs.Attributes));
        test.FixedState.Sources.Add((RedisRepoStubs.AttributesPath, RedisRepoStubs.Attributes));
        return test;
    }

    internal sealed class Test : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
    {
        public Test()
        {
            ReferenceAssemblies = TestReferences.Assemblies;
            TestState.AdditionalReferences.AddRange(TestReferences.Framework);
            TestState.AdditionalReferences.AddRange(TestReferences.StackExchangeRedis);
        }
    }
}
