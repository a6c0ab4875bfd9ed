using RedisRepo.Testing;
using StackExchange.Redis;

namespace RedisRepo.Tests.Faults;

/// <summary>
/// A redis-server of one fault test's own (faults are server-wide: a flush, a kill, a full
/// memory), with an admin connection and a repository context over it.
/// </summary>
public sealed class FaultServer : IAsyncDisposable
{
    private FaultServer(RedisServerProcess process, ConnectionMultiplexer connection)
    {
        Process = process;
        Connection = connection;
        Context = new RedisRepoContext(connection);
    }

    public RedisServerProcess Process { get; }

    public ConnectionMultiplexer Connection { get; }

    public RedisRepoContext Context { get; }

    public IDatabase Database => Connection.GetDatabase();

    public IServer Server => Connection.GetServer(Connection.GetEndPoints()[0]);

    public static async Task<FaultServer> StartAsync(params string[] settings)
    {
        RedisServerProcess process = RedisServerProcess.Start(settings);
        var options = ConfigurationOptions.Parse(process.Configuration);
        options.AllowAdmin = true;
        return new FaultServer(process, await ConnectionMultiplexer.ConnectAsync(options));
    }

    /// <summary>Waits until the connection answers again (after a restart or a killed client).</summary>
    public async Task ReconnectedAsync()
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                await Database.PingAsync();
                return;
            }
            catch (RedisException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Connection.DisposeAsync();
        Process.Dispose();
    }
}
