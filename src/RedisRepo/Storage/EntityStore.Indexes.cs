using System.Text;
using RedisRepo.Diagnostics;
using RedisRepo.Scripts;
using StackExchange.Redis;
using static RedisRepo.Storage.Waiting;

namespace RedisRepo.Storage;

/// <summary>
/// Index reads and repair. Every read re-checks each entity against the index it came through
/// (its current values must still place it there), so a reader never sees an entity through an
/// index it no longer matches, even one corrupted by hand; entries that fail the check are
/// removed by <c>repair.lua</c>, which re-checks atomically first.
/// </summary>
public sealed partial class EntityStore<T>
{
    /// <summary>Live entities whose equality index <paramref name="index"/> holds <paramref name="value"/> (two round trips; every bucket at once).</summary>
    /// <param name="index">The index name.</param>
    /// <param name="value">The value, as <see cref="IndexValues"/> encodes it.</param>
    /// <param name="operation">The repository operation, for error messages.</param>
    /// <param name="cancellationToken">Stops waiting for replies.</param>
    public async Task<IReadOnlyList<T>> FindByAsync(string index, string value, string operation, CancellationToken cancellationToken)
    {
        using Observation? observation = Observe(operation);
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            WellFormedText.CheckArgument(value, _model.Name, operation);
            int slot = SlotNumber(ScriptProtocol.SlotEquality, index);
            byte[] prefix = Encoding.UTF8.GetBytes(IndexKeys.EqualityPrefix(value));
            IDatabase database = Database();
            IndexRead read = await WithCancellation(EqualEntriesOfEveryBucketAsync(database, slot, prefix, operation), cancellationToken).ConfigureAwait(false);
            return (await WithCancellation(KeepMatchingAsync(database, slot, read, prefix.Length, value, operation), cancellationToken).ConfigureAwait(false)).Found;
        }
        catch (Exception e) when (Observation.Failed(observation, e))
        {
            throw;
        }
    }

    /// <summary>How many live entities the equality index holds for <paramref name="value"/> (one round trip; trusts the index).</summary>
    public async Task<long> CountByAsync(string index, string value, CancellationToken cancellationToken)
    {
        string operation = "CountBy" + index + "Async";
        using Observation? observation = Observe(operation);
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            WellFormedText.CheckArgument(value, _model.Name, "CountBy");
            int slot = SlotNumber(ScriptProtocol.SlotEquality, index);
            byte[] prefix = Encoding.UTF8.GetBytes(IndexKeys.EqualityPrefix(value));
            IDatabase database = Database();
            long[] counts = await WithCancellation(
                FanOutAsync(operation, b => IndexIdsScript.CountAsync(database, b.Slots[slot].Key, b.AllIds, LowerBound(prefix), UpperBound(prefix), prefix.Length, _model.Name, operation)),
                cancellationToken).ConfigureAwait(false);
            return counts.Sum();
        }
        catch (Exception e) when (Observation.Failed(observation, e))
        {
            throw;
        }
    }

    /// <summary>The live entity holding <paramref name="value"/> in the unique index <paramref name="index"/>, or null (two round trips).</summary>
    public async Task<T?> GetByUniqueAsync(string index, string value, string operation, CancellationToken cancellationToken)
    {
        using Observation? observation = Observe(operation);
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            WellFormedText.CheckArgument(value, _model.Name, operation);
            int number = SlotNumber(ScriptProtocol.SlotUnique, index);
            IDatabase database = Database();
            IndexSlot slot = UniqueBucket(value).Slots[number];
            RedisValue holder;
            try
            {
                // The HGET itself, awaited here: ReadKeyAsync's retry and wrong-type naming, without its async frame on the path of every call.
                holder = await WithCancellation(database.HashGetAsync(slot.Key, value), cancellationToken).ConfigureAwait(false);
            }
            catch (RedisServerException)
            {
                holder = await WithCancellation(
                    ReadKeyAsync(database, slot.Key, "hash", operation, (slot.Key, value), static (db, s) => db.HashGetAsync(s.Key, s.value)),
                    cancellationToken).ConfigureAwait(false);
            }

            if (holder.IsNull)
            {
                return null;
            }

            string id = _claims is null ? (string)holder! : UniqueClaimLayout.HolderOf((string)holder!);
            RedisKey key = EntityKey(id);
            RedisValue payload = await WithCancellation(StartGet(database, key, id, operation), cancellationToken).ConfigureAwait(false);
            T? entity = payload.IsNull ? null : Decode(payload, id, operation);
            if (entity is not null && ValueOf(entity, ScriptProtocol.SlotUnique, index, operation) == value)
            {
                return entity;
            }

            if (_model.Shards == 0)
            {
                await RepairAsync(database, _buckets[0], slot, [(id, value)], EntityKey, operation).ConfigureAwait(false);
            }

            return null;
        }
        catch (Exception e) when (Observation.Failed(observation, e))
        {
            throw;
        }
    }

    /// <summary>
    /// Live entities whose range index value lies between the order keys <paramref name="min"/> and
    /// <paramref name="max"/>, inclusive, in order: two round trips. A sharded model reads the first
    /// skip + take of every bucket at once and merges them in exact order.
    /// </summary>
    /// <param name="index">The index name.</param>
    /// <param name="min">The lower bound, as <see cref="IndexValues"/> orders it.</param>
    /// <param name="max">The upper bound, as <see cref="IndexValues"/> orders it.</param>
    /// <param name="skip">How many matches to pass over first.</param>
    /// <param name="take">How many to return at most.</param>
    /// <param name="descending">Whether to return the largest values first.</param>
    /// <param name="operation">The repository operation, for error messages.</param>
    /// <param name="cancellationToken">Stops waiting for the reply.</param>
    public async Task<IReadOnlyList<T>> FindInRangeAsync(string index, string min, string max, int skip, int take, bool descending, string operation, CancellationToken cancellationToken)
    {
        using Observation? observation = Observe(operation);
        try
        {
            ArgumentOutOfRangeException.ThrowIfNegative(skip);
            ArgumentOutOfRangeException.ThrowIfNegative(take);
            cancellationToken.ThrowIfCancellationRequested();
            if (take == 0 || string.CompareOrdinal(min, max) > 0)
            {
                return [];
            }

            int slot = SlotNumber(ScriptProtocol.SlotRange, index);
            IDatabase database = Database();
            byte[] minKey = Encoding.ASCII.GetBytes(min), maxKey = Encoding.ASCII.GetBytes(max);
            RedisValue[] members;
            if (skip == 0)
            {
                RedisValue from = RangeStart(minKey), to = PastPrefix(maxKey);
                // Optimistic: the first take index entries of every bucket, live or not, and the
                // entity read decides. Exact unless an entity read as missing (expired ahead of the
                // sweep, or deleted around RedisRepo): its entries are removed and the live-checked
                // read below answers instead, so take is never cut short by the dead.
                // On a sharded model an entry naming another bucket's id is removed, and this read is
                // then not exact (that bucket's next entry is missing from its first take): the
                // live-checked read below answers.
                RedisValue[][]? perBucket = _buckets.Length == 1
                    ? [await WithCancellation(IndexedMembersAsync(database, _buckets[0].Slots[slot].Key, from, to, descending, take, operation), cancellationToken).ConfigureAwait(false)]
                    : await WithCancellation(OwnMembersOfEveryBucketAsync(database, slot, from, to, descending, take, min.Length, operation), cancellationToken).ConfigureAwait(false);
                if (perBucket is not null)
                {
                    members = perBucket.Length == 1 ? perBucket[0] : [.. Merge(perBucket, descending).Take(take)];
                    ReadThrough read = await WithCancellation(ReadThroughAsync(database, slot, members, min.Length, null, operation), cancellationToken).ConfigureAwait(false);
                    if (read.Missing == 0 || take == int.MaxValue)
                    {
                        return read.Found;
                    }
                }
            }

            RedisValue lower = LowerBound(minKey), upper = UpperBound(maxKey);
            if (_buckets.Length == 1)
            {
                members = await WithCancellation(
                    IndexIdsScript.MembersAsync(database, _buckets[0].Slots[slot].Key, _buckets[0].AllIds, lower, upper, descending, min.Length, skip, take, _model.Name, operation),
                    cancellationToken).ConfigureAwait(false);
            }
            else
            {
                int firsts = (int)Math.Min(int.MaxValue, (long)skip + take);
                RedisValue[][] perBucket = await WithCancellation(
                    FanOutAsync(operation, b => IndexIdsScript.MembersAsync(database, b.Slots[slot].Key, b.AllIds, lower, upper, descending, min.Length, 0, firsts, _model.Name, operation)),
                    cancellationToken).ConfigureAwait(false);
                members = Merge(perBucket, descending).Skip(skip).Take(take).ToArray();
            }

            return (await WithCancellation(ReadThroughAsync(database, slot, members, min.Length, null, operation), cancellationToken).ConfigureAwait(false)).Found;
        }
        catch (Exception e) when (Observation.Failed(observation, e))
        {
            throw;
        }
    }

    /// <summary>How many live entities lie in the range, inclusive (one round trip; every bucket at once).</summary>
    public async Task<long> CountInRangeAsync(string index, string min, string max, CancellationToken cancellationToken)
    {
        string operation = "CountBy" + index + "BetweenAsync";
        using Observation? observation = Observe(operation);
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (string.CompareOrdinal(min, max) > 0)
            {
                return 0;
            }

            int slot = SlotNumber(ScriptProtocol.SlotRange, index);
            IDatabase database = Database();
            RedisValue lower = LowerBound(Encoding.ASCII.GetBytes(min)), upper = UpperBound(Encoding.ASCII.GetBytes(max));
            long[] counts = await WithCancellation(
                FanOutAsync(operation, b => IndexIdsScript.CountAsync(database, b.Slots[slot].Key, b.AllIds, lower, upper, min.Length, _model.Name, operation)),
                cancellationToken).ConfigureAwait(false);
            return counts.Sum();
        }
        catch (Exception e) when (Observation.Failed(observation, e))
        {
            throw;
        }
    }

    /// <summary>
    /// The first <paramref name="take"/> members of a range in every bucket, all at once; null when
    /// some bucket held entries naming another bucket's ids, which are removed (see
    /// <see cref="WithoutForeignAsync"/>) and leave that bucket's answer short.
    /// </summary>
    private async Task<RedisValue[][]?> OwnMembersOfEveryBucketAsync(IDatabase database, int slot, RedisValue from, RedisValue to, bool descending, int take, int prefixLength, string operation)
    {
        RedisValue[][] perBucket = await FanOutAsync(operation, b => IndexedMembersAsync(database, b.Slots[slot].Key, from, to, descending, take, operation)).ConfigureAwait(false);
        bool exact = true;
        for (int b = 0; b < perBucket.Length; b++)
        {
            string[] ids = IdsOf(perBucket[b], prefixLength);
            if (HasForeign(_buckets[b], ids))
            {
                await WithoutForeignAsync(database, _buckets[b], _buckets[b].Slots[slot], perBucket[b], ids, operation).ConfigureAwait(false);
                exact = false;
            }
        }

        return exact ? perBucket : null;
    }

    /// <summary>Members of several buckets, each in index order, merged into one index order (byte order of order key + id).</summary>
    private static IEnumerable<RedisValue> Merge(RedisValue[][] perBucket, bool descending)
    {
        var queue = new PriorityQueue<(int Bucket, int Position), byte[]>(Comparer<byte[]>.Create((a, b) => descending ? Compare(b, a) : Compare(a, b)));
        for (int b = 0; b < perBucket.Length; b++)
        {
            if (perBucket[b].Length > 0)
            {
                queue.Enqueue((b, 0), (byte[])perBucket[b][0]!);
            }
        }

        while (queue.TryDequeue(out (int Bucket, int Position) next, out _))
        {
            yield return perBucket[next.Bucket][next.Position];
            int position = next.Position + 1;
            if (position < perBucket[next.Bucket].Length)
            {
                queue.Enqueue((next.Bucket, position), (byte[])perBucket[next.Bucket][position]!);
            }
        }

        static int Compare(byte[] a, byte[] b) => a.AsSpan().SequenceCompareTo(b);
    }

    /// <summary>
    /// Reads the entities behind index members (prefix + id) and keeps those whose current value
    /// still places them there (see <see cref="KeepMatchingAsync"/>).
    /// </summary>
    private async Task<ReadThrough> ReadThroughAsync(IDatabase database, int slot, RedisValue[] members, int prefixLength, string? value, string operation)
    {
        string[] ids = IdsOf(members, prefixLength);
        RedisValue[] payloads = await GetPayloadsAsync(database, ids).ConfigureAwait(false);
        return await KeepMatchingAsync(database, slot, new IndexRead(members, ids, payloads), prefixLength, value, operation).ConfigureAwait(false);
    }

    /// <summary>The ids in index members (prefix + id), decoded in place.</summary>
    private static string[] IdsOf(RedisValue[] members, int prefixLength)
    {
        var ids = new string[members.Length];
        for (int i = 0; i < members.Length; i++)
        {
            ids[i] = Encoding.UTF8.GetString(((ReadOnlyMemory<byte>)members[i]).Span[prefixLength..]); // no copy of the member
        }

        return ids;
    }

    /// <summary>
    /// Keeps the entities behind an index read whose current value still places them there:
    /// <paramref name="value"/> for an equality index, the member's own order key for a range
    /// index. The others' entries are repaired, in their own bucket.
    /// </summary>
    private async Task<ReadThrough> KeepMatchingAsync(IDatabase database, int slot, IndexRead read, int prefixLength, string? value, string operation)
    {
        (RedisValue[] members, string[] ids, RedisValue[] payloads) = read;
        IndexSlot declared = _buckets[0].Slots[slot];
        IReadOnlyList<T?> entities;
        try
        {
            entities = await DecodeAllAsync(database, ids, payloads, keepMissing: true, operation).ConfigureAwait(false);
        }
        catch (RedisRepoSerializationException e)
        {
            // What a caller may go on with must pass the same re-check as a normal answer.
            object[] matching = e.Readable.Cast<T>().Where(entity => Matches(entity, declared, value, members, prefixLength, operation)).Cast<object>().ToArray();
            throw new RedisRepoSerializationException(_model.Name, operation, e.Failures, matching);
        }

        var found = new List<T>(entities.Count);
        Dictionary<Bucket, List<(string Id, RedisValue Member)>>? stale = null;
        var check = new IndexEntries(declared.Kind, declared.Index); // one collector for every entity
        int missing = 0;
        for (int i = 0; i < entities.Count; i++)
        {
            T? entity = entities[i];
            missing += entity is null ? 1 : 0;
            if (entity is not null && ValueOf(entity, check, operation) is { } current
                && (value is not null ? current == value : IsPrefix(current, ((ReadOnlyMemory<byte>)members[i]).Span, prefixLength)))
            {
                found.Add(entity);
            }
            else
            {
                stale ??= [];
                Bucket bucket = BucketOf(ids[i]);
                (stale.TryGetValue(bucket, out var list) ? list : stale[bucket] = []).Add((ids[i], members[i]));
            }
        }

        if (stale is not null)
        {
            await Task.WhenAll(stale.Select(s => RepairAsync(database, s.Key, s.Key.Slots[slot], s.Value, EntityKey, operation))).ConfigureAwait(false);
        }

        return new ReadThrough(found, missing);
    }

    /// <summary>Index members (prefix + id), the ids in them and the payloads stored under those ids, position by position.</summary>
    private readonly record struct IndexRead(RedisValue[] Members, string[] Ids, RedisValue[] Payloads);

    /// <summary>The entities an index read kept, and how many of the entries it read had no entity (expired or deleted).</summary>
    private readonly record struct ReadThrough(IReadOnlyList<T> Found, int Missing);

    /// <summary>
    /// The entries of one equality value in every bucket, and the payloads behind them: every
    /// bucket's ZRANGEBYLEX is sent at once, and each bucket sends its MGET as soon as its own
    /// members are in, without waiting for the slowest bucket (two round trips of latency for any
    /// number of buckets). With tracing on, each bucket is a leg activity of its own.
    /// </summary>
    private Task<IndexRead> EqualEntriesOfEveryBucketAsync(IDatabase database, int slot, byte[] prefix, string operation) =>
        _buckets.Length == 1
            ? EqualEntriesAsync(database, _buckets[0], slot, prefix, PastPrefix(prefix), prefix.Length, operation) // its answer is the result
            : EqualEntriesOfBucketsAsync(database, slot, prefix, PastPrefix(prefix), operation);

    private async Task<IndexRead> EqualEntriesOfBucketsAsync(IDatabase database, int slot, byte[] prefix, RedisValue upper, string operation)
    {
        IndexRead[] reads = await FanOutAsync(operation, b => EqualEntriesAsync(database, b, slot, prefix, upper, prefix.Length, operation)).ConfigureAwait(false);
        int count = 0;
        foreach (IndexRead read in reads)
        {
            count += read.Ids.Length;
        }

        var members = new RedisValue[count];
        var ids = new string[count];
        var payloads = new RedisValue[count];
        int at = 0;
        foreach (IndexRead read in reads)
        {
            read.Members.CopyTo(members, at);
            read.Ids.CopyTo(ids, at);
            read.Payloads.CopyTo(payloads, at);
            at += read.Ids.Length;
        }

        return new IndexRead(members, ids, payloads);
    }

    /// <summary>
    /// The entries of one equality value in one bucket, then the payloads behind them (MGET in the
    /// same bucket, chunked). A read that failed with a server error is sent again on its own,
    /// where a refusal (TRYAGAIN, CLUSTERDOWN) is retried and a wrong type is named.
    /// </summary>
    private async Task<IndexRead> EqualEntriesAsync(IDatabase database, Bucket bucket, int slot, RedisValue prefix, RedisValue upper, int prefixLength, string operation)
    {
        RedisKey index = bucket.Slots[slot].Key;
        RedisValue[] members;
        try
        {
            members = await database.SortedSetRangeByValueAsync(index, prefix, upper).ConfigureAwait(false);
        }
        catch (RedisServerException)
        {
            members = await EqualMembersAsync(database, index, prefix, upper, operation).ConfigureAwait(false);
        }

        string[] ids = IdsOf(members, prefixLength);
        if (_buckets.Length > 1 && HasForeign(bucket, ids))
        {
            (members, ids) = await WithoutForeignAsync(database, bucket, bucket.Slots[slot], members, ids, operation).ConfigureAwait(false);
        }

        RedisValue[] payloads = ids.Length == 0 ? [] : await ChunkedAsync(bucket, ids, ReadChunkSize, ReadPayloads(database)).ConfigureAwait(false);
        return new IndexRead(members, ids, payloads);
    }

    /// <summary>Whether a bucket's index holds an id of another bucket (only ever written by hand or by another layout).</summary>
    private bool HasForeign(Bucket bucket, string[] ids)
    {
        foreach (string id in ids)
        {
            if (BucketOf(id) != bucket)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The members of a bucket's index whose ids belong to it. The others are not RedisRepo's: their
    /// entities (if any) live in another bucket and are answered through that bucket's own index,
    /// and one read cannot mix buckets' keys. They are removed here, in this bucket, as repairs
    /// (<c>repair.lua</c> finds no entity of this bucket under them).
    /// </summary>
    private async Task<(RedisValue[] Members, string[] Ids)> WithoutForeignAsync(IDatabase database, Bucket bucket, IndexSlot slot, RedisValue[] members, string[] ids, string operation)
    {
        var ownMembers = new List<RedisValue>(members.Length);
        var ownIds = new List<string>(ids.Length);
        var foreign = new List<(string Id, RedisValue Member)>();
        for (int i = 0; i < ids.Length; i++)
        {
            if (BucketOf(ids[i]) == bucket)
            {
                ownMembers.Add(members[i]);
                ownIds.Add(ids[i]);
            }
            else
            {
                foreign.Add((ids[i], members[i]));
            }
        }

        await RepairAsync(database, bucket, slot, foreign, bucket.EntityKey, operation).ConfigureAwait(false);
        return ([.. ownMembers], [.. ownIds]);
    }

    /// <summary>
    /// Every member of an equality index that starts with <paramref name="prefix"/> (the value's
    /// length, ':' and the value), live or not, by one ZRANGEBYLEX answered as values, with no reply
    /// objects (as <see cref="IndexedMembersAsync"/>). The client orders lex bounds itself, comparing
    /// them as numbers where they look like one; these never do (the prefix holds ':', the upper
    /// bound a 0xFF byte), so they compare as bytes and go as given.
    /// </summary>
    private Task<RedisValue[]> EqualMembersAsync(IDatabase database, RedisKey index, RedisValue prefix, RedisValue upper, string operation) =>
        ReadKeyAsync(database, index, "zset", operation, (index, prefix, upper), static (db, s) => db.SortedSetRangeByValueAsync(s.index, s.prefix, s.upper));

    /// <summary>
    /// The first <paramref name="take"/> members (int.MaxValue: all) of a range index from the order
    /// key <paramref name="from"/> to <paramref name="to"/>, live or not, by one ZRANGEBYLEX
    /// (ZREVRANGEBYLEX when descending): the entity read that follows decides liveness, since Redis
    /// never returns an expired key, and the entries of expired entities are removed then (see
    /// RepairAsync). Answered as values, with no reply objects. The bounds are
    /// <see cref="RangeStart"/> and <see cref="PastPrefix"/>, which never look like a number to the
    /// client (it compares numeric-looking lex bounds as numbers to decide whether to swap them).
    /// </summary>
    private Task<RedisValue[]> IndexedMembersAsync(IDatabase database, RedisKey index, RedisValue from, RedisValue to, bool descending, int take, string operation) =>
        ReadKeyAsync(
            database, index, "zset", operation, (index, from, to, order: descending ? Order.Descending : Order.Ascending, take: take == int.MaxValue ? -1L : take),
            static (db, s) => db.SortedSetRangeByValueAsync(s.index, s.from, s.to, Exclude.None, s.order, 0, s.take));

    /// <summary>The entity's value in one index, or null when it has none (a reader re-checks only the index it came through).</summary>
    private string? ValueOf(T entity, string kind, string index, string operation) => ValueOf(entity, new IndexEntries(kind, index), operation);

    /// <summary>The entity's value in the one index <paramref name="check"/> collects (cleared first, so a bulk read reuses one collector), or null.</summary>
    private string? ValueOf(T entity, IndexEntries check, string operation)
    {
        check.Clear();
        Collect(entity, check, operation);
        return check.Items.Count == 0 ? null : check.Items[0].Value;
    }

    /// <summary>Whether a range member starts with the order key <paramref name="orderKey"/> (ASCII, <paramref name="length"/> bytes), compared without a copy.</summary>
    private static bool IsPrefix(string orderKey, ReadOnlySpan<byte> member, int length)
    {
        if (orderKey.Length != length || member.Length < length)
        {
            return false;
        }

        for (int i = 0; i < length; i++)
        {
            if (orderKey[i] != member[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Removes index entries their entity does not back (re-checked atomically by repair.lua);
    /// counts them (<c>redisrepo.index.entries_repaired</c>) and logs a Warning, since they mean
    /// something wrote around RedisRepo, evicted keys or crashed mid-way. Entries of entities that
    /// have expired are removed as well, without a warning: that is ordinary expiry ahead of the
    /// sweep. Returns how many entries were removed in all.
    /// </summary>
    private async Task<long> RepairAsync(IDatabase database, Bucket bucket, IndexSlot slot, IReadOnlyList<(string Id, RedisValue Member)> candidates, Func<string, RedisKey> entityKey, string operation)
    {
        RepairScript.Removed removed = await RepairScript.RunAsync(database, slot, bucket.Records, bucket.AllIds, candidates, entityKey, _model.Name, operation).ConfigureAwait(false);
        if (removed.Repaired > 0)
        {
            Telemetry.IndexEntriesRepaired.Add(removed.Repaired, new(Telemetry.Model, _model.Name), new(Telemetry.DbOperationName, operation));
            Log.IndexEntriesRepaired(_context.Logger, _model.Name, operation, removed.Repaired, slot.Index);
        }

        return removed.Repaired + removed.Expired;
    }

    /// <summary>Whether an entity read through an index still has the entry it was found by (any member's order key, for a range).</summary>
    private bool Matches(T entity, IndexSlot slot, string? value, RedisValue[] members, int prefixLength, string operation)
    {
        string? current = ValueOf(entity, slot.Kind, slot.Index, operation);
        if (value is not null || current is null)
        {
            return current == value && current is not null;
        }

        string keyId = _model.GetKeyId(entity, operation);
        return members.Any(m => (string?)m == IndexKeys.RangeMember(current, keyId));
    }

    /// <summary>The 0-based position of an index among the model's slots.</summary>
    private int SlotNumber(string kind, string index) =>
        _slotNumbers.TryGetValue((kind, index), out int number)
            ? number - 1
            : throw new ArgumentException($"{_model.Name} declares no {KindName(kind)} index named '{index}'.", nameof(index));

    private static string KindName(string kind) => kind switch
    {
        ScriptProtocol.SlotEquality => "equality",
        ScriptProtocol.SlotUnique => "unique",
        _ => "range",
    };

    private static RedisValue LowerBound(byte[] start)
    {
        byte[] bound = new byte[start.Length + 1];
        bound[0] = (byte)'[';
        start.CopyTo(bound, 1);
        return bound;
    }

    /// <summary>
    /// The lowest member of a range at order key <paramref name="orderKey"/>, as a bound for the
    /// client's lex-range call: the key and a 0x00 byte. Members are an order key and a non-empty
    /// id, so it admits exactly the members "[key" admits, and no such bound parses as a number.
    /// </summary>
    private static RedisValue RangeStart(byte[] orderKey)
    {
        byte[] bound = new byte[orderKey.Length + 1];
        orderKey.CopyTo(bound, 0);
        return bound; // the last byte stays 0x00
    }

    /// <summary>Past every member that starts with <paramref name="start"/> (a prefix + an id, where UTF-8 never holds byte 0xFF), as a bound without its '['.</summary>
    private static RedisValue PastPrefix(byte[] start)
    {
        byte[] bound = new byte[start.Length + 1];
        start.CopyTo(bound, 0);
        bound[^1] = 0xFF;
        return bound;
    }

    /// <summary>Past every member that starts with <paramref name="start"/>: a prefix + an id, where UTF-8 never holds byte 0xFF.</summary>
    private static RedisValue UpperBound(byte[] start)
    {
        byte[] bound = new byte[start.Length + 2];
        bound[0] = (byte)'[';
        start.CopyTo(bound, 1);
        bound[^1] = 0xFF;
        return bound;
    }
}
