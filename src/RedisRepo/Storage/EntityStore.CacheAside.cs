using System.Collections.Concurrent;
using RedisRepo.Scripts;
using StackExchange.Redis;

namespace RedisRepo.Storage;

/// <summary>
/// Cache-aside with stampede protection: a hit is one read; on a miss, one caller per process
/// runs the factory (the others await the same task), and a short Redis lock (SET NX PX,
/// released by a token-checked script) keeps other processes from running it too while they
/// wait, bounded by <see cref="RedisRepoContext.CacheLockWait"/>, for the value to appear.
/// </summary>
public sealed partial class EntityStore<T>
{
    private static readonly TimeSpan FirstPoll = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan LastPoll = TimeSpan.FromMilliseconds(200);

    private readonly ConcurrentDictionary<string, Lazy<Task<T>>> _loading = new(StringComparer.Ordinal);

    /// <summary>
    /// The cached entity with this key id, or the factory's result, stored with the model's
    /// expiry. The factory runs at most once per process at a time for one key id, and while a
    /// process holds the key's lock other processes wait for its value instead of running theirs.
    /// </summary>
    /// <param name="keyId">The key id.</param>
    /// <param name="factory">Loads the entity on a miss; must return an entity with this key.</param>
    /// <param name="cancellationToken">Stops this caller waiting; a factory already running completes for the others.</param>
    /// <exception cref="InvalidOperationException">The factory returned null or an entity with another key.</exception>
    public async Task<T> GetOrAddAsync(string keyId, Func<Task<T>> factory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(factory);
        T? cached = await GetAsync(keyId, cancellationToken).ConfigureAwait(false);
        if (cached is not null)
        {
            return cached;
        }

        Lazy<Task<T>>? created = null;
        created = new Lazy<Task<T>>(() => LoadOnceAsync(keyId, factory, created!));
        Lazy<Task<T>> loading = _loading.GetOrAdd(keyId, created);
        return await loading.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<T> LoadOnceAsync(string keyId, Func<Task<T>> factory, Lazy<Task<T>> self)
    {
        try
        {
            return await LoadAsync(keyId, factory).ConfigureAwait(false);
        }
        finally
        {
            _loading.TryRemove(new KeyValuePair<string, Lazy<Task<T>>>(keyId, self));
        }
    }

    private async Task<T> LoadAsync(string keyId, Func<Task<T>> factory)
    {
        IDatabase database = Database();
        RedisKey lockKey = BucketOf(keyId).MetaPrefix + IndexKeys.Lock(keyId);
        string token = Guid.NewGuid().ToString("N");
        DateTime giveUp = DateTime.UtcNow + _context.CacheLockWait;
        TimeSpan poll = FirstPoll;
        while (!await database.StringSetAsync(lockKey, token, _context.CacheLockLease, When.NotExists).ConfigureAwait(false))
        {
            // Another process is loading this key: wait for its value, bounded.
            await Task.Delay(poll).ConfigureAwait(false);
            poll = TimeSpan.FromTicks(Math.Min(poll.Ticks * 2, LastPoll.Ticks));
            if (await GetAsync(keyId, CancellationToken.None).ConfigureAwait(false) is { } stored)
            {
                return stored;
            }

            if (DateTime.UtcNow >= giveUp)
            {
                return await RunFactoryAsync(keyId, factory).ConfigureAwait(false); // the holder is too slow or gone
            }
        }

        try
        {
            // The lock's previous holder may have stored the value just before we took it.
            return await GetAsync(keyId, CancellationToken.None).ConfigureAwait(false)
                ?? await RunFactoryAsync(keyId, factory).ConfigureAwait(false);
        }
        finally
        {
            await ReleaseLockScript.RunAsync(database, lockKey, token, _model.Name, "GetOrAddAsync").ConfigureAwait(false);
        }
    }

    private async Task<T> RunFactoryAsync(string keyId, Func<Task<T>> factory)
    {
        T value = await factory().ConfigureAwait(false)
            ?? throw new InvalidOperationException($"{_model.Name}.GetOrAddAsync: the factory for '{EntityKey(keyId)}' returned null; return an entity, or read with GetAsync when a miss is expected.");
        string produced = _model.GetKeyId(value, "GetOrAddAsync");
        if (produced != keyId)
        {
            throw new InvalidOperationException($"{_model.Name}.GetOrAddAsync: the factory for '{EntityKey(keyId)}' returned the entity of '{EntityKey(produced)}'; it must return the entity with the requested key.");
        }

        await SaveAsync(value, CancellationToken.None).ConfigureAwait(false);
        return value;
    }
}
