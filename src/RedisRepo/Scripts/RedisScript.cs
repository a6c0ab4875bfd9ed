using System.Security.Cryptography;
using System.Text;
using StackExchange.Redis;

namespace RedisRepo.Scripts;

/// <summary>
/// A Lua script called by its SHA1 with plain KEYS and ARGV (one EVALSHA, no parameter
/// rewriting). When the server does not know the script yet (NOSCRIPT: first use, restart,
/// SCRIPT FLUSH), it is sent once in full with EVAL, which also loads it.
/// </summary>
internal sealed class RedisScript
{
    private readonly byte[] _sha1;

    public RedisScript(string name, string lua)
    {
        Name = name;
        Lua = lua;
        _sha1 = SHA1.HashData(Encoding.UTF8.GetBytes(lua));
    }

    /// <summary>The script's name, for diagnostics.</summary>
    public string Name { get; }

    /// <summary>The script's source.</summary>
    public string Lua { get; }

    public async Task<RedisResult> EvaluateAsync(IDatabaseAsync database, RedisKey[] keys, RedisValue[] values)
    {
        try
        {
            return await database.ScriptEvaluateAsync(_sha1, keys, values).ConfigureAwait(false);
        }
        catch (RedisServerException e) when (e.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal))
        {
            return await database.ScriptEvaluateAsync(Lua, keys, values).ConfigureAwait(false);
        }
    }
}
