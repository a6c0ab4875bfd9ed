using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using RedisRepo.Analyzers.Diagnostics;

namespace RedisRepo.Analyzers
{
    /// <summary>
    /// RR1004: a Redis call awaited directly in the body of a loop (for, foreach, await foreach, while,
    /// do) when a batched form exists (<see cref="BatchedCalls"/>). Not flagged: calls whose task is
    /// collected and awaited later (Task.WhenAll), calls inside a lambda or local function (not executed
    /// by the loop itself), calls in a loop's condition or collection, calls already batched, calls on an
    /// IBatch or ITransaction, and the enumeration of an <c>await foreach</c>.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class RoundTripPerItemAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(DiagnosticDescriptors.RoundTripPerItem);

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(start =>
            {
                RedisSymbols.TryCreate(start.Compilation, out RedisSymbols? symbols);
                start.RegisterOperationAction(c => AnalyzeAwait(c, symbols), OperationKind.Await);
            });
        }

        private static void AnalyzeAwait(OperationAnalysisContext context, RedisSymbols? symbols)
        {
            var awaited = (IAwaitOperation)context.Operation;
            if (AwaitedInvocation(awaited.Operation) is not { } invocation || !InLoopBody(awaited))
            {
                return;
            }

            IMethodSymbol method = invocation.TargetMethod;
            string? advice = null;
            if (symbols is not null && symbols.IsDatabaseMethod(method) && !symbols.IsQueuedCommands(invocation.Instance?.Type))
            {
                advice = BatchedCalls.ForRedisCommand(method);
            }
            else if (method.ContainingType is not null)
            {
                advice = BatchedCalls.ForRepositoryMethod(method);
            }

            if (advice is null)
            {
                return;
            }

            string caller = (invocation.Instance?.Type?.Name ?? method.ContainingType!.Name) + "." + method.Name;
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.RoundTripPerItem, invocation.Syntax.GetLocation(), caller, advice));
        }

        // The invocation being awaited, seen through conversions and ConfigureAwait(...).
        private static IInvocationOperation? AwaitedInvocation(IOperation operation)
        {
            while (true)
            {
                switch (operation)
                {
                    case IConversionOperation conversion:
                        operation = conversion.Operand;
                        break;
                    case IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: { } instance }:
                        operation = instance;
                        break;
                    case IInvocationOperation invocation:
                        return invocation;
                    default:
                        return null;
                }
            }
        }

        // Whether the await runs once per iteration of an enclosing loop of the same method or lambda.
        private static bool InLoopBody(IOperation operation)
        {
            IOperation current = operation;
            for (IOperation? parent = operation.Parent; parent is not null; current = parent, parent = parent.Parent)
            {
                switch (parent)
                {
                    case IAnonymousFunctionOperation or ILocalFunctionOperation:
                        return false;
                    case ILoopOperation loop when loop.Body == current:
                        return true;
                }
            }

            return false;
        }
    }
}
