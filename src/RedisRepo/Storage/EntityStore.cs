using System.Globalization;
using RedisRepo.Codecs;
using RedisRepo.Diagnostics;
using RedisRepo.Scripts;
using StackExchange.Redis;
using static RedisRepo.Storage.Waiting;

namespace RedisRepo.Storage;

/// <summary>
/// The storage engine behind a generated repository: entity, "all ids" index, per-entity record
/// and one key per index, written by Lua scripts that check everything before their first write
/// (atomic, one round trip) and read with plain commands. Generated repositories turn typed key
/// parameters into key ids and delegate here.
/// </summary>
/// <typeparam name="T">The model type.</typeparam>
/// <remarks>
/// StackExchange.Redis commands take no <see cref="CancellationToken"/>: a cancelled token stops
/// an operation before it is sent and stops waiting for its reply, but a command already sent
/// still completes on the server.
/// </remarks>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public sealed partial class EntityStore<T>
    where T : class
{
    private readonly RedisRepoContext _context;
    private readonly RedisModel<T> _model;
    private readonly Bucket[] _buckets;
    private readonly List<(string Kind, string Index)> _declared;
    private readonly Dictionary<(string Kind, string Index), int> _slotNumbers = [];
    private bool _layoutChecked;

    /// <summary>Creates the store for one model.</summary>
    /// <param name="context">The shared connection and key settings.</param>
    /// <param name="model">The generated model description.</param>
    public EntityStore(RedisRepoContext context, RedisModel<T> model)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(model);
        _context = context;
        _model = model;
        _declared = DeclaredIndexes();
        for (int i = 0; i < _declared.Count; i++)
        {
            _slotNumbers[_declared[i]] = i + 1;
        }

        string entityPrefix = context.KeyPrefix + model.KeyPrefix;
        string metaPrefix = context.KeyPrefix + model.MetaPrefix;
        _buckets = model.Shards == 0
            ? [new Bucket(0, entityPrefix, metaPrefix, _declared, globalUniques: false)]
            : Enumerable.Range(0, model.Shards)
                .Select(b => "{" + Buckets.Tag(b, model.Shards) + "}:")
                .Select((tag, b) => new Bucket(b, entityPrefix + tag, metaPrefix + tag, _declared, globalUniques: true))
                .ToArray();
        _claims = model.Shards > 0 && _declared.Any(d => d.Kind == ScriptProtocol.SlotUnique)
            ? new UniqueClaimLayout(
                model.Name,
                (index, value) => UniqueBucket(value).Slots[_slotNumbers[(ScriptProtocol.SlotUnique, index)] - 1].Key,
                holder => (BucketOf(holder).Records, EntityKey(holder)),
                index => index,
                context.UniqueClaimLease)
            : null;
    }

    /// <summary>Where a sharded model's unique claims live; null when uniques are checked inside the write (not sharded, or no unique index).</summary>
    private readonly UniqueClaimLayout? _claims;

    /// <summary>The bucket holding the claims of a unique value: the value's own for a sharded model.</summary>
    private Bucket UniqueBucket(string value) => _buckets.Length == 1 ? _buckets[0] : _buckets[Buckets.Of(value, _buckets.Length)];

    /// <summary>The Redis key of the entity with this key id (in its bucket, for a sharded model).</summary>
    /// <param name="keyId">The key id, see <see cref="RedisModel{T}.GetKeyId"/>.</param>
    public RedisKey EntityKey(string keyId) => BucketOf(keyId).EntityKey(keyId);

    /// <summary>The bucket that holds the entity with this key id (the only one, for a model that is not sharded).</summary>
    private Bucket BucketOf(string keyId) => _buckets.Length == 1 ? _buckets[0] : _buckets[Buckets.Of(keyId, _buckets.Length)];

    /// <summary>
    /// The database, once the model's layout is known to fit the server: on Redis Cluster a model
    /// that is not sharded works only when all its keys share one hash tag. Checked once, before
    /// the first command, so no script ever meets CROSSSLOT.
    /// </summary>
    private IDatabase Database()
    {
        if (!_layoutChecked)
        {
            if (_model.Shards > 0 && KeyLayout.HashTag(_context.KeyPrefix) is { } prefixTag)
            {
                throw new RedisRepoException(
                    $"{_model.Name}: it is spread over {_model.Shards} buckets, but the key prefix '{_context.KeyPrefix}' gives every key the hash tag '{prefixTag}', which would put every bucket on one slot. Remove the braces from RedisRepoOptions.KeyPrefix.");
            }

            string? tag = KeyLayout.HashTag(_buckets[0].EntityPrefix);
            if (_model.Shards == 0 && _context.IsCluster && (tag is null || tag != KeyLayout.HashTag(_buckets[0].MetaPrefix)))
            {
                throw new RedisRepoException(
                    $"{_model.Name}: the connection is to a Redis Cluster, where a model's keys must hash to one slot per write, and the keys of '{_model.KeyTemplate}' do not. " +
                    $"Spread the model over buckets with [RedisKey(\"{_model.KeyTemplate}\", Shards = 16)] (see docs/cluster.md), or give every key of it one hash tag through RedisRepoOptions.KeyPrefix (e.g. \"{{app}}:\"), which puts the whole model on one slot.");
            }

            _layoutChecked = true;
        }

        return _context.GetDatabase();
    }

    /// <summary>Inserts or replaces an entity with all its index entries, atomically, in one round trip.</summary>
    /// <exception cref="RedisRepoUniqueConstraintException">A unique value is held by another entity; nothing was written.</exception>
    /// <exception cref="RedisRepoConcurrencyException">The stored [Version] is not the entity's; nothing was written.</exception>
    /// <exception cref="RedisRepoSerializationException">A key of the model holds foreign or corrupt data; nothing was written.</exception>
    public Task SaveAsync(T entity, CancellationToken cancellationToken)
    {
        if (Telemetry.IsObserved)
        {
            return ObservedSaveAsync(entity, cancellationToken);
        }

        cancellationToken.ThrowIfCancellationRequested();
        return BatchWriter.ExecuteOneAsync(Database(), PrepareSave(entity, "SaveAsync"), _context, cancellationToken);
    }

    private async Task ObservedSaveAsync(T entity, CancellationToken cancellationToken)
    {
        using Observation? observation = Observe("SaveAsync");
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            WriteOperation save = PrepareSave(entity, "SaveAsync");
            observation?.Route(save.AllIds);
            await BatchWriter.ExecuteOneAsync(Database(), save, _context, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (Observation.Failed(observation, e))
        {
            throw;
        }
    }

    /// <summary>
    /// Saves every entity: all are validated before anything is sent (bad input writes nothing),
    /// then encoded and sent in chunks of <see cref="BatchWriter.ChunkSize"/> per script
    /// call, every chunk before any reply is awaited: one round trip for any number. Each save
    /// is atomic on its own, and saves apply in input order (a repeated id keeps its last value).
    /// </summary>
    /// <exception cref="RedisRepoBatchException">Some saves failed (unique conflict, version mismatch, foreign data) and wrote nothing; the others were applied.</exception>
    public async Task SaveManyAsync(IEnumerable<T> entities, CancellationToken cancellationToken)
    {
        using Observation? observation = Observe("SaveManyAsync");
        try
        {
            ArgumentNullException.ThrowIfNull(entities);
            var saves = new List<ValidatedSave>();
            foreach (T entity in entities)
            {
                cancellationToken.ThrowIfCancellationRequested();
                saves.Add(Validate(entity, "SaveManyAsync"));
            }

            Telemetry.TagBatchSize(saves.Count);

            // Every save is validated before anything is sent; each chunk is encoded just before it
            // is sent, so the server starts on the first chunk while the client encodes the next.
            await BatchWriter.ExecuteAsync(Database(), saves.Count, i => Encode(saves[i], "SaveManyAsync"), atomic: false, _model.Name + ".SaveManyAsync", _context, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (Observation.Failed(observation, e))
        {
            throw;
        }
    }

    /// <summary>Queues a save in a unit of work; validates and encodes the entity now.</summary>
    /// <param name="batch">The batch, from the same <see cref="RedisRepoContext"/>.</param>
    /// <param name="entity">The entity to save.</param>
    public void Save(RedisBatch batch, T entity)
    {
        ArgumentNullException.ThrowIfNull(batch);
        Database(); // the layout check
        batch.Add(PrepareSave(entity, "Save"), _context);
    }

    /// <summary>Queues a delete in a unit of work.</summary>
    /// <param name="batch">The batch, from the same <see cref="RedisRepoContext"/>.</param>
    /// <param name="keyId">The key id.</param>
    public void Delete(RedisBatch batch, string keyId)
    {
        ArgumentNullException.ThrowIfNull(batch);
        Database(); // the layout check
        batch.Add(PrepareDelete(keyId, "Delete"), _context);
    }

    /// <summary>Deletes the entity and its index entries, atomically; true when it existed.</summary>
    /// <exception cref="RedisRepoSerializationException">A key of the model holds foreign or corrupt data; nothing was deleted.</exception>
    public async Task<bool> DeleteAsync(string keyId, CancellationToken cancellationToken)
    {
        using Observation? observation = Observe("DeleteAsync", keyId);
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            return await BatchWriter.ExecuteOneAsync(Database(), PrepareDelete(keyId, "DeleteAsync"), _context, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (Observation.Failed(observation, e))
        {
            throw;
        }
    }

    /// <summary>
    /// Deletes several entities in chunks per script call, all sent before any reply is awaited;
    /// each delete is atomic. Returns how many existed.
    /// </summary>
    public async Task<long> DeleteManyAsync(IEnumerable<string> keyIds, CancellationToken cancellationToken)
    {
        using Observation? observation = Observe("DeleteManyAsync");
        try
        {
            ArgumentNullException.ThrowIfNull(keyIds);
            var deletes = new List<WriteOperation>();
            foreach (string keyId in keyIds)
            {
                deletes.Add(PrepareDelete(keyId, "DeleteManyAsync"));
            }

            Telemetry.TagBatchSize(deletes.Count);
            return await BatchWriter.ExecuteAsync(Database(), deletes, atomic: false, _model.Name + ".DeleteManyAsync", _context, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (Observation.Failed(observation, e))
        {
            throw;
        }
    }

    /// <summary>
    /// Starts observing a repository operation (null when nothing listens). A key id names the
    /// bucket, so the server, it goes to; without one, a model that is not sharded still has one.
    /// </summary>
    private Observation? Observe(string operation, string? keyId = null) =>
        Telemetry.IsObserved ? Observation.Start(_context, _model.Name, operation, keyId is null ? RouteKey(null) : RouteKey(BucketOf(keyId))) : null;

    private RedisKey? RouteKey(Bucket? bucket) => (bucket ?? (_buckets.Length == 1 ? _buckets[0] : null))?.AllIds;

    /// <summary>
    /// Runs one leg per bucket, all at once; on a sharded model each leg is an activity of its own
    /// (child of the operation's, named with its bucket and server) when one is sampled.
    /// </summary>
    private Task<TResult[]> FanOutAsync<TResult>(string operation, Func<Bucket, Task<TResult>> leg) =>
        Task.WhenAll(_buckets.Length > 1 && Telemetry.IsTracing
            ? _buckets.Select(b => ObserveLegAsync(operation, b, leg))
            : _buckets.Select(leg));

    private async Task<TResult> ObserveLegAsync<TResult>(string operation, Bucket bucket, Func<Bucket, Task<TResult>> leg)
    {
        using Observation? observation = Observation.Start(_context, _model.Name, operation, bucket.AllIds, bucket.Number);
        try
        {
            return await leg(bucket).ConfigureAwait(false);
        }
        catch (Exception e) when (Observation.Failed(observation, e))
        {
            throw;
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
        return new ValidatedSave(entity, keyId, _declared.Count > 0 ? EntriesOf(entity, operation) : null);
    }

    /// <summary>Encodes a validated save: payload, index entries, expiry and version.</summary>
    private WriteOperation Encode(ValidatedSave save, string operation)
    {
        T entity = save.Entity;
        long timeToLive = _model.GetTimeToLive(entity) is TimeSpan ttl ? ToMilliseconds(ttl) : 0;

        // A versioned entity is stored with its next version; the object itself moves to it only
        // once the save is acknowledged.
        bool versioned = _model.VersionProperty is not null;
        long expected = versioned ? _model.GetVersion(entity) : 0;
        long next = versioned ? NextVersion(expected, save.KeyId, operation) : 0;
        byte[] payload;
        if (!versioned)
        {
            payload = PayloadCodec.Serialize(_model.Formatter, entity);
        }
        else
        {
            _model.SetVersion(entity, next);
            try
            {
                payload = PayloadCodec.Serialize(_model.Formatter, entity);
            }
            finally
            {
                _model.SetVersion(entity, expected);
            }
        }

        string token = _claims is null ? "" : Guid.NewGuid().ToString("N");
        return new WriteOperation(BucketOf(save.KeyId), _model.Name, operation, save.KeyId, isDelete: false, _claims)
        {
            Payload = payload,
            TimeToLive = timeToLive,
            Entries = save.Entries is null ? [] : Members(save.Entries, save.KeyId, token),
            Claims = _claims is null || save.Entries is null || timeToLive < 0
                ? []
                : save.Entries.Items.Where(e => e.Kind == ScriptProtocol.SlotUnique).Select(e => (e.Index, e.Value)).ToArray(),
            ClaimToken = token,
            IndexEntries = save.Entries,
            ExpectedVersion = versioned ? Text(expected) : "",
            NextVersion = versioned ? Text(next) : "",
            OnApplied = versioned ? MovesToVersion(entity, next) : null,
        };
    }

    /// <summary>Moves the entity to the version it was stored with once the save is acknowledged (a method of its own, so an unversioned save allocates no closure).</summary>
    private Action MovesToVersion(T entity, long next) => () => _model.SetVersion(entity, next);

    private long NextVersion(long version, string keyId, string operation) =>
        version == long.MaxValue
            ? throw new InvalidOperationException($"{_model.Name}.{operation}: '{EntityKey(keyId)}' is at version {version}, the largest a [Version] long can hold; it cannot be saved again.")
            : version + 1;

    /// <summary>A save that passed <see cref="Validate"/>: what encoding it needs.</summary>
    private readonly record struct ValidatedSave(T Entity, string KeyId, IndexEntries? Entries);

    private WriteOperation PrepareDelete(string keyId, string operation) =>
        new(BucketOf(keyId), _model.Name, operation, keyId, isDelete: true, _claims);

    /// <summary>
    /// The entity's index entries as the members the index keys hold (slot number, member); a
    /// sharded model's unique entry is the record's <c>token:value</c> (its claim lives elsewhere).
    /// </summary>
    private (int Slot, RedisValue Member)[] Members(IndexEntries entries, string keyId, string claimToken = "")
    {
        var members = new (int, RedisValue)[entries.Items.Count];
        for (int i = 0; i < members.Length; i++)
        {
            IndexEntries.Entry entry = entries.Items[i];
            RedisValue member = entry.Kind switch
            {
                Scripts.ScriptProtocol.SlotEquality => IndexKeys.EqualityMember(entry.Value, keyId),
                Scripts.ScriptProtocol.SlotRange => IndexKeys.RangeMember(entry.Value, keyId),
                _ when _claims is not null => UniqueClaimLayout.Member(claimToken, entry.Value),
                _ => entry.Value,
            };
            members[i] = (_slotNumbers[(entry.Kind, entry.Index)], member);
        }

        return members;
    }

    private IndexEntries EntriesOf(T entity, string operation)
    {
        var entries = new IndexEntries(_declared.Count);
        Collect(entity, entries, operation);
        return entries;
    }

    /// <summary>Has the generated code state the entity's index entries into <paramref name="entries"/>.</summary>
    private void Collect(T entity, IndexEntries entries, string operation)
    {
        try
        {
            _model.WriteIndexEntries(entity, entries);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"{_model.Name}.{operation}: an index value of the entity cannot be indexed: {e.Message}", "entity", e);
        }
    }

    /// <summary>The model's indexes, in declaration order.</summary>
    private List<(string Kind, string Index)> DeclaredIndexes()
    {
        try
        {
            return IndexEntries.Declared(_model);
        }
        catch (NullReferenceException e)
        {
            throw new InvalidOperationException($"{_model.Name}: its WriteIndexEntries reads the entity before asking which index is wanted; regenerate the repository with this version of RedisRepo.", e);
        }
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Whole milliseconds, rounded up so a positive TTL never becomes 0; -1 when already expired.</summary>
    private static long ToMilliseconds(TimeSpan timeToLive) =>
        timeToLive <= TimeSpan.Zero ? -1 : (long)Math.Ceiling(timeToLive.TotalMilliseconds);
}
