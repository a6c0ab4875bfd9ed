using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace RedisRepo.Generators.Model
{
    /// <summary>A source location as plain values, so a spec never holds a syntax tree.</summary>
    internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
    {
        public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);

        public static LocationInfo? From(Location? location) =>
            location?.SourceTree is null ? null : new LocationInfo(location.SourceTree.FilePath, location.SourceSpan, location.GetLineSpan().Span);

        public static LocationInfo? From(SyntaxNode? node) => From(node?.GetLocation());

        /// <summary>Where an attribute is written, or else where the symbol it decorates is declared.</summary>
        public static LocationInfo? Of(AttributeData attribute, ISymbol decorated) =>
            From(attribute.ApplicationSyntaxReference?.GetSyntax()) ?? From(System.Linq.Enumerable.FirstOrDefault(decorated.Locations));
    }
}
