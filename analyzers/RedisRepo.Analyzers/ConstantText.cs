using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace RedisRepo.Analyzers
{
    /// <summary>
    /// The text of a string expression as far as it is known at compile time: constants (literals,
    /// const fields and locals, raw strings), the literal parts of interpolated strings and the
    /// constant operands of concatenations, with every part that is only known at run time replaced
    /// by <see cref="Hole"/>. A local with one initializer and no other assignment is followed to its
    /// initializer, so <c>var key = $"cache:{id}"; db.StringSet(key, ...)</c> is seen through.
    /// </summary>
    internal static class ConstantText
    {
        /// <summary>Stands for a part of the text that is only known at run time.</summary>
        public const char Hole = '\0';

        private const int MaxDepth = 8;

        /// <summary>
        /// The known text of <paramref name="operation"/> with holes, or null when none of it is known.
        /// </summary>
        public static string? Of(IOperation operation)
        {
            var text = new StringBuilder();
            bool known = Append(operation, text, depth: 0);
            return known ? text.ToString() : null;
        }

        /// <summary>Renders holes as <c>*</c>, for messages: <c>cache:user:*</c>.</summary>
        public static string Display(string text) => text.Replace(Hole, '*');

        // Appends the text of operation; returns whether any of it was constant.
        private static bool Append(IOperation operation, StringBuilder text, int depth)
        {
            operation = Unwrap(operation);
            if (operation.ConstantValue.HasValue)
            {
                switch (operation.ConstantValue.Value)
                {
                    case string s:
                        text.Append(s);
                        return true;
                    case char c:
                        text.Append(c);
                        return true;
                }
            }

            if (depth < MaxDepth)
            {
                switch (operation)
                {
                    case IInterpolatedStringOperation interpolated:
                        return AppendInterpolated(interpolated, text, depth);

                    case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } concatenation
                        when concatenation.Type?.SpecialType == SpecialType.System_String:
                        bool left = Append(concatenation.LeftOperand, text, depth + 1);
                        bool right = Append(concatenation.RightOperand, text, depth + 1);
                        return left || right;

                    case ILocalReferenceOperation local when SingleInitializer(local) is { } initializer:
                        return Append(initializer, text, depth + 1);
                }
            }

            AppendHole(text);
            return false;
        }

        private static bool AppendInterpolated(IInterpolatedStringOperation interpolated, StringBuilder text, int depth)
        {
            bool known = false;
            foreach (IInterpolatedStringContentOperation part in interpolated.Parts)
            {
                switch (part)
                {
                    case IInterpolatedStringTextOperation literal when literal.Text.ConstantValue.Value is string s:
                        text.Append(s);
                        known = true;
                        break;
                    case IInterpolationOperation { Alignment: null, FormatString: null } hole:
                        known |= Append(hole.Expression, text, depth + 1);
                        break;
                    default:
                        AppendHole(text);
                        break;
                }
            }

            return known;
        }

        private static void AppendHole(StringBuilder text)
        {
            if (text.Length == 0 || text[text.Length - 1] != Hole)
            {
                text.Append(Hole);
            }
        }

        private static IOperation Unwrap(IOperation operation)
        {
            while (true)
            {
                switch (operation)
                {
                    case IConversionOperation conversion:
                        operation = conversion.Operand;
                        break;
                    case IParenthesizedOperation parenthesized:
                        operation = parenthesized.Operand;
                        break;
                    default:
                        return operation;
                }
            }
        }

        // The initializer of a local that is declared once with an initializer and never assigned again.
        private static IOperation? SingleInitializer(ILocalReferenceOperation reference)
        {
            ILocalSymbol local = reference.Local;
            if (local.IsRef)
            {
                return null;
            }

            IOperation root = reference;
            while (root.Parent is not null)
            {
                root = root.Parent;
            }

            IOperation? initializer = null;
            foreach (IOperation operation in root.Descendants())
            {
                switch (operation)
                {
                    case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local):
                        if (declarator.Initializer is null || initializer is not null)
                        {
                            return null;
                        }

                        initializer = declarator.Initializer.Value;
                        break;
                    case IAssignmentOperation assignment when Targets(assignment.Target, local):
                        return null;
                    case IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } argument when Targets(argument.Value, local):
                        return null;
                }
            }

            return initializer;
        }

        private static bool Targets(IOperation target, ILocalSymbol local) =>
            target switch
            {
                ILocalReferenceOperation reference => SymbolEqualityComparer.Default.Equals(reference.Local, local),
                ITupleOperation tuple => tuple.Elements.Any(e => Targets(e, local)),
                IDeclarationExpressionOperation declaration => Targets(declaration.Expression, local),
                _ => false,
            };
    }
}
