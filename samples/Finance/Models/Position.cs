using RedisRepo;

namespace Finance.Models;

/// <summary>A holding in an account: object + "all ids" index, kept 30 days after its last save.</summary>
[RedisKey("finance:position:<Id>")]
[Ttl(Days = 30)]
public sealed class Position
{
    public string Id { get; set; } = "";

    public string AccountId { get; set; } = "";

    public string Ticker { get; set; } = "";

    public DateTime TransactionDate { get; set; }

    public decimal Quantity { get; set; }

    public decimal Price { get; set; }
}
