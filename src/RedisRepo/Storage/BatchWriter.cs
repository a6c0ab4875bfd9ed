using RedisRepo.Scripts;
using StackExchange.Redis;

namespace RedisRepo.Storage;

/// <summary>
/// Sends write operations through the <c>batch</c> script: every chunk is sent before any reply
/// is awaited, so any number of operations costs one round trip of latency, while no single
/// script call holds more than <see cref="ChunkSize"/> operations (Redis is never blocked for
/// long and no reply is huge). All-or-nothing batches go in one call.
/// </summary>
internal static class BatchWriter
{
    /// <summary>Operations per script call when each operation stands on its own.</summary>
    public const int ChunkSize = 256;

    /// <summary>Sends the operations; returns how many deleted entities existed.</summary>
    /// <exception cref="RedisRepoBatchException">Some operations failed (each-on-its-own mode); the others were applied.</exception>
    /// <exception cref="RedisRepoUniqueConstraintException">All or nothing: a unique conflict; nothing was written.</exception>
    /// <exception cref="RedisRepoConcurrencyException">All or nothing: a version mismatch; nothing was written.</exception>
    public static Task<long> ExecuteAsync(IDatabaseAsync database, IReadOnlyList<WriteOperation> operations, bool atomic, string operation, CancellationToken cancellationToken) =>
        ExecuteAsync(database, operations.Count, i => operations[i], atomic, operation, cancellationToken);

    /// <summary>
    /// Sends <paramref name="count"/> operations, creating each chunk's operations just before the
    /// chunk is sent; no chunk waits for a reply, so all of them cost one round trip of latency
    /// while the server starts on the first chunk as the client prepares the next.
    /// </summary>
    public static async Task<long> ExecuteAsync(IDatabaseAsync database, int count, Func<int, WriteOperation> operationAt, bool atomic, string operation, CancellationToken cancellationToken)
    {
        if (count == 0)
        {
            return 0;
        }

        int chunkSize = atomic ? count : ChunkSize;
        var operations = new WriteOperation[count];
        var replies = new Task<RedisResult>[(count + chunkSize - 1) / chunkSize];
        for (int c = 0; c < replies.Length; c++)
        {
            cancellationToken.ThrowIfCancellationRequested(); // between chunks: nothing after this point is sent
            int start = c * chunkSize;
            int length = Math.Min(chunkSize, count - start);
            for (int i = start; i < start + length; i++)
            {
                operations[i] = operationAt(i);
            }

            (RedisKey[] keys, RedisValue[] values) = Build(operations, start, length, atomic);
            replies[c] = StoreScripts.Batch.EvaluateAsync(database, keys, values);
        }

        RedisResult[] results = cancellationToken.CanBeCanceled
            ? await Task.WhenAll(replies).WaitAsync(cancellationToken).ConfigureAwait(false)
            : await Task.WhenAll(replies).ConfigureAwait(false);

        long deleted = 0;
        var failures = new List<RedisRepoException>();
        var failed = new HashSet<int>();
        for (int chunk = 0; chunk < results.Length; chunk++)
        {
            var reply = (RedisResult[])results[chunk]!;
            deleted += (long)reply[1];
            for (int i = 2; i + 4 < reply.Length; i += 5)
            {
                int index = (chunk * chunkSize) + (int)reply[i] - 1;
                failed.Add(index);
                failures.Add(operations[index].Failure((string)reply[i + 1]!, (string)reply[i + 2]!, (string)reply[i + 3]!, (string)reply[i + 4]!));
            }
        }

        if (atomic && failures.Count > 0)
        {
            throw failures[0];
        }

        for (int i = 0; i < operations.Length; i++)
        {
            if (!failed.Contains(i))
            {
                operations[i].OnApplied?.Invoke();
            }
        }

        if (failures.Count > 0)
        {
            throw new RedisRepoBatchException(operation, failures, operations.Length);
        }

        return deleted;
    }

    private static (RedisKey[] Keys, RedisValue[] Values) Build(IReadOnlyList<WriteOperation> operations, int start, int count, bool atomic)
    {
        var keys = new RedisKey[count * 3];
        var values = new RedisValue[1 + (count * StoreScripts.BatchArgsPerOperation)];
        values[0] = atomic ? "1" : "0";
        for (int i = 0; i < count; i++)
        {
            WriteOperation op = operations[start + i];
            keys[(i * 3) + 0] = op.EntityKey;
            keys[(i * 3) + 1] = op.AllIds;
            keys[(i * 3) + 2] = op.Records;
            int a = 1 + (i * StoreScripts.BatchArgsPerOperation);
            values[a + 0] = op.IsDelete ? "d" : "s";
            values[a + 1] = op.MetaPrefix;
            values[a + 2] = op.EntityPrefix;
            values[a + 3] = op.KeyId;
            values[a + 4] = op.Payload;
            values[a + 5] = op.TimeToLive;
            values[a + 6] = op.Record;
            values[a + 7] = op.VersionProperty;
            values[a + 8] = op.ExpectedVersion;
        }

        return (keys, values);
    }
}
