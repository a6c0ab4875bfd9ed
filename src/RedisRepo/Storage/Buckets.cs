using System.Collections.Concurrent;
using System.Text;

namespace RedisRepo.Storage;

/// <summary>
/// How a sharded model (<c>[RedisKey(..., Shards = N)]</c>) spreads over Redis Cluster: the
/// bucket of an entity, and the hash tag every key of a bucket carries. Both are stable,
/// documented functions (docs/cluster.md), so another service or language can compute the keys:
/// <list type="bullet">
/// <item><description>bucket = CRC16-XMODEM(UTF-8 of the key id) mod N, the same CRC16 Redis Cluster uses for slots;</description></item>
/// <item><description>bucket b's target slot = floor((2b + 1) × 16384 / 2N): N evenly spaced slots;</description></item>
/// <item><description>bucket b's tag = the first string, shortest first, then in the order of the alphabet
/// <c>0-9a-z</c>, whose slot (CRC16 mod 16384) is the target slot.</description></item>
/// </list>
/// A key of bucket b is the model's literal prefix, <c>{tag}:</c>, then the rest:
/// <c>finance:position:{tag}:p1</c>, <c>finance:position#{tag}:ids</c>.
/// </summary>
public static class Buckets
{
    /// <summary>The number of hash slots of Redis Cluster.</summary>
    public const int SlotCount = 16384;

    private const string Alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";

    private static readonly ConcurrentDictionary<int, string[]> Tags = new();

    /// <summary>The bucket of the entity with this key id, for a model of <paramref name="shards"/> buckets.</summary>
    public static int Of(string keyId, int shards)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        ArgumentOutOfRangeException.ThrowIfLessThan(shards, 1);
        return shards == 1 ? 0 : Crc16(Encoding.UTF8.GetBytes(keyId)) % shards;
    }

    /// <summary>The hash tag (without braces) of bucket <paramref name="bucket"/> of <paramref name="shards"/>.</summary>
    public static string Tag(int bucket, int shards)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shards, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(bucket);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(bucket, shards);
        return Tags.GetOrAdd(shards, ComputeTags)[bucket];
    }

    /// <summary>The slot bucket <paramref name="bucket"/> of <paramref name="shards"/> sits on.</summary>
    public static int TargetSlot(int bucket, int shards) => (int)(((2L * bucket) + 1) * SlotCount / (2L * shards));

    /// <summary>The Redis Cluster slot of a hash tag's text (or of a whole key that has no tag).</summary>
    public static int SlotOf(string text) => Crc16(Encoding.UTF8.GetBytes(text)) % SlotCount;

    /// <summary>CRC16-XMODEM (polynomial 0x1021, initial value 0), as Redis Cluster computes it.</summary>
    public static int Crc16(ReadOnlySpan<byte> data)
    {
        int crc = 0;
        foreach (byte b in data)
        {
            crc ^= b << 8;
            for (int bit = 0; bit < 8; bit++)
            {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }

            crc &= 0xFFFF;
        }

        return crc;
    }

    private static string[] ComputeTags(int shards)
    {
        var wanted = new Dictionary<int, int>(); // target slot -> bucket
        for (int b = 0; b < shards; b++)
        {
            wanted[TargetSlot(b, shards)] = b;
        }

        var tags = new string?[shards];
        int found = 0;
        foreach (string candidate in Candidates())
        {
            if (wanted.TryGetValue(SlotOf(candidate), out int bucket) && tags[bucket] is null)
            {
                tags[bucket] = candidate;
                if (++found == shards)
                {
                    break;
                }
            }
        }

        return tags!;
    }

    /// <summary>Every string over the alphabet, shortest first, each length in alphabet order.</summary>
    private static IEnumerable<string> Candidates()
    {
        for (int length = 1; ; length++)
        {
            var digits = new int[length];
            var text = new char[length];
            while (true)
            {
                for (int i = 0; i < length; i++)
                {
                    text[i] = Alphabet[digits[i]];
                }

                yield return new string(text);
                int d = length - 1;
                while (d >= 0 && ++digits[d] == Alphabet.Length)
                {
                    digits[d--] = 0;
                }

                if (d < 0)
                {
                    break;
                }
            }
        }
    }
}
