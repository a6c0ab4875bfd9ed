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
    /// <summary>
    /// Asserts the model's keys under <paramref name="keyPrefix"/> are consistent, bucket by bucket
    /// on every primary for a sharded model (its unique claims in the values' buckets, each naming
    /// its holder with the token the holder's record lists); returns the stored entities by key id.
    /// </summary>
    public static async Task<Dictionary<string, T>> AssertAsync<T>(IDatabase database, string keyPrefix, RedisModel<T> model)
        where T : class
    {
        List<(string Kind, string Index)> slots = IndexEntries.Declared(model);
        bool keepsRecords = slots.Count > 0 || model.VersionProperty is not null;
        bool sharded = model.Shards > 0;
        string[] tags = sharded ? Enumerable.Range(0, model.Shards).Select(b => "{" + Buckets.Tag(b, model.Shards) + "}:").ToArray() : [""];
        string Entity(int b) => keyPrefix + model.KeyPrefix + tags[b];
        string Meta(int b) => keyPrefix + model.MetaPrefix + tags[b];
        int BucketOf(string text) => sharded ? Buckets.Of(text, model.Shards) : 0;

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

        var tokens = new Dictionary<(string Index, string Value), string>();
        foreach (IServer server in database.Multiplexer.GetServers().Where(s => s.IsConnected && !s.IsReplica))
        {
            await foreach (RedisKey key in server.KeysAsync(database.Database, KeyLayout.EntityKeyPattern(keyPrefix, model.KeyTemplate), 1000))
            {
                string text = (string)key!;
                int bucket = Enumerable.Range(0, tags.Length).Single(b => text.StartsWith(Entity(b), StringComparison.Ordinal));
                string keyId = text[Entity(bucket).Length..];
                Assert.Equal(bucket, BucketOf(keyId));
                RedisValue payload = await database.StringGetAsync(key);
                T entity = PayloadCodec.Deserialize(model.Formatter, (ReadOnlyMemory<byte>)payload);
                Assert.Equal(keyId, model.GetKeyId(entity, "check"));
                entities[keyId] = entity;
                string meta = Meta(bucket);

                TimeSpan? ttl = await database.KeyTimeToLiveAsync(key);
                double? score = await database.SortedSetScoreAsync(meta + KeyLayout.AllIdsSuffix, keyId);
                Assert.True(score is not null, $"{key} is missing from all ids");
                Assert.True(ttl is null == double.IsPositiveInfinity(score!.Value), $"{key}: time to live {ttl}, all-ids score {score}");
                Expect(meta + KeyLayout.AllIdsSuffix, keyId);

                var entries = new IndexEntries();
                model.WriteIndexEntries(entity, entries);
                var record = new List<string> { model.VersionProperty is null ? "" : model.GetVersion(entity).ToString(System.Globalization.CultureInfo.InvariantCulture) };
                string? recordText = keepsRecords ? null : "";
                foreach (IndexEntries.Entry entry in entries.Items)
                {
                    string name = IndexKeys.SlotName(entry.Kind, entry.Index);
                    if (entry.Kind == ScriptProtocol.SlotUnique && sharded)
                    {
                        // The claim lives in the value's bucket and names this holder; the record lists token:value.
                        Expect(Meta(BucketOf(entry.Value)) + name, entry.Value + "=" + keyId);
                        string[] stored = await StoredRecordAsync(database, meta + IndexKeys.Records, keyId);
                        string member = stored.Skip(1).Where((_, i) => i % 2 == 1).FirstOrDefault(m => m.EndsWith(":" + entry.Value, StringComparison.Ordinal)) ?? "(no claim token)";
                        tokens[(entry.Index, entry.Value)] = member.Split(':')[0];
                        record.Add(name);
                        record.Add(member);
                        continue;
                    }

                    string indexMember = entry.Kind switch
                    {
                        ScriptProtocol.SlotEquality => IndexKeys.EqualityMember(entry.Value, keyId),
                        ScriptProtocol.SlotRange => IndexKeys.RangeMember(entry.Value, keyId),
                        _ => entry.Value, // a unique index: value -> id
                    };
                    Expect(meta + name, entry.Kind == ScriptProtocol.SlotUnique ? indexMember + "=" + keyId : indexMember);
                    record.Add(name);
                    record.Add(indexMember);
                }

                if (keepsRecords)
                {
                    Expect(meta + IndexKeys.Records, keyId + "=" + string.Join("|", record));
                }
            }
        }

        var actual = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        for (int b = 0; b < tags.Length; b++)
        {
            var modelKeys = new List<string> { Meta(b) + KeyLayout.AllIdsSuffix, Meta(b) + IndexKeys.Records };
            modelKeys.AddRange(slots.Select(s => Meta(b) + IndexKeys.SlotName(s.Kind, s.Index)));
            foreach (string key in modelKeys)
            {
                SortedSet<string> members = await MembersAsync(database, key, sharded, isRecords: key == Meta(b) + IndexKeys.Records);
                if (members.Count > 0)
                {
                    actual[key] = members;
                }
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

        foreach (((string index, string value), string token) in tokens)
        {
            string claim = (string)(await database.HashGetAsync(Meta(BucketOf(value)) + IndexKeys.UniqueFamily + index, value))!;
            Assert.Equal(token, claim.Split('|')[1]);
        }

        return entities;
    }

    private static async Task<string[]> StoredRecordAsync(IDatabase database, string records, string keyId)
    {
        RedisValue text = await database.HashGetAsync(records, keyId);
        return text.IsNull ? [] : MessagePackSerializer.Deserialize<string[]>((byte[])text!);
    }

    private static async Task<SortedSet<string>> MembersAsync(IDatabase database, string key, bool claims, bool isRecords)
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
            case RedisType.Hash when isRecords:
                foreach (HashEntry entry in await database.HashGetAllAsync(key))
                {
                    string[] record = MessagePackSerializer.Deserialize<string[]>((byte[])entry.Value!);
                    members.Add(entry.Name + "=" + string.Join("|", record));
                }

                break;
            case RedisType.Hash:
                foreach (HashEntry entry in await database.HashGetAllAsync(key))
                {
                    members.Add($"{entry.Name}={(claims ? UniqueClaimLayout.HolderOf(entry.Value!) : entry.Value)}");
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
