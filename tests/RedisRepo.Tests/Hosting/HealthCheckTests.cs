using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RedisRepo.Testing;
using RedisRepo.Tests.Infrastructure;
using StackExchange.Redis;

namespace RedisRepo.Tests.Hosting;

/// <summary>
/// services.AddHealthChecks().AddRedisRepo(): Healthy while Redis answers with the scripts loaded
/// (it reloads them after a flush), Unhealthy once the server is killed, Healthy again after it
/// restarts; Degraded when a cluster loses a replica. Each test owns its servers.
/// </summary>
[Collection(nameof(ServerWideCollection))] // starts and kills servers: run alone
public sealed class HealthCheckTests
{
    [Fact]
    public async Task A_server_that_answers_is_healthy_a_killed_one_unhealthy_and_a_restarted_one_healthy_again()
    {
        using RedisServerProcess server = RedisServerProcess.Start("--appendonly", "yes");
        await using ServiceProvider provider = Provider(server.Configuration);
        HealthCheckService health = provider.GetRequiredService<HealthCheckService>();

        HealthReportEntry first = (await health.CheckHealthAsync()).Entries["redisrepo"];
        await using (ConnectionMultiplexer admin = await ConnectionMultiplexer.ConnectAsync(server.Configuration + ",allowAdmin=true"))
        {
            await admin.GetServer(admin.GetEndPoints()[0]).ScriptFlushAsync();
        }

        HealthReportEntry afterFlush = (await health.CheckHealthAsync()).Entries["redisrepo"];
        server.Kill();
        await Eventually.TrueAsync(async () => (await health.CheckHealthAsync()).Status == HealthStatus.Unhealthy, timeoutSeconds: 20);
        server.Restart();
        await Eventually.TrueAsync(async () => (await health.CheckHealthAsync()).Status == HealthStatus.Healthy, timeoutSeconds: 20);

        Assert.Equal(HealthStatus.Healthy, first.Status);
        Assert.Equal((HealthStatus.Healthy, (object)17), (afterFlush.Status, afterFlush.Data["scriptsLoaded"])); // every script loaded again
    }

    [Fact]
    public async Task A_cluster_that_lost_a_replica_is_degraded()
    {
        using RedisClusterProcess cluster = RedisClusterProcess.Start();
        await using ServiceProvider provider = Provider(cluster.Configuration);
        HealthCheckService health = provider.GetRequiredService<HealthCheckService>();
        Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync()).Status);

        cluster.Node(cluster.ReplicaPorts()[0]).Kill();

        await Eventually.TrueAsync(async () => (await health.CheckHealthAsync()).Status == HealthStatus.Degraded, timeoutSeconds: 20);
    }

    private static ServiceProvider Provider(string configuration)
    {
        var services = new ServiceCollection();
        services.AddLogging(); // HealthCheckService logs each run
        services.AddRedisRepo(options => options.Configuration = configuration);
        services.AddHealthChecks().AddRedisRepo();
        return services.BuildServiceProvider();
    }
}
