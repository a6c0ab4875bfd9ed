using RedisRepo.Tests.Infrastructure;
using RedisRepo.Tests.Models;
using StackExchange.Redis;
using StackExchange.Redis.Profiling;

namespace RedisRepo.Tests.Repositories;

/// <summary>
/// A server that lost its scripts (restart, SCRIPT FLUSH, failover) is served transparently.
/// SCRIPT FLUSH empties the whole server's script cache, so this class runs alone: in parallel it
/// would change other tests' round-trip counts, and their reloads would change this one's.
/// </summary>
[Collection(nameof(ServerWideCollection))]
public sealed class ScriptReloadTests : RedisTest
{
    [Fact]
    public async Task A_script_flushed_from_the_server_is_reloaded_transparently()
    {
        await using var counted = await ConnectionMultiplexer.ConnectAsync(RedisServer.Configuration + ",allowAdmin=true");
        var positions = new PositionRepository(new RedisRepoContext(counted, Prefix));
        await positions.SaveAsync(new Position { Id = "before-flush" });
        await counted.GetServer(counted.GetEndPoints()[0]).ScriptFlushAsync();
        var session = new ProfilingSession();
        counted.RegisterProfiler(() => session);

        await positions.SaveAsync(new Position { Id = "after-flush" });

        Assert.Equal(["EVALSHA", "EVAL"], session.FinishProfiling().Select(c => c.Command)); // NOSCRIPT, then the script in full
        Assert.NotNull(await positions.GetAsync("after-flush"));
    }
}
