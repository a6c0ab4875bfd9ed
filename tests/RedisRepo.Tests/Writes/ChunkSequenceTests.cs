using RedisRepo.Scripts;
using RedisRepo.Storage;
using RedisRepo.Tests.Infrastructure;
using RedisRepo.Tests.Models;
using StackExchange.Redis;

namespace RedisRepo.Tests.Writes;

/// <summary>
/// The chunks of one SaveManyAsync to one bucket form a sequence: write.lua applies a chunk only
/// once the chunk before it is applied, so a chunk sent again after NOSCRIPT can never be overtaken
/// (the faults themselves: Faults/ScriptCacheLossTests).
/// </summary>
public sealed class ChunkSequenceTests : RedisTest
{
    [Fact]
    public async Task A_chunk_whose_predecessor_is_not_applied_writes_nothing_and_says_so()
    {
        (WriteOperation save, RedisKey sequence) = Save("a");

        RedisResult reply = await SendAsync(save, new SequenceStep(sequence, 2, Last: false));

        Assert.True(WriteScript.IsOutOfSequence(reply, out ScriptFailure failure));
        Assert.Equal(((string)sequence!, "0", "2"), (failure.First, failure.Second, failure.Third));
        Assert.Empty(await KeysAsync());
    }

    [Fact]
    public async Task Chunks_in_order_are_applied_and_the_last_removes_the_sequence_key()
    {
        (WriteOperation first, RedisKey sequence) = Save("a");
        (WriteOperation second, _) = Save("b");

        Assert.False(WriteScript.IsOutOfSequence(await SendAsync(first, new SequenceStep(sequence, 1, Last: false)), out _));
        Assert.Equal("1", (string?)await Database.StringGetAsync(sequence));
        TimeSpan? left = await Database.KeyTimeToLiveAsync(sequence);
        Assert.InRange(left!.Value.TotalMilliseconds, 1, ScriptProtocol.SequenceTimeToLive); // a caller that dies leaves it for a bounded time
        Assert.True(WriteScript.IsOutOfSequence(await SendAsync(first, new SequenceStep(sequence, 1, Last: false)), out _)); // the same chunk twice: refused

        Assert.False(WriteScript.IsOutOfSequence(await SendAsync(second, new SequenceStep(sequence, 2, Last: true)), out _));

        Assert.False(await Database.KeyExistsAsync(sequence));
        Assert.True(await Database.KeyExistsAsync(first.EntityKey));
        Assert.True(await Database.KeyExistsAsync(second.EntityKey));
    }

    [Fact]
    public async Task A_sequence_key_holding_another_type_fails_the_call_before_any_write()
    {
        (WriteOperation save, RedisKey sequence) = Save("a");
        await Database.ListRightPushAsync(sequence, "foreign");

        RedisResult reply = await SendAsync(save, new SequenceStep(sequence, 1, Last: true));

        Assert.Equal(ScriptProtocol.StatusFailed, (long)((RedisResult[])reply!)[0]);
        Assert.Equal(ScriptProtocol.FailWrongType, (string?)((RedisResult[])reply!)[1]);
        Assert.False(await Database.KeyExistsAsync(save.EntityKey));
    }

    [Fact]
    public async Task SaveMany_and_DeleteMany_of_several_chunks_leave_no_sequence_key()
    {
        var holdings = new HoldingRepository(Context);
        Holding[] many = Enumerable.Range(0, (3 * BatchWriter.ChunkSize) + 1).Select(i => new Holding { Id = "h" + (i % 700), Ticker = "T" + (i % 3), Sequence = i }).ToArray();

        await holdings.SaveManyAsync(many);

        Assert.DoesNotContain(await KeysAsync(), key => key.Contains("#seq:", StringComparison.Ordinal));
        Assert.Equal(many.Length - 1, (await holdings.GetAsync("h68"))!.Sequence); // the id's last occurrence: 68 + 700
        await IndexConsistency.AssertAsync(Database, Prefix, HoldingRepository.Description);
        Assert.Equal(700, await holdings.DeleteManyAsync(Enumerable.Range(0, 700).Select(i => "h" + i)));
        Assert.Empty(await KeysAsync());
    }

    /// <summary>A save of key id <paramref name="id"/> in a bucket of this test's own, and a sequence key beside its "all ids".</summary>
    private (WriteOperation Save, RedisKey Sequence) Save(string id)
    {
        var bucket = new Bucket(0, Prefix + "sequence:", Prefix + "sequence#", [], globalUniques: false);
        var save = new WriteOperation(bucket, "Sequence", "SaveManyAsync", id, isDelete: false, claimLayout: null) { Payload = "payload of " + id };
        return (save, IndexKeys.Sequence((string)bucket.AllIds!));
    }

    private async Task<RedisResult> SendAsync(WriteOperation operation, SequenceStep step)
    {
        (RedisKey[] keys, RedisValue[] values) = WriteScript.Build([operation], 0, 1, atomic: false, step);
        return await WriteScript.Script.EvaluateAsync(Database, keys, values);
    }
}
