using StackExchange.Redis;

namespace RedisRepo.Scripts;

/// <summary>
/// The contract of <c>Lua/query.lua</c>: one bounded slice of a query over one bucket, answered
/// from the indexes and the per-entity records (never from entity keys), resumed from a cursor.
/// </summary>
internal static class QueryScript
{
    public static readonly RedisScript Script = new("query.lua");

    /// <summary>How many index entries one call examines at most: the bound of a query's time inside Redis.</summary>
    public const int Budget = 1000;

    /// <summary>One condition: its index key, the record entry that holds the entity's member, kind, order key width and alternatives.</summary>
    public sealed record Condition(RedisKey Key, string EntryName, string Kind, int Width, IReadOnlyList<Alternative> Alternatives);

    /// <summary>One range of a condition: its ZRANGE BYLEX bounds and the check against the record (equality: the member prefix; range: order key bounds, '' for none).</summary>
    public sealed record Alternative(RedisValue Min, RedisValue Max, string Low, string High, bool LowIncluded, bool HighIncluded);

    /// <summary>Where a query stands in one bucket: conjunction, source condition (0: not chosen), alternative (1-based), the last member examined.</summary>
    public readonly record struct Cursor(bool Done, int Conjunction, int Source, int Alternative, byte[] Last)
    {
        public static Cursor Start { get; } = new(false, 1, 0, 1, []);
    }

    /// <summary>What one call found: the matches' ids and source members (none when counting), their number, and the cursor to go on from.</summary>
    public sealed record Slice(Cursor Cursor, long Count, IReadOnlyList<(string Id, byte[] Member)> Matches);

    public static async Task<Slice> RunAsync(
        IDatabaseAsync database, RedisKey allIds, RedisKey records, IReadOnlyList<IReadOnlyList<Condition>> conjunctions,
        bool counting, int take, bool descending, Cursor cursor, string model, string operation)
    {
        var keys = new List<RedisKey> { allIds, records };
        var values = new List<RedisValue>
        {
            counting ? ScriptProtocol.ReadCount : ScriptProtocol.ReadMembers, take, Budget, descending ? "1" : "0",
            cursor.Conjunction, cursor.Source, cursor.Alternative, cursor.Last, conjunctions.Count,
        };
        foreach (IReadOnlyList<Condition> conditions in conjunctions)
        {
            values.Add(conditions.Count);
            foreach (Condition condition in conditions)
            {
                keys.Add(condition.Key);
                values.Add(keys.Count);
                values.Add(condition.EntryName);
                values.Add(condition.Kind);
                values.Add(condition.Width);
                values.Add(condition.Alternatives.Count);
                foreach (Alternative alternative in condition.Alternatives)
                {
                    values.Add(alternative.Min);
                    values.Add(alternative.Max);
                    values.Add(alternative.Low);
                    values.Add(alternative.High);
                    values.Add(alternative.LowIncluded ? "1" : "0");
                    values.Add(alternative.HighIncluded ? "1" : "0");
                }
            }
        }

        RedisResult[] reply = ScriptFailure.Unwrap(await Script.EvaluateAsync(database, [.. keys], [.. values]).ConfigureAwait(false), model, operation);
        var next = new Cursor((string?)reply[1] == "1", (int)reply[2], (int)reply[3], (int)reply[4], (byte[]?)reply[5] ?? []);
        var matches = new List<(string, byte[])>((reply.Length - 7) / 2);
        for (int i = 7; i + 1 < reply.Length; i += 2)
        {
            matches.Add(((string)reply[i]!, (byte[])reply[i + 1]!));
        }

        return new Slice(next, (long)reply[6], matches);
    }
}
