using RedisRepo.Tests.Infrastructure;
using RedisRepo.Tests.Models;

namespace RedisRepo.Tests.Repositories;

/// <summary>Data written by an older shape of a model stays readable after the model changes.</summary>
public sealed class SchemaEvolutionTests : RedisTest
{
    [Fact]
    public async Task Data_written_before_properties_were_added_removed_and_reordered_still_reads()
    {
        var before = new WidgetV1Repository(Context);
        var after = new WidgetV2Repository(Context);
        await before.SaveAsync(new WidgetV1 { Id = "w1", Name = "Gear", Price = 9.99m, Color = "red" });

        // Move the stored bytes to where the new shape of the model reads them.
        byte[] stored = (byte[])(await Database.StringGetAsync(Prefix + "schema:v1:w1"))!;
        await Database.StringSetAsync(Prefix + "schema:v2:w1", stored);

        WidgetV2 read = (await after.GetAsync("w1"))!;

        Assert.Equal("w1", read.Id);
        Assert.Equal("Gear", read.Name);
        Assert.Equal("red", read.Color);
        Assert.Equal(7, read.Stock); // added later: keeps its initializer default
    }

    [Fact]
    public async Task Data_written_by_a_newer_shape_reads_with_the_older_one()
    {
        var newer = new WidgetV2Repository(Context);
        await newer.SaveAsync(new WidgetV2 { Id = "w2", Name = "Bolt", Color = "blue", Stock = 3 });
        byte[] stored = (byte[])(await Database.StringGetAsync(Prefix + "schema:v2:w2"))!;
        await Database.StringSetAsync(Prefix + "schema:v1:w2", stored);

        WidgetV1 read = (await new WidgetV1Repository(Context).GetAsync("w2"))!;

        Assert.Equal("Bolt", read.Name);
        Assert.Equal("blue", read.Color);
        Assert.Equal(0m, read.Price); // absent from the newer data
    }
}
