using System.Runtime.CompilerServices;
using RedisRepo.Codecs;
using RedisRepo.Diagnostics;
using RedisRepo.Scripts;
using StackExchange.Redis;
using static RedisRepo.Storage.Waiting;

namespace RedisRepo.Storage;

/// <summary>
/// Reads by key and over "all ids". Liveness is decided by the server's clock (the scripts read
/// TIME); every payload is checked to be a map of this model whose key parts name the key it was
/// read from, so foreign data is a <see cref="RedisRepoSerializationException"/>, never an entity.
/// </summary>
public sealed partial class EntityStore<T>
{
    private const int ReadChunkSize = 1000;

    /// <summary>Reads the entity with this key id, or null when it does not exist or has expired.</summary>
    public async Task<T?> GetAsync(string keyId, CancellationToken cancellationToken)
    {
        using Observation? observation = Observe("GetAsync", keyId);
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            RedisKey key = EntityKey(keyId);
            RedisValue payload = await WithCancellation(StartGet(Database(), key, keyId, "GetAsync"), cancellationToken).ConfigureAwait(false);
            return payload.IsNull ? null : Decode(payload, keyId, "GetAsync");
        }
        catch (Exception e) when (Observation.Failed(observation, e))
        {
            throw;
        }
    }

    /// <summary>Reads several entities in input order, with null where one is missing.</summary>
    public async Task<IReadOnlyList<T?>> GetManyAsync(IReadOnlyList<string> keyIds, CancellationToken cancellationToken)
    {
        using Observation? observation = Observe("GetManyAsync");
        try
        {
            ArgumentNullException.ThrowIfNull(keyIds);
            cancellationToken.ThrowIfCancellationRequested();
            string[] ids = [.. keyIds];
            IDatabase database = Database();
            if (_model.Ttl is { Sliding: true, TimeToLive: TimeSpan timeToLive })
            {
                // touch.lua checked every key's type: its nils are entities that do not exist.
                RedisValue[] touched = await WithCancellation(GetAndTouchChunkedAsync(database, ids, ToMilliseconds(timeToLive)), cancellationToken).ConfigureAwait(false);
                return await DecodeAllAsync(database, ids, touched, keepMissing: true, "GetManyAsync", nilsAreMissing: true).ConfigureAwait(false);
            }

            RedisValue[] payloads = await WithCancellation(GetPayloadsAsync(database, ids), cancellationToken).ConfigureAwait(false);
            return await WithCancellation(DecodeAllAsync(database, ids, payloads, keepMissing: true, "GetManyAsync"), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (Observation.Failed(observation, e))
        {
            throw;
        }
    }

    /// <summary>Whether an entity with this key id exists (and has not expired).</summary>
    public async Task<bool> ExistsAsync(string keyId, CancellationToken cancellationToken)
    {
        using Observation? observation = Observe("ExistsAsync", keyId);
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            return await WithCancellation(Database().KeyExistsAsync(EntityKey(keyId)), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (Observation.Failed(observation, e))
        {
            throw;
        }
    }

    /// <summary>The number of live entities, by the server's clock (every bucket at once).</summary>
    public async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        using Observation? observation = Observe("CountAsync");
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            IDatabase database = Database();
            long[] counts = await WithCancellation(FanOutAsync("CountAsync", b => CountLiveScript.RunAsync(database, b.AllIds, _model.Name, "CountAsync")), cancellationToken).ConfigureAwait(false);
            return counts.Sum();
        }
        catch (Exception e) when (Observation.Failed(observation, e))
        {
            throw;
        }
    }

    /// <summary>
    /// Every live entity: one read of the "all ids" index, then the entities in pipelined chunks.
    /// An entity deleted or expired between the two is left out.
    /// </summary>
    public async Task<IReadOnlyList<T>> GetAllAsync(CancellationToken cancellationToken)
    {
        using Observation? observation = Observe("GetAllAsync");
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            IDatabase database = Database();
            string[][] ids = await WithCancellation(FanOutAsync("GetAllAsync", b => LiveIdsScript.RunAsync(database, b.AllIds, _model.Name, "GetAllAsync")), cancellationToken).ConfigureAwait(false);
            return await WithCancellation(ReadByBucketAsync(database, _buckets.Select((b, i) => (b, ids[i])).ToArray(), "GetAllAsync"), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (Observation.Failed(observation, e))
        {
            throw;
        }
    }

    /// <summary>
    /// Streams every live entity, about one round trip per page (the next page's ids are read
    /// while the current page's entities are). Like SCAN, an entity present for the whole scan is
    /// returned at least once; one added or removed meanwhile may or may not be.
    /// </summary>
    public async IAsyncEnumerable<T> ScanAsync(int pageSize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        IDatabase database = Database();
        Task<(string Cursor, string[] Ids)> Page(int bucket, string cursor) => ScanIdsScript.RunAsync(database, _buckets[bucket].AllIds, cursor, pageSize, _model.Name, "ScanAsync");
        int bucket = 0;
        Task<(string Cursor, string[] Ids)> next = Page(0, "0");
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            IReadOnlyList<T> page;
            bool last;
            using (Observation? observation = Observe("ScanAsync")) // one per page: a page is a round trip
            {
                try
                {
                    (string cursor, string[] ids) = await WithCancellation(next, cancellationToken).ConfigureAwait(false);
                    bool bucketDone = cursor == "0";
                    last = bucketDone && bucket == _buckets.Length - 1;
                    if (!last)
                    {
                        next = bucketDone ? Page(++bucket, "0") : Page(bucket, cursor); // read ahead while this page's entities are read
                    }

                    page = await WithCancellation(ReadAsync(database, ids, "ScanAsync"), cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (Observation.Failed(observation, e))
                {
                    throw;
                }
            }

            foreach (T entity in page)
            {
                yield return entity;
            }

            if (last)
            {
                yield break;
            }
        }
    }

    /// <summary>The entity's remaining time to live; null when it is persistent or does not exist.</summary>
    public async Task<TimeSpan?> GetTimeToLiveAsync(string keyId, CancellationToken cancellationToken)
    {
        using Observation? observation = Observe("GetTimeToLiveAsync", keyId);
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            return await WithCancellation(Database().KeyTimeToLiveAsync(EntityKey(keyId)), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (Observation.Failed(observation, e))
        {
            throw;
        }
    }

    /// <summary>Re-arms the model's fixed time to live on the entity; false when it does not exist.</summary>
    public async Task<bool> TouchAsync(string keyId, CancellationToken cancellationToken)
    {
        using Observation? observation = Observe("TouchAsync", keyId);
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            TimeSpan timeToLive = _model.Ttl.TimeToLive
                ?? throw new InvalidOperationException($"{_model.Name}.TouchAsync: the model has no fixed time to live to re-arm.");
            RedisValue[] touched = await WithCancellation(
                TouchScript.RunAsync(Database(), BucketOf(keyId).AllIds, [EntityKey(keyId)], [keyId], ToMilliseconds(timeToLive), read: false, _model.Name, "TouchAsync"),
                cancellationToken).ConfigureAwait(false);
            return !touched[0].IsNull;
        }
        catch (Exception e) when (Observation.Failed(observation, e))
        {
            throw;
        }
    }

    /// <summary>The live entities with these ids, in order; ids whose entity is gone by now are left out.</summary>
    private async Task<IReadOnlyList<T>> ReadAsync(IDatabase database, string[] ids, string operation)
    {
        if (_buckets.Length == 1)
        {
            return await ReadByBucketAsync(database, [(_buckets[0], ids)], operation).ConfigureAwait(false);
        }

        RedisValue[] payloads = await GetPayloadsAsync(database, ids).ConfigureAwait(false);
        return (IReadOnlyList<T>)await DecodeAllAsync(database, ids, payloads, keepMissing: false, operation).ConfigureAwait(false);
    }

    /// <summary>
    /// The live entities with these ids, bucket by bucket and in order within each (each bucket's
    /// ids all belong to it); ids whose entity is gone by now are left out. Every MGET (1,000 keys,
    /// one slot) is sent at once and each is decoded as it arrives, with no payload array of the
    /// whole read (a large read would put it on the large object heap). Unreadable keys of every
    /// chunk still make one exception.
    /// </summary>
    private async Task<IReadOnlyList<T>> ReadByBucketAsync(IDatabase database, IReadOnlyList<(Bucket Bucket, string[] Ids)> idsByBucket, string operation)
    {
        var chunks = new List<(string[] Ids, int Start, Task<RedisValue[]> Answer)>();
        int total = 0;
        foreach ((Bucket bucket, string[] ids) in idsByBucket)
        {
            total += ids.Length;
            for (int start = 0; start < ids.Length; start += ReadChunkSize)
            {
                var keys = new RedisKey[Math.Min(ReadChunkSize, ids.Length - start)];
                for (int i = 0; i < keys.Length; i++)
                {
                    keys[i] = bucket.EntityKey(ids[start + i]);
                }

                chunks.Add((ids, start, ClusterRetry.RunAsync(() => database.StringGetAsync(keys))));
            }
        }

        var entities = new List<T>(total);
        List<RedisRepoSerializationException>? failures = null;
        foreach ((string[] ids, int start, Task<RedisValue[]> answer) in chunks)
        {
            RedisValue[] payloads = await answer.ConfigureAwait(false);
            try
            {
                entities.AddRange((IReadOnlyList<T>)await DecodeAllAsync(database, ids, payloads, keepMissing: false, operation, offset: start).ConfigureAwait(false));
            }
            catch (RedisRepoSerializationException e) when (e.Failures.Count > 0)
            {
                (failures ??= []).AddRange(e.Failures);
                entities.AddRange(e.Readable.Cast<T>());
            }
        }

        return failures is null ? entities : throw new RedisRepoSerializationException(_model.Name, operation, failures, entities.Cast<object>().ToArray());
    }

    /// <summary>
    /// Decodes bulk-read payloads. MGET answers nil for a key of another Redis type, so each nil is
    /// told apart from a missing entity by its TYPE (one more round trip, only when there are nils).
    /// Every unreadable key is collected into one <see cref="RedisRepoSerializationException"/>.
    /// Payload i belongs to <c>ids[offset + i]</c> (a chunk of a larger read).
    /// </summary>
    private async Task<IReadOnlyList<T?>> DecodeAllAsync(IDatabase database, string[] ids, RedisValue[] payloads, bool keepMissing, string operation, bool nilsAreMissing = false, int offset = 0)
    {
        Dictionary<int, Task<RedisType>>? types = null;
        for (int i = 0; i < payloads.Length && !nilsAreMissing; i++)
        {
            if (payloads[i].IsNull)
            {
                (types ??= [])[i] = database.KeyTypeAsync(EntityKey(ids[offset + i]));
            }
        }

        var entities = new List<T?>(payloads.Length);
        List<RedisRepoSerializationException>? failures = null;
        for (int i = 0; i < payloads.Length; i++)
        {
            try
            {
                if (!payloads[i].IsNull)
                {
                    entities.Add(Decode(payloads[i], ids[offset + i], operation));
                }
                else if (!nilsAreMissing && await types![i].ConfigureAwait(false) is var type and not RedisType.None and not RedisType.String)
                {
                    throw WrongType(EntityKey(ids[offset + i]), type, operation);
                }
                else if (keepMissing)
                {
                    entities.Add(null);
                }
            }
            catch (RedisRepoSerializationException e)
            {
                (failures ??= []).Add(e);
            }
        }

        if (failures is not null)
        {
            throw new RedisRepoSerializationException(_model.Name, operation, failures, entities.Where(e => e is not null).Cast<object>().ToArray());
        }

        return entities;
    }

    private Task<RedisValue> StartGet(IDatabaseAsync database, RedisKey key, string keyId, string operation)
    {
        if (_model.Ttl is { Sliding: true, TimeToLive: TimeSpan timeToLive })
        {
            return FirstAsync(TouchScript.RunAsync(database, BucketOf(keyId).AllIds, [key], [keyId], ToMilliseconds(timeToLive), read: true, _model.Name, operation));
        }

        return GetStringAsync(database, key, operation);

        static async Task<RedisValue> FirstAsync(Task<RedisValue[]> values) => (await values.ConfigureAwait(false))[0];
    }

    /// <summary>GET, with a key of another Redis type reported as foreign data.</summary>
    private Task<RedisValue> GetStringAsync(IDatabaseAsync database, RedisKey key, string operation) =>
        ReadKeyAsync(database, key, "string", operation, key, static (db, k) => db.StringGetAsync(k));

    /// <summary>
    /// One read command on <paramref name="key"/>: TRYAGAIN and CLUSTERDOWN (the command did not
    /// run) send it again with the bounded backoff, and WRONGTYPE is foreign data naming the key and
    /// the <paramref name="expected"/> type RedisRepo keeps there. The first attempt allocates no
    /// closure (<paramref name="read"/> is static, its arguments come as <paramref name="state"/>):
    /// this is the path of every GET and index read.
    /// </summary>
    private async Task<TResult> ReadKeyAsync<TState, TResult>(IDatabaseAsync database, RedisKey key, string expected, string operation, TState state, Func<IDatabaseAsync, TState, Task<TResult>> read)
    {
        try
        {
            try
            {
                return await read(database, state).ConfigureAwait(false);
            }
            catch (RedisServerException e) when (ClusterRetry.IsNotRun(e))
            {
                return await RetryReadAsync(database, state, read).ConfigureAwait(false); // a read: safe to send again
            }
        }
        catch (RedisServerException e) when (e.Message.StartsWith("WRONGTYPE", StringComparison.Ordinal))
        {
            throw WrongType(key, await database.KeyTypeAsync(key).ConfigureAwait(false), operation, expected);
        }
    }

    /// <summary>The read again, with the bounded retry; a method of its own, so the first attempt builds no closure.</summary>
    private static Task<TResult> RetryReadAsync<TState, TResult>(IDatabaseAsync database, TState state, Func<IDatabaseAsync, TState, Task<TResult>> read) =>
        ClusterRetry.RunAsync(() => read(database, state));

    /// <summary>Foreign data: <paramref name="key"/> holds another Redis type than the <paramref name="expected"/> one RedisRepo keeps there.</summary>
    private RedisRepoSerializationException WrongType(RedisKey key, RedisType type, string operation, string expected = "string") =>
        new(_model.Name, key.ToString(), operation, $"the key holds a Redis {type.ToString().ToLowerInvariant()}, where RedisRepo keeps a {expected}");

    /// <summary>Sliding reads: touch.lua per bucket, in chunks, all sent before any reply is awaited.</summary>
    private Task<RedisValue[]> GetAndTouchChunkedAsync(IDatabaseAsync database, string[] ids, long timeToLive) =>
        PerBucketAsync(ids, BatchWriter.ChunkSize, (bucket, chunk) => TouchScript.RunAsync(database, bucket.AllIds, Keys(bucket, chunk), chunk, timeToLive, read: true, _model.Name, "GetManyAsync"));

    /// <summary>The payloads of these ids, in order: MGET per bucket in chunks, all sent before any reply is awaited (one round trip of latency).</summary>
    private Task<RedisValue[]> GetPayloadsAsync(IDatabaseAsync database, string[] ids) =>
        PerBucketAsync(ids, ReadChunkSize, ReadPayloads(database));

    /// <summary>One chunk's payloads: MGET of ids of one bucket (their keys built in it), with the bounded retry of refusals.</summary>
    private static Func<Bucket, string[], Task<RedisValue[]>> ReadPayloads(IDatabaseAsync database) =>
        (bucket, chunk) => ClusterRetry.RunAsync(() => database.StringGetAsync(Keys(bucket, chunk)));

    /// <summary>
    /// Runs <paramref name="read"/> on chunks of ids that share a bucket (one slot: a multi-key
    /// command cannot cross slots on a cluster), all at once, and puts the answers back in input order.
    /// </summary>
    private async Task<RedisValue[]> PerBucketAsync(string[] ids, int chunkSize, Func<Bucket, string[], Task<RedisValue[]>> read)
    {
        if (ids.Length == 0)
        {
            return [];
        }

        if (_buckets.Length == 1)
        {
            return await ChunkedAsync(_buckets[0], ids, chunkSize, read).ConfigureAwait(false);
        }

        var results = new RedisValue[ids.Length];
        var positions = new List<int>?[_buckets.Length];
        for (int i = 0; i < ids.Length; i++)
        {
            (positions[BucketOf(ids[i]).Number] ??= []).Add(i);
        }

        var reads = new List<(List<int> Positions, Task<RedisValue[]> Answer)>();
        foreach (Bucket bucket in _buckets)
        {
            List<int>? all = positions[bucket.Number];
            for (int start = 0; all is not null && start < all.Count; start += chunkSize)
            {
                List<int> chunk = all.GetRange(start, Math.Min(chunkSize, all.Count - start));
                reads.Add((chunk, read(bucket, chunk.Select(p => ids[p]).ToArray())));
            }
        }

        await Task.WhenAll(reads.Select(r => r.Answer)).ConfigureAwait(false); // every answer observed, even when one fails
        foreach ((List<int> chunk, Task<RedisValue[]> answer) in reads)
        {
            RedisValue[] values = answer.Result;
            for (int i = 0; i < chunk.Count; i++)
            {
                results[chunk[i]] = values[i];
            }
        }

        return results;
    }

    /// <summary>
    /// Runs <paramref name="read"/> on chunks of ids that all sit in <paramref name="bucket"/>, all
    /// at once: chunks are plain slices of the ids, and answers go back in place.
    /// </summary>
    private static Task<RedisValue[]> ChunkedAsync(Bucket bucket, string[] ids, int chunkSize, Func<Bucket, string[], Task<RedisValue[]>> read) =>
        ids.Length <= chunkSize ? read(bucket, ids) : ChunksAsync(bucket, ids, chunkSize, read); // one chunk: its answer is the result

    private static async Task<RedisValue[]> ChunksAsync(Bucket bucket, string[] ids, int chunkSize, Func<Bucket, string[], Task<RedisValue[]>> read)
    {
        var answers = new Task<RedisValue[]>[(ids.Length + chunkSize - 1) / chunkSize];
        for (int c = 0; c < answers.Length; c++)
        {
            answers[c] = read(bucket, ids.AsSpan(c * chunkSize, Math.Min(chunkSize, ids.Length - (c * chunkSize))).ToArray());
        }

        await Task.WhenAll(answers).ConfigureAwait(false); // every answer observed, even when one fails
        var results = new RedisValue[ids.Length];
        for (int c = 0; c < answers.Length; c++)
        {
            answers[c].Result.CopyTo(results, c * chunkSize);
        }

        return results;
    }

    private static RedisKey[] Keys(Bucket bucket, string[] ids)
    {
        var keys = new RedisKey[ids.Length];
        for (int i = 0; i < ids.Length; i++)
        {
            keys[i] = bucket.EntityKey(ids[i]);
        }

        return keys;
    }

    /// <summary>
    /// The entity stored at the key of <paramref name="keyId"/> (named only in errors, so a bulk read
    /// builds no key string per entity), which must be a map of this model whose key
    /// parts name that same key: a payload copied from another key, or a map of something else
    /// (<c>{}</c> decodes to empty key parts), is foreign data.
    /// </summary>
    private T Decode(RedisValue payload, string keyId, string operation)
    {
        T entity;
        try
        {
            entity = PayloadCodec.Deserialize(_model.Formatter, (ReadOnlyMemory<byte>)payload);
        }
        catch (Exception e)
        {
            throw new RedisRepoSerializationException(_model.Name, EntityKey(keyId).ToString(), operation, e);
        }

        string storedId;
        try
        {
            storedId = _model.GetKeyId(entity, operation);
        }
        catch (ArgumentException e)
        {
            throw new RedisRepoSerializationException(_model.Name, EntityKey(keyId).ToString(), operation, $"its key parts are not valid, so it is not a {_model.Name} written by RedisRepo: {e.Message}", e);
        }

        if (storedId != keyId)
        {
            throw new RedisRepoSerializationException(_model.Name, EntityKey(keyId).ToString(), operation, $"its key parts name the key '{EntityKey(storedId)}': it was copied from there, or written by something else");
        }

        return entity;
    }
}
