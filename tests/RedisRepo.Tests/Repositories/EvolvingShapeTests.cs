using System.Buffers;
using MessagePack;
using RedisRepo.Tests.Infrastructure;
using RedisRepo.Tests.Models;

namespace RedisRepo.Tests.Repositories;

/// <summary>
/// Every model shape keeps its defaults when it reads data written before a property existed
/// (written raw here, the property missing), and ignores properties written by a newer shape:
/// init-only records, positional records with parameter defaults, required members, nested types.
/// </summary>
public sealed class EvolvingShapeTests : RedisTest
{
    [Fact]
    public async Task An_init_only_record_keeps_its_initializer_defaults_and_each_read_gets_its_own_list()
    {
        await StoreAsync("evo:init:a", ("Id", "a"), ("Amount", 5m));
        await StoreAsync("evo:init:b", ("Id", "b"), ("Amount", 6m), ("Color", "red"));
        var repository = new EvoInitRepository(Context);

        EvoInit a = (await repository.GetAsync("a"))!;
        EvoInit b = (await repository.GetAsync("b"))!;

        Assert.Equal(("a", 5m, "EUR"), (a.Id, a.Amount, a.Currency));
        Assert.Empty(a.Tags);
        Assert.NotSame(a.Tags, b.Tags);
        Assert.Equal(("b", 6m, "EUR"), (b.Id, b.Amount, b.Currency));
    }

    [Fact]
    public async Task A_positional_record_takes_the_defaults_of_its_parameters()
    {
        await StoreAsync("evo:rec:r1", ("Id", "r1"), ("Amount", 2.5m));
        await StoreAsync("evo:rec:r2", ("Id", "r2"), ("Amount", 1m), ("Currency", "USD"), ("Lots", 4), ("Side", 0), ("Venue", "XNAS"));

        IReadOnlyList<EvoRec?> read = await new EvoRecRepository(Context).GetManyAsync(["r1", "r2"]);

        Assert.Equal(new EvoRec("r1", 2.5m), read[0]);
        Assert.Equal(new EvoRec("r2", 1m, "USD", 4, EvoSide.Buy), read[1]);
    }

    [Fact]
    public async Task Required_members_read_as_stored_while_init_only_and_settable_members_keep_their_defaults()
    {
        await StoreAsync("evo:req:q1", ("Id", "q1"), ("Owner", "ann"));
        await StoreAsync("evo:req:q2", ("Id", "q2"), ("Owner", "bob"), ("Region", "us"), ("Level", 9), ("Badge", "gold")); // a newer shape's extra property

        IReadOnlyList<EvoRequired?> read = await new EvoRequiredRepository(Context).GetManyAsync(["q1", "q2"]);

        Assert.Equal(("q1", "ann", "eu", 3), (read[0]!.Id, read[0]!.Owner, read[0]!.Region, read[0]!.Level));
        Assert.Equal(("q2", "bob", "us", 9), (read[1]!.Id, read[1]!.Owner, read[1]!.Region, read[1]!.Level));
    }

    [Fact]
    public async Task Nested_types_and_the_ones_in_collections_keep_their_defaults_too()
    {
        await StoreAsync("evo:nested:n1", ("Id", "n1"), ("Address", Map(("Street", "Main"))), ("History", new object[] { Map(("Street", "Old"), ("Zip", "75001")) }));

        EvoNested read = (await new EvoNestedRepository(Context).GetAsync("n1"))!;

        Assert.Equal(("Main", "Paris", "-"), (read.Address.Street, read.Address.City, read.Address.Lines.Single()));
        EvoAddress old = Assert.Single(read.History);
        Assert.Equal(("Old", "Paris"), (old.Street, old.City));
    }

    private Task StoreAsync(string key, params (string Name, object Value)[] properties) =>
        Database.StringSetAsync(Prefix + key, Payload(properties));

    private static Dictionary<string, object> Map(params (string Name, object Value)[] properties) => properties.ToDictionary(p => p.Name, p => p.Value);

    /// <summary>A MessagePack map as an older or newer shape of a model writes it: names as keys, decimals as strings (MessagePack's own decimal format).</summary>
    private static byte[] Payload((string Name, object Value)[] properties)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        WriteMap(ref writer, properties.ToDictionary(p => p.Name, p => p.Value));
        writer.Flush();
        return buffer.WrittenSpan.ToArray();

        static void WriteMap(ref MessagePackWriter writer, Dictionary<string, object> map)
        {
            writer.WriteMapHeader(map.Count);
            foreach ((string name, object value) in map)
            {
                writer.Write(name);
                WriteValue(ref writer, value);
            }
        }

        static void WriteValue(ref MessagePackWriter writer, object value)
        {
            switch (value)
            {
                case string text:
                    writer.Write(text);
                    break;
                case int number:
                    writer.Write(number);
                    break;
                case decimal amount:
                    MessagePack.Formatters.DecimalFormatter.Instance.Serialize(ref writer, amount, MessagePackSerializerOptions.Standard);
                    break;
                case Dictionary<string, object> nested:
                    WriteMap(ref writer, nested);
                    break;
                case object[] items:
                    writer.WriteArrayHeader(items.Length);
                    foreach (object item in items)
                    {
                        WriteValue(ref writer, item);
                    }

                    break;
            }
        }
    }
}
