using System.Runtime.CompilerServices;
using RedisRepo.Codecs;
using RedisRepo.Scripts;
using StackExchange.Redis;

namespace RedisRepo.Storage;

/// <summary>
/// The storage engine behind a generated repository: entity + "all ids" index, written by Lua
/// scripts (atomic, one round trip) and read with plain commands. Generated repositories turn
/// typed key parameters into key ids and delegate here.
/// </summary>
/// <typeparam name="T">The model type.</typeparam>
/// <remarks>
/// StackExchange.Redis commands take no <see cref="CancellationToken"/>: a cancelled token stops
/// an operation before it is sent and stops waiting for its reply, but a command already sent
/// still completes on the server.
/// </remarks>
public sealed partial class EntityStore<T>
    where T : class
{
    private const int ReadChunkSize = 1000;

    private readonly RedisRepoContext _context;
    private readonly RedisModel<T> _model;
    private readonly string _entityPrefix;
    private readonly string _metaPrefix;
    private readonly RedisKey _allIds;
    private readonly RedisKey _records;

    /// <summary>Creates the store for one model.</summary>
    /// <param name="context">The shared connection and key settings.</param>
    /// <param name="model">The generated model description.</param>
    public EntityStore(RedisRepoContext context, RedisModel<T> model)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(model);
        _context = context;
        _model = model;
        _entityPrefix = context.KeyPrefix + model.KeyPrefix;
        _metaPrefix = context.KeyPrefix + model.MetaPrefix;
        _allIds = _metaPrefix + KeyLayout.AllIdsSuffix;
        _records = _metaPrefix + IndexKeys.Records;
    }

    /// <summary>The model this store serves.</summary>
    public RedisModel<T> Model => _model;

    /// <summary>The Redis key of the entity with this key id.</summary>
    /// <param name="keyId">The key id, see <see cref="RedisModel{T}.GetKeyId"/>.</param>
    public RedisKey EntityKey(string keyId) => _entityPrefix + keyId;

    /// <summary>The Redis key of the model's "all ids" sorted set.</summary>
    public RedisKey AllIdsKey => _allIds;

    /// <summary>Inserts or replaces an entity and records it in the "all ids" index, atomically.</summary>
    /// <exception cref="RedisRepoUniqueConstraintException">A unique value is held by another entity; nothing was written.</exception>
    /// <exception cref="RedisRepoConcurrencyException">The stored [Version] is not the entity's; nothing was written.</exception>
    public async Task SaveAsync(T entity, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        WriteOperation save = PrepareSave(entity, "SaveAsync");
        var result = (RedisResult[])(await WithCancellation(
            StoreScripts.Save.EvaluateAsync(
                _context.GetDatabase(),
                [save.EntityKey, save.AllIds, save.Records],
                [save.Payload, save.KeyId, save.TimeToLive, save.MetaPrefix, save.EntityPrefix, save.Record, save.VersionProperty, save.ExpectedVersion]),
            cancellationToken).ConfigureAwait(false))!;
        switch ((long)result[0])
        {
            case 0:
                throw save.Failure("u", (string)result[1]!, (string)result[2]!, (string)result[3]!);
            case 2:
                throw save.Failure("v", (string)result[1]!, "", "");
        }

        save.OnApplied?.Invoke();
    }

    /// <summary>
    /// Saves every entity: all are validated before anything is sent (bad input writes nothing),
    /// then encoded and sent in chunks of <see cref="BatchWriter.ChunkSize"/> per script
    /// call, every chunk before any reply is awaited: one round trip for any number. Each save
    /// is atomic on its own.
    /// </summary>
    /// <exception cref="RedisRepoBatchException">Some saves failed (unique conflict, version mismatch) and wrote nothing; the others were applied.</exception>
    public async Task SaveManyAsync(IEnumerable<T> entities, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entities);
        var saves = new List<ValidatedSave>();
        foreach (T entity in entities)
        {
            cancellationToken.ThrowIfCancellationRequested();
            saves.Add(Validate(entity, "SaveManyAsync"));
        }

        // Every save is validated before anything is sent; each chunk is encoded just before it
        // is sent, so the server starts on the first chunk while the client encodes the next.
        await BatchWriter.ExecuteAsync(_context.GetDatabase(), saves.Count, i => Encode(saves[i], "SaveManyAsync"), atomic: false, _model.Name + ".SaveManyAsync", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Queues a save in a unit of work; validates and encodes the entity now.</summary>
    /// <param name="batch">The batch, from the same <see cref="RedisRepoContext"/>.</param>
    /// <param name="entity">The entity to save.</param>
    public void Save(RedisBatch batch, T entity)
    {
        ArgumentNullException.ThrowIfNull(batch);
        batch.Add(PrepareSave(entity, "Save"), _context);
    }

    /// <summary>Queues a delete in a unit of work.</summary>
    /// <param name="batch">The batch, from the same <see cref="RedisRepoContext"/>.</param>
    /// <param name="keyId">The key id.</param>
    public void Delete(RedisBatch batch, string keyId)
    {
        ArgumentNullException.ThrowIfNull(batch);
        batch.Add(PrepareDelete(keyId, "Delete"), _context);
    }

    /// <summary>Reads the entity with this key id, or null when it does not exist or has expired.</summary>
    public async Task<T?> GetAsync(string keyId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        RedisKey key = EntityKey(keyId);
        RedisValue payload = await WithCancellation(StartGet(_context.GetDatabase(), key, keyId), cancellationToken).ConfigureAwait(false);
        return payload.IsNull ? null : Decode(payload, key, "GetAsync");
    }

    /// <summary>Reads several entities in input order, with null where one is missing.</summary>
    public async Task<IReadOnlyList<T?>> GetManyAsync(IReadOnlyList<string> keyIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keyIds);
        cancellationToken.ThrowIfCancellationRequested();
        RedisKey[] keys = new RedisKey[keyIds.Count];
        for (int i = 0; i < keys.Length; i++)
        {
            keys[i] = EntityKey(keyIds[i]);
        }

        IDatabase database = _context.GetDatabase();
        RedisValue[] payloads;
        if (_model.Ttl is { Sliding: true, TimeToLive: TimeSpan timeToLive })
        {
            payloads = await WithCancellation(GetAndTouchChunkedAsync(database, keys, keyIds, ToMilliseconds(timeToLive)), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            payloads = await WithCancellation(GetChunkedAsync(database, keys), cancellationToken).ConfigureAwait(false);
        }

        var result = new T?[keys.Length];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = payloads[i].IsNull ? null : Decode(payloads[i], keys[i], "GetManyAsync");
        }

        return result;
    }

    /// <summary>Whether an entity with this key id exists (and has not expired).</summary>
    public Task<bool> ExistsAsync(string keyId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return WithCancellation(_context.GetDatabase().KeyExistsAsync(EntityKey(keyId)), cancellationToken);
    }

    /// <summary>Deletes the entity and its index entries, atomically; true when it existed.</summary>
    public async Task<bool> DeleteAsync(string keyId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        RedisResult removed = await WithCancellation(StartDelete(_context.GetDatabase(), keyId), cancellationToken).ConfigureAwait(false);
        return (long)removed == 1;
    }

    /// <summary>
    /// Deletes several entities in chunks per script call, all sent before any reply is awaited;
    /// each delete is atomic. Returns how many existed.
    /// </summary>
    public Task<long> DeleteManyAsync(IEnumerable<string> keyIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keyIds);
        var deletes = new List<WriteOperation>();
        foreach (string keyId in keyIds)
        {
            deletes.Add(PrepareDelete(keyId, "DeleteManyAsync"));
        }

        return BatchWriter.ExecuteAsync(_context.GetDatabase(), deletes, atomic: false, _model.Name + ".DeleteManyAsync", cancellationToken);
    }

    /// <summary>The number of live entities, by the server's clock.</summary>
    public async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        RedisResult count = await WithCancellation(StoreScripts.Count.EvaluateAsync(_context.GetDatabase(), [_allIds], []), cancellationToken).ConfigureAwait(false);
        return (long)count;
    }

    /// <summary>
    /// Every live entity: one read of the "all ids" index, then the entities in pipelined chunks.
    /// An entity deleted or expired between the two is left out.
    /// </summary>
    public async Task<IReadOnlyList<T>> GetAllAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        IDatabase database = _context.GetDatabase();

        // The client's clock only narrows which ids are fetched; the entity keys' own expiry decides.
        double now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        RedisValue[] ids = await WithCancellation(
            database.SortedSetRangeByScoreAsync(_allIds, now, double.PositiveInfinity),
            cancellationToken).ConfigureAwait(false);

        var keys = new RedisKey[ids.Length];
        for (int i = 0; i < ids.Length; i++)
        {
            keys[i] = _entityPrefix + (string)ids[i]!;
        }

        RedisValue[] payloads = await WithCancellation(GetChunkedAsync(database, keys), cancellationToken).ConfigureAwait(false);
        var result = new List<T>(payloads.Length);
        for (int i = 0; i < payloads.Length; i++)
        {
            if (!payloads[i].IsNull)
            {
                result.Add(Decode(payloads[i], keys[i], "GetAllAsync"));
            }
        }

        return result;
    }

    /// <summary>
    /// Streams every live entity, one round trip per page. Like SCAN, an entity present for the
    /// whole scan is returned at least once; one added or removed meanwhile may or may not be.
    /// </summary>
    public async IAsyncEnumerable<T> ScanAsync(int pageSize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        IDatabase database = _context.GetDatabase();
        string cursor = "0";
        do
        {
            cancellationToken.ThrowIfCancellationRequested();
            RedisResult page = await WithCancellation(
                StoreScripts.ScanPage.EvaluateAsync(database, [_allIds], [cursor, pageSize, _entityPrefix]),
                cancellationToken).ConfigureAwait(false);
            RedisResult[] items = (RedisResult[])page!;
            cursor = (string)items[0]!;
            for (int i = 1; i + 1 < items.Length; i += 2)
            {
                RedisKey key = _entityPrefix + (string)items[i]!;
                yield return Decode((RedisValue)items[i + 1], key, "ScanAsync");
            }
        }
        while (cursor != "0");
    }

    /// <summary>The entity's remaining time to live; null when it is persistent or does not exist.</summary>
    public async Task<TimeSpan?> GetTimeToLiveAsync(string keyId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return await WithCancellation(_context.GetDatabase().KeyTimeToLiveAsync(EntityKey(keyId)), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Re-arms the model's fixed time to live on the entity; false when it does not exist.</summary>
    public async Task<bool> TouchAsync(string keyId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        TimeSpan timeToLive = _model.Ttl.TimeToLive
            ?? throw new InvalidOperationException($"{_model.Name}.TouchAsync: the model has no fixed time to live to re-arm.");
        RedisResult touched = await WithCancellation(
            StoreScripts.Touch.EvaluateAsync(_context.GetDatabase(), [EntityKey(keyId), _allIds, _records], [keyId, ToMilliseconds(timeToLive), _metaPrefix]),
            cancellationToken).ConfigureAwait(false);
        return (long)touched == 1;
    }

    /// <summary>
    /// Removes the ids and index entries of expired entities, <paramref name="batchSize"/> ids per
    /// script call, until none is left; returns how many it removed. Readers never see expired
    /// entities anyway and every save prunes a few: this keeps the index keys from growing on a
    /// model whose writes stopped. Each call is short, so Redis is never blocked for long.
    /// </summary>
    /// <param name="batchSize">How many expired ids one script call handles at most.</param>
    /// <param name="cancellationToken">Stops between batches.</param>
    public async Task<long> SweepExpiredAsync(int batchSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        IDatabase database = _context.GetDatabase();
        long removed = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var result = (RedisResult[])(await WithCancellation(
                StoreScripts.Sweep.EvaluateAsync(database, [_allIds, _records], [_metaPrefix, _entityPrefix, batchSize]),
                cancellationToken).ConfigureAwait(false))!;
            removed += (long)result[0];
            if ((long)result[1] < batchSize)
            {
                return removed;
            }
        }
    }

    private WriteOperation PrepareSave(T entity, string operation) => Encode(Validate(entity, operation), operation);

    /// <summary>The checks a save can fail on (null entity, key parts, index values), done before anything is sent.</summary>
    private ValidatedSave Validate(T entity, string operation)
    {
        if (entity is null)
        {
            throw new ArgumentNullException(nameof(entity), $"{_model.Name}.{operation}: the entity is null.");
        }

        string keyId = _model.GetKeyId(entity, operation);
        return new ValidatedSave(entity, keyId, _model.HasIndexes ? EntriesOf(entity, operation) : null);
    }

    /// <summary>Encodes a validated save: payload, index record, expiry and version.</summary>
    private WriteOperation Encode(ValidatedSave save, string operation)
    {
        T entity = save.Entity;
        long timeToLive = _model.GetTimeToLive(entity) is TimeSpan ttl ? ToMilliseconds(ttl) : 0;
        RedisValue record = save.Entries is null || save.Entries.IsEmpty ? RedisValue.EmptyString : save.Entries.ToRecord(save.KeyId);

        // A versioned entity is stored with its next version; the object itself moves to it only
        // once the save is acknowledged.
        string? versionProperty = _model.VersionProperty;
        long expected = versionProperty is null ? 0 : _model.GetVersion(entity);
        byte[] payload;
        if (versionProperty is null)
        {
            payload = PayloadCodec.Serialize(_model.Formatter, entity);
        }
        else
        {
            _model.SetVersion(entity, expected + 1);
            try
            {
                payload = PayloadCodec.Serialize(_model.Formatter, entity);
            }
            finally
            {
                _model.SetVersion(entity, expected);
            }
        }

        return NewWrite(save.KeyId, operation, isDelete: false, payload, timeToLive, record, versionProperty, expected, save.Entries, versionProperty is null ? null : () => _model.SetVersion(entity, expected + 1));
    }

    /// <summary>A save that passed <see cref="Validate"/>: what encoding it needs.</summary>
    private readonly record struct ValidatedSave(T Entity, string KeyId, IndexEntries? Entries);

    private WriteOperation PrepareDelete(string keyId, string operation) => NewWrite(keyId, operation, isDelete: true);

    private WriteOperation NewWrite(
        string keyId,
        string operation,
        bool isDelete,
        byte[]? payload = null,
        long timeToLive = 0,
        RedisValue record = default,
        string? versionProperty = null,
        long expectedVersion = 0,
        IndexEntries? entries = null,
        Action? onApplied = null) => new()
    {
        IsDelete = isDelete,
        Model = _model.Name,
        Operation = operation,
        EntityKey = EntityKey(keyId),
        AllIds = _allIds,
        Records = _records,
        MetaPrefix = _metaPrefix,
        EntityPrefix = _entityPrefix,
        KeyId = keyId,
        Payload = payload is null ? RedisValue.EmptyString : payload,
        TimeToLive = timeToLive,
        Record = record.IsNull ? RedisValue.EmptyString : record,
        VersionProperty = versionProperty ?? "",
        ExpectedVersion = expectedVersion,
        Entries = entries,
        OnApplied = onApplied,
    };


    private IndexEntries EntriesOf(T entity, string operation, char onlyKind = '\0', string? onlyIndex = null)
    {
        var entries = onlyIndex is null ? new IndexEntries() : new IndexEntries(onlyKind, onlyIndex);
        try
        {
            _model.WriteIndexEntries(entity, entries);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"{_model.Name}.{operation}: an index value of the entity cannot be indexed: {e.Message}", "entity", e);
        }

        return entries;
    }

    private Task<RedisValue> StartGet(IDatabaseAsync database, RedisKey key, string keyId)
    {
        if (_model.Ttl is { Sliding: true, TimeToLive: TimeSpan timeToLive })
        {
            return ToValue(StoreScripts.GetAndTouch.EvaluateAsync(database, [key, _allIds, _records], [keyId, ToMilliseconds(timeToLive), _metaPrefix]));
        }

        return database.StringGetAsync(key);

        static async Task<RedisValue> ToValue(Task<RedisResult> result) => (RedisValue)await result.ConfigureAwait(false);
    }

    private Task<RedisResult> StartDelete(IDatabaseAsync database, string keyId) =>
        StoreScripts.Delete.EvaluateAsync(database, [EntityKey(keyId), _allIds, _records], [keyId, _metaPrefix]);

    /// <summary>Sliding reads in chunks of the get-touch-many script, all sent before any reply is awaited.</summary>
    private async Task<RedisValue[]> GetAndTouchChunkedAsync(IDatabaseAsync database, RedisKey[] keys, IReadOnlyList<string> keyIds, long timeToLive)
    {
        var chunks = new Task<RedisResult>[(keys.Length + BatchWriter.ChunkSize - 1) / BatchWriter.ChunkSize];
        for (int c = 0; c < chunks.Length; c++)
        {
            int start = c * BatchWriter.ChunkSize;
            int count = Math.Min(BatchWriter.ChunkSize, keys.Length - start);
            var chunkKeys = new RedisKey[2 + count];
            var values = new RedisValue[2 + count];
            chunkKeys[0] = _allIds;
            chunkKeys[1] = _records;
            values[0] = timeToLive;
            values[1] = _metaPrefix;
            for (int i = 0; i < count; i++)
            {
                chunkKeys[2 + i] = keys[start + i];
                values[2 + i] = keyIds[start + i];
            }

            chunks[c] = StoreScripts.GetAndTouchMany.EvaluateAsync(database, chunkKeys, values);
        }

        var payloads = new RedisValue[keys.Length];
        for (int c = 0; c < chunks.Length; c++)
        {
            var reply = (RedisResult[])(await chunks[c].ConfigureAwait(false))!;
            for (int i = 0; i < reply.Length; i++)
            {
                payloads[(c * BatchWriter.ChunkSize) + i] = (RedisValue)reply[i];
            }
        }

        return payloads;
    }

    /// <summary>MGET in chunks, all sent before any reply is awaited: one round trip of latency.</summary>
    private static async Task<RedisValue[]> GetChunkedAsync(IDatabaseAsync database, RedisKey[] keys)
    {
        if (keys.Length <= ReadChunkSize)
        {
            return keys.Length == 0 ? [] : await database.StringGetAsync(keys).ConfigureAwait(false);
        }

        var chunks = new Task<RedisValue[]>[(keys.Length + ReadChunkSize - 1) / ReadChunkSize];
        for (int c = 0; c < chunks.Length; c++)
        {
            int start = c * ReadChunkSize;
            chunks[c] = database.StringGetAsync(keys[start..Math.Min(start + ReadChunkSize, keys.Length)]);
        }

        var payloads = new RedisValue[keys.Length];
        for (int c = 0; c < chunks.Length; c++)
        {
            (await chunks[c].ConfigureAwait(false)).CopyTo(payloads, c * ReadChunkSize);
        }

        return payloads;
    }

    private T Decode(RedisValue payload, RedisKey key, string operation)
    {
        try
        {
            return PayloadCodec.Deserialize(_model.Formatter, (ReadOnlyMemory<byte>)payload);
        }
        catch (Exception e)
        {
            throw new RedisRepoSerializationException(_model.Name, key.ToString(), operation, e);
        }
    }

    /// <summary>Whole milliseconds, rounded up so a positive TTL never becomes 0; -1 when already expired.</summary>
    private static long ToMilliseconds(TimeSpan timeToLive) =>
        timeToLive <= TimeSpan.Zero ? -1 : (long)Math.Ceiling(timeToLive.TotalMilliseconds);

    private static Task WithCancellation(Task task, CancellationToken cancellationToken) =>
        cancellationToken.CanBeCanceled ? task.WaitAsync(cancellationToken) : task;

    private static Task<TResult> WithCancellation<TResult>(Task<TResult> task, CancellationToken cancellationToken) =>
        cancellationToken.CanBeCanceled ? task.WaitAsync(cancellationToken) : task;
}
