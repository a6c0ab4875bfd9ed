using RedisRepo.Scripts;
using StackExchange.Redis;

namespace RedisRepo.Storage;

/// <summary>
/// Sends write operations through <c>write.lua</c>: every chunk is sent before any reply is
/// awaited, so any number of operations costs one round trip of latency, while no single script
/// call holds more than <see cref="ChunkSize"/> operations (Redis is never blocked for long and no
/// reply is huge). All-or-nothing batches go in one call. Chunks of one call are sent so that
/// they apply in order even when the server loses its script cache meanwhile.
/// </summary>
internal static class BatchWriter
{
    /// <summary>Operations per script call when each operation stands on its own.</summary>
    public const int ChunkSize = 256;

    /// <summary>Sends one operation (SaveAsync, DeleteAsync); returns whether it deleted an entity that existed.</summary>
    /// <exception cref="RedisRepoException">Its failure (unique conflict, version mismatch, foreign or corrupt data); nothing was written.</exception>
    public static async Task<bool> ExecuteOneAsync(IDatabaseAsync database, WriteOperation operation, RedisRepoContext context, CancellationToken cancellationToken)
    {
        if (operation.ClaimLayout is not null)
        {
            return await ExecuteAsync(database, 1, _ => operation, atomic: true, operation.Operation, context, cancellationToken).ConfigureAwait(false) == 1;
        }

        // One operation is all or nothing either way; each-on-its-own mode lets write.lua check the
        // entity key's type with the save's SET itself (one command fewer).
        (RedisKey[] keys, RedisValue[] values) = WriteScript.BuildOne(operation);
        RedisResult result;
        try
        {
            // The first EVALSHA is awaited here, not inside the script's own retry method: one async method fewer per save.
            result = await Waiting.WithCancellation(WriteScript.Script.EvaluateByShaAsync(database, keys, values), cancellationToken).ConfigureAwait(false);
        }
        catch (RedisServerException e) when (RedisScript.IsRefused(e))
        {
            result = await Waiting.WithCancellation(WriteScript.Script.RecoverAsync(database, keys, values, e), cancellationToken).ConfigureAwait(false);
        }

        ArgumentArrays.Shared.Return(keys, values); // answered: the client holds the arrays no longer
        (long deleted, var failures, _) = WriteScript.ParseReply(result);
        if (failures.Count > 0)
        {
            throw WriteScript.ToException(operation, failures[0].Failure);
        }

        if (context.WaitForReplicas > 0)
        {
            await WaitForReplicasAsync(database, [operation], context, operation.Operation).ConfigureAwait(false);
        }

        operation.OnApplied?.Invoke();
        return deleted == 1;
    }

    /// <summary>Sends the operations; returns how many deleted entities existed.</summary>
    /// <exception cref="RedisRepoBatchException">Some operations failed (each-on-its-own mode); the others were applied.</exception>
    /// <exception cref="RedisRepoException">All or nothing: the first failure; nothing was written.</exception>
    public static Task<long> ExecuteAsync(IDatabaseAsync database, IReadOnlyList<WriteOperation> operations, bool atomic, string operation, RedisRepoContext context, CancellationToken cancellationToken) =>
        ExecuteAsync(database, operations.Count, i => operations[i], atomic, operation, context, cancellationToken, mixedModels: true);

    /// <summary>
    /// Sends <paramref name="count"/> operations, creating each chunk's operations just before the
    /// chunk is sent; no chunk waits for a reply, so all of them cost one round trip of latency
    /// while the server starts on the first chunk as the client prepares the next. Operations of a
    /// sharded model with unique indexes claim their values first (one more round trip) and
    /// release the claims their writes dropped afterwards (one more).
    /// </summary>
    public static async Task<long> ExecuteAsync(IDatabaseAsync database, int count, Func<int, WriteOperation> operationAt, bool atomic, string operation, RedisRepoContext context, CancellationToken cancellationToken, bool mixedModels = false)
    {
        if (count == 0)
        {
            return 0;
        }

        var operations = new WriteOperation[count];
        var failures = new SortedDictionary<int, RedisRepoException>();
        Dictionary<(int Operation, string Index, string Value), string> renewed = [];
        int[] sendable = Enumerable.Range(0, count).ToArray();
        // A batch of several models (RedisBatch) claims when any of them needs it; one store's batch
        // (SaveManyAsync) is one model, so its first operation tells.
        WriteOperation first = operations[0] = operationAt(0);
        bool claiming = first.ClaimLayout is not null || (mixedModels && Enumerable.Range(1, count - 1).Any(i => (operations[i] = operationAt(i)).ClaimLayout is not null));
        if (claiming)
        {
            for (int i = 1; i < count; i++)
            {
                operations[i] ??= operationAt(i);
            }

            if (atomic)
            {
                EnsureOneSlot(database, operations); // before any claim is taken
            }

            cancellationToken.ThrowIfCancellationRequested();
            (Dictionary<int, RedisRepoException> claimFailures, renewed) = await UniqueClaims.AcquireAsync(database, operations).ConfigureAwait(false);
            foreach ((int index, RedisRepoException failure) in claimFailures)
            {
                failures[index] = failure;
            }

            for (int i = 0; i < count; i++)
            {
                operations[i] = UniqueClaims.WithRenewedTokens(operations[i], i, renewed);
            }

            if (atomic && failures.Count > 0)
            {
                await UniqueClaims.ReleaseAsync(database, Enumerable.Range(0, count).Where(i => !failures.ContainsKey(i)).SelectMany(i => OwnClaims(operations[i], i, renewed))).ConfigureAwait(false);
                throw failures.First().Value;
            }

            sendable = sendable.Where(i => !failures.ContainsKey(i)).ToArray();
        }

        WriteOperation[] sent = new WriteOperation[sendable.Length];
        Func<int, WriteOperation> sentAt = claiming ? j => operations[sendable[j]] : j => operations[j] ??= operationAt(j);
        List<(int[] Indexes, Task<RedisResult> Reply)> chunks = sendable.Length == 0
            ? []
            : atomic
                ? SendAtomic(database, sendable.Length, sentAt, sent, cancellationToken)
                : SendEachOnItsOwn(database, sendable.Length, sentAt, sent, cancellationToken);

        // If this fails (a cut connection, a timeout), the writes' outcome is unknown: their claims
        // stay until the lease passes, and are held after it only while a record lists them.
        RedisResult[] results = await Waiting.WithCancellation(Task.WhenAll(chunks.Select(c => c.Reply)), cancellationToken).ConfigureAwait(false);

        long deleted = 0;
        var release = new List<(WriteOperation, string, string, string)>();
        for (int chunk = 0; chunk < results.Length; chunk++)
        {
            (long chunkDeleted, var chunkFailures, var dropped) = WriteScript.ParseReply(results[chunk]);
            deleted += chunkDeleted;
            foreach ((int number, ScriptFailure failure) in chunkFailures)
            {
                int index = sendable[chunks[chunk].Indexes[number]];
                failures[index] = WriteScript.ToException(operations[index], failure);
                release.AddRange(OwnClaims(operations[index], index, renewed));
            }

            foreach ((int number, string slot, string member) in dropped)
            {
                release.AddRange(UniqueClaims.NoLongerNeeded(operations[sendable[chunks[chunk].Indexes[number]]], [(slot, member)]));
            }
        }

        if (atomic && failures.Count > 0)
        {
            await UniqueClaims.ReleaseAsync(database, Enumerable.Range(0, count).SelectMany(i => OwnClaims(operations[i], i, renewed))).ConfigureAwait(false);
            throw failures.First().Value;
        }

        if (release.Count > 0)
        {
            await UniqueClaims.ReleaseAsync(database, release).ConfigureAwait(false);
        }

        await WaitForReplicasAsync(database, operations.Where((_, i) => !failures.ContainsKey(i)), context, operation).ConfigureAwait(false);

        for (int i = 0; i < operations.Length; i++)
        {
            if (!failures.ContainsKey(i))
            {
                operations[i].OnApplied?.Invoke();
            }
        }

        if (failures.Count > 0)
        {
            throw new RedisRepoBatchException(operation, failures.Values.ToList(), operations.Length);
        }

        return deleted;
    }

    /// <summary>
    /// With <see cref="RedisRepoContext.WaitForReplicas"/> set: WAIT on every node that took one of
    /// the writes (on the connection that sent them, so it counts exactly them).
    /// </summary>
    /// <exception cref="RedisRepoException">Fewer replicas acknowledged in time: the writes are applied on the primary but may not survive a failover.</exception>
    private static async Task WaitForReplicasAsync(IDatabaseAsync database, IEnumerable<WriteOperation> written, RedisRepoContext context, string operation)
    {
        if (context.WaitForReplicas <= 0)
        {
            return;
        }

        long timeout = (long)Math.Ceiling(context.ReplicaWaitTimeout.TotalMilliseconds);
        var waits = new List<(IServer Server, Task<RedisResult> Acknowledged)>();
        foreach (IServer server in written.Select(o => database.Multiplexer.GetServer(o.EntityKey)).DistinctBy(s => s.EndPoint))
        {
            waits.Add((server, server.ExecuteAsync("WAIT", context.WaitForReplicas, timeout)));
        }

        foreach ((IServer server, Task<RedisResult> acknowledged) in waits)
        {
            long replicas = (long)await acknowledged.ConfigureAwait(false);
            if (replicas < context.WaitForReplicas)
            {
                throw new RedisRepoException(
                    $"{operation}: the write is applied on {server.EndPoint}, but only {replicas} of the {context.WaitForReplicas} replicas asked for (RedisRepoOptions.WaitForReplicas) acknowledged it within {context.ReplicaWaitTimeout.TotalMilliseconds} ms: it may not survive a failover.");
            }
        }
    }

    /// <summary>The claims an operation took for its values (not those its entity already held: a failed write keeps them).</summary>
    private static IEnumerable<(WriteOperation, string, string, string)> OwnClaims(WriteOperation op, int number, Dictionary<(int Operation, string Index, string Value), string> renewed) =>
        op.Claims.Where(c => !renewed.ContainsKey((number, c.Index, c.Value))).Select(c => (op, c.Index, c.Value, op.ClaimToken));

    /// <summary>On a cluster, an all-or-nothing batch is one script, so all its operations must share one slot.</summary>
    private static void EnsureOneSlot(IDatabaseAsync database, WriteOperation[] operations)
    {
        IConnectionMultiplexer connection = database.Multiplexer;
        if (!connection.GetServers().Any(s => s.ServerType == ServerType.Cluster))
        {
            return;
        }

        int slot = connection.HashSlot(operations[0].EntityKey);
        if (operations.FirstOrDefault(o => connection.HashSlot(o.EntityKey) != slot) is { } other)
        {
            throw new RedisRepoException(
                $"{other.Model}.{other.Operation}: an all-or-nothing batch runs as one script, which Redis Cluster allows on one slot only, and '{other.EntityKey}' is on another slot than '{operations[0].EntityKey}'. Nothing was written. " +
                "Keep an atomic batch within one bucket, or use a batch that applies each operation on its own.");
        }
    }

    /// <summary>All operations in one script call; on a cluster they must share one slot.</summary>
    private static List<(int[] Indexes, Task<RedisResult> Reply)> SendAtomic(IDatabaseAsync database, int count, Func<int, WriteOperation> operationAt, WriteOperation[] operations, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        for (int i = 0; i < count; i++)
        {
            operations[i] = operationAt(i);
        }

        EnsureOneSlot(database, operations);
        (RedisKey[] keys, RedisValue[] values) = WriteScript.Build(operations, 0, count, atomic: true);
        return [(Enumerable.Range(0, count).ToArray(), WriteScript.Script.EvaluateAsync(database, keys, values))];
    }

    /// <summary>
    /// Chunks of at most <see cref="ChunkSize"/> operations, on a cluster of one bucket each (its "all
    /// ids" key names it: all of a bucket's keys share one slot), all sent before any reply is
    /// awaited. A full chunk goes as soon as the bucket's next operation shows that more follow; the
    /// chunks of a bucket that gets several form a <see cref="WriteSequence"/>, so they apply in input
    /// order even if the server loses its script cache meanwhile.
    /// </summary>
    private static List<(int[] Indexes, Task<RedisResult> Reply)> SendEachOnItsOwn(IDatabaseAsync database, int count, Func<int, WriteOperation> operationAt, WriteOperation[] operations, CancellationToken cancellationToken)
    {
        var chunks = new List<(int[], Task<RedisResult>)>();
        var pending = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var sequences = new Dictionary<string, (WriteSequence Sequence, List<(int[] Indexes, int Chunk)> Sent)>(StringComparer.Ordinal);

        // A script may touch keys of one slot only on a cluster; a standalone server takes any mix.
        bool cluster = database.Multiplexer.GetServers().Any(s => s.ServerType == ServerType.Cluster);
        void SendInSequence(string bucket, List<int> indexes, bool last)
        {
            WriteOperation[] chunk = indexes.Select(i => operations[i]).ToArray();
            if (!sequences.TryGetValue(bucket, out var sequence))
            {
                // The sequence key sits beside the bucket's "all ids", so in its slot.
                sequences[bucket] = sequence = (new WriteSequence(database, IndexKeys.Sequence((string)chunk[0].AllIds!), chunk[0].Model, chunk[0].Operation), []);
            }

            (RedisKey[] keys, RedisValue[] values) = WriteScript.Build(chunk, 0, chunk.Length, atomic: false, sequence.Sequence.Next(last));
            sequence.Sent.Add((indexes.ToArray(), sequence.Sequence.Send(keys, values)));
        }

        for (int i = 0; i < count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested(); // nothing after this point is sent
            operations[i] = operationAt(i);
            string bucket = cluster ? (string)operations[i].AllIds! : "";
            if (!pending.TryGetValue(bucket, out List<int>? list))
            {
                pending[bucket] = list = new List<int>(ChunkSize);
            }

            if (list.Count == ChunkSize)
            {
                SendInSequence(bucket, list, last: false); // a full chunk, and this operation follows it
                list.Clear();
            }

            list.Add(i);
        }

        foreach ((string bucket, List<int> list) in pending)
        {
            if (sequences.ContainsKey(bucket))
            {
                SendInSequence(bucket, list, last: true);
            }
            else
            {
                // The bucket's only chunk: a lone call, which EVALSHA and then EVAL on NOSCRIPT cannot reorder.
                WriteOperation[] chunk = list.Select(i => operations[i]).ToArray();
                (RedisKey[] keys, RedisValue[] values) = WriteScript.Build(chunk, 0, chunk.Length, atomic: false);
                chunks.Add((list.ToArray(), WriteScript.Script.EvaluateAsync(database, keys, values)));
            }
        }

        foreach ((WriteSequence sequence, List<(int[] Indexes, int Chunk)> sent) in sequences.Values)
        {
            foreach ((int[] indexes, int chunk) in sent)
            {
                chunks.Add((indexes, sequence.ReplyAsync(chunk)));
            }
        }

        return chunks;
    }
}
