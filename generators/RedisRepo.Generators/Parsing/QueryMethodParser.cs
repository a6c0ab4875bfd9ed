using System;
using System.Collections.Generic;
using System.Linq;
using RedisRepo.Generators.Diagnostics;
using RedisRepo.Generators.Model;

namespace RedisRepo.Generators.Parsing
{
    /// <summary>
    /// Derived query methods: the methods a user declares on a model's partial repository interface,
    /// parsed from their names (docs/queries.md) and checked against the model's indexes, their
    /// parameters and return types. Every mistake is a diagnostic on the method; a method with one
    /// is not implemented (the build fails on the diagnostic, not on a missing member).
    /// </summary>
    internal static class QueryMethodParser
    {
        private const string Suffix = "Async";
        private const string PageRequest = "global::RedisRepo.PageRequest";
        private const string CancellationToken = "global::System.Threading.CancellationToken";

        private static readonly (string Word, QueryVerb Verb)[] Verbs =
        [
            ("FindBy", QueryVerb.Find), ("CountBy", QueryVerb.Count), ("ExistsBy", QueryVerb.Exists), ("DeleteBy", QueryVerb.Delete),
        ];

        // Longest first, so GreaterThanOrEqual is not read as GreaterThan.
        private static readonly (string Word, QueryOperator Operator)[] Operators =
        [
            ("GreaterThanOrEqual", QueryOperator.GreaterThanOrEqual), ("LessThanOrEqual", QueryOperator.LessThanOrEqual),
            ("GreaterThan", QueryOperator.GreaterThan), ("LessThan", QueryOperator.LessThan),
            ("Between", QueryOperator.Between), ("In", QueryOperator.In),
        ];

        /// <summary>The derived queries of <paramref name="spec"/>: every method declared on its interface, checked.</summary>
        public static Result<QuerySetSpec> Check(RepositorySpec spec, IEnumerable<DeclaredQueries> declared)
        {
            var methods = new List<QueryMethodSpec>();
            var invalid = new List<DeclaredMethod>();
            var diagnostics = new List<DiagnosticInfo>();
            foreach (DeclaredMethod method in declared.Where(d => d.InterfaceType == spec.InterfaceType).SelectMany(d => d.Methods))
            {
                (QueryMethodSpec? query, DiagnosticInfo? diagnostic) = Parse(spec, method);
                if (query is not null)
                {
                    methods.Add(query);
                }

                if (diagnostic is not null)
                {
                    diagnostics.Add(diagnostic);
                    invalid.Add(method with { Location = null }); // position-free, like everything emitted
                }
            }

            return new Result<QuerySetSpec>(new QuerySetSpec(spec, methods.ToEquatableArray(), invalid.ToEquatableArray()), diagnostics.ToEquatableArray());
        }

        private static (QueryMethodSpec?, DiagnosticInfo?) Parse(RepositorySpec spec, DeclaredMethod method)
        {
            DiagnosticInfo Fail(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, params string[] args) =>
                DiagnosticInfo.Create(descriptor, method.Location, new[] { method.Name, spec.InterfaceName }.Concat(args).ToArray());

            string name = method.Name;
            if (!name.EndsWith(Suffix, StringComparison.Ordinal))
            {
                return (null, Fail(DiagnosticDescriptors.QueryNameDoesNotParse, "the name does not end with Async"));
            }

            string body = name.Substring(0, name.Length - Suffix.Length);
            (string Word, QueryVerb Verb) verb = Verbs.FirstOrDefault(v => body.StartsWith(v.Word, StringComparison.Ordinal));
            if (verb.Word is null)
            {
                return (null, Fail(DiagnosticDescriptors.QueryNameDoesNotParse, "the name does not start with FindBy, CountBy, ExistsBy or DeleteBy"));
            }

            // Conditions: Property[Operator] joined by And / Or, then OrderBy Property [Descending|Ascending].
            var conjunctions = new List<List<(IndexSpec Index, QueryOperator Operator)>> { new() };
            string rest = body.Substring(verb.Word.Length);
            IndexSpec? orderBy = null;
            bool descending = false;
            while (true)
            {
                if (rest.Length == 0)
                {
                    return (null, Fail(DiagnosticDescriptors.QueryNameDoesNotParse, $"a condition is missing after '{body.Substring(0, body.Length - rest.Length)}'"));
                }

                string? property = LongestProperty(spec, rest);
                if (property is null)
                {
                    return (null, Fail(DiagnosticDescriptors.QueryPropertyNotIndexed, $"'{LeadingWord(rest)}' is not an indexed property of {spec.ModelName} (conditions name [Index] or [SortedIndex] properties)"));
                }

                rest = rest.Substring(property.Length);
                QueryOperator op = QueryOperator.Equal;
                foreach ((string word, QueryOperator candidate) in Operators)
                {
                    if (rest.StartsWith(word, StringComparison.Ordinal) && EndsCondition(rest.Substring(word.Length)))
                    {
                        op = candidate;
                        rest = rest.Substring(word.Length);
                        break;
                    }
                }

                bool range = op is not (QueryOperator.Equal or QueryOperator.In);
                IndexSpec? index = spec.Indexes.FirstOrDefault(i => i.PropertyName == property && i.Kind == (range ? IndexKind.Range : IndexKind.Equality));
                if (index is null)
                {
                    string needs = range ? "[SortedIndex]" : "[Index] (not unique: a unique index is read with GetBy" + property + "Async)";
                    return (null, Fail(DiagnosticDescriptors.QueryPropertyNotIndexed, $"{(op == QueryOperator.Equal ? "equality on" : op + " on")} '{property}' needs {needs} on {spec.ModelName}.{property}"));
                }

                conjunctions[conjunctions.Count - 1].Add((index, op));
                if (rest.Length == 0)
                {
                    break;
                }

                if (rest.StartsWith("OrderBy", StringComparison.Ordinal))
                {
                    rest = rest.Substring("OrderBy".Length);
                    if (rest.EndsWith("Descending", StringComparison.Ordinal))
                    {
                        descending = true;
                        rest = rest.Substring(0, rest.Length - "Descending".Length);
                    }
                    else if (rest.EndsWith("Ascending", StringComparison.Ordinal))
                    {
                        rest = rest.Substring(0, rest.Length - "Ascending".Length);
                    }

                    orderBy = spec.Indexes.FirstOrDefault(i => i.PropertyName == rest && i.Kind == IndexKind.Range);
                    if (orderBy is null)
                    {
                        return (null, Fail(DiagnosticDescriptors.QueryPropertyNotIndexed, rest.Length == 0 ? "OrderBy names no property" : $"OrderBy{rest} needs [SortedIndex] on {spec.ModelName}.{rest}"));
                    }

                    break;
                }

                if (rest.StartsWith("And", StringComparison.Ordinal))
                {
                    rest = rest.Substring(3);
                }
                else if (rest.StartsWith("Or", StringComparison.Ordinal))
                {
                    rest = rest.Substring(2);
                    conjunctions.Add(new List<(IndexSpec, QueryOperator)>());
                }
                else
                {
                    return (null, Fail(DiagnosticDescriptors.QueryNameDoesNotParse, $"'{rest}' after '{property}' is not And, Or, OrderBy or an operator (In, Between, GreaterThan[OrEqual], LessThan[OrEqual])"));
                }
            }

            if (orderBy is not null && verb.Verb != QueryVerb.Find)
            {
                return (null, Fail(DiagnosticDescriptors.QueryCombinationNotSupported, $"OrderBy applies to FindBy only; {verb.Word} has no order"));
            }

            if (orderBy is not null && conjunctions.Count > 1)
            {
                return (null, Fail(DiagnosticDescriptors.QueryCombinationNotSupported, "OrderBy with Or is not supported: order one conjunction, or query each side and merge"));
            }

            // Parameters: the condition values in order, then PageRequest (FindBy), then CancellationToken.
            var expected = new List<(string Type, string Role)>();
            var conditions = new List<List<QueryConditionSpec>>();
            int next = 0;
            string? mismatch = null;
            foreach (List<(IndexSpec Index, QueryOperator Operator)> conjunction in conjunctions)
            {
                var specs = new List<QueryConditionSpec>();
                foreach ((IndexSpec index, QueryOperator op) in conjunction)
                {
                    int count = op == QueryOperator.Between ? 2 : 1;
                    var names = new List<string>();
                    for (int k = 0; k < count; k++)
                    {
                        string role = op == QueryOperator.In ? $"a collection of {Simple(index.ValueType)} for {index.PropertyName}In" : $"{Simple(index.ValueType)} for {index.PropertyName}{(op == QueryOperator.Equal ? "" : op.ToString())}";
                        expected.Add((index.ValueType, role));
                        DeclaredParameter? parameter = next < method.Parameters.Count ? method.Parameters[next] : null;
                        bool fits = parameter is not null && (op == QueryOperator.In
                            ? parameter.ElementType is { } element && SameType(element, index.ValueType)
                            : SameType(parameter.Type, index.ValueType));
                        if (!fits && mismatch is null)
                        {
                            mismatch = parameter is null
                                ? $"parameter {next + 1} ({role}) is missing"
                                : $"parameter {next + 1} '{parameter.Name}' is {Simple(parameter.Type)}, where {role} is expected";
                        }

                        names.Add(parameter?.Name ?? "");
                        next++;
                    }

                    specs.Add(new QueryConditionSpec(index, op, names.ToEquatableArray()));
                }

                conditions.Add(specs);
            }

            string? page = null, cancellation = null;
            if (mismatch is null && next < method.Parameters.Count && method.Parameters[next].Type == PageRequest)
            {
                if (verb.Verb != QueryVerb.Find)
                {
                    return (null, Fail(DiagnosticDescriptors.QueryCombinationNotSupported, $"a PageRequest applies to FindBy only; {verb.Word} reads no pages"));
                }

                page = method.Parameters[next++].Name;
            }

            if (mismatch is null && next < method.Parameters.Count && method.Parameters[next].Type == CancellationToken)
            {
                cancellation = method.Parameters[next++].Name;
            }

            if (mismatch is null && next < method.Parameters.Count)
            {
                mismatch = $"parameter {next + 1} '{method.Parameters[next].Name}' ({Simple(method.Parameters[next].Type)}) matches no condition";
            }

            if (mismatch is not null)
            {
                string list = string.Join(", ", expected.Select(e => e.Role))
                    + (verb.Verb == QueryVerb.Find ? ", [PageRequest page]" : "") + ", [CancellationToken cancellationToken]";
                return (null, Fail(DiagnosticDescriptors.QueryParametersDoNotMatch, list, mismatch));
            }

            string returns = verb.Verb switch
            {
                QueryVerb.Find when page is not null => $"global::System.Threading.Tasks.Task<global::RedisRepo.ResultPage<{spec.ModelType}>>",
                QueryVerb.Find => $"global::System.Threading.Tasks.Task<global::System.Collections.Generic.IReadOnlyList<{spec.ModelType}>>",
                QueryVerb.Exists => "global::System.Threading.Tasks.Task<bool>",
                _ => "global::System.Threading.Tasks.Task<long>",
            };
            if (method.ReturnType != returns)
            {
                return (null, Fail(DiagnosticDescriptors.QueryReturnTypeDoesNotMatch, Simple(returns), Simple(method.ReturnType)));
            }

            if (Generated(spec, method) is { } generated)
            {
                return (null, Fail(DiagnosticDescriptors.QueryDuplicatesGeneratedMember, generated.Attribute, spec.ModelName + "." + generated.Property));
            }

            var query = new QueryMethodSpec(
                name,
                verb.Verb,
                returns,
                method.Parameters,
                conditions.Select(c => new QueryConjunctionSpec(c.ToEquatableArray())).ToEquatableArray(),
                orderBy,
                descending,
                page,
                cancellation);
            return (query, null);
        }

        /// <summary>The longest indexed property name <paramref name="text"/> starts with, or null.</summary>
        private static string? LongestProperty(RepositorySpec spec, string text) =>
            spec.Indexes.Select(i => i.PropertyName).Where(p => text.StartsWith(p, StringComparison.Ordinal)).OrderByDescending(p => p.Length).FirstOrDefault();

        /// <summary>Whether what follows an operator word ends the condition: nothing, And, Or or OrderBy.</summary>
        private static bool EndsCondition(string text) =>
            text.Length == 0 || text.StartsWith("And", StringComparison.Ordinal) || text.StartsWith("Or", StringComparison.Ordinal);

        /// <summary>The first PascalCase run of <paramref name="text"/> up to And, Or or OrderBy, for messages.</summary>
        private static string LeadingWord(string text)
        {
            for (int i = 1; i < text.Length; i++)
            {
                if (char.IsUpper(text[i]) && (string.CompareOrdinal(text, i, "And", 0, 3) == 0 || string.CompareOrdinal(text, i, "Or", 0, 2) == 0))
                {
                    return text.Substring(0, i);
                }
            }

            return text;
        }

        /// <summary>The generated member a declared method would repeat (same name and parameter types), or null.</summary>
        private static (string Attribute, string Property)? Generated(RepositorySpec spec, DeclaredMethod method)
        {
            string[] types = method.Parameters.Select(p => TypeNames.WithoutNullable(p.Type)).ToArray();
            foreach (IndexSpec index in spec.Indexes)
            {
                string value = TypeNames.WithoutNullable(index.ValueType);
                bool one = types.Length == 2 && types[0] == value && types[1] == CancellationToken;
                bool paged = types.Length == 3 && types[0] == value && types[1] == PageRequest && types[2] == CancellationToken;
                if (index.Kind == IndexKind.Equality && ((one && (method.Name == $"FindBy{index.PropertyName}Async" || method.Name == $"CountBy{index.PropertyName}Async")) || (paged && method.Name == $"FindBy{index.PropertyName}Async")))
                {
                    return ("Index", index.PropertyName);
                }

                bool two = types.Length == 3 && types[0] == value && types[1] == value && types[2] == CancellationToken;
                if (index.Kind == IndexKind.Range && two && method.Name == $"CountBy{index.PropertyName}BetweenAsync")
                {
                    return ("SortedIndex", index.PropertyName);
                }
            }

            return null;
        }

        /// <summary>Whether a parameter fits an index's type; the nullable annotation aside, as a condition value is never null.</summary>
        private static bool SameType(string declared, string indexType) => TypeNames.WithoutNullable(declared) == TypeNames.WithoutNullable(indexType);

        /// <summary>A type name for messages: without global:: and namespaces of System types.</summary>
        private static string Simple(string type) =>
            type.Replace("global::System.Threading.Tasks.", "").Replace("global::System.Collections.Generic.", "").Replace("global::System.Threading.", "").Replace("global::RedisRepo.", "").Replace("global::System.", "").Replace("global::", "");
    }
}
