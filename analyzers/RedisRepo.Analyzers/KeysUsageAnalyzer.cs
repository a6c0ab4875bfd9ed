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
    /// <c>Execute</c>/<c>ExecuteAsync</c> (IDatabase, IDatabaseAsync, IServer) whose command is the
    /// constant <c>KEYS</c> in any case; and constant Lua script text that calls <c>redis.call('KEYS'</c>
    /// or <c>redis.pcall('KEYS'</c>, passed to ScriptEvaluate(ReadOnly)(Async), IServer.ScriptLoad(Async)
    /// or LuaScript.Prepare.
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
                    start.RegisterOperationAction(c => AnalyzeInvocation(c, symbols), OperationKind.Invocation);
                }
            });
        }

        private static void AnalyzeInvocation(OperationAnalysisContext context, RedisSymbols symbols)
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

            // Named after the receiver as written (IDatabase.ExecuteAsync rather than IDatabaseAsync.ExecuteAsync).
            string caller = (invocation.Instance?.Type?.Name ?? method.ContainingType.Name) + "." + method.Name;
            switch (method.Name)
            {
                case "Keys" or "KeysAsync" when onServer:
                    Report(context, invocation, caller, string.Empty);
                    break;

                case "Execute" or "ExecuteAsync" when onServer || onDatabase:
                    if (Argument(invocation, "command") is { } command
                        && command.Value.ConstantValue.Value is string name
                        && string.Equals(name.Trim(), "KEYS", StringComparison.OrdinalIgnoreCase))
                    {
                        Report(context, invocation, $"KEYS (sent with {caller})", " in one blocking command");
                    }

                    break;

                case "ScriptEvaluate" or "ScriptEvaluateAsync" or "ScriptEvaluateReadOnly" or "ScriptEvaluateReadOnlyAsync" when onDatabase:
                case "ScriptLoad" or "ScriptLoadAsync" when onServer:
                case "Prepare" when onLuaScript:
                    if (Argument(invocation, "script") is { Parameter.Type.SpecialType: SpecialType.System_String } script
                        && ConstantText.Of(script.Value) is { } text
                        && LuaKeysCall.IsMatch(text))
                    {
                        Report(context, invocation, $"KEYS, called by the Lua script passed to {caller},", " in one blocking command");
                    }

                    break;
            }
        }

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
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.KeysUsage, invocation.Syntax.GetLocation(), what, how));
    }
}
