using StackExchange.Redis;
using StackExchange.Redis.Profiling;

namespace RedisRepo.Tests.Infrastructure;

/// <summary>
/// Records the commands a piece of code sends, on a connection of the test's own (so other
/// tests' commands are not counted), with StackExchange.Redis profiling.
/// <para>
/// Round trips are counted as waves (see <see cref="Commands.RoundTrips"/>): commands sent
/// together (pipelined) count once, however many; each wait for replies before sending more
/// adds one.
/// </para>
/// </summary>
public sealed class CommandLog : IAsyncDisposable
{
    private readonly AsyncLocal<ProfilingSession?> _current = new();

    private CommandLog(ConnectionMultiplexer connection)
    {
        Connection = connection;
        Connection.RegisterProfiler(() => _current.Value);
    }

    public ConnectionMultiplexer Connection { get; }

    /// <summary>
    /// Connects, with every RedisRepo script loaded first: a script's first use on a server costs
    /// a NOSCRIPT and an EVAL, which would make counts depend on which test ran first.
    /// </summary>
    public static Task<CommandLog> ConnectAsync() => ConnectAsync(RedisServer.Configuration);

    /// <summary>Like <see cref="ConnectAsync()"/>, to another server or cluster.</summary>
    public static async Task<CommandLog> ConnectAsync(string configuration)
    {
        ConnectionMultiplexer connection = await ConnectionMultiplexer.ConnectAsync(configuration);
        foreach (IServer server in connection.GetServers().Where(s => !s.IsReplica))
        {
            foreach (RedisRepo.Scripts.RedisScript script in RedisRepo.Scripts.ScriptLibrary.All)
            {
                await server.ExecuteAsync("SCRIPT", "LOAD", script.Lua);
            }
        }

        return new CommandLog(connection);
    }

    /// <summary>Runs <paramref name="action"/> and returns the commands it sent.</summary>
    public async Task<Commands> RecordAsync(Func<Task> action)
    {
        var session = new ProfilingSession();
        _current.Value = session;
        try
        {
            await action();
        }
        finally
        {
            _current.Value = null;
        }

        return new Commands(session.FinishProfiling().ToList());
    }

    /// <summary>
    /// Like <see cref="RecordAsync"/>, with the server paused (CLIENT PAUSE) for the first
    /// <paramref name="pauseMilliseconds"/>: no reply arrives before then, so every command sent
    /// without waiting for a reply is created before any completes, and <see cref="Commands.RoundTrips"/>
    /// counts exactly the waits. Pauses the whole server: use it only in tests that run alone.
    /// </summary>
    public async Task<Commands> RecordPausedAsync(IDatabase admin, Func<Task> action, int pauseMilliseconds = 250)
    {
        await admin.ExecuteAsync("CLIENT", "PAUSE", pauseMilliseconds, "ALL");
        return await RecordAsync(action);
    }

    public ValueTask DisposeAsync() => Connection.DisposeAsync();

    /// <summary>The recorded commands.</summary>
    public sealed class Commands(List<IProfiledCommand> commands)
    {
        /// <summary>The command names, in the order they were created.</summary>
        public List<string> Names => commands.OrderBy(c => c.CommandCreated).Select(c => c.Command).ToList();

        public int Count(string command) => commands.Count(c => c.Command == command);

        /// <summary>Whether every command after the first was created once the first had completed (it needed the first's reply).</summary>
        public bool AllAfterFirstCompleted
        {
            get
            {
                var ordered = commands.OrderBy(c => c.CommandCreated).ToList();
                DateTime firstDone = ordered[0].CommandCreated + ordered[0].ElapsedTime;
                return ordered.Skip(1).All(c => c.CommandCreated >= firstDone);
            }
        }

        /// <summary>When the first <paramref name="command"/> was created.</summary>
        public DateTime FirstCreated(string command) => commands.Where(c => c.Command == command).Min(c => c.CommandCreated);

        /// <summary>When the last <paramref name="command"/> completed.</summary>
        public DateTime LastCompleted(string command) => commands.Where(c => c.Command == command).Max(c => c.CommandCreated + c.ElapsedTime);

        /// <summary>Each command's creation and completion, relative to the first creation (for failure messages).</summary>
        public string Timeline
        {
            get
            {
                var ordered = commands.OrderBy(c => c.CommandCreated).ToList();
                DateTime start = ordered.Count > 0 ? ordered[0].CommandCreated : default;
                return string.Join("; ", ordered.Select(c => $"{c.Command} {(c.CommandCreated - start).TotalMilliseconds:0.###}..{(c.CommandCreated + c.ElapsedTime - start).TotalMilliseconds:0.###}ms"));
            }
        }

        /// <summary>
        /// Waves of commands: a command starts a new wave when it was created after every command
        /// of the current wave had completed (the caller must have waited for replies); commands
        /// created while any of the wave is still in flight were sent without waiting.
        /// </summary>
        public int RoundTrips
        {
            get
            {
                int waves = 0;
                DateTime waveEnd = DateTime.MinValue;
                foreach (IProfiledCommand command in commands.OrderBy(c => c.CommandCreated))
                {
                    DateTime completed = command.CommandCreated + command.ElapsedTime;
                    if (waves == 0 || command.CommandCreated >= waveEnd)
                    {
                        waves++;
                        waveEnd = completed;
                    }
                    else if (completed > waveEnd)
                    {
                        waveEnd = completed;
                    }
                }

                return waves;
            }
        }
    }
}
