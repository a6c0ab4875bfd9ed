using RedisRepo;

namespace Finance.Models;

/// <summary>
/// A holding in an account: object + "all ids" index, two equality indexes and a range index,
/// kept 30 days after its last save.
/// </summary>
[RedisKey("finance:position:<Id>")]
[Ttl(Days = 30)]
public sealed class Position
{
    public string Id { get; set; } = "";

    [Index] public string AccountId { get; set; } = "";      // FindByAccountIdAsync, CountByAccountIdAsync

    [Index] public string Ticker { get; set; } = "";         // FindByTickerAsync, CountByTickerAsync

    [SortedIndex] public DateTime TransactionDate { get; set; } // FindByTransactionDateBetweenAsync

    public decimal Quantity { get; set; }

    public decimal Price { get; set; }
}
