using StackExchange.Redis;

namespace RedisRepo.Scripts;

/// <summary>
/// KEYS and ARGV arrays of a lone write, reused: a script call sends every element of the arrays
/// it is given, so they are kept by exact length, one of each per thread. An array goes back only
/// after its call has been answered, when the client no longer holds its message; a call that
/// failed or stopped waiting (cancellation, timeout) keeps its arrays, which are then collected.
/// </summary>
internal static class ArgumentArrays
{
    [ThreadStatic]
    private static RedisKey[]? t_keys;

    [ThreadStatic]
    private static RedisValue[]? t_values;

    public static RedisKey[] RentKeys(int length)
    {
        RedisKey[]? keys = t_keys;
        if (keys is not null && keys.Length == length)
        {
            t_keys = null;
            return keys;
        }

        return new RedisKey[length];
    }

    public static RedisValue[] RentValues(int length)
    {
        RedisValue[]? values = t_values;
        if (values is not null && values.Length == length)
        {
            t_values = null;
            return values;
        }

        return new RedisValue[length];
    }

    /// <summary>Takes back the arrays of an answered call, cleared so they hold no payload or key alive.</summary>
    public static void Return(RedisKey[] keys, RedisValue[] values)
    {
        Array.Clear(keys);
        Array.Clear(values);
        t_keys = keys;
        t_values = values;
    }
}
