using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RedisRepo.Testing;
using RedisRepo.Tests.Infrastructure;
using StackExchange.Redis;

namespace RedisRepo.Tests.Hosting;

/// <summary>
/// services.AddRedisRepoWarmUp(): at host start the connection opens and every script is loaded
/// (checked with SCRIPT EXISTS after a SCRIPT FLUSH); with no Redis, start fails naming the
/// endpoint. Each test owns its server.
/// </summary>
[Collection(nameof(ServerWideCollection))] // flushes a server's script cache: run alone
public sealed class WarmUpTests
{
    [Fact]
    public async Task Start_loads_every_script_on_a_server_that_has_none()
    {
        using RedisServerProcess server = RedisServerProcess.Start();
        await using ConnectionMultiplexer admin = await ConnectionMultiplexer.ConnectAsync(server.Configuration + ",allowAdmin=true");
        IServer raw = admin.GetServer(admin.GetEndPoints()[0]);
        await raw.ScriptFlushAsync();
        await using ServiceProvider provider = Provider(server.Configuration);

        IHostedService[] hosted = provider.GetServices<IHostedService>().ToArray();
        foreach (IHostedService service in hosted)
        {
            await service.StartAsync(CancellationToken.None);
        }

        bool[] exists = await Task.WhenAll(RedisRepo.Scripts.ScriptLibrary.All.Select(s => raw.ScriptExistsAsync(s.Sha1)));
        Assert.Single(hosted); // AddRedisRepoWarmUp twice adds one warm-up
        Assert.Equal(17, exists.Length);
        Assert.All(exists, Assert.True);
    }

    [Fact]
    public async Task Start_without_a_reachable_Redis_fails_naming_the_endpoint()
    {
        int port = RedisServerProcess.FreePort();
        await using ServiceProvider provider = Provider($"127.0.0.1:{port},connectTimeout=500,connectRetry=0");
        IHostedService warmUp = Assert.Single(provider.GetServices<IHostedService>());

        RedisRepoException e = await Assert.ThrowsAsync<RedisRepoException>(() => warmUp.StartAsync(CancellationToken.None));

        Assert.Contains($"127.0.0.1:{port}", e.Message);
        Assert.Contains("AddRedisRepoWarmUp", e.Message);
    }

    private static ServiceProvider Provider(string configuration)
    {
        var services = new ServiceCollection();
        services.AddRedisRepo(configuration);
        services.AddRedisRepoWarmUp();
        services.AddRedisRepoWarmUp();
        return services.BuildServiceProvider();
    }
}
