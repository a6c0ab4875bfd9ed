using RedisRepo.Testing;
using RedisRepo.Tests.Infrastructure;
using RedisRepo.Tests.Models;
using StackExchange.Redis;

namespace RedisRepo.Tests.Cluster;

/// <summary>
/// A primary fails over while writes run: a coordinated CLUSTER FAILOVER loses no acknowledged
/// write; a SIGKILLed primary is replaced by its replica, the same client goes on writing, every
/// entity stays consistent with every index and claim, and with WaitForReplicas = 1 no
/// acknowledged write is lost. Each test owns a cluster (killing nodes is cluster-wide).
/// </summary>
[Collection(nameof(ServerWideCollection))] // a cluster of its own each, run alone: failover timing needs the cores
public sealed class FailoverTests : IAsyncLifetime
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
    public async Task A_coordinated_failover_during_writes_loses_no_acknowledged_write()
    {
        var positions = new ShardedPositionRepository(new RedisRepoContext(_connection) { UniqueClaimLease = TimeSpan.FromMilliseconds(500) });
        var acknowledged = new Dictionary<string, long>();
        using var stop = new CancellationTokenSource();
        Task writer = WriteUntilAsync(positions, acknowledged, stop.Token);
        await Eventually.TrueAsync(async () => Writes > 200 || writer.IsCompleted, timeoutSeconds: 40, () => $"{Writes} writes so far; " + LastFailure);

        int replica = _cluster.ReplicaPorts()[0];
        await PromoteAsync(replica);
        await _cluster.WaitUntilHealthyAsync(TimeSpan.FromSeconds(30));
        int before = Writes;
        await Eventually.TrueAsync(async () => Writes > before + 100 || writer.IsCompleted, timeoutSeconds: 40, () => $"{Writes} writes so far; " + LastFailure); // the same client writes on
        await stop.CancelAsync();
        await writer;

        await AssertAcknowledgedAsync(positions, acknowledged);
    }

    /// <summary>
    /// CLUSTER FAILOVER on <paramref name="replica"/> until it is a primary. Redis gives a manual
    /// failover 5 seconds to catch up with its primary and win the election, then drops it without
    /// an error, which a loaded 2-core machine can miss; the command is then issued again.
    /// </summary>
    private async Task PromoteAsync(int replica)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(60);
        while (!_cluster.PrimaryPorts().Contains(replica))
        {
            Assert.True(DateTime.UtcNow < deadline, $"replica {replica} was not promoted by CLUSTER FAILOVER within 60 seconds");
            try
            {
                await _connection.GetServer("127.0.0.1", replica).ExecuteAsync("CLUSTER", "FAILOVER");
            }
            catch (RedisServerException e) when (e.Message.Contains("replica", StringComparison.OrdinalIgnoreCase))
            {
                // the earlier attempt won after all: the node is a primary now
            }

            DateTime attempt = DateTime.UtcNow.AddSeconds(8);
            while (DateTime.UtcNow < attempt && !_cluster.PrimaryPorts().Contains(replica))
            {
                await Task.Delay(20);
            }
        }
    }

    [Fact]
    public async Task A_killed_primary_is_replaced_and_with_WaitForReplicas_every_acknowledged_write_survives()
    {
        var positions = new ShardedPositionRepository(new RedisRepoContext(_connection) { WaitForReplicas = 1, ReplicaWaitTimeout = TimeSpan.FromSeconds(2), UniqueClaimLease = TimeSpan.FromMilliseconds(500) });
        var acknowledged = new Dictionary<string, long>();
        using var stop = new CancellationTokenSource();
        Task writer = WriteUntilAsync(positions, acknowledged, stop.Token, batch: 50);
        await Eventually.TrueAsync(async () => Writes > 300 || writer.IsCompleted, timeoutSeconds: 40, () => $"{Writes} writes so far; " + LastFailure);

        int victim = _cluster.PrimaryPorts()[1];
        _cluster.Node(victim).Kill();
        await _cluster.WaitUntilHealthyAsync(TimeSpan.FromSeconds(40), victim);

        // The same connection writes on at once where no replica is asked for...
        var unreplicated = new ShardedPositionRepository(new RedisRepoContext(_connection));
        await unreplicated.SaveManyAsync(Enumerable.Range(0, 200).Select(i => new ShardedPosition { Id = "after" + i }));
        Assert.Equal(200, (await unreplicated.GetManyAsync(Enumerable.Range(0, 200).Select(i => "after" + i))).Count(p => p is not null));

        // ...while WaitForReplicas = 1 refuses to acknowledge on the promoted primary until it has a replica again.
        _cluster.Node(victim).Restart();
        await _cluster.WaitUntilHealthyAsync(TimeSpan.FromSeconds(40));
        int before = Writes;
        await Eventually.TrueAsync(async () => Writes > before + 300 || writer.IsCompleted, timeoutSeconds: 40, () => $"{Writes} writes so far; " + LastFailure); // no new client needed
        await stop.CancelAsync();
        await writer;

        await AssertAcknowledgedAsync(positions, acknowledged);
    }

    /// <summary>
    /// Saves (and updates) positions in a loop until stopped, each with its own unique reference:
    /// single saves, or SaveManyAsync batches. A failed call (the failover under way) is retried
    /// with new values; only acknowledged writes are recorded.
    /// </summary>
    private string LastFailure { get; set; } = "";

    /// <summary>Acknowledged writes so far (ids repeat, so the dictionary's size stops growing).</summary>
    private int _writes;

    private int Writes => Volatile.Read(ref _writes);

    private Task WriteUntilAsync(ShardedPositionRepository positions, Dictionary<string, long> acknowledged, CancellationToken stop, int batch = 1) => Task.Run(async () =>
    {
        long sequence = 0;
        var failures = 0;
        while (!stop.IsCancellationRequested)
        {
            ShardedPosition[] next = Enumerable.Range(0, batch).Select(_ =>
            {
                sequence++;
                string id = "p" + (sequence % 700);
                return new ShardedPosition { Id = id, Ticker = "T" + (sequence % 5), Reference = "R" + sequence, Sequence = sequence };
            }).DistinctBy(p => p.Id).ToArray();
            try
            {
                foreach (ShardedPosition p in next)
                {
                    p.Version = (await positions.GetAsync(p.Id))?.Version ?? 0;
                }

                if (batch == 1)
                {
                    await positions.SaveAsync(next[0]);
                }
                else
                {
                    await positions.SaveManyAsync(next);
                }

                lock (acknowledged)
                {
                    foreach (ShardedPosition p in next)
                    {
                        acknowledged[p.Id] = p.Sequence;
                    }
                }

                Interlocked.Add(ref _writes, next.Length);
            }
            catch (Exception e) when (e is RedisException or RedisRepoException or TimeoutException)
            {
                LastFailure = e.GetType().Name + ": " + e.Message;
                Assert.True(++failures < 2_000, "the cluster never recovered: " + e.Message);
            }
        }
    });

    private async Task AssertAcknowledgedAsync(ShardedPositionRepository positions, Dictionary<string, long> acknowledged)
    {
        await _cluster.WaitUntilHealthyAsync(TimeSpan.FromSeconds(30));
        await Task.Delay(600); // one claim lease (500 ms): claims of writes the failover cut are released only once it has passed
        IndexRebuildResult rebuilt = await positions.RebuildIndexesAsync();
        Assert.Empty(rebuilt.Skipped);
        Dictionary<string, ShardedPosition> stored = await IndexConsistency.AssertAsync(_connection.GetDatabase(), "", ShardedPositionRepository.Description);
        foreach ((string id, long sequence) in acknowledged)
        {
            Assert.True(stored.TryGetValue(id, out ShardedPosition? p) && p.Sequence >= sequence, $"{id}: acknowledged at sequence {sequence}, stored {(stored.TryGetValue(id, out var s) ? s.Sequence : null)}");
        }
    }
}
