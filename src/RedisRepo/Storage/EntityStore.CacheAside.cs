using System.Collections.Concurrent;
using RedisRepo.Diagnostics;
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

    private readonly ConcurrentDictionary<string, Lazy<Load>> _loading = new(StringComparer.Ordinal);

    /// <summary>
    /// The cached entity with this key id, or the factory's result, stored with the model's
    /// expiry. The factory runs at most once per process at a time for one key id, and while a
    /// process holds the key's lock other processes wait for its value instead of running theirs.
    /// </summary>
    /// <param name="keyId">The key id.</param>
    /// <param name="factory">Loads the entity on a miss; must return an entity with this key.</param>
    /// <param name="cancellationToken">Stops this caller waiting; a factory already running completes for the others.</param>
    /// <exception cref="InvalidOperationException">The factory returned null or an entity with another key.</exception>
    public Task<T> GetOrAddAsync(string keyId, Func<Task<T>> factory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return GetOrAddAsync(keyId, _ => factory(), cancellationToken);
    }

    /// <summary>
    /// As <see cref="GetOrAddAsync(string, Func{Task{T}}, CancellationToken)"/>, with a factory that
    /// takes a token: it is cancelled once every caller waiting for this load has been cancelled
    /// (one caller giving up never cancels the load the others wait for).
    /// </summary>
    /// <param name="keyId">The key id.</param>
    /// <param name="factory">Loads the entity on a miss; must return an entity with this key.</param>
    /// <param name="cancellationToken">Stops this caller waiting.</param>
    /// <exception cref="InvalidOperationException">The factory returned null or an entity with another key.</exception>
    public async Task<T> GetOrAddAsync(string keyId, Func<CancellationToken, Task<T>> factory, CancellationToken cancellationToken)
    {
        using Observation? observation = Observe("GetOrAddAsync", keyId);
        try
        {
            ArgumentNullException.ThrowIfNull(factory);
            T? cached = await GetAsync(keyId, cancellationToken).ConfigureAwait(false);
            if (cached is not null)
            {
                Telemetry.CacheHits.Add(1, new KeyValuePair<string, object?>(Telemetry.Model, _model.Name));
                return cached;
            }

            Telemetry.CacheMisses.Add(1, new KeyValuePair<string, object?>(Telemetry.Model, _model.Name));

            while (true)
            {
                Lazy<Load>? created = null;
                created = new Lazy<Load>(() => new Load(this, keyId, factory, created!));
                Lazy<Load> entry = _loading.GetOrAdd(keyId, created);
                Load load = entry.Value;
                if (!load.TryJoin())
                {
                    // Every earlier caller gave up and cancelled it: start another.
                    _loading.TryRemove(new KeyValuePair<string, Lazy<Load>>(keyId, entry));
                    continue;
                }

                try
                {
                    return await load.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    load.Leave();
                }
            }
        }
        catch (Exception e) when (Observation.Failed(observation, e))
        {
            throw;
        }
    }

    /// <summary>How many callers wait for the load of this key id in this process (for tests).</summary>
    internal int WaitersFor(string keyId) => _loading.TryGetValue(keyId, out Lazy<Load>? entry) && entry.IsValueCreated ? entry.Value.Waiters : 0;

    /// <summary>One load of one key id in this process: the factory's task, shared by every caller waiting for it.</summary>
    private sealed class Load
    {
        private readonly CancellationTokenSource _cancel = new();
        private int _waiters;

        public Load(EntityStore<T> store, string keyId, Func<CancellationToken, Task<T>> factory, Lazy<Load> self) =>
            Task = store.LoadOnceAsync(keyId, factory, self, _cancel.Token);

        public Task<T> Task { get; }

        public int Waiters => Math.Max(0, Volatile.Read(ref _waiters));

        /// <summary>Counts a caller in, unless every earlier one left before the load finished (it is cancelled).</summary>
        public bool TryJoin()
        {
            while (true)
            {
                int waiters = Volatile.Read(ref _waiters);
                if (waiters < 0)
                {
                    return false;
                }

                if (Interlocked.CompareExchange(ref _waiters, waiters + 1, waiters) == waiters)
                {
                    return true;
                }
            }
        }

        /// <summary>Counts a caller out; the last one out of an unfinished load cancels the factory.</summary>
        public void Leave()
        {
            if (Interlocked.Decrement(ref _waiters) == 0 && !Task.IsCompleted && Interlocked.CompareExchange(ref _waiters, -1, 0) == 0)
            {
                _cancel.Cancel();
            }
        }
    }

    private async Task<T> LoadOnceAsync(string keyId, Func<CancellationToken, Task<T>> factory, Lazy<Load> self, CancellationToken cancellationToken)
    {
        await System.Threading.Tasks.Task.Yield(); // the caller joins before the load can finish
        try
        {
            return await LoadAsync(keyId, factory, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _loading.TryRemove(new KeyValuePair<string, Lazy<Load>>(keyId, self));
        }
    }

    private async Task<T> LoadAsync(string keyId, Func<CancellationToken, Task<T>> factory, CancellationToken cancellationToken)
    {
        IDatabase database = Database();
        RedisKey lockKey = BucketOf(keyId).MetaPrefix + IndexKeys.Lock(keyId);
        string token = Guid.NewGuid().ToString("N");
        DateTime giveUp = DateTime.UtcNow + _context.CacheLockWait;
        TimeSpan poll = FirstPoll;
        bool waited = false;
        while (!await database.StringSetAsync(lockKey, token, _context.CacheLockLease, When.NotExists).ConfigureAwait(false))
        {
            if (!waited)
            {
                waited = true;
                Telemetry.CacheLockWaits.Add(1, new KeyValuePair<string, object?>(Telemetry.Model, _model.Name));
            }

            // Another process is loading this key: wait for its value, bounded.
            await Task.Delay(poll).ConfigureAwait(false);
            poll = TimeSpan.FromTicks(Math.Min(poll.Ticks * 2, LastPoll.Ticks));
            if (await GetAsync(keyId, CancellationToken.None).ConfigureAwait(false) is { } stored)
            {
                return stored;
            }

            if (DateTime.UtcNow >= giveUp)
            {
                return await RunFactoryAsync(keyId, factory, cancellationToken).ConfigureAwait(false); // the holder is too slow or gone
            }
        }

        try
        {
            // The lock's previous holder may have stored the value just before we took it.
            return await GetAsync(keyId, CancellationToken.None).ConfigureAwait(false)
                ?? await RunFactoryAsync(keyId, factory, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await ReleaseLockScript.RunAsync(database, lockKey, token, _model.Name, "GetOrAddAsync").ConfigureAwait(false);
        }
    }

    private async Task<T> RunFactoryAsync(string keyId, Func<CancellationToken, Task<T>> factory, CancellationToken cancellationToken)
    {
        T value = await factory(cancellationToken).ConfigureAwait(false)
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
