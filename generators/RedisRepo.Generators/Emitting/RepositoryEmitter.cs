using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using RedisRepo.Generators.Model;

namespace RedisRepo.Generators.Emitting
{
    /// <summary>
    /// Writes <c>I{Model}Repository</c> and <c>{Model}Repository</c>: typed members that turn key
    /// parameters into key ids and delegate to <c>EntityStore&lt;T&gt;</c>, plus the nested model
    /// description (key template, expiry policy, formatter).
    /// </summary>
    internal static class RepositoryEmitter
    {
        public static string Emit(RepositorySpec spec) =>
            GeneratedFile.Write("the [RedisKey] model " + spec.ModelName, spec.Namespace, writer => EmitTypes(writer, spec));

        private static void EmitTypes(SourceWriter w, RepositorySpec spec)
        {
            var members = Members(spec).Concat(IndexMembers.For(spec)).ToList();
            string template = Literals.Xml(spec.Key.Template);

            w.Doc($"<summary>\nTyped Redis repository for <see cref=\"{spec.ModelType}\"/>, stored at <c>{template}</c>.\n</summary>");
            w.Line(Names.GeneratedCode);
            using (w.Open($"{spec.Accessibility} partial interface {spec.InterfaceName}"))
            {
                for (int i = 0; i < members.Count; i++)
                {
                    if (i > 0)
                    {
                        w.Line();
                    }

                    w.Doc(members[i].Doc);
                    w.Line(members[i].Signature + ";");
                }
            }

            w.Line();
            w.Doc($"<summary>\nTyped Redis repository for <see cref=\"{spec.ModelType}\"/>, stored at <c>{template}</c>.\nRegister it with <c>services.AddRedisRepositories()</c>, or construct it over a <see cref=\"{Names.Context}\"/>.\n</summary>");
            w.Line(Names.GeneratedCode);
            w.Line(Names.GeneratedClass);
            using (w.Open($"{spec.Accessibility} sealed partial class {spec.RepositoryName} : {spec.InterfaceName}"))
            {
                foreach (KeyPartSpec part in spec.Key.Parts)
                {
                    w.Line($"private static readonly {Names.KeyPartRule} {part.PropertyName}Part = new({Literals.String(spec.ModelName)}, {Literals.String(spec.Key.Template)}, {Literals.String(part.PropertyName)}, {Literals.Char(part.Separator)});");
                }

                w.Line();
                w.Line($"private readonly {Names.EntityStore}<{spec.ModelType}> _store;");
                w.Line();
                w.Doc($"<summary>Creates the repository over the shared connection and key settings.</summary>\n<param name=\"context\">The RedisRepo context, registered by <c>AddRedisRepo</c>.</param>");
                using (w.Open($"public {spec.RepositoryName}({Names.Context} context)"))
                {
                    w.Line($"_store = new {Names.EntityStore}<{spec.ModelType}>(context, ModelDescription.Instance);");
                }

                w.Line();
                w.Doc("<summary>The model description this repository stores by: key template, expiry policy, formatter.</summary>");
                w.Line($"internal static {Names.RedisModel}<{spec.ModelType}> Description => ModelDescription.Instance;");

                foreach (RepositoryMember member in members)
                {
                    w.Line();
                    w.Doc("<inheritdoc />");
                    w.Line("public " + member.Signature + " =>");
                    w.Line("    " + member.Body + ";");
                }

                w.Line();
                EmitKeyId(w, spec);
                EmitEnumFormatters(w, spec);
                w.Line();
                EmitModelDescription(w, spec);
            }
        }

        private static IEnumerable<RepositoryMember> Members(RepositorySpec spec)
        {
            string model = spec.ModelType;
            string keyParams = string.Join(", ", spec.Key.Parts.Select(p => $"{p.TypeName} {p.ParameterName}"));
            string keyDocs = string.Join("\n", spec.Key.Parts.Select(p => $"<param name=\"{p.ParameterName.TrimStart('@')}\">The key's <c>{p.PropertyName}</c> part.</param>"));
            const string Ct = RepositoryMember.CancellationDoc;
            const string ctParam = RepositoryMember.CancellationParameter;
            string KeyId(string operation) => $"KeyId({string.Join(", ", spec.Key.Parts.Select(p => p.ParameterName))}, \"{operation}\")";
            List<KeyPartSpec> parts = spec.Key.Parts.ToList();
            string keyType = parts.Count == 1 ? parts[0].TypeName : "(" + string.Join(", ", parts.Select(p => $"{p.TypeName} {Literals.Identifier(p.PropertyName)}")) + ")";
            string KeysToIds(string operation) => parts.Count == 1
                ? $"global::System.Linq.Enumerable.ToList(global::System.Linq.Enumerable.Select(keys, key => KeyId(key, \"{operation}\", \"keys\")))"
                : $"global::System.Linq.Enumerable.ToList(global::System.Linq.Enumerable.Select(keys, key => KeyId({string.Join(", ", parts.Select(p => "key." + Literals.Identifier(p.PropertyName)))}, \"{operation}\", \"keys\")))";
            string keysDoc = parts.Count == 1
                ? $"<param name=\"keys\">The entities' <c>{parts[0].PropertyName}</c> values.</param>"
                : "<param name=\"keys\">The entities' key parts.</param>";

            yield return new RepositoryMember(
                $"<summary>\nInserts or replaces <paramref name=\"entity\"/> and records it in the model's \"all ids\" index,\natomically, in one round trip.{TtlSentence(spec)}{VersionSentence(spec)}\n</summary>\n<param name=\"entity\">The entity to save.</param>\n{Ct}\n<exception cref=\"global::System.ArgumentNullException\">The entity or one of its key parts is null.</exception>\n<exception cref=\"global::System.ArgumentException\">A key part is empty or contains its separator.</exception>{SaveExceptions(spec)}",
                $"{Names.Task} SaveAsync({model} entity, {ctParam})",
                "_store.SaveAsync(entity, cancellationToken)");

            yield return new RepositoryMember(
                $"<summary>\nSaves every entity in one round trip, whatever their number (chunked script calls, all sent\nbefore any reply is awaited); each save is atomic on its own. All entities are validated (key parts,\nindex values) before anything is sent.\n</summary>\n<param name=\"entities\">The entities to save.</param>\n{Ct}\n<exception cref=\"global::RedisRepo.RedisRepoBatchException\">Some saves failed (a unique conflict{VersionClause(spec)}) and wrote nothing; the others were applied.</exception>",
                $"{Names.Task} SaveManyAsync({Names.IEnumerable}<{model}> entities, {ctParam})",
                "_store.SaveManyAsync(entities, cancellationToken)");

            yield return new RepositoryMember(
                $"<summary>\nQueues a save of <paramref name=\"entity\"/> in a unit of work, sent by <see cref=\"global::RedisRepo.RedisBatch.ExecuteAsync\"/>.\nThe entity is validated and encoded now.\n</summary>\n<param name=\"batch\">A batch from the same <see cref=\"global::RedisRepo.RedisRepoContext\"/>.</param>\n<param name=\"entity\">The entity to save.</param>",
                $"void Save(global::RedisRepo.RedisBatch batch, {model} entity)",
                "_store.Save(batch, entity)");

            yield return new RepositoryMember(
                $"<summary>Queues a delete in a unit of work, sent by <see cref=\"global::RedisRepo.RedisBatch.ExecuteAsync\"/>.</summary>\n<param name=\"batch\">A batch from the same <see cref=\"global::RedisRepo.RedisRepoContext\"/>.</param>\n{keyDocs}",
                $"void Delete(global::RedisRepo.RedisBatch batch, {keyParams})",
                $"_store.Delete(batch, {KeyId("Delete")})");

            yield return new RepositoryMember(
                $"<summary>Reads the entity with this key, or null when it does not exist or has expired. One round trip.</summary>\n{keyDocs}\n{Ct}\n<exception cref=\"global::RedisRepo.RedisRepoSerializationException\">The stored value is not a readable {Literals.Xml(spec.ModelName)}.</exception>",
                $"{Names.Task}<{model}?> GetAsync({keyParams}, {ctParam})",
                $"_store.GetAsync({KeyId("GetAsync")}, cancellationToken)");

            yield return new RepositoryMember(
                $"<summary>Reads several entities in one round trip: results in input order, null where one is missing.</summary>\n{keysDoc}\n{Ct}",
                $"{Names.Task}<{Names.IReadOnlyList}<{model}?>> GetManyAsync({Names.IEnumerable}<{keyType}> keys, {ctParam})",
                $"_store.GetManyAsync({KeysToIds("GetManyAsync")}, cancellationToken)");

            yield return new RepositoryMember(
                $"<summary>Whether the entity with this key exists (and has not expired). One round trip.</summary>\n{keyDocs}\n{Ct}",
                $"{Names.Task}<bool> ExistsAsync({keyParams}, {ctParam})",
                $"_store.ExistsAsync({KeyId("ExistsAsync")}, cancellationToken)");

            yield return new RepositoryMember(
                $"<summary>Deletes the entity and removes it from every index, atomically, in one round trip.</summary>\n{keyDocs}\n{Ct}\n<returns>True when the entity existed.</returns>",
                $"{Names.Task}<bool> DeleteAsync({keyParams}, {ctParam})",
                $"_store.DeleteAsync({KeyId("DeleteAsync")}, cancellationToken)");

            yield return new RepositoryMember(
                $"<summary>Deletes several entities, pipelined; each delete is atomic on its own.</summary>\n{keysDoc}\n{Ct}\n<returns>How many of the entities existed.</returns>",
                $"{Names.Task}<long> DeleteManyAsync({Names.IEnumerable}<{keyType}> keys, {ctParam})",
                $"_store.DeleteManyAsync({KeysToIds("DeleteManyAsync")}, cancellationToken)");

            yield return new RepositoryMember(
                $"<summary>The number of live entities, by the server's clock. One round trip.</summary>\n{Ct}",
                $"{Names.Task}<long> CountAsync({ctParam})",
                "_store.CountAsync(cancellationToken)");

            yield return new RepositoryMember(
                $"<summary>\nEvery live entity: one read of the \"all ids\" index, then the entities in pipelined chunks\n(two round trips). For large models prefer <see cref=\"ScanAsync\"/>.\n</summary>\n{Ct}",
                $"{Names.Task}<{Names.IReadOnlyList}<{model}>> GetAllAsync({ctParam})",
                "_store.GetAllAsync(cancellationToken)");

            yield return new RepositoryMember(
                $"<summary>\nOne page of every live entity, in the \"all ids\" index's order (expiry, then key). Pass the page's\n<see cref=\"global::RedisRepo.ResultPage{{T}}.Continuation\"/> for the next: a page costs the same wherever it is, and\nan entity not written meanwhile is returned exactly once across the pages.\n</summary>\n<param name=\"page\">The page size and the previous page's token.</param>\n{Ct}",
                $"{Names.Task}<{Names.ResultPage}<{model}>> GetAllAsync({Names.PageRequest} page, {ctParam})",
                "_store.GetPageAsync(page, cancellationToken)");

            yield return new RepositoryMember(
                $"<summary>\nStreams every live entity, one round trip per page. As with SCAN, an entity present for the\nwhole scan is returned at least once; one added or removed meanwhile may or may not be. To resume\nacross calls (an HTTP API's pages), page <c>GetAllAsync(PageRequest)</c> instead.\n</summary>\n<param name=\"pageSize\">About how many ids each page examines.</param>\n{Ct}",
                $"{Names.IAsyncEnumerable}<{model}> ScanAsync(int pageSize = 250, {ctParam})",
                "_store.ScanAsync(pageSize, cancellationToken)");

            yield return new RepositoryMember(
                $"<summary>The entity's remaining time to live; null when it is persistent or does not exist. One round trip.</summary>\n{keyDocs}\n{Ct}",
                $"{Names.Task}<{Names.TimeSpan}?> GetTimeToLiveAsync({keyParams}, {ctParam})",
                $"_store.GetTimeToLiveAsync({KeyId("GetTimeToLiveAsync")}, cancellationToken)");

            if (spec.Ttl.Kind == TtlKind.Fixed)
            {
                yield return new RepositoryMember(
                    $"<summary>Re-arms the entity's full time to live ({Seconds(spec.Ttl.Seconds)}), atomically, in one round trip.</summary>\n{keyDocs}\n{Ct}\n<returns>False when the entity does not exist.</returns>",
                    $"{Names.Task}<bool> TouchAsync({keyParams}, {ctParam})",
                    $"_store.TouchAsync({KeyId("TouchAsync")}, cancellationToken)");
            }

            if (spec.Ttl.Kind is TtlKind.Fixed or TtlKind.Property)
            {
                yield return new RepositoryMember(
                    $"<summary>\nCache-aside: the cached entity with this key, or <paramref name=\"factory\"/>'s result, stored with the\nmodel's expiry. On a miss the factory runs once per process for the key (concurrent callers share\nits result), and a short Redis lock keeps other processes from running theirs meanwhile: they\nwait, bounded by <see cref=\"global::RedisRepo.RedisRepoContext.CacheLockWait\"/>, for the value.\n</summary>\n{keyDocs}\n<param name=\"factory\">Loads the entity on a miss; it must return the entity with this key.</param>\n<param name=\"cancellationToken\">Stops this caller waiting; a factory already running completes for the others.</param>\n<exception cref=\"global::System.InvalidOperationException\">The factory returned null or an entity with another key.</exception>",
                    $"{Names.Task}<{model}> GetOrAddAsync({keyParams}, global::System.Func<{Names.Task}<{model}>> factory, {ctParam})",
                    $"_store.GetOrAddAsync({KeyId("GetOrAddAsync")}, factory, cancellationToken)");

                yield return new RepositoryMember(
                    $"<summary>\nCache-aside, as the overload above, with a factory that takes a token: it is cancelled once every\ncaller waiting for this load has been cancelled (one caller giving up never cancels the load the\nothers wait for).\n</summary>\n{keyDocs}\n<param name=\"factory\">Loads the entity on a miss; it must return the entity with this key.</param>\n<param name=\"cancellationToken\">Stops this caller waiting.</param>\n<exception cref=\"global::System.InvalidOperationException\">The factory returned null or an entity with another key.</exception>",
                    $"{Names.Task}<{model}> GetOrAddAsync({keyParams}, global::System.Func<global::System.Threading.CancellationToken, {Names.Task}<{model}>> factory, {ctParam})",
                    $"_store.GetOrAddAsync({KeyId("GetOrAddAsync")}, factory, cancellationToken)");

                yield return new RepositoryMember(
                    $"<summary>\nRemoves the ids and index entries of expired entities from the model's index keys,\n<paramref name=\"batchSize\"/> per script call, until none is left. Reads never return expired\nentities, but saves do not remove them: call this periodically (e.g. from a timer or a hosted service)\nso the index keys do not grow.\n</summary>\n<param name=\"batchSize\">How many expired ids one call to Redis handles at most.</param>\n{Ct}\n<returns>How many expired entities were swept.</returns>",
                    $"{Names.Task}<long> SweepExpiredAsync(int batchSize = 256, {ctParam})",
                    "_store.SweepExpiredAsync(batchSize, cancellationToken)");
            }
        }

        private static string VersionSentence(RepositorySpec spec) => spec.VersionProperty is { } version
            ? $"\nIt succeeds only while the stored <c>{version}</c> equals the entity's (0 for a new entity),\nand then moves the entity's <c>{version}</c> to the next version."
            : "";

        private static string SaveExceptions(RepositorySpec spec) =>
            (spec.Indexes.Any(i => i.Kind == IndexKind.Unique) ? "\n<exception cref=\"global::RedisRepo.RedisRepoUniqueConstraintException\">A unique value is held by another entity; nothing was written.</exception>" : "")
            + (spec.VersionProperty is null ? "" : "\n<exception cref=\"global::RedisRepo.RedisRepoConcurrencyException\">The entity was saved by someone else since it was read; nothing was written.</exception>");

        private static string VersionClause(RepositorySpec spec) => spec.VersionProperty is null ? "" : ", a version mismatch";

        private static string TtlSentence(RepositorySpec spec) => spec.Ttl.Kind switch
        {
            TtlKind.Fixed => $"\nThe entity expires {Seconds(spec.Ttl.Seconds)} after the save{(spec.Ttl.Sliding ? " or its last read" : "")}.",
            TtlKind.Property => $"\nThe entity expires as its <c>{spec.Ttl.PropertyName}</c> property says (null: never; already past: the save removes it).",
            _ => "",
        };

        /// <summary>A duration as people write it: <c>FromDays(30)</c>, not <c>FromSeconds(2592000)</c>.</summary>
        private static string Duration(long seconds) =>
            seconds % 86400 == 0 ? $"FromDays({seconds / 86400})"
            : seconds % 3600 == 0 ? $"FromHours({seconds / 3600})"
            : seconds % 60 == 0 ? $"FromMinutes({seconds / 60})"
            : $"FromSeconds({seconds})";

        private static string Seconds(long seconds) =>
            seconds % 86400 == 0 ? Plural(seconds / 86400, "day")
            : seconds % 3600 == 0 ? Plural(seconds / 3600, "hour")
            : seconds % 60 == 0 ? Plural(seconds / 60, "minute")
            : Plural(seconds, "second");

        private static string Plural(long n, string unit) => n.ToString(CultureInfo.InvariantCulture) + " " + unit + (n == 1 ? "" : "s");

        private static void EmitKeyId(SourceWriter w, RepositorySpec spec)
        {
            string parameters = string.Join(", ", spec.Key.Parts.Select(p => $"{p.TypeName}{(p.Kind == KeyPartKind.String ? "?" : "")} {p.ParameterName}"));
            w.Doc($"<summary>The key id (the key after <c>{Literals.Xml(spec.Key.Prefix)}</c>), with each part checked.</summary>");
            string signature = $"private static string KeyId({parameters}, string operation, string? parameterName = null)";
            if (spec.Key.Segments.Count == 1)
            {
                w.Line(signature + " =>");
                w.Line("    " + CheckedPart(spec.Key.Segments[0].Part!) + ";");
                return;
            }

            using (w.Open(signature))
            {
                var pieces = new List<string>();
                foreach (KeySegmentSpec segment in spec.Key.Segments)
                {
                    if (segment.Literal is not null)
                    {
                        pieces.Add(Literals.InterpolatedText(segment.Literal));
                        continue;
                    }

                    string local = segment.Part!.ParameterName.TrimStart('@') + "Text";
                    w.Line($"string {local} = {CheckedPart(segment.Part)};");
                    pieces.Add("{" + local + "}");
                }

                w.Line("return $\"" + string.Concat(pieces) + "\";");
            }
        }

        /// <summary>A key part's text, formatted for its type and checked by its rule.</summary>
        private static string CheckedPart(KeyPartSpec part)
        {
            string value = part.ParameterName;
            string text = part.Kind switch
            {
                KeyPartKind.Guid => $"{value}.ToString(\"D\")",
                KeyPartKind.Integer => $"{value}.ToString({Names.InvariantCulture})",
                KeyPartKind.Enum => $"Format{part.PropertyName}({value})",
                _ => value,
            };
            return $"{part.PropertyName}Part.Check({text}, parameterName ?? \"{value.TrimStart('@')}\", operation)";
        }

        private static void EmitEnumFormatters(SourceWriter w, RepositorySpec spec)
        {
            foreach (KeyPartSpec part in spec.Key.Parts.Where(p => p.Kind == KeyPartKind.Enum))
            {
                w.Line();
                w.Doc($"<summary>Formats a <c>{part.PropertyName}</c> key part by member name; values with no name are written as numbers.</summary>");
                w.Line($"private static string Format{part.PropertyName}({part.TypeName} value) => value switch");
                using (w.Open(null, ";"))
                {
                    foreach (string member in part.EnumMembers)
                    {
                        w.Line($"{part.TypeName}.{member} => \"{member}\",");
                    }

                    w.Line($"_ => ((global::System.IConvertible)value).ToString({Names.InvariantCulture}),");
                }
            }
        }

        private static void EmitModelDescription(SourceWriter w, RepositorySpec spec)
        {
            string model = spec.ModelType;
            w.Doc($"<summary>How <see cref=\"{model}\"/> is keyed, expires and is encoded.</summary>");
            using (w.Open($"private sealed class ModelDescription : {Names.RedisModel}<{model}>"))
            {
                w.Line("public static readonly ModelDescription Instance = new();");
                w.Line();
                w.Line("private ModelDescription()");
                w.Line($"    : base({Literals.String(spec.ModelName)}, {Literals.String(spec.Key.Template)}, {Literals.String(spec.Key.Prefix)}, {Literals.String(spec.Key.MetaPrefix)}, {TtlPolicy(spec.Ttl)})");
                using (w.Open())
                {
                }

                w.Line();
                w.Line($"public override {Names.Formatters}.IMessagePackFormatter<{model}> Formatter => {spec.RepositoryName}.Formatter.Instance;");
                w.Line();
                if (spec.Shards > 0)
                {
                    w.Line($"public override int Shards => {spec.Shards};");
                    w.Line();
                }

                w.Line($"public override string GetKeyId({model} entity, string operation) =>");
                w.Line($"    KeyId({string.Join(", ", spec.Key.Parts.Select(p => "entity." + Literals.Identifier(p.PropertyName)))}, operation, \"entity\");");
                if (spec.Indexes.Count > 0)
                {
                    w.Line();
                    w.Line("public override bool HasIndexes => true;");
                    w.Line();
                    using (w.Open($"public override void WriteIndexEntries({model} entity, global::RedisRepo.Storage.IndexEntries entries)"))
                    {
                        // Each entry is computed only when wanted: a reader re-checking one index asks for that one.
                        for (int n = 0; n < spec.Indexes.Count; n++)
                        {
                            (string condition, string statement) = IndexMembers.EntryStatement(spec.Indexes[n], n);
                            if (n > 0)
                            {
                                w.Line();
                            }

                            using (w.Open(condition))
                            {
                                w.Line(statement);
                            }
                        }
                    }
                }

                if (spec.VersionProperty is { } version)
                {
                    string property = "entity." + Literals.Identifier(version);
                    w.Line();
                    w.Line($"public override string? VersionProperty => {Literals.String(version)};");
                    w.Line();
                    w.Line($"public override long GetVersion({model} entity) => {property};");
                    w.Line();
                    w.Line($"public override void SetVersion({model} entity, long version) => {property} = version;");
                }

                if (spec.Ttl.Kind == TtlKind.Property)
                {
                    string value = "entity." + Literals.Identifier(spec.Ttl.PropertyName!);
                    w.Line();
                    w.Line($"public override {Names.TimeSpan}? GetTimeToLive({model} entity) =>");
                    w.Line("    " + (spec.Ttl.PropertyKind == TtlPropertyKind.TimeSpan ? value : $"{Names.Expiry}.Until({value})") + ";");
                }
            }
        }

        private static string TtlPolicy(TtlSpec ttl) => ttl.Kind switch
        {
            TtlKind.Fixed => $"new {Names.TtlPolicy}({Names.TimeSpan}.{Duration(ttl.Seconds)}, Sliding: {(ttl.Sliding ? "true" : "false")})",
            TtlKind.Property => $"{Names.TtlPolicy}.FromProperty",
            _ => $"{Names.TtlPolicy}.Persistent",
        };
    }
}
