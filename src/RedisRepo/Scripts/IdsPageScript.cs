using StackExchange.Redis;

namespace RedisRepo.Scripts;

/// <summary>The contract of <c>Lua/ids-page.lua</c>: a page of the live ids of "all ids", resumed after the previous page's last id.</summary>
internal static class IdsPageScript
{
    public static readonly RedisScript Script = new("ids-page.lua");

    /// <summary>How many ids one call returns at most: the bound of a page's time inside Redis.</summary>
    public const int MaxIds = 1000;

    /// <summary>Up to <paramref name="take"/> live ids with their scores, after (<paramref name="last"/>, <paramref name="lastScore"/>); "" for the first page.</summary>
    public static async Task<IReadOnlyList<(string Id, string Score)>> RunAsync(IDatabaseAsync database, RedisKey allIds, int take, string last, string lastScore, string model, string operation)
    {
        RedisResult[] reply = ScriptFailure.Unwrap(await Script.EvaluateAsync(database, [allIds], [take, last, lastScore]).ConfigureAwait(false), model, operation);
        var page = new List<(string, string)>((reply.Length - 1) / 2);
        for (int i = 1; i + 1 < reply.Length; i += 2)
        {
            page.Add(((string)reply[i]!, (string)reply[i + 1]!));
        }

        return page;
    }
}
