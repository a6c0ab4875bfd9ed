using RedisRepo.Tests.Infrastructure;
using RedisRepo.Tests.Models;

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
        await using CommandLog log = await CommandLog.ConnectAsync();
        var positions = new PositionRepository(new RedisRepoContext(log.Connection, Prefix));
        await positions.SaveAsync(new Position { Id = "before-flush" });
        await Connection.GetServer(Connection.GetEndPoints()[0]).ScriptFlushAsync(); // the shared test connection allows admin commands

        CommandLog.Commands sent = await log.RecordAsync(() => positions.SaveAsync(new Position { Id = "after-flush" }));

        Assert.Equal(["EVALSHA", "EVAL"], sent.Names); // NOSCRIPT, then the script in full
        Assert.NotNull(await positions.GetAsync("after-flush"));
    }
}
