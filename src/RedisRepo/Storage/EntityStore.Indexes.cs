using RedisRepo.Scripts;
using StackExchange.Redis;

namespace RedisRepo.Storage;

/// <summary>
/// Index reads and repair. Every read re-checks each entity against the index it came through
/// (its current values must still place it there), so a reader never sees an entity through an
/// index it no longer matches, even one corrupted by hand; entries that fail the check are
/// removed by <see cref="StoreScripts.Repair"/>, which re-checks atomically first.
/// </summary>
public sealed partial class EntityStore<T>
{
    /// <summary>Live entities whose equality index <paramref name="index"/> holds <paramref name="value"/> (two round trips).</summary>
    /// <param name="index">The index name.</param>
    /// <param name="value">The value, as <see cref="IndexValues"/> encodes it.</param>
    /// <param name="operation">The repository operation, for error messages.</param>
    /// <param name="cancellationToken">Stops waiting for replies.</param>
    public async Task<IReadOnlyList<T>> FindByAsync(string index, string value, string operation, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        IDatabase database = _context.GetDatabase();
        string suffix = IndexKeys.Equality(index, value);
        RedisKey indexKey = _metaPrefix + suffix;
        double now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        RedisValue[] ids = await WithCancellation(
            database.SortedSetRangeByScoreAsync(indexKey, now, double.PositiveInfinity),
            cancellationToken).ConfigureAwait(false);

        var keys = new RedisKey[ids.Length];
        for (int i = 0; i < ids.Length; i++)
        {
            keys[i] = _entityPrefix + (string)ids[i]!;
        }

        RedisValue[] payloads = await WithCancellation(GetChunkedAsync(database, keys), cancellationToken).ConfigureAwait(false);
        var found = new List<T>(payloads.Length);
        var stale = new List<Task>();
        for (int i = 0; i < payloads.Length; i++)
        {
            T? entity = payloads[i].IsNull ? null : Decode(payloads[i], keys[i], operation);
            if (entity is not null && EntriesOf(entity, operation, 'e', index).HasEquality(suffix))
            {
                found.Add(entity);
            }
            else
            {
                stale.Add(RepairAsync(database, indexKey, 'e', (string)ids[i]!, suffix, RedisValue.EmptyString));
            }
        }

        await Task.WhenAll(stale).ConfigureAwait(false);
        return found;
    }

    /// <summary>How many live entities the equality index holds for <paramref name="value"/> (one round trip; trusts the index).</summary>
    public async Task<long> CountByAsync(string index, string value, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        RedisKey indexKey = _metaPrefix + IndexKeys.Equality(index, value);
        RedisResult count = await WithCancellation(StoreScripts.Count.EvaluateAsync(_context.GetDatabase(), [indexKey], []), cancellationToken).ConfigureAwait(false);
        return (long)count;
    }

    /// <summary>The live entity holding <paramref name="value"/> in the unique index <paramref name="index"/>, or null (two round trips).</summary>
    public async Task<T?> GetByUniqueAsync(string index, string value, string operation, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        IDatabase database = _context.GetDatabase();
        string suffix = IndexKeys.Unique(index);
        RedisKey indexKey = _metaPrefix + suffix;
        RedisValue holder = await WithCancellation(database.HashGetAsync(indexKey, value), cancellationToken).ConfigureAwait(false);
        if (holder.IsNull)
        {
            return null;
        }

        RedisKey key = _entityPrefix + (string)holder!;
        RedisValue payload = await WithCancellation(StartGet(database, key, (string)holder!), cancellationToken).ConfigureAwait(false);
        T? entity = payload.IsNull ? null : Decode(payload, key, operation);
        if (entity is not null && EntriesOf(entity, operation, 'u', index).HasUnique(suffix, value))
        {
            return entity;
        }

        await RepairAsync(database, indexKey, 'u', (string)holder!, suffix, value).ConfigureAwait(false);
        return null;
    }

    /// <summary>
    /// Live entities whose range index value lies between the order keys <paramref name="min"/> and
    /// <paramref name="max"/>, inclusive, in order: one round trip.
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
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        ArgumentOutOfRangeException.ThrowIfNegative(take);
        cancellationToken.ThrowIfCancellationRequested();
        if (take == 0 || string.CompareOrdinal(min, max) > 0)
        {
            return [];
        }

        IDatabase database = _context.GetDatabase();
        string suffix = IndexKeys.Range(index);
        RedisKey indexKey = _metaPrefix + suffix;
        RedisResult page = await WithCancellation(
            StoreScripts.RangePage.EvaluateAsync(database, [indexKey, _allIds], [LowerBound(min), UpperBound(max), descending ? "1" : "0", min.Length, skip, take, _entityPrefix]),
            cancellationToken).ConfigureAwait(false);

        var items = (RedisResult[])page!;
        var found = new List<T>(items.Length / 2);
        var stale = new List<Task>();
        for (int i = 0; i + 1 < items.Length; i += 2)
        {
            string member = (string)items[i]!;
            string orderKey = member[..min.Length];
            string id = member[min.Length..];
            RedisKey key = _entityPrefix + id;
            T entity = Decode((RedisValue)items[i + 1], key, operation);
            if (EntriesOf(entity, operation, 'r', index).HasRange(suffix, orderKey))
            {
                found.Add(entity);
            }
            else
            {
                stale.Add(RepairAsync(database, indexKey, 'r', id, suffix, member));
            }
        }

        await Task.WhenAll(stale).ConfigureAwait(false);
        return found;
    }

    /// <summary>How many live entities lie in the range, inclusive (one round trip).</summary>
    public async Task<long> CountInRangeAsync(string index, string min, string max, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (string.CompareOrdinal(min, max) > 0)
        {
            return 0;
        }

        RedisKey indexKey = _metaPrefix + IndexKeys.Range(index);
        RedisResult count = await WithCancellation(
            StoreScripts.RangeCount.EvaluateAsync(_context.GetDatabase(), [indexKey, _allIds], [LowerBound(min), UpperBound(max), "0", min.Length]),
            cancellationToken).ConfigureAwait(false);
        return (long)count;
    }

    /// <summary>
    /// Rebuilds every index of the model from its entities: drops the model's index keys (its
    /// "all ids" set, records, and equality, unique and range keys), then
    /// re-saves each entity (keeping its remaining time to live), <paramref name="batchSize"/>
    /// keys at a time, so no single command is large. Both passes walk the keyspace with SCAN.
    /// Readers may see incomplete index answers while it runs.
    /// </summary>
    /// <exception cref="RedisRepoBatchException">Two entities hold the same unique value (each failure is a <see cref="RedisRepoUniqueConstraintException"/>).</exception>
    public async Task RebuildIndexesAsync(int batchSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        IDatabase database = _context.GetDatabase();
        IServer server = PrimaryServer();

        // Only this model's own key families: another model's index keys may start with the same
        // meta prefix (finance:position# and finance:position#<Desk>:lot:<Id>#).
        await database.KeyDeleteAsync([_allIds, _records]).ConfigureAwait(false);
        string[] indexKeyPatterns = IndexKeys.Families.Select(family => KeyLayout.Escape(_metaPrefix + family) + "*").ToArray();
        await ScanInBatchesAsync(server, indexKeyPatterns, batchSize, batch => database.KeyDeleteAsync([.. batch]), cancellationToken).ConfigureAwait(false);

        string[] entityKeyPattern = [KeyLayout.EntityKeyPattern(_context.KeyPrefix, _model.KeyTemplate)];
        await ScanInBatchesAsync(server, entityKeyPattern, batchSize, batch => ReindexAsync(database, batch), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Walks the keys matching each pattern with SCAN and hands them on <paramref name="batchSize"/> at a time.</summary>
    private async Task ScanInBatchesAsync(IServer server, string[] patterns, int batchSize, Func<List<RedisKey>, Task> handle, CancellationToken cancellationToken)
    {
        var batch = new List<RedisKey>(batchSize);
        foreach (string pattern in patterns)
        {
            await foreach (RedisKey key in server.KeysAsync(_context.DatabaseNumber, pattern, batchSize).WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                batch.Add(key);
                if (batch.Count == batchSize)
                {
                    await handle(batch).ConfigureAwait(false);
                    batch.Clear();
                }
            }
        }

        if (batch.Count > 0)
        {
            await handle(batch).ConfigureAwait(false);
        }
    }

    /// <summary>Re-saves a batch of entities as stored (payload, version and remaining time to live) through the batch script.</summary>
    private async Task ReindexAsync(IDatabase database, List<RedisKey> keys)
    {
        Task<RedisValue[]> payloads = database.StringGetAsync([.. keys]);
        Task<TimeSpan?>[] ttls = keys.Select(k => database.KeyTimeToLiveAsync(k)).ToArray();
        RedisValue[] values = await payloads.ConfigureAwait(false);
        var saves = new List<WriteOperation>(keys.Count);
        for (int i = 0; i < keys.Count; i++)
        {
            TimeSpan? ttl = await ttls[i].ConfigureAwait(false);
            if (values[i].IsNull)
            {
                continue; // expired or deleted meanwhile
            }

            string keyId = ((string)keys[i]!)[_entityPrefix.Length..];
            T entity = Decode(values[i], keys[i], "RebuildIndexesAsync");
            if (_model.GetKeyId(entity, "RebuildIndexesAsync") != keyId)
            {
                continue; // the key matches the template's pattern but is not where this entity belongs
            }

            saves.Add(PrepareSave(entity, "RebuildIndexesAsync") with
            {
                Payload = values[i],
                TimeToLive = ttl is { } remaining ? ToMilliseconds(remaining) : 0,
                VersionProperty = "",
                OnApplied = null,
            });
        }

        await BatchWriter.ExecuteAsync(database, saves, atomic: false, _model.Name + ".RebuildIndexesAsync", CancellationToken.None).ConfigureAwait(false);
    }

    private IServer PrimaryServer() =>
        _context.Connection.GetServers().FirstOrDefault(s => s.IsConnected && !s.IsReplica)
        ?? throw new InvalidOperationException($"{_model.Name}.RebuildIndexesAsync: no connected primary server to scan.");

    private Task RepairAsync(IDatabaseAsync database, RedisKey indexKey, char kind, string id, string suffix, RedisValue valueOrMember) =>
        StoreScripts.Repair.EvaluateAsync(database, [indexKey, _records], [kind.ToString(), id, EntityKey(id).ToString(), suffix, valueOrMember]);

    private static RedisValue LowerBound(string min) => "[" + min;

    /// <summary>Past every member that starts with <paramref name="max"/>: order key + id, where an id never holds byte 0xFF.</summary>
    private static RedisValue UpperBound(string max)
    {
        byte[] bound = new byte[max.Length + 2];
        bound[0] = (byte)'[';
        System.Text.Encoding.ASCII.GetBytes(max, bound.AsSpan(1));
        bound[^1] = 0xFF;
        return bound;
    }
}
