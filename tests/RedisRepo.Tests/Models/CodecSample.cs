namespace RedisRepo.Tests.Models;

public enum Status : short
{
    Draft,
    Active,
    Closed = 300,
}

/// <summary>Every kind of property the generated formatter stores.</summary>
[RedisKey("codec:sample:<Id>")]
[Persistent]
public sealed class CodecSample
{
    public string Id { get; set; } = "";

    public string? NullableText { get; set; }

    public bool Flag { get; set; }

    public byte Byte { get; set; }

    public sbyte SByte { get; set; }

    public short Int16 { get; set; }

    public ushort UInt16 { get; set; }

    public int Int32 { get; set; }

    public uint UInt32 { get; set; }

    public long Int64 { get; set; }

    public ulong UInt64 { get; set; }

    public float Single { get; set; }

    public double Double { get; set; }

    public decimal Decimal { get; set; }

    public char Char { get; set; }

    public DateTime UtcTime { get; set; }

    public DateTime LocalTime { get; set; }

    public DateTime UnspecifiedTime { get; set; }

    public DateTimeOffset Offset { get; set; }

    public TimeSpan Duration { get; set; }

    public Guid Guid { get; set; }

    public DateOnly Date { get; set; }

    public TimeOnly Time { get; set; }

    public byte[] Bytes { get; set; } = [];

    public Status Status { get; set; }

    public Status? NullableStatus { get; set; }

    public int? NullableInt { get; set; }

    public decimal? NullableDecimal { get; set; }

    public int[] Numbers { get; set; } = [];

    public List<string> Names { get; set; } = [];

    public IReadOnlyList<long> ReadOnlyNumbers { get; set; } = [];

    public IEnumerable<int> Sequence { get; set; } = [];

    public HashSet<Guid> Set { get; set; } = [];

    public Dictionary<string, int> Counts { get; set; } = [];

    public IReadOnlyDictionary<Status, List<decimal>> Prices { get; set; } = new Dictionary<Status, List<decimal>>();

    public Address Home { get; set; } = new();

    public Address? Missing { get; set; }

    public List<Address> Addresses { get; set; } = [];

    public List<Tag> Tags { get; set; } = [];

    /// <summary>Computed: not stored, and no setter to restore it.</summary>
    public int NameCount => Names.Count;
}

public sealed class Address
{
    public string Street { get; set; } = "";

    public string City { get; set; } = "";

    public Address? Previous { get; set; }
}

public sealed record Tag(string Name, int Weight);
