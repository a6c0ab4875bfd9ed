namespace RedisRepo.Tests.Models;

/// <summary>A record of init-only properties that gained Tags and Currency after data was stored.</summary>
[RedisKey("evo:init:<Id>")]
[Persistent]
public sealed record EvoInit
{
    public string Id { get; init; } = "";

    public decimal Amount { get; init; }

    public List<string> Tags { get; init; } = [];

    public string Currency { get; init; } = "EUR";
}

/// <summary>A positional record that gained parameters with defaults.</summary>
[RedisKey("evo:rec:<Id>")]
[Persistent]
public sealed record EvoRec(string Id, decimal Amount, string Currency = "EUR", int Lots = 1, EvoSide Side = EvoSide.Sell);

public enum EvoSide
{
    Buy,
    Sell,
}

/// <summary>A class with required members beside init-only and settable ones with initializers.</summary>
[RedisKey("evo:req:<Id>")]
[Persistent]
public sealed class EvoRequired
{
    public required string Id { get; init; }

    public required string Owner { get; init; }

    public string Region { get; init; } = "eu";

    public int Level { get; set; } = 3;
}

/// <summary>A model whose nested type gained init-only members with initializers.</summary>
[RedisKey("evo:nested:<Id>")]
[Persistent]
public sealed class EvoNested
{
    public string Id { get; set; } = "";

    public EvoAddress Address { get; set; } = new();

    public List<EvoAddress> History { get; set; } = [];
}

public sealed class EvoAddress
{
    public string Street { get; init; } = "";

    public string City { get; init; } = "Paris";

    public List<string> Lines { get; set; } = ["-"];
}
