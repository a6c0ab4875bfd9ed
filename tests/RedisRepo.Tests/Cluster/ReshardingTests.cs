using System.Net;
using RedisRepo.Storage;
using RedisRepo.Testing;
using RedisRepo.Tests.Infrastructure;
using RedisRepo.Tests.Models;
using StackExchange.Redis;

namespace RedisRepo.Tests.Cluster;

/// <summary>
/// A bucket's slot moves between primaries (CLUSTER SETSLOT IMPORTING/MIGRATING, MIGRATE, SETSLOT
/// NODE) while saves, updates and reads run: no exception reaches the caller (MOVED and ASK are
/// followed, TRYAGAIN retried), no acknowledged write is lost, and the indexes match the entities.
/// The test owns its cluster: it moves a slot.
/// </summary>
[Collection(nameof(ServerWideCollection))] // a cluster of its own, run alone
public sealed class ReshardingTests : IAsyncLifetime
{
    private RedisClusterProcess _cluster = null!;

    private ConnectionMultiplexer _connection = null!;

    public async Task InitializeAsync()
    {
        _cluster = RedisClusterProcess.Start();
        var options = ConfigurationOptions.Parse(_cluster.Configuration);
        options.AllowAdmin = true;
        _connection = await ConnectionMultiplexer.ConnectAsync(options);
    }

    public async Task DisposeAsync()
    {
        await _connection.DisposeAsync();
        _cluster.Dispose();
    }

    [Fact]
    public async Task A_bucket_moving_to_another_primary_mid_traffic_loses_nothing_and_no_exception_reaches_the_caller()
    {
        var positions = new ShardedPositionRepository(new RedisRepoContext(_connection));
        await positions.SaveManyAsync(Enumerable.Range(0, 800).Select(i => new ShardedPosition { Id = "p" + i, Ticker = "T" + (i % 4), Reference = "R" + i, Sequence = i }));
        int bucket = Buckets.Of("p0", 16);
        int slot = Buckets.TargetSlot(bucket, 16);
        string[] moving = Enumerable.Range(0, 800).Select(i => "p" + i).Where(id => Buckets.Of(id, 16) == bucket).ToArray();
        IServer source = _connection.GetServer((RedisKey)("x{" + Buckets.Tag(bucket, 16) + "}"));
        IServer target = _connection.GetServers().First(s => !s.IsReplica && !s.EndPoint.Equals(source.EndPoint));

        var acknowledged = new Dictionary<string, long>();
        var errors = new List<Exception>();
        using var stop = new CancellationTokenSource();
        int operations = 0;
        Task traffic = Task.Run(async () =>
        {
            var random = new Random(3);
            for (long step = 1_000; !stop.IsCancellationRequested; step++)
            {
                string id = random.Next(3) == 0 ? moving[random.Next(moving.Length)] : "p" + random.Next(800);
                try
                {
                    ShardedPosition current = (await positions.GetAsync(id))!;
                    current.Sequence = step;
                    current.Ticker = "T" + (step % 4);
                    await positions.SaveAsync(current);
                    acknowledged[id] = step;
                    _ = await positions.FindByTickerAsync("T" + (step % 4));
                    _ = await positions.GetByReferenceAsync(current.Reference!);
                    Interlocked.Increment(ref operations);
                }
                catch (Exception e)
                {
                    errors.Add(e);
                    return;
                }
            }
        });
        await Eventually.TrueAsync(async () => Volatile.Read(ref operations) > 50 || traffic.IsCompleted, timeoutSeconds: 20);

        await MoveSlotAsync(slot, source, target);
        int moved = Volatile.Read(ref operations);
        await Eventually.TrueAsync(async () => Volatile.Read(ref operations) > moved + 100 || traffic.IsCompleted, timeoutSeconds: 20);
        await stop.CancelAsync();
        await traffic;

        Assert.Empty(errors);
        Assert.Equal(target.EndPoint, _connection.GetServer((RedisKey)("x{" + Buckets.Tag(bucket, 16) + "}")).EndPoint);
        Dictionary<string, ShardedPosition> stored = await IndexConsistency.AssertAsync(_connection.GetDatabase(), "", ShardedPositionRepository.Description);
        Assert.Equal(800, stored.Count);
        Assert.All(acknowledged, a => Assert.Equal(a.Value, stored[a.Key].Sequence));
    }

    /// <summary>The standard live migration of one slot: importing and migrating, MIGRATE of its keys in batches, then the new owner everywhere.</summary>
    private async Task MoveSlotAsync(int slot, IServer source, IServer target)
    {
        string sourceId = (string)(await source.ExecuteAsync("CLUSTER", "MYID"))!;
        string targetId = (string)(await target.ExecuteAsync("CLUSTER", "MYID"))!;
        await target.ExecuteAsync("CLUSTER", "SETSLOT", slot, "IMPORTING", sourceId);
        await source.ExecuteAsync("CLUSTER", "SETSLOT", slot, "MIGRATING", targetId);
        var endpoint = (IPEndPoint)target.EndPoint;
        while (true)
        {
            RedisResult[] keys = (RedisResult[])(await source.ExecuteAsync("CLUSTER", "GETKEYSINSLOT", slot, 10))!;
            if (keys.Length == 0)
            {
                break;
            }

            await source.ExecuteAsync("MIGRATE", [endpoint.Address.ToString(), endpoint.Port, "", 0, 5000, "KEYS", .. keys.Select(k => (object)(string)k!)]);
        }

        foreach (IServer server in new[] { target, source }.Concat(_connection.GetServers().Where(s => !s.IsReplica && !s.EndPoint.Equals(source.EndPoint) && !s.EndPoint.Equals(target.EndPoint))))
        {
            await server.ExecuteAsync("CLUSTER", "SETSLOT", slot, "NODE", targetId);
        }
    }
}
