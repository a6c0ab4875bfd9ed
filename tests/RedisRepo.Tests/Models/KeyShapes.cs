namespace RedisRepo.Tests.Models;

/// <summary>A composite key: <c>GetAsync(string tenantId, string id)</c>.</summary>
[RedisKey("auth:tenant:<TenantId>:user:<Id>")]
[Persistent]
public sealed class TenantUser
{
    public string TenantId { get; set; } = "";

    public string Id { get; set; } = "";

    public string DisplayName { get; set; } = "";
}

/// <summary>Shares its literal prefix with <see cref="TenantUser"/>; its index keys must not.</summary>
[RedisKey("auth:tenant:<TenantId>:role:<Id>")]
[Persistent]
public sealed class TenantRole
{
    public string TenantId { get; set; } = "";

    public string Id { get; set; } = "";

    public List<string> Permissions { get; set; } = [];
}

[RedisKey("device:<Id>")]
[Persistent]
public sealed class Device
{
    public Guid Id { get; set; }

    public string Name { get; set; } = "";
}

/// <summary>A positional record with an int key.</summary>
[RedisKey("account:<Number>")]
[Persistent]
public sealed record Account(int Number, string Owner, decimal Balance);

public enum Region
{
    Europe,
    Americas,
    Asia = 7,
}

/// <summary>An enum and a long in one key: <c>order:Europe:42</c>.</summary>
[RedisKey("order:<Region>:<Sequence>")]
[Persistent]
public sealed class Order
{
    public Region Region { get; init; }

    public long Sequence { get; init; }

    public string Item { get; set; } = "";
}
