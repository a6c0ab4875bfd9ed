using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace RedisRepo.Analyzers
{
    /// <summary>
    /// The text of a string expression as far as it is known at compile time: constants (literals,
    /// const fields and locals, raw strings), the literal parts of interpolated strings and the
    /// constant operands of concatenations, with every part that is only known at run time replaced
    /// by <see cref="Hole"/>. A local with one initializer and no other write is followed to its
    /// initializer (<see cref="LocalInitializers"/>), so <c>var key = $"cache:{id}"; db.StringSet(key, ...)</c>
    /// is seen through.
    /// </summary>
    internal static class ConstantText
    {
        /// <summary>Stands for a part of the text that is only known at run time.</summary>
        public const char Hole = '\0';

        // How many locals are followed from one expression (var a = ...; var b = a + ...; ...).
        private const int MaxLocalHops = 8;

        // How deeply concatenations and interpolations may nest: "a" + b + "c" + ... nests one level per
        // part, so this is about the number of parts. Only a guard against pathological code.
        private const int MaxNesting = 256;

        /// <summary>
        /// The known text of <paramref name="operation"/> with holes, or null when none of it is known.
        /// <paramref name="locals"/> are the single initializers of the locals of the operation's block.
        /// </summary>
        public static string? Of(IOperation operation, LocalInitializers locals)
        {
            var text = new StringBuilder();
            bool known = Append(operation, text, locals, hops: 0, nesting: 0);
            return known ? text.ToString() : null;
        }

        /// <summary>Whether <paramref name="text"/> (from <see cref="Of"/>) is known entirely, without a hole.</summary>
        public static bool IsComplete(string text) => text.IndexOf(Hole) < 0;

        /// <summary>Renders holes as <c>*</c>, for messages: <c>cache:user:*</c>.</summary>
        public static string Display(string text) => text.Replace(Hole, '*');

        // Appends the text of operation; returns whether any of it was constant.
        private static bool Append(IOperation operation, StringBuilder text, LocalInitializers locals, int hops, int nesting)
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

            if (nesting < MaxNesting)
            {
                switch (operation)
                {
                    case IInterpolatedStringOperation interpolated:
                        return AppendInterpolated(interpolated, text, locals, hops, nesting);

                    case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } concatenation
                        when concatenation.Type?.SpecialType == SpecialType.System_String:
                        bool left = Append(concatenation.LeftOperand, text, locals, hops, nesting + 1);
                        bool right = Append(concatenation.RightOperand, text, locals, hops, nesting + 1);
                        return left || right;

                    case ILocalReferenceOperation local when hops < MaxLocalHops && locals.SingleInitializer(local.Local) is { } initializer:
                        return Append(initializer, text, locals, hops + 1, nesting + 1);
                }
            }

            AppendHole(text);
            return false;
        }

        private static bool AppendInterpolated(IInterpolatedStringOperation interpolated, StringBuilder text, LocalInitializers locals, int hops, int nesting)
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
                        known |= Append(hole.Expression, text, locals, hops, nesting + 1);
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
    }
}
