using System.Globalization;
using RedisRepo.Benchmarks.HandWritten;
using RedisRepo.Benchmarks.Model;
using StackExchange.Redis;

namespace RedisRepo.Benchmarks;

/// <summary>
/// Server time per saved entity, from Redis's own accounting (INFO commandstats, usec per
/// command), for RedisRepo's SaveMany and the F2/F3 baselines: `RedisRepo.Benchmarks --server-cost`.
/// Each pattern updates 10,000 stored entities 5 times after CONFIG RESETSTAT; the table is the
/// time of the commands the client sent divided by the entities saved. A script's usec includes the
/// commands it calls, which commandstats also lists on their own, so only the client's commands count
/// (EVAL/EVALSHA and the plain reads); the "commands" column counts every command, the scripts' included.
/// </summary>
public static class ServerCost
{
    private const int Entities = 10_000, Rounds = 5;

    public static async Task RunAsync()
    {
        await using ConnectionMultiplexer admin = await ConnectionMultiplexer.ConnectAsync(BenchmarkRedis.Configuration + ",allowAdmin=true");
        IServer server = admin.GetServer(admin.GetEndPoints()[0]);
        SavePosition[] positions = Enumerable.Range(0, Entities).Select(SavePosition.Create).ToArray();
        string prefix = BenchmarkRedis.NewPrefix("servercost");
        var generated = new SavePositionRepository(new RedisRepoContext(BenchmarkRedis.Connection, prefix + "gen:"));
        var f2 = new F2Store(BenchmarkRedis.Connection, prefix + "f2:");
        var f3 = new F3Store(BenchmarkRedis.Connection, prefix + "f3:");
        (string Name, Func<Task> Save)[] patterns =
        [
            ("F2: hand-written, insert-only", () => f2.SaveManyAsync(positions)),
            ("F3: hand-written, same guarantees", () => f3.SaveManyAsync(positions)),
            ("RedisRepo SaveManyAsync", () => generated.SaveManyAsync(positions)),
            ("F3, one awaited save at a time", () => OneAtATimeAsync(positions, f3.SaveAsync)),
            ("RedisRepo SaveAsync, one at a time", () => OneAtATimeAsync(positions, p => generated.SaveAsync(p))),
        ];

        Console.WriteLine($"Server time per entity, {Entities:N0} updates x {Rounds} (INFO commandstats), redis {server.Version}:");
        Console.WriteLine("| pattern | server µs per entity | commands per entity |");
        Console.WriteLine("| --- | ---: | ---: |");
        foreach ((string name, Func<Task> save) in patterns)
        {
            await save(); // the first save inserts; the measured ones update
            await server.ConfigResetStatisticsAsync();
            for (int round = 0; round < Rounds; round++)
            {
                await save();
            }

            (double usec, long calls) = Totals(await server.InfoAsync("commandstats"), ScriptCommands);
            double perEntity = usec / (Entities * Rounds);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {perEntity:F2} | {(double)calls / (Entities * Rounds):F3} |"));
            await DetailAsync(server);
        }

        // Reads of 200 of 10,000 by an equality index, and of 100 by a range: server time per call.
        BenchPosition[] stored = Positions.CreateMany(Entities);
        var repository = new BenchPositionRepository(new RedisRepoContext(BenchmarkRedis.Connection, prefix + "rgen:"));
        var tuned = new TunedStore(BenchmarkRedis.Connection, prefix + "rtuned:");
        await repository.SaveManyAsync(stored);
        await tuned.SaveManyAsync(stored);
        (string Name, Func<Task> Read, string[]? Counted)[] reads =
        [
            ("FindBy (200), hand-written tuned", () => tuned.FindByTickerAsync("T07"), null),
            ("FindBy (200), RedisRepo", () => repository.FindByTickerAsync("T07"), ReadCommands),
            ("range (100), hand-written tuned", () => tuned.FindByPriceBetweenAsync(1000m, 1099m, 100), null),
            ("range (100), RedisRepo", () => repository.FindByPriceBetweenAsync(1000m, 1099m), ReadCommands),
            ("GetAll (10,000), hand-written tuned", () => tuned.GetAllAsync(), null),
            ("GetAll (10,000), RedisRepo", () => repository.GetAllAsync(), ReadCommands),
        ];
        Console.WriteLine();
        Console.WriteLine("Server time per read (INFO commandstats, 50 calls each):");
        Console.WriteLine("| read | server µs per call | commands per call |");
        Console.WriteLine("| --- | ---: | ---: |");
        foreach ((string name, Func<Task> read, string[]? counted) in reads)
        {
            await read();
            await server.ConfigResetStatisticsAsync();
            for (int i = 0; i < 50; i++)
            {
                await read();
            }

            (double usec, long calls) = Totals(await server.InfoAsync("commandstats"), counted);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {usec / 50:F1} | {(double)calls / 50:F1} |"));
            await DetailAsync(server);
        }

        BenchmarkRedis.DeleteKeys(prefix);
    }

    private static async Task OneAtATimeAsync(SavePosition[] positions, Func<SavePosition, Task> save)
    {
        foreach (SavePosition position in positions)
        {
            await save(position);
        }
    }

    /// <summary>With SERVER_COST_DETAIL=1: every command's line of the last pattern.</summary>
    private static async Task DetailAsync(IServer server)
    {
        if (Environment.GetEnvironmentVariable("SERVER_COST_DETAIL") == "1")
        {
            foreach (KeyValuePair<string, string> stat in (await server.InfoAsync("commandstats")).SelectMany(g => g).Where(s => s.Key.StartsWith("cmdstat_", StringComparison.Ordinal)))
            {
                Console.WriteLine($"    {stat.Key}: {stat.Value}");
            }
        }
    }

    private static readonly string[] ScriptCommands = ["cmdstat_eval", "cmdstat_evalsha"];

    private static readonly string[] ReadCommands = ["cmdstat_eval", "cmdstat_evalsha", "cmdstat_mget", "cmdstat_get", "cmdstat_hget", "cmdstat_type"];

    /// <summary>
    /// The usec of the <paramref name="counted"/> commands (all when null: a pattern without scripts)
    /// and the calls of every command, except INFO and CONFIG (this tool's own).
    /// </summary>
    private static (double Usec, long Calls) Totals(IGrouping<string, KeyValuePair<string, string>>[] info, string[]? counted)
    {
        double usec = 0;
        long calls = 0;
        foreach (KeyValuePair<string, string> stat in info.SelectMany(g => g))
        {
            if (!stat.Key.StartsWith("cmdstat_", StringComparison.Ordinal) || stat.Key is "cmdstat_info" or "cmdstat_config")
            {
                continue;
            }

            foreach (string field in stat.Value.Split(','))
            {
                string[] pair = field.Split('=');
                if (pair[0] == "usec" && (counted is null || counted.Contains(stat.Key)))
                {
                    usec += double.Parse(pair[1], CultureInfo.InvariantCulture);
                }
                else if (pair[0] == "calls")
                {
                    calls += long.Parse(pair[1], CultureInfo.InvariantCulture);
                }
            }
        }

        return (usec, calls);
    }
}
