using System.Collections.Generic;
using RedisRepo.Generators.Model;

namespace RedisRepo.Generators.Emitting
{
    /// <summary>
    /// The members an index adds to a repository (FindBy/CountBy, GetBy, FindBy...Between,
    /// RebuildIndexesAsync) and the statement that adds an entity's entry to it.
    /// </summary>
    internal static class IndexMembers
    {
        private const string Values = "global::RedisRepo.Storage.IndexValues";

        public static IEnumerable<RepositoryMember> For(RepositorySpec spec)
        {
            string model = spec.ModelType;
            string name = Literals.Xml(spec.ModelName);
            const string Ct = RepositoryMember.CancellationDoc;
            const string CtParam = RepositoryMember.CancellationParameter;
            foreach (IndexSpec index in spec.Indexes)
            {
                string p = index.ParameterName;
                string prop = index.PropertyName;
                string indexName = Literals.String(index.Name);
                switch (index.Kind)
                {
                    case IndexKind.Equality:
                    {
                        string find = $"FindBy{prop}Async";
                        yield return new RepositoryMember(
                            $"<summary>Every live {name} whose <c>{prop}</c> equals <paramref name=\"{p.TrimStart('@')}\"/>. Two round trips.</summary>\n<param name=\"{p.TrimStart('@')}\">The value to look for.</param>\n{Ct}",
                            $"{Names.Task}<{Names.IReadOnlyList}<{model}>> {find}({index.ValueType} {p}, {CtParam})",
                            $"_store.FindByAsync({indexName}, {Encode(index, Checked(spec, index, find), order: false)}, \"{find}\", cancellationToken)");
                        yield return new RepositoryMember(
                            $"<summary>\nOne page of the live {name} entities whose <c>{prop}</c> equals <paramref name=\"{p.TrimStart('@')}\"/>, in index order.\nPass the page's <see cref=\"global::RedisRepo.ResultPage{{T}}.Continuation\"/> for the next: a page costs the same\nwherever it is, and an entity not written meanwhile is returned exactly once across the pages.\n</summary>\n<param name=\"{p.TrimStart('@')}\">The value to look for.</param>\n<param name=\"page\">The page size and the previous page's token.</param>\n{Ct}",
                            $"{Names.Task}<{Names.ResultPage}<{model}>> {find}({index.ValueType} {p}, {Names.PageRequest} page, {CtParam})",
                            $"_store.FindPageAsync({Names.RedisQuery}.Where({Names.QueryCondition}.Equal({indexName}, {Encode(index, Checked(spec, index, find), order: false)})), page, \"{find}\", cancellationToken)");
                        string count = $"CountBy{prop}Async";
                        yield return new RepositoryMember(
                            $"<summary>How many live {name} entities have <c>{prop}</c> equal to <paramref name=\"{p.TrimStart('@')}\"/>. One round trip.</summary>\n<param name=\"{p.TrimStart('@')}\">The value to count.</param>\n{Ct}",
                            $"{Names.Task}<long> {count}({index.ValueType} {p}, {CtParam})",
                            $"_store.CountByAsync({indexName}, {Encode(index, Checked(spec, index, count), order: false)}, cancellationToken)");
                        break;
                    }

                    case IndexKind.Unique:
                    {
                        string get = $"GetBy{prop}Async";
                        yield return new RepositoryMember(
                            $"<summary>The live {name} whose <c>{prop}</c> is <paramref name=\"{p.TrimStart('@')}\"/> (a unique index), or null. Two round trips.</summary>\n<param name=\"{p.TrimStart('@')}\">The value to look for.</param>\n{Ct}",
                            $"{Names.Task}<{model}?> {get}({index.ValueType} {p}, {CtParam})",
                            $"_store.GetByUniqueAsync({indexName}, {Encode(index, Checked(spec, index, get), order: false)}, \"{get}\", cancellationToken)");
                        break;
                    }

                    case IndexKind.Range:
                    {
                        string find = $"FindBy{prop}BetweenAsync";
                        yield return new RepositoryMember(
                            $"<summary>\nLive {name} entities whose <c>{prop}</c> lies between <paramref name=\"min\"/> and <paramref name=\"max\"/>,\nboth included, in ascending order (or descending). Two round trips.\n</summary>\n<param name=\"min\">The smallest value to include.</param>\n<param name=\"max\">The largest value to include.</param>\n<param name=\"skip\">How many matches to pass over first (the server walks past them: O(skip); page with a PageRequest instead).</param>\n<param name=\"take\">How many matches to return at most.</param>\n<param name=\"descending\">Whether to return the largest values first.</param>\n{Ct}",
                            $"{Names.Task}<{Names.IReadOnlyList}<{model}>> {find}({index.ValueType} min, {index.ValueType} max, int skip = 0, int take = 100, bool descending = false, {CtParam})",
                            $"_store.FindInRangeAsync({indexName}, {Encode(index, Checked(spec, index, find, "min"), order: true)}, {Encode(index, Checked(spec, index, find, "max"), order: true)}, skip, take, descending, \"{find}\", cancellationToken)");
                        yield return new RepositoryMember(
                            $"<summary>\nOne page of the live {name} entities whose <c>{prop}</c> lies between <paramref name=\"min\"/> and\n<paramref name=\"max\"/>, both included, in ascending order (or descending). Pass the page's\n<see cref=\"global::RedisRepo.ResultPage{{T}}.Continuation\"/> for the next: a page costs the same wherever it is.\n</summary>\n<param name=\"min\">The smallest value to include.</param>\n<param name=\"max\">The largest value to include.</param>\n<param name=\"page\">The page size and the previous page's token.</param>\n<param name=\"descending\">Whether to return the largest values first.</param>\n{Ct}",
                            $"{Names.Task}<{Names.ResultPage}<{model}>> {find}({index.ValueType} min, {index.ValueType} max, {Names.PageRequest} page, bool descending = false, {CtParam})",
                            $"_store.FindPageAsync({Names.RedisQuery}.Where({Names.QueryCondition}.Range({indexName}, min: {Encode(index, Checked(spec, index, find, "min"), order: true)}, minInclusive: true, max: {Encode(index, Checked(spec, index, find, "max"), order: true)}, maxInclusive: true, width: {OrderKeyWidth(index)})).Ordered({indexName}, descending), page, \"{find}\", cancellationToken)");
                        string count = $"CountBy{prop}BetweenAsync";
                        yield return new RepositoryMember(
                            $"<summary>How many live {name} entities have <c>{prop}</c> between <paramref name=\"min\"/> and <paramref name=\"max\"/>, both included. One round trip.</summary>\n<param name=\"min\">The smallest value to include.</param>\n<param name=\"max\">The largest value to include.</param>\n{Ct}",
                            $"{Names.Task}<long> {count}({index.ValueType} min, {index.ValueType} max, {CtParam})",
                            $"_store.CountInRangeAsync({indexName}, {Encode(index, Checked(spec, index, count, "min"), order: true)}, {Encode(index, Checked(spec, index, count, "max"), order: true)}, cancellationToken)");
                        break;
                    }
                }
            }

            yield return new RepositoryMember(
                $"<summary>\nBrings every index of {name} (\"all ids\" included) in line with the stored entities, in batches of\n<paramref name=\"batchSize\"/> keys found with SCAN on every primary: for adopting existing data and for repair.\nIt never deletes an index first and never writes a payload, so it is safe beside live writers and can\nstop at any point; unreadable entities and unique conflicts are skipped and listed in the result.\n</summary>\n<param name=\"batchSize\">How many keys each command handles at most.</param>\n{Ct}\n<returns>What was re-indexed, removed and skipped.</returns>",
                $"{Names.Task}<global::RedisRepo.IndexRebuildResult> RebuildIndexesAsync(int batchSize = 500, {CtParam})",
                "_store.RebuildIndexesAsync(batchSize, cancellationToken)");
        }

        /// <summary>The guard and statement in <c>WriteIndexEntries</c> that add the entity's entry (none when the value is null).</summary>
        public static (string Condition, string Statement) EntryStatement(IndexSpec index, int number)
        {
            string method = index.Kind switch
            {
                IndexKind.Equality => "Equality",
                IndexKind.Unique => "Unique",
                _ => "Range",
            };
            string value = "entity." + Literals.Identifier(index.PropertyName);
            string encoded = index.CanBeNull
                ? $"{value} is {{ }} value{number} ? {Encode(index, "value" + number, index.Kind == IndexKind.Range)} : null"
                : Encode(index, value, index.Kind == IndexKind.Range);
            string add = index.Kind == IndexKind.Unique
                ? $"entries.Unique({Literals.String(index.Name)}, {encoded}, property: {Literals.String(index.PropertyName)});"
                : $"entries.{method}({Literals.String(index.Name)}, {encoded});";
            return ($"if (entries.Wants{method}({Literals.String(index.Name)}))", add);
        }

        /// <summary>The length of the index's order keys, as code: every value of one type encodes to the same length.</summary>
        internal static string OrderKeyWidth(IndexSpec index) =>
            Encode(index, $"default({Parsing.TypeNames.WithoutNullable(index.ValueType)})", order: true) + ".Length";

        /// <summary>A query argument, with a descriptive exception for null where the type allows it.</summary>
        internal static string Checked(RepositorySpec spec, IndexSpec index, string operation, string? parameter = null)
        {
            string p = parameter ?? index.ParameterName;
            return index.Value == IndexValueKind.String
                ? $"global::RedisRepo.Storage.IndexArgument.NotNull({p}, \"{p.TrimStart('@')}\", {Literals.String(spec.ModelName)}, \"{operation}\")"
                : p;
        }

        internal static string Encode(IndexSpec index, string value, bool order)
        {
            string method = order ? "Order" : index.IgnoreCase ? "EqualityIgnoreCase" : "Equality";
            string cast = index.Value switch
            {
                IndexValueKind.Signed or IndexValueKind.SignedEnum => "(long)",
                IndexValueKind.Unsigned or IndexValueKind.UnsignedEnum => "(ulong)",
                IndexValueKind.Floating => "(double)",
                _ => "",
            };
            return $"{Values}.{method}({cast}{value})";
        }
    }
}
