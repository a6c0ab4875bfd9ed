using RedisRepo;

namespace Finance.Models;

/// <summary>A cached market quote: gone a minute after it was fetched.</summary>
[RedisKey("finance:quote:<Ticker>")]
[Ttl(Minutes = 1)]
public sealed record StockQuote(string Ticker, decimal Bid, decimal Ask, DateTimeOffset FetchedAt);
