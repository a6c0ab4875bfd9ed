using MessagePack;

namespace RedisRepo.Benchmarks.Model;

/// <summary>Deterministic benchmark data: 50 tickers (so a ticker matches 1 in 50), prices 0-9,999.</summary>
public static class Positions
{
    public const int Tickers = 50;

    public static string Ticker(int i) => "T" + (i % Tickers).ToString("00", System.Globalization.CultureInfo.InvariantCulture);

    public static BenchPosition Create(int i) => new()
    {
        Id = "p" + i.ToString("000000", System.Globalization.CultureInfo.InvariantCulture),
        Ticker = Ticker(i),
        AccountId = "acc-" + (i % 97).ToString("0000", System.Globalization.CultureInfo.InvariantCulture),
        Reference = "REF-" + i.ToString("00000000", System.Globalization.CultureInfo.InvariantCulture),
        Price = i % 10_000,
        Quantity = 100.25m + i,
        TradeDate = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(i),
        Notes = "Opened by the rebalancing job; settle T+2 through the prime broker, no manual override.",
    };

    public static BenchPosition[] CreateMany(int count) => Enumerable.Range(0, count).Select(Create).ToArray();

    /// <summary>The encoded size of one entity with MessagePack's resolver (for the README's model description).</summary>
    public static int PayloadBytes => MessagePackSerializer.Serialize(Create(1)).Length;
}
