namespace RedisRepo.Tests.Models;

/// <summary>The first shape of a widget, as an older build of an app stored it.</summary>
[RedisKey("schema:v1:<Id>")]
[Persistent]
public sealed class WidgetV1
{
    public string Id { get; set; } = "";

    public string Name { get; set; } = "";

    public decimal Price { get; set; }

    public string Color { get; set; } = "";
}

/// <summary>
/// A later shape of the same widget: Price removed, Stock added (with a default), the rest
/// reordered. It must read what <see cref="WidgetV1"/> wrote.
/// </summary>
[RedisKey("schema:v2:<Id>")]
[Persistent]
public sealed class WidgetV2
{
    public string Color { get; set; } = "";

    public int Stock { get; set; } = 7;

    public string Id { get; set; } = "";

    public string Name { get; set; } = "";
}
