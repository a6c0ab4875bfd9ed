using Microsoft.CodeAnalysis.CSharp;

namespace RedisRepo.Generators.Emitting
{
    /// <summary>C# literals for values the emitters embed.</summary>
    internal static class Literals
    {
        public static string String(string value) => SymbolDisplay.FormatLiteral(value, quote: true);

        public static string Char(char value) => SymbolDisplay.FormatLiteral(value, quote: true);

        /// <summary>Text for the inside of an interpolated string literal.</summary>
        public static string InterpolatedText(string value)
        {
            string literal = SymbolDisplay.FormatLiteral(value, quote: false);
            return literal.Replace("{", "{{").Replace("}", "}}");
        }

        /// <summary>A member name as C# code: keywords get an @ (a property declared <c>@event</c> is named "event").</summary>
        public static string Identifier(string name) =>
            SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

        /// <summary>Text for an XML doc comment.</summary>
        public static string Xml(string value) =>
            value.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
    }
}
