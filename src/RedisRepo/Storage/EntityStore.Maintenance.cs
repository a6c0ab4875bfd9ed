using System.Security.Cryptography;
using System.Text;
using RedisRepo.Diagnostics;
using RedisRepo.Scripts;
using StackExchange.Redis;
using static RedisRepo.Storage.Waiting;

namespace RedisRepo.Storage;

/// <summary>
/// Maintenance: the expiry sweep and the index rebuild. Both work in short script calls that each
/// re-check what they change atomically, so concurrent writers are never reverted and a stop at
/// any point (exception, cancellation, a killed process) leaves every entity indexed.
/// </summary>
public sealed partial class EntityStore<T>
{
    private const string Rebuild = "RebuildIndexesAsync";

    /// <summary>
    /// Removes the ids and index entries of expired entities, <paramref name="batchSize"/> ids per
    /// script call, until none is left; returns how many it removed. Readers never see expired
    /// entities anyway: this keeps the index keys from growing. An id whose entity still exists
    /// (its expiry was changed by other means) is re-scored instead.
    /// </summary>
    /// <param name="batchSize">How many expired ids one script call handles at most.</param>
    /// <param name="cancellationToken">Stops between batches.</param>
    public async Task<long> SweepExpiredAsync(int batchSize, CancellationToken cancellationToken)
    {
        using Observation? observation = Observe("SweepExpiredAsync");
        try
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
            IDatabase database = Database();
            long[] removed = await FanOutAsync("SweepExpiredAsync", b => SweepAsync(database, b, batchSize, cancellationToken)).ConfigureAwait(false);
            return removed.Sum();
        }
        catch (Exception e) when (Observation.Failed(observation, e))
        {
            throw;
        }
    }

    /// <summary>Sweeps one bucket, on the primary that owns it.</summary>
    private async Task<long> SweepAsync(IDatabase database, Bucket bucket, int batchSize, CancellationToken cancellationToken)
    {
        long removed = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string[] expired = await WithCancellation(ExpiredIdsScript.RunAsync(database, bucket.AllIds, batchSize, _model.Name, "SweepExpiredAsync"), cancellationToken).ConfigureAwait(false);
            if (expired.Length == 0)
            {
                return removed;
            }

            (long purged, _) = await WithCancellation(
                PurgeScript.RunAsync(database, bucket.AllIds, bucket.Records, bucket.Slots, expired, bucket.EntityKey, expiredOnly: true, _model.Name, "SweepExpiredAsync"),
                cancellationToken).ConfigureAwait(false);
            removed += purged;
            Telemetry.ExpiredIdsSwept.Add(purged, new KeyValuePair<string, object?>(Telemetry.Model, _model.Name));
            if (expired.Length < batchSize)
            {
                return removed;
            }
        }
    }

    /// <summary>
    /// Brings every index of the model in line with its stored entities, without ever deleting an
    /// index first and without writing any payload:
    /// <list type="number">
    /// <item><description>every entity key (SCAN on every primary) is read and re-indexed atomically, unless its payload changed meanwhile (its writer indexed it);</description></item>
    /// <item><description>ids and records without an entity are purged, re-checked atomically;</description></item>
    /// <item><description>index entries no record lists are removed, re-checked atomically.</description></item>
    /// </list>
    /// Unreadable or foreign values and unique conflicts are skipped and reported.
    /// </summary>
    public async Task<IndexRebuildResult> RebuildIndexesAsync(int batchSize, CancellationToken cancellationToken)
    {
        using Observation? observation = Observe("RebuildIndexesAsync");
        try
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
            IDatabase database = Database();
            var skipped = new List<IndexRebuildSkip>();
            long reindexed = 0, changed = 0, orphans = 0;
            var rangeWidths = new Dictionary<string, int>(StringComparer.Ordinal);

            string entityPattern = KeyLayout.EntityKeyPattern(_context.KeyPrefix, _model.KeyTemplate);
            foreach (IServer server in Primaries())
            {
                await foreach (List<RedisKey> batch in ScanAsync(server, entityPattern, batchSize, cancellationToken).ConfigureAwait(false))
                {
                    (long done, long moved) = await ReindexAsync(database, batch, skipped, rangeWidths).ConfigureAwait(false);
                    reindexed += done;
                    changed += moved;
                }
            }

            foreach (Bucket bucket in _buckets)
            {
                orphans += await PurgeOrphansAsync(database, bucket, batchSize, cancellationToken).ConfigureAwait(false);
                foreach (IndexSlot slot in bucket.Slots)
                {
                    orphans += slot.Kind == ScriptProtocol.SlotGlobalUnique
                        ? await ReleaseOrphanClaimsAsync(database, slot, batchSize, cancellationToken).ConfigureAwait(false)
                        : await RemoveOrphanEntriesAsync(database, bucket, slot, batchSize, rangeWidths, cancellationToken).ConfigureAwait(false);
                }
            }

            foreach (IndexRebuildSkip skip in skipped)
            {
                Log.RebuildSkippedEntity(_context.Logger, _model.Name, skip.Key, skip.Reason);
            }

            return new IndexRebuildResult(_model.Name, reindexed, changed, orphans, skipped);
        }
        catch (Exception e) when (Observation.Failed(observation, e))
        {
            throw;
        }
    }

    /// <summary>Re-indexes a batch of entity keys from their payloads; collects what it cannot index.</summary>
    private async Task<(long Reindexed, long Changed)> ReindexAsync(IDatabase database, List<RedisKey> scanned, List<IndexRebuildSkip> skipped, Dictionary<string, int> rangeWidths)
    {
        long reindexed = 0, changed = 0;
        foreach (var group in scanned.Select(k => (Key: k, Id: KeyIdOf(k))).Where(k => k.Id.Bucket is not null).GroupBy(k => k.Id.Bucket!))
        {
            (long done, long moved) = await ReindexAsync(database, group.Key, group.Select(k => (k.Key, k.Id.KeyId)).ToList(), skipped, rangeWidths).ConfigureAwait(false);
            reindexed += done;
            changed += moved;
        }

        return (reindexed, changed);
    }

    /// <summary>The bucket and key id of a key the entity pattern matched; no bucket when it is not one of this model's entity keys.</summary>
    private (Bucket? Bucket, string KeyId) KeyIdOf(RedisKey key)
    {
        string text = (string)key!;
        foreach (Bucket bucket in _buckets)
        {
            if (text.StartsWith(bucket.EntityPrefix, StringComparison.Ordinal) && BucketOf(text[bucket.EntityPrefix.Length..]) == bucket)
            {
                return (bucket, text[bucket.EntityPrefix.Length..]);
            }
        }

        return (null, "");
    }

    /// <summary>Re-indexes entity keys of one bucket from their payloads; collects what it cannot index.</summary>
    private async Task<(long Reindexed, long Changed)> ReindexAsync(IDatabase database, Bucket bucket, List<(RedisKey Key, string KeyId)> found, List<IndexRebuildSkip> skipped, Dictionary<string, int> rangeWidths)
    {
        List<RedisKey> keys = found.Select(f => f.Key).ToList();
        RedisValue[] payloads = await ClusterRetry.RunAsync(() => database.StringGetAsync([.. keys])).ConfigureAwait(false);
        var entities = new List<ReindexScript.Entity>(keys.Count);
        for (int i = 0; i < keys.Count; i++)
        {
            string key = (string)keys[i]!;
            string keyId = found[i].KeyId;
            if (payloads[i].IsNull)
            {
                RedisType type = await database.KeyTypeAsync(keys[i]).ConfigureAwait(false);
                if (type is not RedisType.None and not RedisType.String)
                {
                    skipped.Add(new IndexRebuildSkip(_model.Name, key, $"the key holds a Redis {type.ToString().ToLowerInvariant()}, not a {_model.Name}"));
                }

                continue; // expired or deleted meanwhile
            }

            T entity;
            IndexEntries entries;
            try
            {
                entity = Decode(payloads[i], keyId, Rebuild);
                entries = EntriesOf(entity, Rebuild);
            }
            catch (Exception e) when (e is RedisRepoSerializationException or ArgumentException)
            {
                skipped.Add(new IndexRebuildSkip(_model.Name, key, e is RedisRepoSerializationException s ? s.Reason : e.Message));
                continue;
            }

            foreach (IndexEntries.Entry entry in entries.Items)
            {
                if (entry.Kind == ScriptProtocol.SlotRange)
                {
                    rangeWidths[entry.Index] = entry.Value.Length;
                }
            }

            string version = _model.VersionProperty is null ? "" : Text(_model.GetVersion(entity));
            string sha1 = Convert.ToHexStringLower(SHA1.HashData((byte[])payloads[i]!));
            entities.Add(new ReindexScript.Entity(keyId, keys[i], sha1, version, Members(entries, keyId)));  // a global unique entry is ':' + value: the record keeps its token
        }

        if (entities.Count == 0)
        {
            return (0, 0);
        }

        (long reindexed, long changed, var conflicts, var globals) = await ReindexScript.RunAsync(database, bucket.AllIds, bucket.Records, bucket.Slots, entities, _model.Name, Rebuild).ConfigureAwait(false);
        foreach ((string keyId, string slot, string member) in globals)
        {
            if (await EnsureClaimAsync(database, keyId, slot[IndexKeys.UniqueFamily.Length..], member).ConfigureAwait(false) is string other)
            {
                skipped.Add(new IndexRebuildSkip(_model.Name, EntityKey(keyId).ToString(), $"its {slot} value '{UniqueClaimLayout.Parse(member).Value}' is claimed by the {_model.Name} with key id '{other}' too; resolve the duplicate by hand"));
            }
        }

        foreach ((string keyId, ScriptFailure failure) in conflicts)
        {
            string reason = failure.Code == ScriptProtocol.FailUniqueConflict
                ? $"its {failure.First} value '{failure.Second}' is held by the {_model.Name} with key id '{failure.Third}'"
                : failure.ToDataException(_model.Name, Rebuild).Message;
            skipped.Add(new IndexRebuildSkip(_model.Name, EntityKey(keyId).ToString(), reason));
        }

        return (reindexed, changed);
    }

    /// <summary>
    /// Makes the claim of a sharded model's unique value name the entity whose record lists it,
    /// with the record's token: a claim lost with a failed-over primary is restored. Returns the
    /// other holder when another live entity holds the value too, else null.
    /// </summary>
    private async Task<string?> EnsureClaimAsync(IDatabase database, string keyId, string index, string member)
    {
        (string token, string value) = UniqueClaimLayout.Parse(member);
        RedisKey claims = _claims!.ClaimsKey(index, value);
        for (int attempt = 0; attempt < 3; attempt++)
        {
            (string outcome, string holder, string claim) = await ClaimScript.RunAsync(database, claims, value, keyId, token, _claims.LeaseMilliseconds, null, _model.Name, Rebuild).ConfigureAwait(false);
            if (outcome == ScriptProtocol.ClaimTaken || (outcome == ScriptProtocol.ClaimRenewed && holder == token))
            {
                return null;
            }

            if (outcome == ScriptProtocol.ClaimRenewed)
            {
                outcome = (await ClaimScript.RunAsync(database, claims, value, keyId, token, _claims.LeaseMilliseconds, claim, _model.Name, Rebuild).ConfigureAwait(false)).Outcome;
            }
            else if (outcome == ScriptProtocol.ClaimCheck)
            {
                (RedisKey records, RedisKey entity) = _claims.HolderKeys(holder);
                if (await ClaimCheckScript.RunAsync(database, records, entity, holder, IndexKeys.UniqueFamily + index, UniqueClaimLayout.Member(claim.Split('|')[1], value), _model.Name, Rebuild).ConfigureAwait(false))
                {
                    return holder;
                }

                outcome = (await ClaimScript.RunAsync(database, claims, value, keyId, token, _claims.LeaseMilliseconds, claim, _model.Name, Rebuild).ConfigureAwait(false)).Outcome;
            }
            else
            {
                return holder; // another holder's lease still runs
            }

            if (outcome == ScriptProtocol.ClaimTaken)
            {
                return null;
            }
        }

        return "(a concurrent writer)";
    }

    /// <summary>
    /// Releases the claims of one bucket of a sharded model's unique index whose lease has passed
    /// and whose holder's record does not list them (the holder is gone, or its write never landed).
    /// </summary>
    private async Task<long> ReleaseOrphanClaimsAsync(IDatabase database, IndexSlot slot, int batchSize, CancellationToken cancellationToken)
    {
        DateTime serverTime = await database.Multiplexer.GetServer(slot.Key).TimeAsync().ConfigureAwait(false);
        long now = new DateTimeOffset(DateTime.SpecifyKind(serverTime, DateTimeKind.Utc)).ToUnixTimeMilliseconds();
        long released = 0;
        await foreach (HashEntry entry in database.HashScanAsync(slot.Key, pageSize: batchSize).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            string[] claim = ((string)entry.Value!).Split('|', 3);
            if (claim.Length < 3 || !long.TryParse(claim[0], out long lease) || lease >= now)
            {
                continue;
            }

            (RedisKey records, RedisKey entity) = _claims!.HolderKeys(claim[2]);
            if (!await ClaimCheckScript.RunAsync(database, records, entity, claim[2], slot.Name, UniqueClaimLayout.Member(claim[1], entry.Name!), _model.Name, Rebuild).ConfigureAwait(false))
            {
                released += await ReleaseClaimScript.RunAsync(database, slot.Key, claim[2], [(entry.Name!, claim[1])], _model.Name, Rebuild).ConfigureAwait(false);
            }
        }

        return released;
    }

    /// <summary>Purges ids in "all ids" and records whose entity is gone.</summary>
    private async Task<long> PurgeOrphansAsync(IDatabase database, Bucket bucket, int batchSize, CancellationToken cancellationToken)
    {
        long purged = 0;
        var batch = new List<string>(batchSize);
        async Task FlushAsync()
        {
            purged += (await PurgeScript.RunAsync(database, bucket.AllIds, bucket.Records, bucket.Slots, batch, bucket.EntityKey, expiredOnly: false, _model.Name, Rebuild).ConfigureAwait(false)).Purged;
            batch.Clear();
        }

        await foreach (SortedSetEntry entry in database.SortedSetScanAsync(bucket.AllIds, pageSize: batchSize).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            batch.Add((string)entry.Element!);
            if (batch.Count == batchSize)
            {
                await FlushAsync().ConfigureAwait(false);
            }
        }

        await foreach (HashEntry entry in database.HashScanAsync(bucket.Records, pageSize: batchSize).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            batch.Add((string)entry.Name!);
            if (batch.Count == batchSize)
            {
                await FlushAsync().ConfigureAwait(false);
            }
        }

        if (batch.Count > 0)
        {
            await FlushAsync().ConfigureAwait(false);
        }

        return purged;
    }

    /// <summary>
    /// Removes the entries of one index that no record lists. A range member's id follows an
    /// order key whose width the entities show; with no entity in the index, its entries are left
    /// for readers, which skip and repair them.
    /// </summary>
    private async Task<long> RemoveOrphanEntriesAsync(IDatabase database, Bucket bucket, IndexSlot slot, int batchSize, Dictionary<string, int> rangeWidths, CancellationToken cancellationToken)
    {
        int width = 0;
        if (slot.Kind == ScriptProtocol.SlotRange && !rangeWidths.TryGetValue(slot.Index, out width))
        {
            return 0;
        }

        long removed = 0;
        var batch = new List<(string Id, RedisValue Member)>(batchSize);
        async Task FlushAsync()
        {
            removed += await RepairAsync(database, bucket, slot, batch, bucket.EntityKey, Rebuild).ConfigureAwait(false);
            batch.Clear();
        }

        IAsyncEnumerable<(string Id, RedisValue Member)> entries = slot.Kind == ScriptProtocol.SlotUnique
            ? UniqueEntriesAsync(database, slot, batchSize, cancellationToken)
            : MemberEntriesAsync(database, slot, width, batchSize, cancellationToken);
        await foreach ((string id, RedisValue member) in entries.ConfigureAwait(false))
        {
            batch.Add((id, member));
            if (batch.Count == batchSize)
            {
                await FlushAsync().ConfigureAwait(false);
            }
        }

        if (batch.Count > 0)
        {
            await FlushAsync().ConfigureAwait(false);
        }

        return removed;
    }

    private static async IAsyncEnumerable<(string Id, RedisValue Member)> UniqueEntriesAsync(IDatabase database, IndexSlot slot, int batchSize, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (HashEntry entry in database.HashScanAsync(slot.Key, pageSize: batchSize).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            yield return ((string)entry.Value!, entry.Name);
        }
    }

    private static async IAsyncEnumerable<(string Id, RedisValue Member)> MemberEntriesAsync(IDatabase database, IndexSlot slot, int rangeWidth, int batchSize, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (SortedSetEntry entry in database.SortedSetScanAsync(slot.Key, pageSize: batchSize).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            byte[] member = (byte[])entry.Element!;
            int prefix = slot.Kind == ScriptProtocol.SlotRange ? rangeWidth : EqualityPrefixLength(member);
            if (prefix > 0 && prefix <= member.Length)
            {
                yield return (Encoding.UTF8.GetString(member.AsSpan(prefix)), entry.Element);
            }
        }
    }

    /// <summary>The length of an equality member's prefix (<c>{byte length}:{value}</c>), or 0 when the member has none.</summary>
    private static int EqualityPrefixLength(byte[] member)
    {
        int colon = Array.IndexOf(member, (byte)':');
        return colon > 0 && int.TryParse(Encoding.ASCII.GetString(member, 0, colon), out int length) ? colon + 1 + length : 0;
    }

    /// <summary>Walks the keys matching a pattern with SCAN, <paramref name="batchSize"/> at a time.</summary>
    private async IAsyncEnumerable<List<RedisKey>> ScanAsync(IServer server, string pattern, int batchSize, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var batch = new List<RedisKey>(batchSize);
        await foreach (RedisKey key in server.KeysAsync(_context.DatabaseNumber, pattern, batchSize).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            batch.Add(key);
            if (batch.Count == batchSize)
            {
                yield return batch;
                batch = new List<RedisKey>(batchSize);
            }
        }

        if (batch.Count > 0)
        {
            yield return batch;
        }
    }

    /// <summary>Every connected primary: a rebuild must see every entity, wherever it lives.</summary>
    private List<IServer> Primaries()
    {
        List<IServer> primaries = _context.Connection.GetServers().Where(s => s.IsConnected && !s.IsReplica).ToList();
        return primaries.Count > 0
            ? primaries
            : throw new InvalidOperationException($"{_model.Name}.{Rebuild}: no connected primary server to scan.");
    }
}
