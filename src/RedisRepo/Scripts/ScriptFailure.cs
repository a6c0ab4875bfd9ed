using StackExchange.Redis;

namespace RedisRepo.Scripts;

/// <summary>
/// A failure a script reported instead of writing: one of the <c>Fail*</c> codes of
/// <see cref="ScriptProtocol"/> and its three details. Every script encodes failures this way.
/// </summary>
internal readonly record struct ScriptFailure(string Code, string First, string Second, string Third)
{
    /// <summary>Reads a failure from four consecutive reply elements starting at <paramref name="at"/>.</summary>
    public static ScriptFailure Read(RedisResult[] reply, int at) =>
        new((string)reply[at]!, (string?)reply[at + 1] ?? "", (string?)reply[at + 2] ?? "", (string?)reply[at + 3] ?? "");

    /// <summary>
    /// The reply's elements after the status, or the typed exception of the failure it reports
    /// (foreign or corrupt data at a key the script reads, for any script that only reads).
    /// </summary>
    public static RedisResult[] Unwrap(RedisResult result, string model, string operation)
    {
        var reply = (RedisResult[])result!;
        if ((long)reply[0] == ScriptProtocol.StatusFailed)
        {
            throw Read(reply, 1).ToDataException(model, operation);
        }

        return reply;
    }

    /// <summary>The exception for a failure about the data found (wrong type, corrupt or missing record).</summary>
    public RedisRepoException ToDataException(string model, string operation) => Code switch
    {
        ScriptProtocol.FailWrongType => new RedisRepoSerializationException(model, First, operation, $"the key holds a Redis {Second}, where RedisRepo keeps a {Third}"),
        ScriptProtocol.FailCorruptRecord => new RedisRepoSerializationException(model, First, operation, $"the index record of key id '{Second}' (a field of this hash) is not a RedisRepo record; RebuildIndexesAsync rewrites it"),
        ScriptProtocol.FailMissingRecord => new RedisRepoSerializationException(model, First, operation, "the entity exists without its index record, so its stored version is unknown (was the record evicted, or written by RedisRepo 0.1?); RebuildIndexesAsync restores it"),
        _ => new RedisRepoException($"{model}.{operation}: the script reported failure '{Code}' ({First}, {Second}, {Third}), which this operation does not expect."),
    };
}
