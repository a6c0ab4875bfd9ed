using RedisRepo.Diagnostics;
using RedisRepo.Storage;

namespace RedisRepo;

/// <summary>
/// A unit of work across repositories: queue saves and deletes with the generated
/// <c>Save(batch, entity)</c> and <c>Delete(batch, key)</c> overloads, then send them all with
/// <see cref="ExecuteAsync"/> in one round trip.
/// <list type="bullet">
/// <item><description>Each on its own (the default): every operation is atomic by itself; one that fails (a unique
/// conflict, a version mismatch) writes nothing and the others are applied, then
/// <see cref="RedisRepoBatchException"/> says which failed.</description></item>
/// <item><description>All or nothing (<c>atomic: true</c>): the whole batch runs as one Lua script; every operation
/// is checked first, seeing the batch's own earlier operations, and if one would fail nothing
/// is written and its exception is thrown. The batch is one script call, so keep it to what
/// one transaction should hold (thousands of entities, not millions).</description></item>
/// </list>
/// Entities are validated and encoded when queued, so bad input throws at <c>Save</c>, before
/// anything is sent. A batch is not thread-safe; after <see cref="ExecuteAsync"/> it is empty
/// and can be reused.
/// </summary>
public sealed class RedisBatch
{
    private readonly List<WriteOperation> _operations = [];

    /// <summary>Creates an empty batch over the context's connection and database.</summary>
    /// <param name="context">The RedisRepo context the repositories use.</param>
    /// <param name="atomic">Whether the batch is all or nothing.</param>
    public RedisBatch(RedisRepoContext context, bool atomic = false)
    {
        ArgumentNullException.ThrowIfNull(context);
        Context = context;
        IsAtomic = atomic;
    }

    /// <summary>The context whose connection and database the batch writes to.</summary>
    public RedisRepoContext Context { get; }

    /// <summary>Whether the batch is all or nothing.</summary>
    public bool IsAtomic { get; }

    /// <summary>How many operations are queued.</summary>
    public int Count => _operations.Count;

    /// <summary>Sends every queued operation in one round trip, then empties the batch.</summary>
    /// <param name="cancellationToken">Stops before sending (each-on-its-own batches also between chunks) and stops waiting for replies.</param>
    /// <exception cref="RedisRepoBatchException">Each on its own: some operations failed; the others were applied.</exception>
    /// <exception cref="RedisRepoUniqueConstraintException">All or nothing: a unique conflict; nothing was written.</exception>
    /// <exception cref="RedisRepoConcurrencyException">All or nothing: a version mismatch; nothing was written.</exception>
    public async Task ExecuteAsync(CancellationToken cancellationToken = default)
    {
        using Observation? observation = Observation.Start(Context, model: null, "RedisBatch.ExecuteAsync");
        try
        {
            WriteOperation[] operations = [.. _operations];
            _operations.Clear();
            Telemetry.TagBatchSize(operations.Length);
            await BatchWriter.ExecuteAsync(Context.GetDatabase(), operations, IsAtomic, "RedisBatch.ExecuteAsync", Context, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (Observation.Failed(observation, e))
        {
            throw;
        }
    }

    internal void Add(WriteOperation operation, RedisRepoContext storeContext)
    {
        if (!ReferenceEquals(storeContext.Connection, Context.Connection) || storeContext.DatabaseNumber != Context.DatabaseNumber)
        {
            throw new ArgumentException(
                $"{operation.Model}.{operation.Operation}: the repository writes to another connection or database than the batch; create the batch from the same RedisRepoContext.",
                "batch");
        }

        _operations.Add(operation);
    }
}
