using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using RedisRepo.Generators.Diagnostics;
using RedisRepo.Generators.Model;

namespace RedisRepo.Generators.Parsing
{
    /// <summary>
    /// Turns a class marked [RedisKey] into a <see cref="RepositorySpec"/>: checks the declaration,
    /// parses the key template against the properties, reads the expiry policy and the shapes
    /// the formatter stores. Every problem becomes a diagnostic; the spec is null when any is found.
    /// </summary>
    internal static class ModelParser
    {
        public static Result<RepositorySpec> Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            var diagnostics = new List<DiagnosticInfo>();
            RepositorySpec? spec = context.TargetSymbol is INamedTypeSymbol model
                ? Parse(model, context.Attributes[0], new KnownSymbols(context.SemanticModel.Compilation), diagnostics, cancellationToken)
                : null;
            LocationInfo? where = context.TargetSymbol is INamedTypeSymbol target
                ? TemplateLocation(context.Attributes[0]) ?? LocationInfo.From(target.Locations.FirstOrDefault())
                : null;
            return new Result<RepositorySpec>(diagnostics.Count == 0 ? spec : null, diagnostics.ToEquatableArray(), where);
        }

        private static RepositorySpec? Parse(INamedTypeSymbol model, AttributeData attribute, KnownSymbols known, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
        {
            LocationInfo? modelLocation = LocationInfo.From(model.Locations.FirstOrDefault());
            LocationInfo? templateLocation = TemplateLocation(attribute) ?? modelLocation;

            if (DeclarationProblem(model) is string problem)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedModelDeclaration, modelLocation, model.Name, problem));
                return null;
            }

            string template = attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is string t ? t : "";
            IMethodSymbol? constructor = StoredMembers.ChooseConstructor(model);
            KeyTemplateSpec? key = ParseKey(model, constructor, template, templateLocation, diagnostics);
            int shards = ParseShards(model, attribute, key, templateLocation, diagnostics);
            TtlSpec ttl = TtlParser.Parse(model, known, diagnostics);
            EquatableArray<IndexSpec> indexes = IndexParser.Parse(model, known, diagnostics);
            string? version = VersionParser.Parse(model, known, diagnostics);
            IgnoredAttributes.Check(model, known, diagnostics);
            cancellationToken.ThrowIfCancellationRequested();

            var shapes = new TypeShapeParser(diagnostics);
            ObjectShape? root = shapes.ParseObject(model, model.Locations.FirstOrDefault());
            if (key is null || root is null || diagnostics.Count > 0)
            {
                return null;
            }

            return new RepositorySpec(
                model.ContainingNamespace.IsGlobalNamespace ? null : model.ContainingNamespace.ToDisplayString(),
                model.Name,
                TypeNames.Of(model),
                model.DeclaredAccessibility == Accessibility.Public ? "public" : "internal",
                key,
                ttl,
                new CodecSpec(shapes.Objects.ToEquatableArray()),
                indexes,
                version,
                shards);
        }

        private static string? DeclarationProblem(INamedTypeSymbol model)
        {
            if (model.TypeKind != TypeKind.Class)
            {
                return "it must be a class or a record class";
            }

            if (model.ContainingType is not null)
            {
                return "it is nested in another type; declare it at namespace level";
            }

            if (model.IsGenericType)
            {
                return "it is generic";
            }

            if (model.IsAbstract || model.IsStatic)
            {
                return "it is abstract or static";
            }

            if (model.IsFileLocal)
            {
                return "it is file-local; the generated repository must be able to see it";
            }

            return null;
        }

        private static KeyTemplateSpec? ParseKey(INamedTypeSymbol model, IMethodSymbol? constructor, string template, LocationInfo? location, List<DiagnosticInfo> diagnostics)
        {
            List<TemplateToken>? tokens = KeyTemplateTokenizer.Tokenize(template, out string? error);
            if (tokens is null)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MalformedTemplate, location, template, model.Name, error!));
                return null;
            }

            if (!tokens.Any(t => t.IsPlaceholder))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoPlaceholder, location, template, model.Name));
                return null;
            }

            if (tokens[0].IsPlaceholder)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MissingLiteralPrefix, location, template, model.Name, model.Name.ToLowerInvariant()));
                return null;
            }

            var properties = StoredMembers.AllProperties(model).ToList();
            var seen = new HashSet<string>();
            var segments = new List<KeySegmentSpec>();
            bool ok = true;
            for (int i = 1; i < tokens.Count; i++)
            {
                TemplateToken token = tokens[i];
                if (!token.IsPlaceholder)
                {
                    segments.Add(new KeySegmentSpec(token.Text, null));
                    continue;
                }

                if (!seen.Add(token.Text))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DuplicatePlaceholder, location, template, model.Name, token.Text));
                    ok = false;
                    continue;
                }

                IPropertySymbol? property = properties.FirstOrDefault(p => p.Name == token.Text && p.GetMethod is { DeclaredAccessibility: Accessibility.Public });
                if (property is null)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnknownPlaceholder, location, template, model.Name, token.Text));
                    ok = false;
                    continue;
                }

                LocationInfo? propertyLocation = LocationInfo.From(property.Locations.FirstOrDefault()) ?? location;
                if (KeyPartKindOf(property.Type) is not KeyPartKind kind)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedKeyType, propertyLocation, property.Name, model.Name, property.Type.ToDisplayString()));
                    ok = false;
                    continue;
                }

                if (constructor is not null && !StoredMembers.IsStored(model, constructor, property))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.KeyPropertyNotStored, propertyLocation, property.Name, model.Name));
                    ok = false;
                    continue;
                }

                char separator = i + 1 < tokens.Count ? tokens[i + 1].Text[0] : '\0';
                var enumMembers = kind == KeyPartKind.Enum
                    ? property.Type.GetMembers().OfType<IFieldSymbol>().Where(f => f.IsConst).Select(f => f.Name).ToEquatableArray()
                    : EquatableArray<string>.Empty;
                segments.Add(new KeySegmentSpec(null, new KeyPartSpec(
                    property.Name,
                    TypeNames.ParameterName(property.Name),
                    TypeNames.Of(property.Type.WithNullableAnnotation(NullableAnnotation.NotAnnotated)),
                    kind,
                    separator,
                    enumMembers)));
            }

            return ok ? new KeyTemplateSpec(template, tokens[0].Text, segments.ToEquatableArray()) : null;
        }

        private static KeyPartKind? KeyPartKindOf(ITypeSymbol type)
        {
            switch (type.SpecialType)
            {
                case SpecialType.System_String:
                    return KeyPartKind.String;
                case SpecialType.System_Byte:
                case SpecialType.System_SByte:
                case SpecialType.System_Int16:
                case SpecialType.System_UInt16:
                case SpecialType.System_Int32:
                case SpecialType.System_UInt32:
                case SpecialType.System_Int64:
                case SpecialType.System_UInt64:
                    return KeyPartKind.Integer;
            }

            if (type.TypeKind == TypeKind.Enum)
            {
                return KeyPartKind.Enum;
            }

            return type.MetadataName == "Guid" && type.ContainingNamespace?.ToDisplayString() == "System" ? KeyPartKind.Guid : null;
        }

        /// <summary>
        /// [RedisKey(Shards = N)]: N buckets (0 when not set). The bucket's hash tag follows the
        /// template's literal prefix, so the template may not hold a brace of its own: index keys
        /// carry the template's rest before the bucket's tag.
        /// </summary>
        private static int ParseShards(INamedTypeSymbol model, AttributeData attribute, KeyTemplateSpec? key, LocationInfo? location, List<DiagnosticInfo> diagnostics)
        {
            foreach (KeyValuePair<string, TypedConstant> argument in attribute.NamedArguments)
            {
                if (argument.Key != "Shards" || argument.Value.Value is not int shards)
                {
                    continue;
                }

                if (shards < 1 || shards > 16384)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidShards, location, shards.ToString(System.Globalization.CultureInfo.InvariantCulture), model.Name, "it must be between 1 and 16384, the number of Redis Cluster slots"));
                    return 0;
                }

                if (key is not null && (key.Template.IndexOf('{') >= 0 || key.Template.IndexOf('}') >= 0))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidShards, location, shards.ToString(System.Globalization.CultureInfo.InvariantCulture), model.Name, $"its template '{key.Template}' holds a brace, which would make a hash tag of its own; a sharded model's keys take the bucket's tag after the prefix"));
                    return 0;
                }

                return shards;
            }

            return 0;
        }

        /// <summary>The template string's location inside [RedisKey("...")], for precise squiggles.</summary>
        private static LocationInfo? TemplateLocation(AttributeData attribute) =>
            attribute.ApplicationSyntaxReference?.GetSyntax() is AttributeSyntax { ArgumentList.Arguments.Count: > 0 } syntax
                ? LocationInfo.From(syntax.ArgumentList.Arguments[0].Expression)
                : LocationInfo.From(attribute.ApplicationSyntaxReference?.GetSyntax());
    }
}
