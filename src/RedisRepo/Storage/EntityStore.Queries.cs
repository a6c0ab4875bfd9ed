using System.Security.Cryptography;
using System.Text;
using RedisRepo.Diagnostics;
using RedisRepo.Scripts;
using StackExchange.Redis;
using static RedisRepo.Storage.Waiting;

namespace RedisRepo.Storage;

/// <summary>
/// Derived queries (<see cref="RedisQuery"/>): each bucket is asked by <c>query.lua</c> in
/// bounded slices (at most <see cref="QueryScript.Budget"/> index entries examined per call),
/// from the condition with the fewest entries, checking the others against their own indexes
/// (equality of one or two values) or the per-entity records (more values, ranges); then the
/// entities are read and every one is re-checked against the query. Pages
/// resume from an index position held in an opaque token, so a page costs the same wherever it is.
/// </summary>
public sealed partial class EntityStore<T>
{
    /// <summary>One page of the entities matching <paramref name="query"/>.</summary>
    /// <param name="query">The query.</param>
    /// <param name="page">The page size and the previous page's token.</param>
    /// <param name="operation">The repository operation, for messages and traces.</param>
    /// <param name="cancellationToken">Stops between script calls and stops waiting for replies.</param>
    /// <exception cref="ArgumentException">The token is not one of this query's.</exception>
    public async Task<ResultPage<T>> FindPageAsync(RedisQuery query, PageRequest page, string operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        PageRequest.ThrowIfNull(page, _model.Name, operation);
        using Observation? observation = Observe(operation);
        try
        {
            return await PageAsync(Database(), query, Plan(query, operation), page, operation, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (Observation.Failed(observation, e))
        {
            throw;
        }
    }

    /// <summary>Every entity matching <paramref name="query"/>, page by page.</summary>
    public async Task<IReadOnlyList<T>> FindAllAsync(RedisQuery query, string operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        using Observation? observation = Observe(operation);
        try
        {
            return await AllAsync(Database(), query, operation, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (Observation.Failed(observation, e))
        {
            throw;
        }
    }

    /// <summary>How many live entities the indexes say match <paramref name="query"/> (bounded script calls; entities are not read).</summary>
    public async Task<long> CountAsync(RedisQuery query, string operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        using Observation? observation = Observe(operation);
        try
        {
            IDatabase database = Database();
            QueryPlan plan = Plan(query, operation);
            long count = 0;
            foreach (Bucket bucket in _buckets)
            {
                QueryScript.Cursor cursor = QueryScript.Cursor.Start;
                while (!cursor.Done)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    QueryScript.Slice slice = await SliceAsync(database, plan, bucket, counting: true, int.MaxValue, query.Descending, cursor, operation, cancellationToken).ConfigureAwait(false);
                    count += slice.Count;
                    cursor = slice.Cursor;
                }
            }

            return count;
        }
        catch (Exception e) when (Observation.Failed(observation, e))
        {
            throw;
        }
    }

    /// <summary>Whether any live entity matches <paramref name="query"/> (re-checked on the entity read).</summary>
    public async Task<bool> ExistsAsync(RedisQuery query, string operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        using Observation? observation = Observe(operation);
        try
        {
            IDatabase database = Database();
            QueryPlan plan = Plan(query, operation);
            PageRequest? page = PageRequest.First(1);
            while (page is not null)
            {
                ResultPage<T> found = await PageAsync(database, query, plan, page, operation, cancellationToken).ConfigureAwait(false);
                if (found.Items.Count > 0)
                {
                    return true;
                }

                page = found.Next(1);
            }

            return false;
        }
        catch (Exception e) when (Observation.Failed(observation, e))
        {
            throw;
        }
    }

    /// <summary>
    /// Deletes every entity matching <paramref name="query"/> when read (each delete atomic on its
    /// own, as <see cref="DeleteManyAsync"/>); returns how many were deleted. An entity written
    /// between the read and its delete is deleted in its new version.
    /// </summary>
    public async Task<long> DeleteAsync(RedisQuery query, string operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        using Observation? observation = Observe(operation);
        try
        {
            IReadOnlyList<T> matches = await AllAsync(Database(), query, operation, cancellationToken).ConfigureAwait(false);
            if (matches.Count == 0)
            {
                return 0;
            }

            var deletes = matches.Select(entity => PrepareDelete(_model.GetKeyId(entity, operation), operation)).ToList();
            return await BatchWriter.ExecuteAsync(Database(), deletes, atomic: false, _model.Name + "." + operation, _context, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (Observation.Failed(observation, e))
        {
            throw;
        }
    }

    private async Task<IReadOnlyList<T>> AllAsync(IDatabase database, RedisQuery query, string operation, CancellationToken cancellationToken)
    {
        QueryPlan plan = Plan(query, operation);
        var all = new List<T>();
        PageRequest? page = PageRequest.First(PageRequest.MaxSize);
        while (page is not null)
        {
            ResultPage<T> found = await PageAsync(database, query, plan, page, operation, cancellationToken).ConfigureAwait(false);
            all.AddRange(found.Items);
            page = found.Next(PageRequest.MaxSize);
        }

        return all;
    }

    private async Task<ResultPage<T>> PageAsync(IDatabase database, RedisQuery query, QueryPlan plan, PageRequest page, string operation, CancellationToken cancellationToken)
    {
        QueryScript.Cursor[] cursors = page.Continuation is null
            ? Enumerable.Repeat(QueryScript.Cursor.Start with { Source = plan.OrderSource }, _buckets.Length).ToArray()
            : ReadToken(page.Continuation, plan.Fingerprint, operation);
        List<(string Id, byte[] Member, int Bucket)> chosen = query.OrderBy is null
            ? await InIndexOrderAsync(database, query, plan, cursors, page.Size, operation, cancellationToken).ConfigureAwait(false)
            : await MergedAsync(database, query, plan, cursors, page.Size, operation, cancellationToken).ConfigureAwait(false);

        IReadOnlyList<T> read = chosen.Count == 0 ? [] : await WithCancellation(ReadAsync(database, [.. chosen.Select(c => c.Id)], operation), cancellationToken).ConfigureAwait(false);
        var items = read.Where(entity => Satisfies(entity, query, operation)).ToList();
        return new ResultPage<T>(items, cursors.All(c => c.Done) ? null : WriteToken(plan.Fingerprint, cursors));
    }

    /// <summary>Unordered: bucket after bucket, each in its source index's order, until the page is full.</summary>
    private async Task<List<(string, byte[], int)>> InIndexOrderAsync(IDatabase database, RedisQuery query, QueryPlan plan, QueryScript.Cursor[] cursors, int size, string operation, CancellationToken cancellationToken)
    {
        var chosen = new List<(string, byte[], int)>();
        for (int b = 0; b < _buckets.Length && chosen.Count < size; b++)
        {
            while (!cursors[b].Done && chosen.Count < size)
            {
                cancellationToken.ThrowIfCancellationRequested();
                QueryScript.Slice slice = await SliceAsync(database, plan, _buckets[b], counting: false, size - chosen.Count, query.Descending, cursors[b], operation, cancellationToken).ConfigureAwait(false);
                chosen.AddRange(slice.Matches.Select(m => (m.Id, m.Member, b)));
                cursors[b] = slice.Cursor;
            }
        }

        return chosen;
    }

    /// <summary>
    /// Ordered by a range index: up to a page from every bucket, merged in order (order key, then
    /// id); each bucket's cursor moves only past what the page took from it.
    /// </summary>
    private async Task<List<(string, byte[], int)>> MergedAsync(IDatabase database, RedisQuery query, QueryPlan plan, QueryScript.Cursor[] cursors, int size, string operation, CancellationToken cancellationToken)
    {
        var candidates = new List<(string Id, byte[] Member, int Bucket)>();
        var reached = new QueryScript.Cursor[cursors.Length];
        for (int b = 0; b < _buckets.Length; b++)
        {
            reached[b] = cursors[b];
            int taken = 0;
            while (!reached[b].Done && taken < size)
            {
                cancellationToken.ThrowIfCancellationRequested();
                QueryScript.Slice slice = await SliceAsync(database, plan, _buckets[b], counting: false, size - taken, query.Descending, reached[b], operation, cancellationToken).ConfigureAwait(false);
                candidates.AddRange(slice.Matches.Select(m => (m.Id, m.Member, b)));
                taken += slice.Matches.Count;
                reached[b] = slice.Cursor;
            }
        }

        int sign = query.Descending ? -1 : 1;
        candidates.Sort((x, y) => sign * x.Member.AsSpan().SequenceCompareTo(y.Member));
        List<(string, byte[], int)> chosen = candidates.Take(size).ToList();
        for (int b = 0; b < _buckets.Length; b++)
        {
            int fetched = candidates.Count(c => c.Bucket == b), used = chosen.Count(c => c.Item3 == b);
            if (used == fetched)
            {
                cursors[b] = reached[b]; // took all it found: go on from where it stopped
            }
            else if (used > 0)
            {
                (string _, byte[] last, int _) = chosen.Last(c => c.Item3 == b);
                cursors[b] = cursors[b] with { Conjunction = 1, Source = plan.OrderSource, Alternative = 1, Last = last };
            }

            // else: nothing of this bucket is on the page, so its cursor stays where it was
        }

        return chosen;
    }

    /// <summary>Whether the entity as read matches one of the query's conjunctions.</summary>
    private bool Satisfies(T entity, RedisQuery query, string operation)
    {
        IndexEntries entries = EntriesOf(entity, operation);
        return query.Conjunctions.Any(conditions => conditions.All(c => c.Accepts(entries.ValueOf(c.Kind, c.Index))));
    }

    /// <summary>The query as the script takes it, per bucket, and the fingerprint its tokens carry.</summary>
    private QueryPlan Plan(RedisQuery query, string operation)
    {
        var shapes = new List<List<(QueryCondition Condition, int Slot, List<QueryScript.Alternative> Alternatives)>>();
        int orderSource = 0;
        foreach (IReadOnlyList<QueryCondition> conjunction in query.Conjunctions)
        {
            var conditions = new List<(QueryCondition, int, List<QueryScript.Alternative>)>();
            foreach (QueryCondition condition in conjunction)
            {
                int slot = SlotNumber(condition.Kind, condition.Index);
                conditions.Add((condition, slot, Alternatives(condition, operation)));
            }

            if (query.OrderBy is { } order)
            {
                int position = conditions.FindIndex(c => c.Item1.Kind == ScriptProtocol.SlotRange && c.Item1.Index == order);
                if (position < 0)
                {
                    throw new ArgumentException($"{_model.Name}.{operation}: an ordered query needs a condition on its order index '{order}' (an unbounded range for none).", nameof(query));
                }

                orderSource = position + 1;
            }

            shapes.Add(conditions);
        }

        var text = new StringBuilder(_model.Name).Append('\n').Append(query.Shape());
        foreach (QueryCondition condition in query.Conjunctions.SelectMany(c => c))
        {
            text.Append('\n').AppendJoin('\u001f', condition.Values).Append('\u001e').Append(condition.Min).Append(condition.MinInclusive).Append(condition.Max).Append(condition.MaxInclusive);
        }

        byte[] fingerprint = SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()))[..8];
        return new QueryPlan(shapes, orderSource, fingerprint);
    }

    private static List<QueryScript.Alternative> Alternatives(QueryCondition condition, string operation)
    {
        if (condition.Kind == ScriptProtocol.SlotEquality)
        {
            return condition.Values.Select(value =>
            {
                WellFormedText.Check(value, $"a {operation} argument", "value");
                string prefix = IndexKeys.EqualityPrefix(value);
                byte[] bytes = Encoding.UTF8.GetBytes(prefix);
                return new QueryScript.Alternative(LowerBound(bytes), UpperBound(bytes), prefix, "", false, false);
            }).ToList();
        }

        if (condition.Min is not null && condition.Max is not null && string.CompareOrdinal(condition.Min, condition.Max) > 0)
        {
            return []; // an empty range: nothing matches
        }

        return
        [
            new QueryScript.Alternative(
                condition.Min is null ? "-" : LowerBound(Encoding.ASCII.GetBytes(condition.Min)),
                condition.Max is null ? "+" : UpperBound(Encoding.ASCII.GetBytes(condition.Max)),
                condition.Min ?? "",
                condition.Max ?? "",
                condition.MinInclusive,
                condition.MaxInclusive),
        ];
    }

    /// <summary>The compiled query: per conjunction its conditions (slot number, alternatives), the ordered query's source condition (1-based, 0 for none), its fingerprint.</summary>
    private sealed record QueryPlan(List<List<(QueryCondition Condition, int Slot, List<QueryScript.Alternative> Alternatives)>> Conjunctions, int OrderSource, byte[] Fingerprint)
    {
        private readonly Dictionary<Bucket, IReadOnlyList<IReadOnlyList<QueryScript.Condition>>> _byBucket = [];

        /// <summary>The conditions with a bucket's index keys, built once per bucket and query (a page may call the script several times).</summary>
        public IReadOnlyList<IReadOnlyList<QueryScript.Condition>> ConditionsIn(Bucket bucket)
        {
            if (!_byBucket.TryGetValue(bucket, out IReadOnlyList<IReadOnlyList<QueryScript.Condition>>? conditions))
            {
                _byBucket[bucket] = conditions = Conjunctions.Select(conjunction => (IReadOnlyList<QueryScript.Condition>)conjunction
                    .Select(c => new QueryScript.Condition(bucket.Slots[c.Slot].Key, bucket.Slots[c.Slot].Name, c.Condition.Kind, c.Condition.Width, c.Alternatives))
                    .ToList()).ToList();
            }

            return conditions;
        }
    }

    /// <summary>One bounded <c>query.lua</c> call on one bucket.</summary>
    private Task<QueryScript.Slice> SliceAsync(IDatabase database, QueryPlan plan, Bucket bucket, bool counting, int take, bool descending, QueryScript.Cursor cursor, string operation, CancellationToken cancellationToken) =>
        WithCancellation(QueryScript.RunAsync(database, bucket.AllIds, bucket.Records, plan.ConditionsIn(bucket), counting, take, descending, cursor, _model.Name, operation), cancellationToken);

    private string WriteToken(byte[] fingerprint, QueryScript.Cursor[] cursors) =>
        ContinuationToken.Write(fingerprint, writer =>
        {
            writer.Write(cursors.Length);
            foreach (QueryScript.Cursor cursor in cursors)
            {
                writer.Write(cursor.Done);
                writer.Write(cursor.Conjunction);
                writer.Write(cursor.Source);
                writer.Write(cursor.Alternative);
                writer.Write(cursor.Last.Length);
                writer.Write(cursor.Last);
            }
        });

    private QueryScript.Cursor[] ReadToken(string token, byte[] fingerprint, string operation) =>
        ContinuationToken.Read(token, fingerprint, reader =>
        {
            var cursors = new QueryScript.Cursor[reader.ReadInt32() == _buckets.Length ? _buckets.Length : throw new FormatException()];
            for (int b = 0; b < cursors.Length; b++)
            {
                cursors[b] = new QueryScript.Cursor(reader.ReadBoolean(), reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32(), reader.ReadBytes(reader.ReadInt32()));
            }

            return cursors;
        }, TokenRefusal(operation));

    private string TokenRefusal(string operation) =>
        $"{_model.Name}.{operation}: the continuation token is not one of this query's pages (it belongs to another query, other arguments or another model, or was altered).";
}
