using RedisRepo.Tests.Infrastructure;
using RedisRepo.Tests.Models;
using StackExchange.Redis;

namespace RedisRepo.Tests.Writes;

/// <summary>GetOrAddAsync: a hit reads, a miss runs the factory once (per process and across processes).</summary>
public sealed class CacheAsideTests : RedisTest
{
    private QuoteRepository Quotes => new(Context);

    [Fact]
    public async Task A_hit_returns_the_cached_entity_without_calling_the_factory()
    {
        await Quotes.SaveAsync(new Quote { Ticker = "AAPL", Bid = 190, Source = "cache" });
        int calls = 0;

        Quote quote = await Quotes.GetOrAddAsync("AAPL", () => { calls++; return Task.FromResult(new Quote { Ticker = "AAPL" }); });

        Assert.Equal(("cache", 0), (quote.Source, calls));
    }

    [Fact]
    public async Task A_miss_runs_the_factory_once_and_stores_the_result_with_the_model_ttl()
    {
        int calls = 0;

        Quote first = await Quotes.GetOrAddAsync("AAPL", () => { calls++; return Task.FromResult(new Quote { Ticker = "AAPL", Bid = 1, Source = "loader" }); });
        Quote second = await Quotes.GetOrAddAsync("AAPL", () => { calls++; return Task.FromResult(new Quote { Ticker = "AAPL", Source = "again" }); });

        Assert.Equal(("loader", "loader", 1), (first.Source, second.Source, calls));
        Assert.InRange((await Quotes.GetTimeToLiveAsync("AAPL"))!.Value, TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(5));
        Assert.DoesNotContain(await KeysAsync(), key => key.Contains("lock:", StringComparison.Ordinal)); // released
    }

    [Fact]
    public async Task Concurrent_callers_in_one_process_share_one_factory_run()
    {
        int calls = 0;
        var release = new TaskCompletionSource();
        var quotes = Quotes; // one repository: one process's store

        Task<Quote>[] callers = Enumerable.Range(0, 50).Select(_ => quotes.GetOrAddAsync("MSFT", async () =>
        {
            Interlocked.Increment(ref calls);
            await release.Task;
            return new Quote { Ticker = "MSFT", Source = "once" };
        })).ToArray();
        await Eventually.TrueAsync(() => Task.FromResult(Volatile.Read(ref calls) == 1));
        release.SetResult();
        Quote[] results = await Task.WhenAll(callers);

        Assert.Equal(1, calls);
        Assert.All(results, q => Assert.Equal("once", q.Source));
    }

    [Fact]
    public async Task The_factorys_token_is_cancelled_only_once_every_waiting_caller_has_been_cancelled()
    {
        var quotes = new RedisRepo.Storage.EntityStore<Quote>(Context, QuoteRepository.Description); // one process's store, to see who waits
        var started = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var factoryToken = new TaskCompletionSource<CancellationToken>();
        async Task<Quote> Factory(CancellationToken token)
        {
            factoryToken.TrySetResult(token);
            started.TrySetResult();
            await release.Task.WaitAsync(token);
            return new Quote { Ticker = "NVDA", Source = "shared" };
        }

        using var first = new CancellationTokenSource();
        Task<Quote> leaving = quotes.GetOrAddAsync("NVDA", Factory, first.Token);
        await started.Task;
        Task<Quote> staying = quotes.GetOrAddAsync("NVDA", Factory, CancellationToken.None);
        await Eventually.TrueAsync(() => Task.FromResult(quotes.WaitersFor("NVDA") == 2));
        CancellationToken token = await factoryToken.Task;
        await first.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => leaving);
        Assert.False(token.IsCancellationRequested); // another caller still waits
        release.SetResult();
        Assert.Equal("shared", (await staying).Source);

        using var only = new CancellationTokenSource();
        var second = new TaskCompletionSource<CancellationToken>();
        Task<Quote> alone = quotes.GetOrAddAsync("AMD", async t => { second.SetResult(t); await Task.Delay(Timeout.Infinite, t); return new Quote { Ticker = "AMD" }; }, only.Token);
        CancellationToken aloneToken = await second.Task;
        await only.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => alone);
        Assert.True(aloneToken.IsCancellationRequested); // nobody waits any more: the load stops
        await Eventually.TrueAsync(async () => !(await KeysAsync()).Any(key => key.Contains("lock:AMD", StringComparison.Ordinal))); // and releases its lock
    }

    [Fact]
    public async Task Another_process_waits_for_the_lock_holders_value_instead_of_running_its_factory()
    {
        await using var otherProcess = await ConnectionMultiplexer.ConnectAsync(RedisServer.Configuration);
        var mine = Quotes;
        var theirs = new QuoteRepository(new RedisRepoContext(otherProcess, Prefix));
        var release = new TaskCompletionSource();
        int theirCalls = 0;

        Task<Quote> holder = mine.GetOrAddAsync("NVDA", async () =>
        {
            await release.Task;
            return new Quote { Ticker = "NVDA", Source = "holder" };
        });
        await Eventually.TrueAsync(async () => await Database.KeyExistsAsync(Prefix + "cache:quote#lock:NVDA"));
        Task<Quote> waiter = theirs.GetOrAddAsync("NVDA", () =>
        {
            Interlocked.Increment(ref theirCalls);
            return Task.FromResult(new Quote { Ticker = "NVDA", Source = "waiter" });
        });
        release.SetResult();

        Assert.Equal("holder", (await holder).Source);
        Assert.Equal("holder", (await waiter).Source);
        Assert.Equal(0, theirCalls);
    }

    [Fact]
    public async Task The_wait_for_another_process_is_bounded()
    {
        await Database.StringSetAsync(Prefix + "cache:quote#lock:IBM", "a crashed process", TimeSpan.FromMinutes(1));
        var quotes = new QuoteRepository(new RedisRepoContext(Connection, Prefix) { CacheLockWait = TimeSpan.FromMilliseconds(300) });

        Quote quote = await quotes.GetOrAddAsync("IBM", () => Task.FromResult(new Quote { Ticker = "IBM", Source = "after waiting" }));

        Assert.Equal("after waiting", quote.Source);
        Assert.Equal("a crashed process", (string?)await Database.StringGetAsync(Prefix + "cache:quote#lock:IBM")); // not ours to release
    }

    [Fact]
    public async Task A_failing_factory_fails_every_waiter_and_releases_the_lock()
    {
        var quotes = Quotes;
        var release = new TaskCompletionSource();
        Task<Quote>[] callers = Enumerable.Range(0, 5).Select(_ => quotes.GetOrAddAsync("ERR", async () =>
        {
            await release.Task;
            throw new TimeoutException("the quote service is down");
        })).ToArray();
        release.SetResult();

        foreach (Task<Quote> caller in callers)
        {
            await Assert.ThrowsAsync<TimeoutException>(() => caller);
        }

        Assert.False(await Database.KeyExistsAsync(Prefix + "cache:quote#lock:ERR"));
        Quote retried = await quotes.GetOrAddAsync("ERR", () => Task.FromResult(new Quote { Ticker = "ERR", Source = "recovered" }));
        Assert.Equal("recovered", retried.Source);
    }

    [Fact]
    public async Task A_factory_returning_null_or_another_key_is_an_error_naming_model_and_key()
    {
        var nullError = await Assert.ThrowsAsync<InvalidOperationException>(() => Quotes.GetOrAddAsync("AAPL", () => Task.FromResult<Quote>(null!)));
        var keyError = await Assert.ThrowsAsync<InvalidOperationException>(() => Quotes.GetOrAddAsync("AAPL", () => Task.FromResult(new Quote { Ticker = "MSFT" })));

        Assert.Contains($"Quote.GetOrAddAsync: the factory for '{Prefix}cache:quote:AAPL' returned null", nullError.Message);
        Assert.Contains("cache:quote:MSFT", keyError.Message);
        Assert.False(await Quotes.ExistsAsync("MSFT"));
    }
}
