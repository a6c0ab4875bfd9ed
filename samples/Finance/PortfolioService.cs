using Finance.Models;

namespace Finance;

/// <summary>What an application writes: inject the generated repositories, no Redis strings in sight.</summary>
public sealed class PortfolioService(IPositionRepository positions, IWatchlistRepository watchlists, IStockQuoteRepository quotes)
{
    public Task BuyAsync(params Position[] bought) => positions.SaveManyAsync(bought);

    public async Task<decimal> MarketValueAsync()
    {
        IReadOnlyList<Position> all = await positions.GetAllAsync();
        IReadOnlyList<StockQuote?> prices = await quotes.GetManyAsync(all.Select(p => p.Ticker).Distinct());
        var bid = prices.Where(q => q is not null).ToDictionary(q => q!.Ticker, q => q!.Bid);
        return all.Sum(p => p.Quantity * bid.GetValueOrDefault(p.Ticker, p.Price));
    }

    /// <summary>Cache-aside: a hit reads Redis; a miss fetches once (per process, and across processes) and caches for a minute.</summary>
    public Task<StockQuote> QuoteAsync(string ticker) =>
        quotes.GetOrAddAsync(ticker, () => Task.FromResult(new StockQuote(ticker, Bid: 100m + ticker.Length, Ask: 100.5m + ticker.Length, DateTimeOffset.UtcNow)));

    public Task WatchAsync(string userId, string name, params string[] tickers) =>
        watchlists.SaveAsync(new Watchlist { UserId = userId, Name = name, Tickers = [.. tickers] });

    public Task<Watchlist?> WatchlistAsync(string userId, string name) => watchlists.GetAsync(userId, name);
}
