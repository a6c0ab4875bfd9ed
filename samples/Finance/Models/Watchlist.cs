using RedisRepo;

namespace Finance.Models;

/// <summary>A user's named list of tickers: a composite key, kept until deleted.</summary>
[RedisKey("finance:watchlist:<UserId>:<Name>")]
[Persistent]
public sealed class Watchlist
{
    public string UserId { get; set; } = "";

    public string Name { get; set; } = "";

    public List<string> Tickers { get; set; } = [];
}
