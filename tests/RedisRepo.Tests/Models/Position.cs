namespace RedisRepo.Tests.Models;

[RedisKey("finance:position:<Id>")]
[Ttl(Days = 30)]
public sealed class Position
{
    public string Id { get; set; } = "";

    public string Ticker { get; set; } = "";

    public string AccountId { get; set; } = "";

    public DateTime TransactionDate { get; set; }

    public decimal Quantity { get; set; }
}
