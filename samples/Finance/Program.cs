using Finance;
using Finance.Models;
using Microsoft.Extensions.DependencyInjection;
using RedisRepo.Testing;

// REDIS_URL if set; otherwise a throwaway redis-server of our own (the embedded default).
using RedisServerProcess? embedded = RedisEndpoint.FromEnvironment() is null ? RedisServerProcess.Start() : null;
string configuration = embedded?.Configuration ?? RedisEndpoint.FromEnvironment()!;
string prefix = $"sample:{Guid.NewGuid():N}:"; // keeps this run's keys apart on a shared server
Console.WriteLine(embedded is null ? $"Redis: {configuration} (REDIS_URL)" : $"Redis: started redis-server on port {embedded.Port}");

var services = new ServiceCollection();
services.AddRedisRepo(options =>
{
    options.Configuration = configuration;
    options.KeyPrefix = prefix;
});
services.AddRedisRepositories(); // generated: every repository of this assembly
services.AddSingleton<PortfolioService>();
await using ServiceProvider provider = services.BuildServiceProvider();

var portfolio = provider.GetRequiredService<PortfolioService>();
var positions = provider.GetRequiredService<IPositionRepository>();
var quotes = provider.GetRequiredService<IStockQuoteRepository>();
var watchlists = provider.GetRequiredService<IWatchlistRepository>();
var traders = provider.GetRequiredService<ITraderRepository>();

// 1. Positions: object + "all ids" index + the model's indexes, one atomic script per save.
await portfolio.BuyAsync(
    new Position { Id = "p-1", AccountId = "acc-7", Ticker = "AAPL", Quantity = 10, Price = 190m, TransactionDate = new DateTime(2026, 11, 2) },
    new Position { Id = "p-2", AccountId = "acc-7", Ticker = "MSFT", Quantity = 4, Price = 410m, TransactionDate = new DateTime(2026, 11, 10) },
    new Position { Id = "p-3", AccountId = "acc-9", Ticker = "AAPL", Quantity = 2.5m, Price = 188m, TransactionDate = new DateTime(2026, 11, 20) });
Console.WriteLine($"Saved {await positions.CountAsync()} positions; p-2 is {(await positions.GetAsync("p-2"))!.Ticker}.");

// 2. Indexes: typed queries, and an update that moves the entity between index values atomically.
Console.WriteLine($"AAPL positions: {Ids(await positions.FindByTickerAsync("AAPL"))}; acc-7 holds {await positions.CountByAccountIdAsync("acc-7")}.");
Console.WriteLine($"Bought 5-30 Nov, newest first: {Ids(await positions.FindByTransactionDateBetweenAsync(new DateTime(2026, 11, 5), new DateTime(2026, 11, 30), descending: true), sort: false)}");
Position moved = (await positions.GetAsync("p-3"))!;
moved.Ticker = "MSFT";
await positions.SaveAsync(moved);
Console.WriteLine($"After p-3 moved to MSFT: AAPL {Ids(await positions.FindByTickerAsync("AAPL"))}; MSFT {Ids(await positions.FindByTickerAsync("MSFT"))}.");
moved.Ticker = "AAPL";
await positions.SaveAsync(moved);

// 3. A unique index: a second trader with the same e-mail is refused, and nothing is written.
await traders.SaveAsync(new Trader { Username = "ann", Email = "ann@example.com" });
try
{
    await traders.SaveAsync(new Trader { Username = "bob", Email = "ann@example.com" });
}
catch (RedisRepo.RedisRepoUniqueConstraintException conflict)
{
    Console.WriteLine($"Refused: {conflict.Message}");
}

Console.WriteLine($"ann@example.com belongs to {(await traders.GetByEmailAsync("ann@example.com"))!.Username}; bob exists: {await traders.ExistsAsync("bob")}.");

// 4. A unit of work: saves across repositories, all or nothing, in one round trip.
RedisRepo.RedisRepoContext context = provider.GetRequiredService<RedisRepo.RedisRepoContext>();
RedisRepo.RedisBatch batch = context.CreateBatch(atomic: true);
positions.Save(batch, new Position { Id = "p-4", AccountId = "acc-9", Ticker = "NVDA", Quantity = 1, Price = 900m, TransactionDate = new DateTime(2026, 11, 21) });
watchlists.Save(batch, new Watchlist { UserId = "bob", Name = "chips", Tickers = ["NVDA"] });
await batch.ExecuteAsync();
Console.WriteLine($"Batch: p-4 and bob/chips saved together; acc-9 holds {await positions.CountByAccountIdAsync("acc-9")}.");
await positions.DeleteAsync("p-4");
await watchlists.DeleteAsync("bob", "chips");

// 5. The quote cache: a miss fetches and stores with the model's one-minute TTL, a hit reads it back.
StockQuote first = await portfolio.QuoteAsync("AAPL");
StockQuote again = await portfolio.QuoteAsync("AAPL");
TimeSpan ttl = (await quotes.GetTimeToLiveAsync("AAPL"))!.Value;
Console.WriteLine($"Quote AAPL bid {first.Bid}; cached copy {(again == first ? "matches" : "differs")}; expires in {Math.Ceiling(ttl.TotalSeconds)} s.");
Console.WriteLine($"Market value of all positions: {await portfolio.MarketValueAsync():0.00}");

// 6. A watchlist under a composite key: GetAsync(userId, name).
await portfolio.WatchAsync("ann", "tech", "AAPL", "MSFT", "NVDA");
Watchlist tech = (await portfolio.WatchlistAsync("ann", "tech"))!;
Console.WriteLine($"Watchlist ann/tech: {string.Join(", ", tech.Tickers)}");

// 7. Delete removes the entity and all its index entries in the same round trip.
await positions.DeleteAsync("p-3");
Console.WriteLine($"After deleting p-3: {string.Join(", ", (await positions.GetAllAsync()).Select(p => p.Id).Order())}");

// Leave nothing behind on a shared server.
await positions.DeleteManyAsync(["p-1", "p-2"]);
await quotes.DeleteAsync("AAPL");
await watchlists.DeleteAsync("ann", "tech");
await traders.DeleteAsync("ann");
Console.WriteLine($"Cleaned up; {await positions.CountAsync()} positions left. Done.");

static string Ids(IEnumerable<Position> found, bool sort = true) =>
    string.Join(", ", sort ? found.Select(p => p.Id).Order() : found.Select(p => p.Id));
