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
    public static async Task<bool> ExecuteOneAsync(IDatabaseAsync database, WriteOperation operation, CancellationToken cancellationToken)
    {
        (RedisKey[] keys, RedisValue[] values) = WriteScript.Build([operation], 0, 1, atomic: true);
        Task<RedisResult> sent = WriteScript.Script.EvaluateAsync(database, keys, values);
        RedisResult result = cancellationToken.CanBeCanceled ? await sent.WaitAsync(cancellationToken).ConfigureAwait(false) : await sent.ConfigureAwait(false);
        (long deleted, var failures) = WriteScript.ParseReply(result);
        if (failures.Count > 0)
        {
            throw WriteScript.ToException(operation, failures[0].Failure);
        }

        operation.OnApplied?.Invoke();
        return deleted == 1;
    }

    /// <summary>Sends the operations; returns how many deleted entities existed.</summary>
    /// <exception cref="RedisRepoBatchException">Some operations failed (each-on-its-own mode); the others were applied.</exception>
    /// <exception cref="RedisRepoException">All or nothing, or a single operation: its failure; nothing was written.</exception>
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

            (RedisKey[] keys, RedisValue[] values) = WriteScript.Build(operations, start, length, atomic);

            // One chunk may go by EVALSHA; several must apply in the order sent, so they go by EVAL.
            replies[c] = replies.Length == 1
                ? WriteScript.Script.EvaluateAsync(database, keys, values)
                : WriteScript.Script.EvaluateInOrderAsync(database, keys, values);
        }

        RedisResult[] results = cancellationToken.CanBeCanceled
            ? await Task.WhenAll(replies).WaitAsync(cancellationToken).ConfigureAwait(false)
            : await Task.WhenAll(replies).ConfigureAwait(false);

        long deleted = 0;
        var failures = new List<RedisRepoException>();
        var failed = new HashSet<int>();
        for (int chunk = 0; chunk < results.Length; chunk++)
        {
            (long chunkDeleted, var chunkFailures) = WriteScript.ParseReply(results[chunk]);
            deleted += chunkDeleted;
            foreach ((int number, ScriptFailure failure) in chunkFailures)
            {
                int index = (chunk * chunkSize) + number;
                failed.Add(index);
                failures.Add(WriteScript.ToException(operations[index], failure));
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
}
