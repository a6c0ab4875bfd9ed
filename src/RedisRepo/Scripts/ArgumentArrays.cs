using StackExchange.Redis;

namespace RedisRepo.Scripts;

/// <summary>
/// KEYS and ARGV arrays of a lone write, reused: a script call sends every element of the arrays
/// it is given, so they are kept by exact length, a few per length, shared by all threads (a call
/// often completes on another thread than the one that made it). An array goes back only after
/// its call has been answered, when the client no longer holds its message; a call that failed or
/// stopped waiting (cancellation, timeout) keeps its arrays, which are then collected.
/// </summary>
internal sealed class ArgumentArrays
{
    private const int Lengths = 16, PerLength = 4;

    private readonly RedisKey[]?[] _keys = new RedisKey[Lengths * PerLength][];
    private readonly RedisValue[]?[] _values = new RedisValue[Lengths * PerLength][];

    /// <summary>The arrays every lone write shares.</summary>
    public static ArgumentArrays Shared { get; } = new();

    public RedisKey[] RentKeys(int length) => Rent(_keys, length);

    public RedisValue[] RentValues(int length) => Rent(_values, length);

    /// <summary>Takes back the arrays of an answered call, cleared so they hold no payload or key alive.</summary>
    public void Return(RedisKey[] keys, RedisValue[] values)
    {
        Array.Clear(keys);
        Array.Clear(values);
        Put(_keys, keys);
        Put(_values, values);
    }

    private static TItem[] Rent<TItem>(TItem[]?[] slots, int length)
    {
        int first = (length % Lengths) * PerLength;
        for (int i = first; i < first + PerLength; i++)
        {
            TItem[]? array = Volatile.Read(ref slots[i]);
            if (array is not null && array.Length == length && Interlocked.CompareExchange(ref slots[i], null, array) == array)
            {
                return array;
            }
        }

        return new TItem[length];
    }

    private static void Put<TItem>(TItem[]?[] slots, TItem[] array)
    {
        int first = (array.Length % Lengths) * PerLength;
        for (int i = first; i < first + PerLength; i++)
        {
            if (Interlocked.CompareExchange(ref slots[i], array, null) is null)
            {
                return; // an empty place
            }
        }

        for (int i = first; i < first + PerLength; i++)
        {
            TItem[]? held = Volatile.Read(ref slots[i]);
            if (held is not null && held.Length != array.Length && Interlocked.CompareExchange(ref slots[i], array, held) == held)
            {
                return; // the place of an array of another length that shares these places: the latest length wins
            }
        }
    }
}
