using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace RedisRepo.Analyzers
{
    /// <summary>
    /// The locals of one operation block (a method body, a lambda's enclosing member, a field initializer)
    /// that are declared once with an initializer and never written again, with that initializer. The
    /// block is walked once, on the first question, and only when a question is asked: create one per
    /// <c>RegisterOperationBlockStartAction</c> and hand it to <see cref="ConstantText.Of"/>.
    /// </summary>
    internal sealed class LocalInitializers
    {
        private readonly ImmutableArray<IOperation> _blocks;
        private Dictionary<ILocalSymbol, IOperation?>? _initializers;

        public LocalInitializers(ImmutableArray<IOperation> blocks) => _blocks = blocks;

        /// <summary>
        /// The initializer of <paramref name="local"/> when it is its only write (not a ref local, no
        /// assignment, no ref/out argument, no ++/--), otherwise null.
        /// </summary>
        public IOperation? SingleInitializer(ILocalSymbol local)
        {
            if (local.IsRef)
            {
                return null;
            }

            Dictionary<ILocalSymbol, IOperation?>? initializers = Volatile.Read(ref _initializers);
            if (initializers is null)
            {
                // Concurrent first questions may both build it; the result is the same.
                initializers = Build(_blocks);
                initializers = Interlocked.CompareExchange(ref _initializers, initializers, null) ?? initializers;
            }

            return initializers.TryGetValue(local, out IOperation? initializer) ? initializer : null;
        }

        // Every declared or written local: its single initializer, or null when it has none or is written again.
        private static Dictionary<ILocalSymbol, IOperation?> Build(ImmutableArray<IOperation> blocks)
        {
            var initializers = new Dictionary<ILocalSymbol, IOperation?>(SymbolEqualityComparer.Default);
            foreach (IOperation block in blocks)
            {
                foreach (IOperation operation in block.DescendantsAndSelf())
                {
                    switch (operation)
                    {
                        case IVariableDeclaratorOperation declarator:
                            initializers[declarator.Symbol] = declarator.Initializer is { } initializer && !initializers.ContainsKey(declarator.Symbol)
                                ? initializer.Value
                                : null;
                            break;
                        case IAssignmentOperation assignment:
                            MarkWritten(assignment.Target, initializers);
                            break;
                        case IIncrementOrDecrementOperation increment:
                            MarkWritten(increment.Target, initializers);
                            break;
                        case IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } argument:
                            MarkWritten(argument.Value, initializers);
                            break;
                    }
                }
            }

            return initializers;
        }

        private static void MarkWritten(IOperation target, Dictionary<ILocalSymbol, IOperation?> initializers)
        {
            switch (target)
            {
                case ILocalReferenceOperation reference:
                    initializers[reference.Local] = null;
                    break;
                case ITupleOperation tuple:
                    foreach (IOperation element in tuple.Elements)
                    {
                        MarkWritten(element, initializers);
                    }

                    break;
                case IDeclarationExpressionOperation declaration:
                    MarkWritten(declaration.Expression, initializers);
                    break;
            }
        }
    }
}
