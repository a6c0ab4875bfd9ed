using StackExchange.Redis;

namespace RedisRepo.Scripts;

/// <summary>The contract of <c>Lua/claim-check.lua</c>: whether the holder of a claim whose lease has passed still holds it.</summary>
internal static class ClaimCheckScript
{
    public static readonly RedisScript Script = new("claim-check.lua");

    public static async Task<bool> RunAsync(IDatabaseAsync database, RedisKey holderRecords, RedisKey holderEntity, string holder, string slotName, string member, string model, string operation)
    {
        RedisResult[] reply = ScriptFailure.Unwrap(await Script.EvaluateAsync(database, [holderRecords, holderEntity], [holder, slotName, member]).ConfigureAwait(false), model, operation);
        return (long)reply[1] == 1;
    }
}
