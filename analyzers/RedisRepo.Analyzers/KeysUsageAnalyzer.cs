using System;
using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using RedisRepo.Analyzers.Diagnostics;

namespace RedisRepo.Analyzers
{
    /// <summary>
    /// RR1001: code that walks the whole keyspace. Three shapes: <c>IServer.Keys</c>/<c>KeysAsync</c>;
    /// <c>Execute</c>/<c>ExecuteAsync</c> (IDatabase, IDatabaseAsync, IServer) whose command text, known
    /// entirely at compile time (<see cref="ConstantText"/>, locals followed), is <c>KEYS</c> in any case;
    /// and Lua script text known at compile time that calls <c>redis.call('KEYS'</c> or
    /// <c>redis.pcall('KEYS'</c> outside a Lua comment, passed to ScriptEvaluate(ReadOnly)(Async),
    /// IServer.ScriptLoad(Async) or LuaScript.Prepare. Reported on the called method's name.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class KeysUsageAnalyzer : DiagnosticAnalyzer
    {
        // redis.call('KEYS' / redis.pcall("keys" ..., any case and whitespace; KEYS[1] (the keys table) does not match.
        private static readonly Regex LuaKeysCall = new(
            @"redis\s*\.\s*p?call\s*\(\s*(['""])\s*keys\s*\1",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(DiagnosticDescriptors.KeysUsage);

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(start =>
            {
                if (RedisSymbols.TryCreate(start.Compilation, out RedisSymbols symbols))
                {
                    start.RegisterOperationBlockStartAction(block =>
                    {
                        var locals = new LocalInitializers(block.OperationBlocks);
                        block.RegisterOperationAction(c => AnalyzeInvocation(c, symbols, locals), OperationKind.Invocation);
                    });
                }
            });
        }

        private static void AnalyzeInvocation(OperationAnalysisContext context, RedisSymbols symbols, LocalInitializers locals)
        {
            var invocation = (IInvocationOperation)context.Operation;
            IMethodSymbol method = invocation.TargetMethod;
            bool onServer = symbols.IsServerMethod(method);
            bool onDatabase = symbols.IsDatabaseMethod(method);
            bool onLuaScript = symbols.LuaScript is not null && SymbolEqualityComparer.Default.Equals(method.ContainingType, symbols.LuaScript);
            if (!onServer && !onDatabase && !onLuaScript)
            {
                return;
            }

            switch (method.Name)
            {
                case "Keys" or "KeysAsync" when onServer:
                    Report(context, invocation, Caller(invocation), string.Empty);
                    break;

                case "Execute" or "ExecuteAsync" when onServer || onDatabase:
                    if (Argument(invocation, "command") is { } command
                        && ConstantText.Of(command.Value, locals) is { } name
                        && ConstantText.IsComplete(name)
                        && string.Equals(name.Trim(), "KEYS", StringComparison.OrdinalIgnoreCase))
                    {
                        Report(context, invocation, $"KEYS (sent with {Caller(invocation)})", " in one blocking command");
                    }

                    break;

                case "ScriptEvaluate" or "ScriptEvaluateAsync" or "ScriptEvaluateReadOnly" or "ScriptEvaluateReadOnlyAsync" when onDatabase:
                case "ScriptLoad" or "ScriptLoadAsync" when onServer:
                case "Prepare" when onLuaScript:
                    if (Argument(invocation, "script") is { Parameter.Type.SpecialType: SpecialType.System_String } script
                        && ConstantText.Of(script.Value, locals) is { } text
                        && LuaKeysCall.IsMatch(LuaText.WithoutComments(text)))
                    {
                        Report(context, invocation, $"KEYS, called by the Lua script passed to {Caller(invocation)},", " in one blocking command");
                    }

                    break;
            }
        }

        // Named after the receiver as written (IDatabase.ExecuteAsync rather than IDatabaseAsync.ExecuteAsync).
        private static string Caller(IInvocationOperation invocation) =>
            (invocation.Instance?.Type?.Name ?? invocation.TargetMethod.ContainingType.Name) + "." + invocation.TargetMethod.Name;

        private static IArgumentOperation? Argument(IInvocationOperation invocation, string parameterName)
        {
            foreach (IArgumentOperation argument in invocation.Arguments)
            {
                if (argument.Parameter?.Name == parameterName)
                {
                    return argument;
                }
            }

            return null;
        }

        private static void Report(OperationAnalysisContext context, IInvocationOperation invocation, string what, string how) =>
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.KeysUsage, DiagnosticLocations.MethodName(invocation), what, how));
    }
}
