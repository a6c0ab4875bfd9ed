using System.Globalization;
using System.Net;
using RedisRepo.Tests.Infrastructure;
using StackExchange.Redis;

namespace RedisRepo.Tests.Cluster;

/// <summary>
/// The shared cluster (<see cref="RedisCluster"/>) is what the cluster tests assume: 3 primaries that
/// share all 16384 slots, each with a replica whose link is up, and keys in different hash slots
/// stored on different primaries.
/// </summary>
public sealed class ClusterRigTests
{
    private const int SlotCount = 16384;

    [Fact]
    public async Task The_shared_cluster_has_three_primaries_covering_every_slot_each_with_a_connected_replica()
    {
        ConnectionMultiplexer connection = await RedisCluster.ConnectionAsync();
        IServer[] primaries = Primaries(connection);
        Assert.Equal(3, primaries.Length);

        ClusterConfiguration nodes = (await primaries[0].ClusterNodesAsync())!;
        var owners = new string?[SlotCount];
        foreach (ClusterNode primary in nodes.Nodes.Where(node => !node.IsReplica && node.Slots.Count > 0))
        {
            foreach (SlotRange range in primary.Slots)
            {
                for (int slot = range.From; slot <= range.To; slot++)
                {
                    Assert.True(owners[slot] is null, $"slot {slot} is owned by {owners[slot]} and {primary.EndPoint}");
                    owners[slot] = primary.EndPoint!.ToString();
                }
            }
        }

        Assert.True(Array.IndexOf(owners, null) < 0, $"slot {Array.IndexOf(owners, null)} has no primary");
        Assert.Equal(3, owners.Distinct().Count());

        IServer[] replicas = connection.GetServers().Where(server => server.IsConnected && server.IsReplica).ToArray();
        var primaryPortsWithReplica = new HashSet<string>();
        foreach (IServer replica in replicas)
        {
            IGrouping<string, KeyValuePair<string, string>>[] info = await replica.InfoAsync("replication");
            Dictionary<string, string> fields = info.SelectMany(group => group).ToDictionary(pair => pair.Key, pair => pair.Value);
            Assert.True(fields.GetValueOrDefault("master_link_status") == "up", $"replica {replica.EndPoint}: {string.Join(", ", fields)}");
            primaryPortsWithReplica.Add(fields["master_port"]);
        }

        Assert.Equal(
            primaries.Select(primary => Port(primary).ToString(CultureInfo.InvariantCulture)).Order(),
            primaryPortsWithReplica.Order());
    }

    [Fact]
    public async Task Keys_in_different_hash_slots_land_on_different_primaries()
    {
        ConnectionMultiplexer connection = await RedisCluster.ConnectionAsync();
        IDatabase database = connection.GetDatabase();
        string suffix = $"cluster-rig:{Guid.NewGuid():N}";
        RedisKey[] keys = "abcdefghij".Select(tag => (RedisKey)$"{{{tag}}}{suffix}").ToArray();
        try
        {
            foreach (RedisKey key in keys)
            {
                Assert.True(await database.StringSetAsync(key, "v"));
            }

            var holders = new Dictionary<string, List<string>>();
            foreach (IServer primary in Primaries(connection))
            {
                await foreach (RedisKey key in primary.KeysAsync(pattern: "*" + suffix, pageSize: 1000))
                {
                    holders.TryAdd(primary.EndPoint.ToString()!, []);
                    holders[primary.EndPoint.ToString()!].Add(key!);
                }
            }

            Assert.Equal(keys.Select(key => (string)key!).Order(), holders.Values.SelectMany(held => held).Order());
            Assert.True(holders.Count >= 2, $"every key is on one primary: {string.Join("; ", holders.Select(pair => $"{pair.Key}: {string.Join(", ", pair.Value)}"))}");
        }
        finally
        {
            foreach (RedisKey key in keys)
            {
                await database.KeyDeleteAsync(key); // one at a time: a multi-key DEL across slots is refused
            }
        }
    }

    private static IServer[] Primaries(ConnectionMultiplexer connection) =>
        connection.GetServers().Where(server => server.IsConnected && !server.IsReplica).OrderBy(Port).ToArray();

    private static int Port(IServer server) => server.EndPoint switch
    {
        IPEndPoint ip => ip.Port,
        DnsEndPoint dns => dns.Port,
        var other => throw new InvalidOperationException($"unexpected endpoint {other}"),
    };
}
