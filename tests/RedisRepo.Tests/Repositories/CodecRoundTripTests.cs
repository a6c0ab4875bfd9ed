using RedisRepo.Tests.Infrastructure;
using RedisRepo.Tests.Models;

namespace RedisRepo.Tests.Repositories;

/// <summary>Every supported property type survives a save and a read through the generated formatter.</summary>
public sealed class CodecRoundTripTests : RedisTest
{
    [Fact]
    public async Task Every_supported_type_round_trips_through_redis()
    {
        var repository = new CodecSampleRepository(Context);
        var localTime = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Local);
        var sample = new CodecSample
        {
            Id = "all",
            NullableText = null,
            Flag = true,
            Byte = 255,
            SByte = -128,
            Int16 = short.MinValue,
            UInt16 = ushort.MaxValue,
            Int32 = int.MinValue,
            UInt32 = uint.MaxValue,
            Int64 = long.MinValue,
            UInt64 = ulong.MaxValue,
            Single = 1.5f,
            Double = Math.PI,
            Decimal = 79228162514264337593543950335m,
            Char = 'é',
            UtcTime = new DateTime(2026, 11, 23, 9, 30, 0, 123, DateTimeKind.Utc).AddTicks(4567),
            LocalTime = localTime,
            UnspecifiedTime = new DateTime(2026, 6, 1, 12, 0, 0, DateTimeKind.Unspecified),
            Offset = new DateTimeOffset(2026, 2, 3, 4, 5, 6, TimeSpan.FromHours(5.5)),
            Duration = TimeSpan.FromTicks(123_456_789_012),
            Guid = Guid.NewGuid(),
            Date = new DateOnly(1999, 12, 31),
            Time = new TimeOnly(23, 59, 58, 999),
            Bytes = [0, 1, 2, 254, 255],
            Status = Status.Closed,
            NullableStatus = Status.Active,
            NullableInt = null,
            NullableDecimal = -0.0001m,
            Numbers = [3, 1, 2],
            Names = ["a", "", "c"],
            ReadOnlyNumbers = [long.MaxValue, 0],
            Sequence = Enumerable.Range(1, 3).Select(i => i * 10),
            Set = [Guid.Empty, Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e")],
            Counts = new() { ["x"] = 1, ["y"] = -2 },
            Prices = new Dictionary<Status, List<decimal>> { [Status.Draft] = [1.1m, 2.2m], [Status.Closed] = [] },
            Home = new Address { Street = "1 Main St", City = "Springfield", Previous = new Address { Street = "2 Elm", City = "Shelbyville" } },
            Missing = null,
            Addresses = [new Address { Street = "a", City = "b" }],
            Tags = [new Tag("red", 3), new Tag("blue", -1)],
        };

        await repository.SaveAsync(sample);
        CodecSample read = (await repository.GetAsync("all"))!;

        Assert.Null(read.NullableText);
        Assert.True(read.Flag);
        Assert.Equal(sample.Byte, read.Byte);
        Assert.Equal(sample.SByte, read.SByte);
        Assert.Equal(sample.Int16, read.Int16);
        Assert.Equal(sample.UInt16, read.UInt16);
        Assert.Equal(sample.Int32, read.Int32);
        Assert.Equal(sample.UInt32, read.UInt32);
        Assert.Equal(sample.Int64, read.Int64);
        Assert.Equal(sample.UInt64, read.UInt64);
        Assert.Equal(sample.Single, read.Single);
        Assert.Equal(sample.Double, read.Double);
        Assert.Equal(sample.Decimal, read.Decimal);
        Assert.Equal(sample.Char, read.Char);
        Assert.Equal(sample.UtcTime, read.UtcTime);
        Assert.Equal(DateTimeKind.Utc, read.UtcTime.Kind);
        Assert.Equal(localTime, read.LocalTime);
        Assert.Equal(DateTimeKind.Local, read.LocalTime.Kind);
        Assert.Equal(sample.UnspecifiedTime, read.UnspecifiedTime);
        Assert.Equal(DateTimeKind.Unspecified, read.UnspecifiedTime.Kind);
        Assert.Equal(sample.Offset, read.Offset);
        Assert.Equal(sample.Offset.Offset, read.Offset.Offset);
        Assert.Equal(sample.Duration, read.Duration);
        Assert.Equal(sample.Guid, read.Guid);
        Assert.Equal(sample.Date, read.Date);
        Assert.Equal(sample.Time, read.Time);
        Assert.Equal(sample.Bytes, read.Bytes);
        Assert.Equal(Status.Closed, read.Status);
        Assert.Equal(Status.Active, read.NullableStatus);
        Assert.Null(read.NullableInt);
        Assert.Equal(-0.0001m, read.NullableDecimal);
        Assert.Equal([3, 1, 2], read.Numbers);
        Assert.Equal(["a", "", "c"], read.Names);
        Assert.Equal([long.MaxValue, 0L], read.ReadOnlyNumbers);
        Assert.Equal([10, 20, 30], read.Sequence);
        Assert.Equal(sample.Set, read.Set);
        Assert.Equal(sample.Counts, read.Counts);
        Assert.Equal([1.1m, 2.2m], read.Prices[Status.Draft]);
        Assert.Empty(read.Prices[Status.Closed]);
        Assert.Equal("Springfield", read.Home.City);
        Assert.Equal("Shelbyville", read.Home.Previous!.City);
        Assert.Null(read.Home.Previous.Previous);
        Assert.Null(read.Missing);
        Assert.Equal("b", Assert.Single(read.Addresses).City);
        Assert.Equal(sample.Tags, read.Tags);
        Assert.Equal(3, read.NameCount);
    }

    [Fact]
    public async Task Null_collections_and_nested_objects_stay_null()
    {
        var repository = new CodecSampleRepository(Context);

        await repository.SaveAsync(new CodecSample { Id = "nulls", Names = null!, Home = null!, Counts = null!, Bytes = null! });
        CodecSample read = (await repository.GetAsync("nulls"))!;

        Assert.Null(read.Names);
        Assert.Null(read.Home);
        Assert.Null(read.Counts);
        Assert.Null(read.Bytes);
    }

    [Fact]
    public void Formatter_writes_a_map_keyed_by_property_name()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        var writer = new MessagePack.MessagePackWriter(buffer);
        PositionRepository.Description.Formatter.Serialize(ref writer, new Position { Id = "p1", Ticker = "AAPL" }, MessagePack.MessagePackSerializerOptions.Standard);
        writer.Flush();
        byte[] bytes = buffer.WrittenSpan.ToArray();

        string json = MessagePack.MessagePackSerializer.ConvertToJson(bytes);

        Assert.StartsWith("{\"Id\":\"p1\",\"Ticker\":\"AAPL\",\"AccountId\":\"\"", json);
    }
}
