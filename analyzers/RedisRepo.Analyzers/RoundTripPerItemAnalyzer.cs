using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using RedisRepo.Analyzers.Diagnostics;

namespace RedisRepo.Analyzers
{
    /// <summary>
    /// RR1004 (Warning): a Redis call awaited directly in the body of a foreach or for loop, taking the
    /// loop's own variable, when a batched form exists (<see cref="BatchedCalls"/>): one round trip per
    /// item, for certain. RR1005 (Info): the same call in a loop whose shape does not show that (while,
    /// do, await foreach, or arguments that do not use the loop's variable). Not flagged: calls whose task is
    /// collected and awaited later (Task.WhenAll), calls inside a lambda or local function (not executed
    /// by the loop itself), calls in a loop's condition or collection, calls already batched, calls on an
    /// IBatch or ITransaction, the enumeration of an <c>await foreach</c>, and calls whose arguments are
    /// all compile-time constants or defaults (a retry or poll loop asking the same thing each time: there
    /// are no items to batch). Nothing at all without StackExchange.Redis (RedisRepo references it).
    /// Reported on the called method's name.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class RoundTripPerItemAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(DiagnosticDescriptors.RoundTripPerItem, DiagnosticDescriptors.RoundTripInLoop);

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(start =>
            {
                if (!RedisSymbols.TryCreate(start.Compilation, out RedisSymbols symbols))
                {
                    return;
                }

                var repositories = RedisRepoSymbols.Create(start.Compilation);
                start.RegisterOperationAction(c => AnalyzeAwait(c, symbols, repositories), OperationKind.Await);
            });
        }

        private static void AnalyzeAwait(OperationAnalysisContext context, RedisSymbols symbols, RedisRepoSymbols repositories)
        {
            var awaited = (IAwaitOperation)context.Operation;
            if (AwaitedInvocation(awaited.Operation) is not { } invocation || EnclosingLoop(awaited) is not { } loop || HasOnlyConstantArguments(invocation))
            {
                return;
            }

            IMethodSymbol method = invocation.TargetMethod;
            string? advice = null;
            if (symbols.IsDatabaseMethod(method))
            {
                if (!symbols.IsQueuedCommands(invocation.Instance?.Type))
                {
                    advice = BatchedCalls.ForRedisCommand(method);
                }
            }
            else if (repositories.HasRepositories && method.ContainingType is not null)
            {
                advice = BatchedCalls.ForRepositoryMethod(method, repositories);
            }

            if (advice is null)
            {
                return;
            }

            string caller = (invocation.Instance?.Type?.Name ?? method.ContainingType!.Name) + "." + method.Name;
            DiagnosticDescriptor rule = IsPerItem(loop, invocation) ? DiagnosticDescriptors.RoundTripPerItem : DiagnosticDescriptors.RoundTripInLoop;
            context.ReportDiagnostic(Diagnostic.Create(rule, DiagnosticLocations.MethodName(invocation), caller, advice));
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

        // The loop whose body runs the await once per iteration, in the same method or lambda; null when none.
        private static ILoopOperation? EnclosingLoop(IOperation operation)
        {
            IOperation current = operation;
            for (IOperation? parent = operation.Parent; parent is not null; current = parent, parent = parent.Parent)
            {
                switch (parent)
                {
                    case IAnonymousFunctionOperation or ILocalFunctionOperation:
                        return null;
                    case ILoopOperation loop when loop.Body == current:
                        return loop;
                }
            }

            return null;
        }

        // The certain shape (RR1004): a foreach or for loop over items, whose call takes the loop's own
        // variable (the item, or the index into the items). Everything else is RR1005.
        private static bool IsPerItem(ILoopOperation loop, IInvocationOperation invocation)
        {
            if (loop is not (IForEachLoopOperation { IsAsynchronous: false } or IForLoopOperation) || loop.Locals.IsEmpty)
            {
                return false;
            }

            foreach (IArgumentOperation argument in invocation.Arguments)
            {
                foreach (IOperation part in argument.Value.DescendantsAndSelf())
                {
                    if (part is ILocalReferenceOperation reference && loop.Locals.Contains(reference.Local, SymbolEqualityComparer.Default))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        // Whether every argument is a compile-time constant (seen through conversions, so "ready" passed
        // as a RedisKey counts), null, default, or left out: the call is the same in every iteration.
        private static bool HasOnlyConstantArguments(IInvocationOperation invocation)
        {
            foreach (IArgumentOperation argument in invocation.Arguments)
            {
                if (argument.ArgumentKind == ArgumentKind.DefaultValue)
                {
                    continue;
                }

                IOperation value = argument.Value;
                while (value is IConversionOperation conversion)
                {
                    value = conversion.Operand;
                }

                if (!value.ConstantValue.HasValue && value is not IDefaultValueOperation)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
