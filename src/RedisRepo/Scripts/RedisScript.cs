using System.Security.Cryptography;
using System.Text;
using StackExchange.Redis;

namespace RedisRepo.Scripts;

/// <summary>
/// One Lua script, called with plain KEYS and ARGV. Contract types (one per script, beside this
/// file) build the arguments and read the reply; this type only sends.
/// <para>
/// Script-cache loss (restart, SCRIPT FLUSH, a promoted replica) must never reorder writes. A lone
/// command may go by EVALSHA and, on NOSCRIPT, again in full by EVAL: nothing of the caller's runs
/// between the two. Commands that must apply in the order sent (the chunks of one SaveManyAsync)
/// go by EVAL from the start (<see cref="EvaluateInOrderAsync"/>): the server caches the text by
/// its SHA1 and never answers NOSCRIPT, so no chunk is ever retried behind a later one.
/// </para>
/// </summary>
internal sealed class RedisScript
{
    private readonly byte[] _sha1;

    public RedisScript(string fileName)
    {
        Name = fileName;
        Lua = LuaSource.Load(fileName);
        _sha1 = SHA1.HashData(Encoding.UTF8.GetBytes(Lua));
    }

    /// <summary>The script's file name, for diagnostics.</summary>
    public string Name { get; }

    /// <summary>The script's source, includes and constants written in.</summary>
    public string Lua { get; }

    /// <summary>Delays before the retries of a command a cluster refused without running it (TRYAGAIN, CLUSTERDOWN): about 3 s in all.</summary>
    private static readonly int[] RetryDelays = [10, 20, 40, 80, 160, 320, 640, 1000, 1000];

    /// <summary>
    /// Sends the script as one command: EVALSHA, then EVAL when the server does not know it. A
    /// cluster's TRYAGAIN (a slot mid-migration) and CLUSTERDOWN (a failover under way) mean the
    /// command did not run, so it is sent again after a bounded backoff; MOVED and ASK are
    /// followed by StackExchange.Redis itself.
    /// </summary>
    public async Task<RedisResult> EvaluateAsync(IDatabaseAsync database, RedisKey[] keys, RedisValue[] values)
    {
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                try
                {
                    return await database.ScriptEvaluateAsync(_sha1, keys, values).ConfigureAwait(false);
                }
                catch (RedisServerException e) when (e.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal))
                {
                    return await EvaluateInOrderAsync(database, keys, values).ConfigureAwait(false);
                }
            }
            catch (RedisServerException e) when (attempt < RetryDelays.Length && IsNotRun(e))
            {
                await Task.Delay(RetryDelays[attempt]).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Whether a cluster refused the command before running it.</summary>
    private static bool IsNotRun(RedisServerException e) =>
        e.Message.StartsWith("TRYAGAIN", StringComparison.Ordinal) || e.Message.StartsWith("CLUSTERDOWN", StringComparison.Ordinal);

    /// <summary>
    /// Sends the script in full (EVAL), so it cannot fail with NOSCRIPT and be retried out of order.
    /// Not retried on TRYAGAIN or CLUSTERDOWN either: a later chunk of the same call may already
    /// have run, so the call fails instead of applying chunks out of order.
    /// </summary>
    public Task<RedisResult> EvaluateInOrderAsync(IDatabaseAsync database, RedisKey[] keys, RedisValue[] values)
    {
        // A raw EVAL: StackExchange.Redis routes it by its RedisKey arguments and never turns it into EVALSHA.
        var arguments = new object[2 + keys.Length + values.Length];
        arguments[0] = Lua;
        arguments[1] = keys.Length;
        for (int i = 0; i < keys.Length; i++)
        {
            arguments[2 + i] = keys[i];
        }

        for (int i = 0; i < values.Length; i++)
        {
            arguments[2 + keys.Length + i] = values[i];
        }

        return database.ExecuteAsync("EVAL", arguments);
    }
}
