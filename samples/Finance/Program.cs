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

// 1. Positions: object + "all ids" index, one atomic script per save.
await portfolio.BuyAsync(
    new Position { Id = "p-1", AccountId = "acc-7", Ticker = "AAPL", Quantity = 10, Price = 190m, TransactionDate = DateTime.UtcNow },
    new Position { Id = "p-2", AccountId = "acc-7", Ticker = "MSFT", Quantity = 4, Price = 410m, TransactionDate = DateTime.UtcNow },
    new Position { Id = "p-3", AccountId = "acc-9", Ticker = "AAPL", Quantity = 2.5m, Price = 188m, TransactionDate = DateTime.UtcNow });
Console.WriteLine($"Saved {await positions.CountAsync()} positions; p-2 is {(await positions.GetAsync("p-2"))!.Ticker}.");

// 2. The quote cache: a miss fetches and stores with the model's one-minute TTL, a hit reads it back.
StockQuote first = await portfolio.QuoteAsync("AAPL");
StockQuote again = await portfolio.QuoteAsync("AAPL");
TimeSpan ttl = (await quotes.GetTimeToLiveAsync("AAPL"))!.Value;
Console.WriteLine($"Quote AAPL bid {first.Bid}; cached copy {(again == first ? "matches" : "differs")}; expires in {Math.Ceiling(ttl.TotalSeconds)} s.");
Console.WriteLine($"Market value of all positions: {await portfolio.MarketValueAsync():0.00}");

// 3. A watchlist under a composite key: GetAsync(userId, name).
await portfolio.WatchAsync("ann", "tech", "AAPL", "MSFT", "NVDA");
Watchlist tech = (await portfolio.WatchlistAsync("ann", "tech"))!;
Console.WriteLine($"Watchlist ann/tech: {string.Join(", ", tech.Tickers)}");

// 4. Delete removes the entity and its index entry in the same round trip.
await positions.DeleteAsync("p-3");
Console.WriteLine($"After deleting p-3: {string.Join(", ", (await positions.GetAllAsync()).Select(p => p.Id).Order())}");

// Leave nothing behind on a shared server.
await positions.DeleteManyAsync(["p-1", "p-2"]);
await quotes.DeleteAsync("AAPL");
await watchlists.DeleteAsync("ann", "tech");
Console.WriteLine($"Cleaned up; {await positions.CountAsync()} positions left. Done.");
