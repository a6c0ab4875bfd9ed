using MessagePack;
using RedisRepo;

namespace RedisRepo.Benchmarks.Model;

/// <summary>
/// The save-path model of the F2/F3 comparison: entity + "all ids" + two equality indexes, a
/// one-hour TTL, a payload of about 170 bytes. The hand-written stores serialize it with
/// MessagePack's own resolver (a map keyed by property name, the wire shape the generated
/// formatter writes).
/// </summary>
[RedisKey("bench:save:<Id>")]
[Ttl(Hours = 1)]
[MessagePackObject(keyAsPropertyName: true)]
public sealed class SavePosition
{
    public string Id { get; set; } = "";

    [Index] public string Ticker { get; set; } = "";

    [Index] public string AccountId { get; set; } = "";

    public decimal Quantity { get; set; }

    public decimal Price { get; set; }

    public DateTime TradeDate { get; set; }

    public string Notes { get; set; } = "";

    public static SavePosition Create(int i) => new()
    {
        Id = "s" + i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture),
        Ticker = Positions.Ticker(i),
        AccountId = "ACC-" + (i % 200).ToString("000", System.Globalization.CultureInfo.InvariantCulture),
        Quantity = i % 1000,
        Price = 100m + (i % 5000) / 4m,
        TradeDate = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(i),
        Notes = "position " + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + " " + new string('x', 70),
    };
}
