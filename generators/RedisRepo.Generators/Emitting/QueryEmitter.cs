using System.Collections.Generic;
using System.Linq;
using RedisRepo.Generators.Model;

namespace RedisRepo.Generators.Emitting
{
    /// <summary>
    /// Writes the derived query methods a user declared on a repository interface: a part of the
    /// repository class that builds the method's <c>RedisQuery</c> and runs it.
    /// </summary>
    internal static class QueryEmitter
    {
        private const string Query = "global::RedisRepo.Storage.RedisQuery";
        private const string Condition = "global::RedisRepo.Storage.QueryCondition";

        public static string Emit(QuerySetSpec set) =>
            GeneratedFile.Write("the derived query methods of " + set.Repository.InterfaceName, set.Repository.Namespace, writer => EmitClass(writer, set));

        private static void EmitClass(SourceWriter w, QuerySetSpec set)
        {
            RepositorySpec spec = set.Repository;
            // [GeneratedCode] and the class's other attributes are on its main part (RedisRepository.g.cs).
            using (w.Open($"partial class {spec.RepositoryName}"))
            {
                for (int i = 0; i < set.Methods.Count; i++)
                {
                    if (i > 0)
                    {
                        w.Line();
                    }

                    EmitMethod(w, spec, set.Methods[i]);
                }

                foreach (DeclaredMethod method in set.Invalid)
                {
                    if (set.Methods.Count > 0 || method != set.Invalid[0])
                    {
                        w.Line();
                    }

                    // The build already fails on the method's RR00xx diagnostic; this member only keeps
                    // the compiler from adding "does not implement interface member" to it.
                    w.Doc("<inheritdoc />");
                    w.Line($"public {method.ReturnType} {method.Name}({ParameterList(method.Parameters)}) =>");
                    w.Line($"    throw new global::System.NotSupportedException(\"{spec.InterfaceName}.{method.Name} is not a valid derived query; see the RR00xx error on its declaration.\");");
                }
            }
        }

        private static void EmitMethod(SourceWriter w, RepositorySpec spec, QueryMethodSpec method)
        {
            string cancellation = method.CancellationParameter is { } token ? Literals.Identifier(token) : "default";
            string name = Literals.String(method.Name);
            string call = method.Verb switch
            {
                QueryVerb.Find when method.PageParameter is { } page =>
                    $"_store.FindPageAsync(query, {Literals.Identifier(page)}, {name}, {cancellation})",
                QueryVerb.Find => $"_store.FindAllAsync(query, {name}, {cancellation})",
                QueryVerb.Count => $"_store.CountAsync(query, {name}, {cancellation})",
                QueryVerb.Exists => $"_store.ExistsAsync(query, {name}, {cancellation})",
                _ => $"_store.DeleteAsync(query, {name}, {cancellation})",
            };

            w.Doc("<inheritdoc />");
            using (w.Open($"public {method.ReturnType} {method.Name}({ParameterList(method.Parameters)})"))
            {
                List<string> conjunctions = method.Conjunctions.Select(c => Conditions(spec, method, c)).ToList();
                string query = $"{Query}.Where({conjunctions[0]})" + string.Concat(conjunctions.Skip(1).Select(c => $".Or({c})"));
                if (method.OrderBy is { } order)
                {
                    query += $".Ordered({Literals.String(order.Name)}, descending: {(method.Descending ? "true" : "false")})";
                }

                w.Line($"{Query} query = {query};");
                w.Line($"return {call};");
            }
        }

        /// <summary>The conditions of one conjunction (with an unbounded range on the order index when no condition bounds it).</summary>
        private static string Conditions(RepositorySpec spec, QueryMethodSpec method, QueryConjunctionSpec conjunction)
        {
            var conditions = conjunction.Conditions.Select(c => ConditionOf(spec, method, c)).ToList();
            if (method.OrderBy is { } order && !conjunction.Conditions.Any(c => c.Index == order))
            {
                conditions.Add(Range(order, "null", false, "null", false)); // every value, in order
            }

            return string.Join(", ", conditions);
        }

        private static string ConditionOf(RepositorySpec spec, QueryMethodSpec method, QueryConditionSpec condition)
        {
            IndexSpec index = condition.Index;
            string name = Literals.String(index.Name);
            string Value(int k) => IndexMembers.Encode(index, NotNull(spec, method, index, condition.Parameters[k]), index.Kind == IndexKind.Range);
            return condition.Operator switch
            {
                QueryOperator.Equal => $"{Condition}.Equal({name}, {Value(0)})",
                QueryOperator.In => $"{Condition}.In({name}, global::System.Linq.Enumerable.Select({Checked(condition.Parameters[0], spec, method)}, static value => {IndexMembers.Encode(index, "value", order: false)}))",
                QueryOperator.Between => Range(index, Value(0), true, Value(1), true),
                QueryOperator.GreaterThan => Range(index, Value(0), false, "null", false),
                QueryOperator.GreaterThanOrEqual => Range(index, Value(0), true, "null", false),
                QueryOperator.LessThan => Range(index, "null", false, Value(0), false),
                _ => Range(index, "null", false, Value(0), true),
            };
        }

        private static string Range(IndexSpec index, string min, bool minInclusive, string max, bool maxInclusive) =>
            $"{Condition}.Range({Literals.String(index.Name)}, min: {min}, minInclusive: {(minInclusive ? "true" : "false")}, max: {max}, maxInclusive: {(maxInclusive ? "true" : "false")}, width: {Width(index)})";

        /// <summary>The length of the index's order keys: every value of one type encodes to the same length.</summary>
        private static string Width(IndexSpec index) => IndexMembers.OrderKeyWidth(index);

        /// <summary>A condition value: strings checked by the runtime's descriptive null check, nullable value types unwrapped with one.</summary>
        private static string NotNull(RepositorySpec spec, QueryMethodSpec method, IndexSpec index, string parameter)
        {
            DeclaredParameter declared = method.Parameters.First(p => p.Name == parameter);
            string name = Literals.Identifier(parameter);
            if (index.Value == IndexValueKind.String)
            {
                return IndexMembers.Checked(spec, index, method.Name, name);
            }

            return declared.Type.EndsWith("?", System.StringComparison.Ordinal)
                ? $"({name} ?? throw new global::System.ArgumentNullException(nameof({name}), \"{spec.ModelName}.{method.Name}: a condition value cannot be null.\"))"
                : name;
        }

        /// <summary>A reference argument (a collection, a page request) checked for null with a message naming the query.</summary>
        private static string Checked(string parameter, RepositorySpec spec, QueryMethodSpec method)
        {
            string name = Literals.Identifier(parameter);
            return $"({name} ?? throw new global::System.ArgumentNullException(nameof({name}), \"{spec.ModelName}.{method.Name}: the argument cannot be null.\"))";
        }

        /// <summary>A declared parameter list, as code: type, name (keywords escaped) and default as written.</summary>
        private static string ParameterList(EquatableArray<DeclaredParameter> parameters) =>
            string.Join(", ", parameters.Select(p => p.Type + " " + Literals.Identifier(p.Name) + (p.DefaultValue is null ? "" : " = " + p.DefaultValue)));
    }
}
