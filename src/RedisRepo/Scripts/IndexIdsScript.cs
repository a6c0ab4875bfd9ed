using StackExchange.Redis;

namespace RedisRepo.Scripts;

/// <summary>
/// The contract of <c>Lua/index-ids.lua</c>: the members of live entities in a lexicographic
/// range of an equality or range index (prefix + id), after skip and at most take, or their
/// number. Liveness is the entity's score in "all ids", by the server's clock.
/// </summary>
internal static class IndexIdsScript
{
    public static readonly RedisScript Script = new("index-ids.lua");

    /// <summary>The live members, in index order (descending when asked), after skip and at most take (-1: all).</summary>
    public static async Task<RedisValue[]> MembersAsync(IDatabaseAsync database, RedisKey index, RedisKey allIds, RedisValue min, RedisValue max, bool descending, int prefixLength, int skip, int take, string model, string operation)
    {
        RedisResult[] reply = await RunAsync(database, index, allIds, min, max, descending, prefixLength, skip, take, ScriptProtocol.ReadMembers, model, operation).ConfigureAwait(false);
        var members = new RedisValue[reply.Length - 1];
        for (int i = 0; i < members.Length; i++)
        {
            members[i] = (RedisValue)reply[i + 1];
        }

        return members;
    }

    public static async Task<long> CountAsync(IDatabaseAsync database, RedisKey index, RedisKey allIds, RedisValue min, RedisValue max, int prefixLength, string model, string operation)
    {
        RedisResult[] reply = await RunAsync(database, index, allIds, min, max, false, prefixLength, 0, -1, ScriptProtocol.ReadCount, model, operation).ConfigureAwait(false);
        return (long)reply[1];
    }

    private static async Task<RedisResult[]> RunAsync(IDatabaseAsync database, RedisKey index, RedisKey allIds, RedisValue min, RedisValue max, bool descending, int prefixLength, int skip, int take, string mode, string model, string operation) =>
        ScriptFailure.Unwrap(
            await Script.EvaluateAsync(database, [index, allIds], [min, max, descending ? "1" : "0", prefixLength, skip, take, mode]).ConfigureAwait(false),
            model,
            operation);
}
