using MessagePack;
using RedisRepo.Codecs;
using RedisRepo.Scripts;
using RedisRepo.Storage;
using StackExchange.Redis;

namespace RedisRepo.Tests.Infrastructure;

/// <summary>
/// The one consistency check the fault tests share: reads every raw key of a model and compares
/// it, member by member, with what the stored entities imply: "all ids" holds exactly the
/// entities' ids (+inf exactly for persistent ones), every index key exactly their entries, and
/// the records hash exactly their records (version and entries). Any orphan, missing entry or
/// half-written entity fails with the key and member named.
/// </summary>
public static class IndexConsistency
{
    /// <summary>Asserts the model's keys under <paramref name="keyPrefix"/> are consistent; returns the stored entities by key id.</summary>
    public static async Task<Dictionary<string, T>> AssertAsync<T>(IDatabase database, string keyPrefix, RedisModel<T> model)
        where T : class
    {
        string entityPrefix = keyPrefix + model.KeyPrefix;
        string meta = keyPrefix + model.MetaPrefix;
        List<(string Kind, string Index)> slots = IndexEntries.Declared(model);
        bool keepsRecords = slots.Count > 0 || model.VersionProperty is not null;

        var entities = new Dictionary<string, T>(StringComparer.Ordinal);
        var expected = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        void Expect(string key, string member)
        {
            if (!expected.TryGetValue(key, out SortedSet<string>? set))
            {
                expected[key] = set = new SortedSet<string>(StringComparer.Ordinal);
            }

            set.Add(member);
        }

        IServer server = database.Multiplexer.GetServers().Single(s => !s.IsReplica);
        await foreach (RedisKey key in server.KeysAsync(database.Database, KeyLayout.EntityKeyPattern(keyPrefix, model.KeyTemplate), 1000))
        {
            string keyId = ((string)key!)[entityPrefix.Length..];
            RedisValue payload = await database.StringGetAsync(key);
            T entity = PayloadCodec.Deserialize(model.Formatter, (ReadOnlyMemory<byte>)payload);
            Assert.Equal(keyId, model.GetKeyId(entity, "check"));
            entities[keyId] = entity;

            TimeSpan? ttl = await database.KeyTimeToLiveAsync(key);
            double? score = await database.SortedSetScoreAsync(meta + KeyLayout.AllIdsSuffix, keyId);
            Assert.True(score is not null, $"{key} is missing from all ids");
            Assert.True(ttl is null == double.IsPositiveInfinity(score!.Value), $"{key}: time to live {ttl}, all-ids score {score}");
            Expect(meta + KeyLayout.AllIdsSuffix, keyId);

            var entries = new IndexEntries();
            model.WriteIndexEntries(entity, entries);
            var record = new List<string> { model.VersionProperty is null ? "" : model.GetVersion(entity).ToString(System.Globalization.CultureInfo.InvariantCulture) };
            foreach (IndexEntries.Entry entry in entries.Items)
            {
                string name = IndexKeys.SlotName(entry.Kind, entry.Index);
                string member = entry.Kind switch
                {
                    ScriptProtocol.SlotEquality => IndexKeys.EqualityMember(entry.Value, keyId),
                    ScriptProtocol.SlotRange => IndexKeys.RangeMember(entry.Value, keyId),
                    _ => entry.Value, // a unique index: value -> id
                };
                Expect(meta + name, entry.Kind == ScriptProtocol.SlotUnique ? member + "=" + keyId : member);
                record.Add(name);
                record.Add(member);
            }

            if (keepsRecords)
            {
                Expect(meta + IndexKeys.Records, keyId + "=" + string.Join("|", record));
            }
        }

        var actual = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        var modelKeys = new List<string> { meta + KeyLayout.AllIdsSuffix, meta + IndexKeys.Records };
        modelKeys.AddRange(slots.Select(s => meta + IndexKeys.SlotName(s.Kind, s.Index)));
        foreach (string key in modelKeys)
        {
            SortedSet<string> members = await MembersAsync(database, key);
            if (members.Count > 0)
            {
                actual[key] = members;
            }
        }

        foreach (string key in expected.Keys.Union(actual.Keys))
        {
            SortedSet<string> want = expected.GetValueOrDefault(key) ?? [];
            SortedSet<string> have = actual.GetValueOrDefault(key) ?? [];
            Assert.True(
                want.SetEquals(have),
                $"{key}: missing [{string.Join(", ", want.Except(have).Take(5))}], orphans [{string.Join(", ", have.Except(want).Take(5))}]");
        }

        return entities;
    }

    private static async Task<SortedSet<string>> MembersAsync(IDatabase database, string key)
    {
        var members = new SortedSet<string>(StringComparer.Ordinal);
        switch (await database.KeyTypeAsync(key))
        {
            case RedisType.SortedSet:
                foreach (RedisValue member in await database.SortedSetRangeByRankAsync(key))
                {
                    members.Add(member!);
                }

                break;
            case RedisType.Hash when key.EndsWith("#" + IndexKeys.Records, StringComparison.Ordinal):
                foreach (HashEntry entry in await database.HashGetAllAsync(key))
                {
                    string[] record = MessagePackSerializer.Deserialize<string[]>((byte[])entry.Value!);
                    members.Add(entry.Name + "=" + string.Join("|", record));
                }

                break;
            case RedisType.Hash:
                foreach (HashEntry entry in await database.HashGetAllAsync(key))
                {
                    members.Add($"{entry.Name}={entry.Value}");
                }

                break;
            case RedisType.None:
                break;
            default:
                Assert.Fail($"{key} holds a Redis {await database.KeyTypeAsync(key)}");
                break;
        }

        return members;
    }
}
